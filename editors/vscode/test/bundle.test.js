// The packaged bundle loads, registers the commands its manifest declares and
// starts the configured server as `<tiaoli.server.path> lsp <extraArgs…>`,
// passing `tiaoli.docsBaseUrl` as the `docsBaseUrl` initialization option.
// Run after `npm run package` (or `npm run compile`): `npm test`.

const assert = require("node:assert/strict");
const fs = require("node:fs");
const Module = require("node:module");
const os = require("node:os");
const path = require("node:path");
const test = require("node:test");
const { calls, makeVscode } = require("./support/fake-vscode");

const root = path.join(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

test("the bundle starts `tiaoli lsp` from the settings and registers the manifest's commands", async () => {
  // A stand-in server that records how it was started and answers `initialize`.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tiaoli-vscode-"));
  const record = path.join(dir, "argv.json");
  process.env.TIAOLI_FAKE_SERVER_RECORD = record;
  const server = path.join(__dirname, "support", "fake-server.js");

  const vscode = makeVscode({
    "tiaoli.server.path": server,
    "tiaoli.server.extraArgs": ["--flag"],
    "tiaoli.docsBaseUrl": " https://docs.example.org/tiaoli ",
  });
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === "vscode" ? vscode : load.call(this, request, ...rest);
  };
  let extension;
  try {
    extension = require(path.join(root, manifest.main));
  } finally {
    Module._load = load;
  }
  assert.equal(typeof extension.activate, "function");
  assert.equal(typeof extension.deactivate, "function");

  // Activation resolves once the server has answered `initialize`.
  await extension.activate({ subscriptions: [] });
  assert.ok(fs.existsSync(record), `the extension did not start ${server}`);
  assert.deepEqual(JSON.parse(fs.readFileSync(record, "utf8")), ["lsp", "--flag"]);
  // The docs setting reaches the server as an initialization option.
  assert.deepEqual(JSON.parse(fs.readFileSync(`${record}.init.json`, "utf8")), {
    docsBaseUrl: "https://docs.example.org/tiaoli",
  });

  const registered = calls
    .filter((c) => c.name === "vscode.commands.registerCommand")
    .map((c) => c.args[0])
    .sort();
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(registered, declared);
  assert.ok(
    calls.some((c) => c.name === "vscode.window.createOutputChannel"),
    "no output channel created",
  );

  assert.ok(
    !calls.some((c) => c.name === "vscode.window.showErrorMessage"),
    `an error was shown: ${JSON.stringify(calls.filter((c) => c.name === "vscode.window.showErrorMessage"))}`,
  );
  await extension.deactivate();
});
