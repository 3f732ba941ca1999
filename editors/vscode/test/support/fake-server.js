#!/usr/bin/env node
// A minimal stand-in language server for the bundle test: it writes its
// arguments to $TIAOLI_FAKE_SERVER_RECORD and the initialization options it
// is sent to $TIAOLI_FAKE_SERVER_RECORD.init.json, answers `initialize` and
// `shutdown`, and exits on `exit`.

const fs = require("node:fs");

fs.writeFileSync(process.env.TIAOLI_FAKE_SERVER_RECORD, JSON.stringify(process.argv.slice(2)));

let buffer = Buffer.alloc(0);
function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}
process.stdin.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())?.[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString("utf8"));
    buffer = buffer.subarray(end + 4 + length);
    if (message.method === "initialize") {
      const options = JSON.stringify(message.params.initializationOptions ?? null);
      fs.writeFileSync(`${process.env.TIAOLI_FAKE_SERVER_RECORD}.init.json`, options);
      send({ id: message.id, result: { capabilities: {} } });
    }
    else if (message.method === "shutdown") send({ id: message.id, result: null });
    else if (message.method === "exit") process.exit(0);
  }
});
process.stdin.on("end", () => process.exit(0));
