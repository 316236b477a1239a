// Loads a map as the Comap server saved it, with the reference JavaScript
// Automerge, and prints what it holds as JSON: the title, the stages and
// lanes in order, the cards, the arrows and the revealed votes.
//
// usage: node read-saved.mjs <file.automerge>
import * as A from "@automerge/automerge";
import { readFileSync } from "node:fs";

const [path] = process.argv.slice(2);
if (!path) {
  console.error("usage: node read-saved.mjs <file.automerge>");
  process.exit(2);
}
const doc = A.load(new Uint8Array(readFileSync(path)));
const str = (v) => (v === undefined || v === null ? "" : String(v));
const byOrder = (entries) =>
  Object.entries(entries ?? {})
    .sort(([ia, a], [ib, b]) => {
      const [oa, ob] = [str(a.order), str(b.order)];
      if (oa !== ob) return oa < ob ? -1 : 1;
      return ia < ib ? -1 : 1;
    })
    .map(([, v]) => str(v.name));
const cards = Object.entries(doc.cards ?? {})
  .map(([id, c]) => ({
    id,
    kind: str(c.kind),
    text: str(c.text),
    author: str(c.author),
    role: str(c.role),
    stage: str(c.pos?.stage),
    lane: str(c.pos?.lane),
    emotion: c.emotion ?? null,
  }))
  .sort((a, b) => (a.id < b.id ? -1 : 1));
const connections = Object.values(doc.connections ?? {})
  .map((c) => ({ from: str(c.from), to: str(c.to), label: str(c.label) }));
const votes = {};
for (const [card, n] of Object.entries(doc.voting?.totals ?? {})) votes[card] = Number(n);
console.log(JSON.stringify({
  title: str(doc.title),
  stages: byOrder(doc.stages),
  lanes: byOrder(doc.lanes),
  cards,
  connections,
  votes,
}));
