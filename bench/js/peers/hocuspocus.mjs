// Yjs clients of a Hocuspocus server, one HocuspocusProvider (and so one
// WebSocket, from the `ws` package: Node 20 has no global WebSocket) each.
//
// The map as Yjs types: top-level `stages` and `lanes` (Y.Array of plain
// objects), `cards` (Y.Map id → Y.Map card with kind, text: Y.Text, author,
// role, created, pos: a plain {stage, lane, order} object replaced whole on
// a move) and `stamps` (Y.Map author → edit counter).

import { HocuspocusProvider } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import { LANES, STAGES, seedCards, textSplice } from "../workload.mjs";

export const reference = "@hocuspocus/server";

export async function connect({ url, map, index, cards, seed, log, signal }) {
  const doc = new Y.Doc();
  const yCards = doc.getMap("cards");
  const stamps = doc.getMap("stamps");
  const client = { mapId: map, dropped: false, closing: false };

  // Deliveries: after a remote update is applied, the stamps it changed.
  stamps.observe((event) => {
    if (event.transaction.local) return;
    for (const key of event.keysChanged) {
      const n = stamps.get(key);
      if (typeof n === "number") log.stamp(index, Number(key), n);
    }
  });

  let synced = false;
  const provider = new HocuspocusProvider({
    url,
    name: map,
    document: doc,
    WebSocketPolyfill: WebSocket,
    onSynced: () => (synced = true),
    onClose: () => {
      if (!client.closing) client.dropped = true;
    },
  });
  await until(() => synced, signal, "hocuspocus: initial sync");

  if (seed) {
    doc.transact(() => {
      doc.getArray("stages").push(STAGES);
      doc.getArray("lanes").push(LANES);
      for (const c of seedCards(cards)) {
        const card = new Y.Map();
        for (const k of ["kind", "author", "role", "created", "pos"]) card.set(k, c[k]);
        card.set("text", new Y.Text(c.text));
        yCards.set(c.id, card);
      }
    });
  }

  client.synced = () => yCards.size >= cards;
  client.edit = (e) => {
    log.made(e.author, e.n);
    doc.transact(() => {
      const card = yCards.get(e.card);
      if (e.pos) {
        card.set("pos", e.pos);
      } else {
        const text = card.get("text");
        const s = textSplice(text.toString(), e.text);
        if (s.remove) text.delete(s.index, s.remove);
        if (s.insert) text.insert(s.index, s.insert);
      }
      stamps.set(String(e.author), e.n);
    });
    // The provider sent the update from the transaction's update event, already.
  };
  client.close = () => {
    client.closing = true;
    provider.destroy();
  };
  return client;
}

async function until(check, signal, what) {
  while (!check()) {
    if (signal.aborted) throw new Error(`${what} timed out`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
