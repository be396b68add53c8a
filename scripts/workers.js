// One server process per core, all answering on one port (node:cluster): a page that takes a
// while to compute holds up only the requests queued behind it in its own process. Started by
// scripts/start.js; each worker is scripts/server.js. WEB_CONCURRENCY sets how many (default:
// the cores Node may use). Nothing the app needs lives in a process's memory: sessions, login
// limits, imports' progress and every record are in the SQLite file, which the workers share
// (WAL; each change takes the write lock when it begins, app/lib/db.server.ts).
import cluster from "node:cluster";
import { availableParallelism } from "node:os";

const count = Math.max(1, Number.parseInt(process.env.WEB_CONCURRENCY ?? "", 10) || availableParallelism());
// A worker that dies this soon after it started would die again: stop instead of looping.
const shortestLifeMs = 5_000;

cluster.setupPrimary({ exec: new URL("./server.js", import.meta.url).pathname });

let stopping = false;
const startedAt = new Map();

function startWorker() {
  const worker = cluster.fork();
  startedAt.set(worker.id, Date.now());
}

cluster.once("listening", (_worker, address) => {
  console.log(`Livelihoods Tracker listening on http://${process.env.HOST ?? "localhost"}:${address.port} (${count} processes)`);
});

cluster.on("exit", (worker, code, signal) => {
  const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
  startedAt.delete(worker.id);
  if (stopping) {
    if (startedAt.size === 0) process.exit();
    return;
  }
  console.error(`Server process ${worker.process.pid} ended (${signal ?? `exit code ${code}`}) after ${Math.round(lived / 1000)} s`);
  if (lived < shortestLifeMs) {
    console.error("It ended during start-up: stopping.");
    stopping = true;
    for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
    process.exitCode = 1;
    if (startedAt.size === 0) process.exit();
    return;
  }
  startWorker();
});

// Each worker stops gracefully on its own (scripts/server.js); the primary ends when they have.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    if (startedAt.size === 0) process.exit();
  });
}

for (let index = 0; index < count; index++) startWorker();
