// A minimal Comap client in JavaScript, written from docs/protocol.md alone,
// with the reference Automerge package. It joins a map, waits for the map to
// arrive, adds one idea card to the first stage and lane, waits until the
// server acknowledges it as stored, and prints the new card's id.
//
// usage: node add-card.mjs <ws-url> <map-id> <secret> <card text>
import * as A from "@automerge/automerge";
import WebSocket from "ws";

const [url, mapId, secret, cardText] = process.argv.slice(2);
if (!cardText) {
  console.error("usage: node add-card.mjs <ws-url> <map-id> <secret> <card text>");
  process.exit(2);
}

const HELLO = 0x01, WELCOME = 0x02, SYNC = 0x10, PEERS = 0x20, ACK = 0x30, ERROR = 0x7f;
const frame = (tag, payload) => {
  const out = new Uint8Array(payload.length + 1);
  out[0] = tag;
  out.set(payload, 1);
  return out;
};
const json = (bytes) => JSON.parse(new TextDecoder().decode(bytes));

let doc = A.init();
let syncState = A.initSyncState();
let cardId = null;
let quietTimer = null;

const fail = (msg) => { console.error(msg); process.exit(1); };
setTimeout(() => fail("timed out"), 15000);

const ws = new WebSocket(url);
ws.binaryType = "nodebuffer";

const flush = () => {
  const [next, msg] = A.generateSyncMessage(doc, syncState);
  syncState = next;
  if (msg) ws.send(frame(SYNC, msg));
};

// Lowest "order" first, id as tie-break: the same sort the Rust model uses.
const firstBy = (entries) =>
  entries.sort(([ia, a], [ib, b]) => (a.order < b.order ? -1 : a.order > b.order ? 1 : ia < ib ? -1 : 1))[0][0];

const addCard = () => {
  const stage = firstBy(Object.entries(doc.stages));
  const lane = firstBy(Object.entries(doc.lanes));
  const orders = Object.values(doc.cards)
    .filter((c) => c.pos && c.pos.stage === stage && c.pos.lane === lane)
    .map((c) => String(c.pos.order));
  const order = (orders.sort().pop() ?? "") + "i";
  cardId = "c" + [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("");
  doc = A.change(doc, (d) => {
    d.cards[cardId] = {
      kind: "idea",
      text: cardText,
      author: "JS client",
      role: "other",
      created: Date.now(),
      pos: { stage, lane, order },
    };
  });
  flush();
};

ws.on("open", () => {
  const hello = { version: 1, map: mapId, secret, name: "JS client", role: "other" };
  ws.send(frame(HELLO, new TextEncoder().encode(JSON.stringify(hello))));
});

ws.on("message", (data) => {
  const bytes = new Uint8Array(data);
  const tag = bytes[0], payload = bytes.subarray(1);
  if (tag === ERROR) fail("server error: " + JSON.stringify(json(payload)));
  if (tag === WELCOME) {
    if (!json(payload).can_edit) fail("this secret cannot edit");
    flush();
  }
  if (tag === SYNC) {
    [doc, syncState] = A.receiveSyncMessage(doc, syncState, payload);
    flush();
    // Add the card once the map has arrived and the exchange has gone quiet.
    if (!cardId && doc.stages) {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(addCard, 200);
    }
  }
  if (tag === ACK && cardId) {
    const heads = json(payload).heads;
    if (A.getHeads(doc).every((h) => heads.includes(h))) {
      console.log(cardId);
      ws.close();
      process.exit(0);
    }
  }
  if (tag === PEERS) { /* presence: not needed here */ }
});

ws.on("error", (e) => fail("socket error: " + e.message));
