// One reference server in its own process, so the driver can read its CPU
// time and peak RSS from /proc alone.
//
//   node server.mjs --peer relay|hocuspocus|automerge-repo [--port 0]
//
// Listens on 127.0.0.1 only and prints exactly one line, `LISTENING <port>`,
// on stdout once ready. It exits when its stdin closes (the driver went away)
// or after --max-secs (default 600), whichever comes first.

import { parseArgs } from "node:util";
import { WebSocketServer } from "ws";

const { values: args } = parseArgs({
  options: {
    peer: { type: "string" },
    port: { type: "string", default: "0" },
    "max-secs": { type: "string", default: "600" },
  },
});
const HOST = "127.0.0.1";
const port = Number(args.port);

// Never outlive the driver.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), Number(args["max-secs"]) * 1000).unref();

const listening = (p) => process.stdout.write(`LISTENING ${p}\n`);

/** Forwards every message to every other client of the same room (the URL path). No state. */
function relay() {
  const rooms = new Map();
  const wss = new WebSocketServer({ host: HOST, port });
  wss.on("connection", (ws, req) => {
    const name = req.url ?? "/";
    let room = rooms.get(name);
    if (!room) rooms.set(name, (room = new Set()));
    room.add(ws);
    ws.on("message", (data, isBinary) => {
      for (const peer of room) {
        if (peer !== ws && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary });
      }
    });
    ws.on("close", () => room.delete(ws));
    ws.on("error", () => room.delete(ws));
  });
  wss.on("listening", () => listening(wss.address().port));
}

/** Hocuspocus with its defaults and no extensions: documents live in memory only. */
async function hocuspocus() {
  const { Server } = await import("@hocuspocus/server");
  const server = new Server({ port, address: HOST, quiet: true });
  await server.listen();
  listening(server.address.port);
}

/**
 * An automerge-repo sync server: a Repo with the WebSocket server adapter,
 * no storage adapter (documents are held in memory by the Repo), and a share
 * policy that announces nothing (clients ask for documents by URL).
 */
async function automergeRepo() {
  const { Repo } = await import("@automerge/automerge-repo");
  const { WebSocketServerAdapter } = await import("@automerge/automerge-repo-network-websocket");
  const wss = new WebSocketServer({ host: HOST, port });
  new Repo({
    network: [new WebSocketServerAdapter(wss)],
    peerId: "bench-sync-server",
    sharePolicy: async () => false,
  });
  wss.on("listening", () => listening(wss.address().port));
}

const servers = { relay, hocuspocus, "automerge-repo": automergeRepo };
if (!servers[args.peer]) {
  console.error(`server.mjs: --peer must be one of ${Object.keys(servers).join(", ")}`);
  process.exit(2);
}
await servers[args.peer]();
