// automerge-repo clients: each one its own Repo (no storage) with one
// WebSocketClientAdapter (isomorphic-ws, i.e. the `ws` package on Node),
// exactly as a browser tab would have, all in the driver process.
//
// The map as an Automerge document, shaped like Comap's own:
//   { title, stages: [{id, name}], lanes: [...],
//     cards: { id: { kind, text, author, role, created, pos: {stage, lane, order} } },
//     stamps: { author: n } }
// `text` is collaborative text (a JS string, edited with A.updateText); the
// other strings are scalar (A.ImmutableString), as Comap's Rust model writes
// them. A move puts a new `pos` map, like Comap's put_pos.

import * as A from "@automerge/automerge";
import { Repo } from "@automerge/automerge-repo";
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { LANES, STAGES, seedCards } from "../workload.mjs";

export const reference = "@automerge/automerge-repo";

const scalar = (s) => new A.ImmutableString(s);
const scalarPos = (p) => ({ stage: scalar(p.stage), lane: scalar(p.lane), order: scalar(p.order) });

export async function connect({ url, map, index, cards, seed, log, signal }) {
  const adapter = new WebSocketClientAdapter(url);
  const repo = new Repo({ network: [adapter] });
  const client = { dropped: false, closing: false };
  adapter.on("peer-disconnected", () => {
    if (!client.closing) client.dropped = true;
  });
  // Wait for the server as a peer (the adapter's whenReady() also resolves
  // after 1 s without one, and a find() with no peer comes back unavailable).
  while (repo.peers.length === 0) {
    if (signal.aborted) throw new Error("automerge-repo: could not connect");
    await new Promise((r) => setTimeout(r, 10));
  }

  let handle;
  if (seed) {
    handle = repo.create();
    handle.change((d) => {
      d.title = scalar("Benchmark pathway");
      d.stages = STAGES.map((s) => ({ id: scalar(s.id), name: scalar(s.name) }));
      d.lanes = LANES.map((l) => ({ id: scalar(l.id), name: scalar(l.name) }));
      d.cards = {};
      for (const c of seedCards(cards)) {
        d.cards[c.id] = {
          kind: scalar(c.kind),
          text: c.text,
          author: scalar(c.author),
          role: scalar(c.role),
          created: c.created,
          pos: scalarPos(c.pos),
        };
      }
      d.stamps = {};
    });
    await serverHas(repo, handle, signal);
  } else {
    handle = await repo.find(map, { signal });
  }
  client.mapId = handle.url;

  // Deliveries: after a sync message from the server is applied, the stamps
  // it changed (the handle's patches for this change).
  handle.on("change", ({ patches }) => {
    for (const p of patches) {
      if (p.path[0] === "stamps" && p.path.length === 2 && p.action === "put") {
        log.stamp(index, Number(p.path[1]), Number(p.value));
      }
    }
  });

  client.synced = () => Object.keys(handle.doc()?.cards ?? {}).length >= cards;
  client.edit = (e) => {
    log.made(e.author, e.n);
    handle.change((d) => {
      if (e.pos) d.cards[e.card].pos = scalarPos(e.pos);
      else A.updateText(d, ["cards", e.card, "text"], e.text);
      d.stamps[String(e.author)] = e.n;
    });
    // The Repo sends the sync message itself, throttled (see README).
  };
  client.close = () => {
    client.closing = true;
    repo.shutdown().catch(() => {});
  };
  return client;
}

/**
 * Waits until the server has the seeder's heads, so that the other clients'
 * `find` does not reach it first and come back unavailable. Uses the Repo's
 * synchronizer "sync-state" event (marked @hidden in its types).
 */
function serverHas(repo, handle, signal) {
  return new Promise((resolve, reject) => {
    const want = () => A.getHeads(handle.doc()).sort().join(",");
    const onState = ({ documentId, syncState }) => {
      if (documentId !== handle.documentId || !syncState.theirHeads) return;
      if ([...syncState.theirHeads].sort().join(",") === want()) {
        repo.synchronizer.off("sync-state", onState);
        resolve();
      }
    };
    repo.synchronizer.on("sync-state", onState);
    signal.addEventListener("abort", () => reject(new Error("automerge-repo: the server never got the seeded map")));
  });
}
