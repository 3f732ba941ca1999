// A stand-in for the `vscode` module, enough to load the bundled extension
// outside VS Code and see what it asks of the editor. Everything not given
// here is a permissive fake that records its calls.

const calls = [];

function fake(name) {
  const f = function () {};
  return new Proxy(f, {
    get(_, prop) {
      if (prop === "then") return undefined; // not a promise
      if (prop === Symbol.iterator) return function* () {};
      if (prop === Symbol.toPrimitive) return () => name;
      return fake(`${name}.${String(prop)}`);
    },
    apply(_, __, args) {
      calls.push({ name, args });
      // Messages to the user answer later, as in VS Code: with no choice made.
      if (/\.show\w*Message$/.test(name)) return Promise.resolve(undefined);
      return fake(`${name}()`);
    },
    construct(_, args) {
      calls.push({ name: `new ${name}`, args });
      return fake(`new ${name}`);
    },
  });
}

/** A `vscode` module whose settings are `settings` (keys such as `tiaoli.server.path`). */
function makeVscode(settings) {
  const overrides = {
    version: "1.82.0",
    workspace: new Proxy(
      {
        workspaceFolders: undefined,
        getConfiguration(section) {
          calls.push({ name: "vscode.workspace.getConfiguration", args: [section] });
          const prefix = section ? `${section}.` : "";
          return {
            get: (key, fallback) => (prefix + key in settings ? settings[prefix + key] : fallback),
          };
        },
      },
      { get: (target, prop) => (prop in target ? target[prop] : fake(`vscode.workspace.${String(prop)}`)) },
    ),
  };
  // Own properties are copied by esbuild's interop; the rest comes through the prototype.
  const proto = new Proxy({}, { get: (_, prop) => fake(`vscode.${String(prop)}`) });
  return Object.assign(Object.create(proto), overrides);
}

module.exports = { calls, makeVscode };
