// The workload shared by every peer: the seeded map, the random edits, and
// the delivery bookkeeping. It mirrors the Rust load generator
// (bench/src/fanout.rs, bench/src/client.rs): 6 stages × 7 lanes, N cards
// spread over the cells, then moves and text edits on random cards, 50/50.

import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

export const STAGES = Array.from({ length: 6 }, (_, i) => ({ id: `stage-${i}`, name: `Stage ${i + 1}` }));
export const LANES = Array.from({ length: 7 }, (_, i) => ({ id: `lane-${i}`, name: `Lane ${i + 1}` }));
const KINDS = ["step", "pain_point", "idea", "feeling", "what_matters", "question", "strength", "note"];

/** The seeded cards: the same text, kinds and placement as the Rust seeder. */
export function seedCards(count) {
  return Array.from({ length: count }, (_, i) => ({
    id: `card-${i}`,
    kind: KINDS[i % KINDS.length],
    text: `Card ${i}: waited six weeks for a letter about the next appointment`,
    author: "Seeder",
    role: "professional",
    created: 1_700_000_000_000 + i,
    pos: {
      stage: STAGES[i % STAGES.length].id,
      lane: LANES[Math.floor(i / STAGES.length) % LANES.length].id,
      // Seed order keys sort before any key made by an edit ("a…" < "z…").
      order: `a${i.toString(36).padStart(4, "0")}`,
    },
  }));
}

/** A small seeded PRNG (mulberry32), so each client's edits are reproducible. */
export function rng(seed) {
  let a = (seed ^ 0x5eed) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, list) => list[Math.floor(r() * list.length)];

/**
 * Edit number `n` (1, 2, …) of client `author`: a move (new pos) or a text
 * edit (new text) on a random card. Every peer applies it together with the
 * stamp `stamps[author] = n` in one change.
 */
export function makeEdit(r, author, n, cardCount) {
  const card = `card-${Math.floor(r() * cardCount)}`;
  if (r() < 0.5) {
    // A new order key that sorts after every seeded one and is unique.
    const order = `z${n.toString(36).padStart(4, "0")}.${author}`;
    return { author, n, card, pos: { stage: pick(r, STAGES).id, lane: pick(r, LANES).id, order } };
  }
  return { author, n, card, text: `Edit ${n} by client ${author}: waited too long` };
}

/**
 * The smallest single splice turning `from` into `to` (common prefix and
 * suffix kept), for CRDT text types with no built-in diff (Y.Text).
 */
export function textSplice(from, to) {
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from[start] === to[start]) start++;
  let end = 0;
  while (end < max - start && from[from.length - 1 - end] === to[to.length - 1 - end]) end++;
  return { index: start, remove: from.length - start - end, insert: to.slice(start, to.length - end) };
}

/**
 * When each edit was made (one map for all clients, all in this process),
 * and each delivery's latency. A receiver reports the stamps it saw change;
 * every not-yet-seen edit of that author up to the stamp counts as delivered
 * now (so a jump of several edits delivers all the skipped ones).
 */
export class Deliveries {
  sent = new Map(); // `${author}:${n}` → performance.now() when made
  latencies = []; // ms
  edits = 0;
  #seen = new Map(); // receiver → Map(author → highest n delivered)

  made(author, n) {
    this.sent.set(`${author}:${n}`, performance.now());
    this.edits++;
  }

  stamp(receiver, author, n) {
    if (receiver === author) return;
    const now = performance.now();
    let seen = this.#seen.get(receiver);
    if (!seen) this.#seen.set(receiver, (seen = new Map()));
    const last = seen.get(author) ?? 0;
    if (n <= last) return;
    for (let k = last + 1; k <= n; k++) {
      const t = this.sent.get(`${author}:${k}`);
      if (t !== undefined) this.latencies.push(now - t);
    }
    seen.set(author, n);
  }
}

/** Nearest-rank percentiles in ms, like bench/src/stats.rs. */
export function summarize(samples) {
  if (samples.length === 0) return { p50: 0, p95: 0, p99: 0, max: 0 };
  const s = Float64Array.from(samples).sort();
  const at = (q) => s[Math.min(Math.max(Math.ceil(q * s.length), 1), s.length) - 1];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] };
}

let ticks;
function clockTicks() {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** User + system CPU seconds of process `pid` so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name: utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/** A /proc/<pid>/status field (VmHWM, VmRSS) in KiB. */
export function statusKib(pid, field) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.split(/\s+/)[1]) : 0;
}
