// Runs one reference server under Comap's bench workload and prints one JSON line.
//
//   node driver.mjs --peer relay|hocuspocus|automerge-repo --clients C --rate E --secs T
//                   [--cards 200] [--maps 1]
//
// The server runs in its own process (server.mjs); all clients run here.
// Everything but the JSON line goes to stderr. See README.md.

import { spawn } from "node:child_process";
import { setMaxListeners } from "node:events";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { Deliveries, cpuSeconds, makeEdit, rng, statusKib, summarize } from "./workload.mjs";

const PEERS = ["relay", "hocuspocus", "automerge-repo"];
const SERVER_START_S = 15; // the server must print LISTENING within this
const CATCH_UP_S = 60; // every client must hold the seeded map within this
const TAIL_S = 2; // receiving goes on this long after the last edit

let server; // the server's ChildProcess, killed on every way out
function fail(message) {
  console.error(`driver: ${message}`);
  server?.kill("SIGKILL");
  process.exit(1);
}

const { values: opt } = parseArgs({
  options: {
    peer: { type: "string" },
    clients: { type: "string" },
    rate: { type: "string" },
    secs: { type: "string" },
    cards: { type: "string", default: "200" },
    maps: { type: "string", default: "1" },
  },
});
const peer = opt.peer;
const clients = Number(opt.clients);
const rate = Number(opt.rate);
const secs = Number(opt.secs);
const cards = Number(opt.cards);
const maps = Number(opt.maps);
if (!PEERS.includes(peer) || !(clients >= 2) || !(rate > 0) || !(secs > 0) || !(cards >= 1) || !(maps >= 1)) {
  fail(`usage: node driver.mjs --peer ${PEERS.join("|")} --clients C>=2 --rate E>0 --secs T>0 [--cards 200] [--maps 1]`);
}

// Whatever happens, the run ends: a hard limit over every phase.
setTimeout(
  () => fail("the run took too long; giving up"),
  (SERVER_START_S + CATCH_UP_S + secs + TAIL_S + 30) * 1000,
).unref();
process.on("unhandledRejection", (e) => fail(`unhandled: ${e?.stack ?? e}`));
process.on("uncaughtException", (e) => fail(`uncaught: ${e?.stack ?? e}`));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, digits) => Number(x.toFixed(digits));

