// The floor: clients of a stateless relay. Each holds the seeded map locally
// (there is nothing to sync) and sends each edit as a small JSON message
// that carries its author and counter directly.

import WebSocket from "ws";
import { seedCards } from "../workload.mjs";

export const reference = "ws";

export async function connect({ url, map, index, cards, log, signal }) {
  const state = new Map(seedCards(cards).map((c) => [c.id, c]));
  const ws = new WebSocket(`${url}/${map}`);
  const hellos = new Set();
  let saidHello = false;
  const apply = (e) => {
    const card = state.get(e.card);
    if (e.pos) card.pos = e.pos;
    else card.text = e.text;
  };
  const client = {
    mapId: map,
    dropped: false,
    closing: false,
    // In sync once every other client of the room has been heard through the
    // relay (so every connection is registered there before editing starts;
    // all clients are connected before the driver first asks).
    synced(roomSize) {
      if (!saidHello) ws.send(JSON.stringify({ hello: index }));
      saidHello = true;
      return hellos.size >= roomSize - 1;
    },
    edit(e) {
      log.made(e.author, e.n);
      apply(e);
      ws.send(JSON.stringify(e));
    },
    close() {
      client.closing = true;
      ws.close();
    },
  };
  ws.on("message", (data) => {
    const e = JSON.parse(data.toString());
    if (e.hello !== undefined) return void hellos.add(e.hello);
    apply(e);
    log.stamp(index, e.author, e.n);
  });
  const lost = () => {
    if (!client.closing) client.dropped = true;
  };
  ws.on("close", lost);
  ws.on("error", lost);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
    signal.addEventListener("abort", () => reject(new Error("relay: could not connect")));
  });
  return client;
}
