// The .vsix that `npm run package` wrote holds what VS Code needs to run the
// extension: the manifest, the bundle it names, the grammar and language
// configuration it points at. Run after `npm run package`: `npm test`.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const test = require("node:test");

const root = path.join(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

/** The names in a zip archive's central directory. */
function zipEntries(zip) {
  // The end-of-central-directory record: at the end, after a comment of at most 64 KiB.
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  assert.ok(eocd >= 0, "not a zip archive: no end of central directory");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString("utf8", at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

test("the .vsix holds the manifest, the bundle, the grammar and the language configuration", () => {
  const vsix = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
  assert.ok(fs.existsSync(vsix), `${vsix} is missing: run npm run package first`);
  const names = zipEntries(fs.readFileSync(vsix));
  const inside = (file) => `extension/${file.replace(/^\.\//, "")}`;
  const wanted = [
    "extension.vsixmanifest",
    inside("package.json"),
    inside(manifest.main),
    ...manifest.contributes.grammars.map((g) => inside(g.path)),
    ...manifest.contributes.languages.map((l) => inside(l.configuration)),
  ];
  for (const name of wanted) {
    assert.ok(names.includes(name), `${name} is not in the package: ${names.join(", ")}`);
  }
  // The bundle carries vscode-languageclient: no node_modules, no sources.
  assert.ok(!names.some((n) => n.includes("node_modules/") || n.endsWith(".ts")), names.join(", "));
});