/** Starts server.mjs on a free loopback port; resolves with its port. */
function startServer() {
  server = spawn(process.execPath, [new URL("./server.mjs", import.meta.url).pathname, "--peer", peer, "--port", "0"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${peer} server did not start within ${SERVER_START_S} s`)), SERVER_START_S * 1000);
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/^LISTENING (\d+)$/m);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    server.on("exit", (code, sig) => reject(new Error(`the ${peer} server exited (${code ?? sig}) before it listened`)));
  });
}

function referenceVersion(pkg) {
  const path = new URL(`./node_modules/${pkg}/package.json`, import.meta.url);
  return `${pkg}@${JSON.parse(readFileSync(path, "utf8")).version}`;
}

const impl = await import(`./peers/${peer}.mjs`);
let port;
try {
  port = await startServer();
} catch (e) {
  fail(e.message);
}
server.on("exit", (code, sig) => fail(`the ${peer} server died during the run (${code ?? sig})`));
const url = `ws://127.0.0.1:${port}`;
console.error(`driver: ${peer} server pid ${server.pid} on ${url}`);

// Connect and seed: per map, client 0 of the map seeds it (for the relay,
// every client builds it locally), then the map's other clients join.
const log = new Deliveries();
const catchUp = AbortSignal.timeout(CATCH_UP_S * 1000);
setMaxListeners(maps * clients + 10, catchUp); // one listener per client is expected
const rooms = [];
try {
  for (let m = 0; m < maps; m++) {
    const base = m * clients;
    const args = { url, index: base, cards, log, signal: catchUp };
    const seeder = await impl.connect({ ...args, map: `bench-map-${m}`, seed: true });
    const others = await Promise.all(
      Array.from({ length: clients - 1 }, (_, i) =>
        impl.connect({ ...args, index: base + i + 1, map: seeder.mapId, seed: false }),
      ),
    );
    rooms.push([seeder, ...others]);
  }
} catch (e) {
  fail(`connecting clients: ${e.message}`);
}
const all = rooms.flat();
console.error(`driver: ${all.length} clients connected; waiting for the seeded map`);
const caughtUp = Date.now();
// (Every client is asked on every round: asking is what starts the relay's hellos.)
const inSync = () => rooms.flatMap((room) => room.map((c) => c.synced(room.length))).every(Boolean);
while (!inSync()) {
  if (catchUp.aborted) {
    const behind = all.flatMap((c, i) => (c.synced(clients) ? [] : [i]));
    fail(`clients ${behind.join(", ")} never caught up with the seeded map within ${CATCH_UP_S} s`);
  }
  await sleep(20);
}
console.error(`driver: all clients in sync after ${Date.now() - caughtUp} ms; editing for ${secs} s`);

// The editing window. Each client edits every 1/rate s from a random phase;
// a tick that was missed altogether is delayed (like tokio's
// MissedTickBehavior::Delay in the Rust load generator).
const interval = 1000 / rate;
const loopDelay = monitorEventLoopDelay({ resolution: 10 }); // a diagnostic, to stderr
loopDelay.enable();
const cpuBefore = cpuSeconds(server.pid);
const ownBefore = process.cpuUsage();
const start = performance.now();
const stop = start + secs * 1000;
all.forEach((client, index) => {
  const r = rng(index);
  let n = 0;
  let due = start + r() * interval;
  const tick = () => {
    const now = performance.now();
    if (now >= stop) return;
    if (!client.dropped) {
      try {
        client.edit(makeEdit(r, index, ++n, cards));
      } catch (e) {
        console.error(`driver: client ${index} edit failed: ${e.message}`);
        client.dropped = true;
      }
    }
    due += interval;
    if (due < now) due = now + interval;
    setTimeout(tick, Math.max(0, due - performance.now()));
  };
  setTimeout(tick, due - performance.now());
});
await sleep(secs * 1000 + TAIL_S * 1000);
const serverCpu = cpuSeconds(server.pid) - cpuBefore;
const own = process.cpuUsage(ownBefore);
const hwmKib = statusKib(server.pid, "VmHWM");
loopDelay.disable();

const dropped = all.filter((c) => c.dropped).length;
const expected = log.edits * (clients - 1);
const lat = summarize(log.latencies);
const deliveries = log.latencies.length;
const result = {
  peer,
  maps,
  clients,
  rate,
  secs,
  edits: log.edits,
  deliveries,
  expected,
  p50_ms: round(lat.p50, 2),
  p95_ms: round(lat.p95, 2),
  p99_ms: round(lat.p99, 2),
  max_ms: round(lat.max, 2),
  server_cpu_s: round(serverCpu, 2),
  cpu_us_per_delivery: deliveries ? round((serverCpu * 1e6) / deliveries, 1) : null,
  driver_cpu_s: round((own.user + own.system) / 1e6, 2),
  dropped,
  server_rss_mib: round(hwmKib / 1024, 1),
  version: referenceVersion(impl.reference),
};

server.removeAllListeners("exit");
for (const c of all) {
  try {
    c.close();
  } catch {}
}
server.kill("SIGKILL");
process.stdout.write(`${JSON.stringify(result)}\n`);
// (The histogram holds the time between 10 ms ticks, so 10 ms is taken off.)
const lateMs = (ns) => Math.max(0, ns / 1e6 - 10).toFixed(1);
console.error(
  `driver: its own event loop ran late by p99 ${lateMs(loopDelay.percentile(99))} ms, max ${lateMs(loopDelay.max)} ms` +
    ` during the window (that adds to the latencies); load average ${loadavg()[0].toFixed(2)}`,
);
const planned = Math.floor(maps * clients * rate * secs);
if (log.edits < 0.95 * planned) {
  console.error(`driver: only ${log.edits} of about ${planned} planned edits were made: this process fell behind, so latencies include its own queueing`);
}
if (deliveries < expected) console.error(`driver: ${expected - deliveries} of ${expected} deliveries missing at the end of the tail`);
// Clients' reconnect/keep-alive timers would keep the process alive.
process.exit(0);
