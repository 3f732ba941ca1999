// The tiaoli extension: highlighting comes from the TextMate grammar in the
// manifest; everything else (diagnostics, hover, completion, navigation,
// rename, formatting…) from `tiaoli lsp`, which this file starts and restarts.
// It holds no language logic of its own, so the editors cannot disagree.

import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // One channel for the whole session, so a restart keeps earlier output.
  output = vscode.window.createOutputChannel("tiaoli Language Server");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("tiaoli.restartServer", restart),
    vscode.commands.registerCommand("tiaoli.showOutput", () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("tiaoli.server") || event.affectsConfiguration("tiaoli.docsBaseUrl")) {
        await restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** The server command: `tiaoli.server.path` (a name on PATH or a path) and its arguments. */
function serverCommand(): { command: string; args: string[] } {
  const config = vscode.workspace.getConfiguration("tiaoli.server");
  let command = config.get<string>("path", "tiaoli").trim() || "tiaoli";
  if (command === "~" || command.startsWith("~/")) {
    command = path.join(os.homedir(), command.slice(1));
  }
  // A relative path with a separator is relative to the first workspace
  // folder (`./target/debug/tiaoli`); a bare name is looked up on PATH.
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!path.isAbsolute(command) && /[\\/]/.test(command) && folder?.uri.scheme === "file") {
    command = path.join(folder.uri.fsPath, command);
  }
  const extra = config.get<string[]>("extraArgs", []);
  return { command, args: ["lsp", ...extra] };
}

async function start(): Promise<void> {
  const { command, args } = serverCommand();
  // No `transport`: with TransportKind.stdio the client would append
  // `--stdio` to the arguments; `tiaoli lsp` speaks over stdio anyway.
  const serverOptions: ServerOptions = { command, args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "tiaoli" },
      { scheme: "untitled", language: "tiaoli" },
    ],
    synchronize: {
      // Manifests and pack files changed outside the editor (git checkout).
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{tiaoli.toml,*.tiaoli}"),
    },
    outputChannel: output,
    // Read by the server at `initialize`: where a diagnostic's code links.
    initializationOptions: {
      docsBaseUrl: vscode.workspace.getConfiguration("tiaoli").get<string>("docsBaseUrl", "").trim(),
    },
  };
  // The id `tiaoli` makes the client read the `tiaoli.trace.server` setting.
  const created = new LanguageClient("tiaoli", "tiaoli Language Server", serverOptions, clientOptions);
  client = created;
  output?.appendLine(`starting ${command} ${args.join(" ")}`);
  try {
    await created.start();
  } catch (error) {
    client = undefined;
    const message = error instanceof Error ? error.message : String(error);
    output?.appendLine(`could not start ${command}: ${message}`);
    const choice = await vscode.window.showErrorMessage(
      `tiaoli: could not start the language server \`${command} lsp\` (${message}). ` +
        "Install tiaoli or set tiaoli.server.path.",
      "Open Settings",
      "Show Output",
    );
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "tiaoli.server");
    } else if (choice === "Show Output") {
      output?.show(true);
    }
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (error) {
      // A server that already died cannot be stopped; starting anew is what matters.
      output?.appendLine(`stopping the server: ${String(error)}`);
    }
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}
