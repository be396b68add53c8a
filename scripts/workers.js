// One server process per core, all answering on one port (node:cluster): a page that takes a
// while to compute holds up only the requests queued behind it in its own process. Started by
// scripts/start.js; each worker is scripts/server.js. WEB_CONCURRENCY sets how many (default:
// the cores Node may use). Nothing the app needs lives in a process's memory: sessions, login
// limits, imports' progress and every record are in the SQLite file, which the workers share
// (WAL; each change takes the write lock when it begins, app/lib/db.server.ts).
import cluster from "node:cluster";
import { availableParallelism } from "node:os";

const count = Math.max(1, Number.parseInt(process.env.WEB_CONCURRENCY ?? "", 10) || availableParallelism());
// Workers stop gracefully within 5 s (scripts/server.js); one whose event loop is stuck cannot,
// and is killed a little after that (scripts/start.js kills this primary at 8 s).
const killAfterMs = 6_500;

cluster.setupPrimary({ exec: new URL("./server.js", import.meta.url).pathname });

let stopping = false;
// Workers running, and whether each has started listening.
const listening = new Map();

function stopAll(signal) {
  stopping = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  setTimeout(() => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
  }, killAfterMs).unref();
  if (listening.size === 0) process.exit();
}

cluster.on("fork", (worker) => listening.set(worker.id, false));

cluster.on("listening", (worker, address) => {
  if (![...listening.values()].some(Boolean)) {
    console.log(`Livelihoods Tracker listening on http://${process.env.HOST ?? "localhost"}:${address.port} (${count} processes)`);
  }
  listening.set(worker.id, true);
});

cluster.on("exit", (worker, code, signal) => {
  const started = listening.get(worker.id);
  listening.delete(worker.id);
  if (code) process.exitCode = code;
  if (stopping) {
    if (listening.size === 0) process.exit();
    return;
  }
  console.error(`Server process ${worker.process.pid} ended (${signal ?? `exit code ${code}`})`);
  // One that never got as far as listening would fail again (no build, a bad setting): stop
  // rather than start it for ever. One that served and then died is replaced.
  if (!started) {
    console.error("It ended before it could serve: stopping.");
    process.exitCode = 1;
    stopAll("SIGTERM");
    return;
  }
  cluster.fork();
});

for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => stopAll(signal));

for (let index = 0; index < count; index++) cluster.fork();
