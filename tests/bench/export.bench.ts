// `npm run bench:export`, also run by `npm run bench`: the case-list export of a 100,000-case
// database (db/seed-scale.ts) through the production server, one fresh server per export so
// that each export's peak resident memory (the server process's VmHWM) is its own. Prints the
// rows and bytes received, the time to the first byte and to the last, and the server's memory
// before the export, at its peak, and the highest in each quarter of the download. A streamed
// export does not climb with the rows (the garbage collector lets the heap swing by 100 MB or so
// between collections, which the quarters show as a level, not a slope); the last line reads the
// file slowly, as a browser on a slow link would.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { logIn, memoryOf, randomPort, startProductionServer, waitForServer } from "./production-server";

const caseCount = Number(process.env.BENCH_CASES ?? 100_000);
// A database built earlier may be reused (it is only read): BENCH_EXPORT_DATABASE=path.
const reused = process.env.BENCH_EXPORT_DATABASE;
const folder = mkdtempSync(join(tmpdir(), "livelihoods-export-"));
const databasePath = reused ?? join(folder, "scale.db");

type Run = { role: "officer" | "evaluator"; format: "csv" | "xlsx"; slow?: boolean };
const runs: Run[] = [
  { role: "officer", format: "csv" },
  { role: "officer", format: "xlsx" },
  { role: "evaluator", format: "csv" },
  { role: "evaluator", format: "xlsx" },
  // About 4 MB/s: a client slower than the server must not make the server hold the file.
  { role: "officer", format: "csv", slow: true },
];

async function measure(run: Run) {
  const server = startProductionServer({ databasePath, port: randomPort(4400), direct: true, quiet: true });
  try {
    await waitForServer(server.origin);
    const cookie = await logIn(server.origin, `${run.role}@example.org`);
    const pid = server.process.pid!;
    const before = memoryOf(pid);
    let sampledPeak = before.rss;
    let bytes = 0;
    // Resident memory against the share of the file received: flat means no upward trend.
    const trend: Array<{ bytes: number; rss: number }> = [];
    const sampler = setInterval(() => {
      const rss = memoryOf(pid).rss;
      sampledPeak = Math.max(sampledPeak, rss);
      trend.push({ bytes, rss });
    }, 20);
    const started = performance.now();
    const response = await fetch(`${server.origin}/cases/export`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.origin, cookie },
      body: new URLSearchParams({ format: run.format }),
    });
    if (response.status !== 200) throw new Error(`export ${run.role} ${run.format}: HTTP ${response.status}`);
    const reader = response.body!.getReader();
    let firstByte = 0;
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!firstByte) firstByte = performance.now() - started;
      bytes += value.byteLength;
      if (run.format === "csv") for (const byte of value) if (byte === 0x0a) lines += 1;
      if (run.slow) await new Promise((resolve) => setTimeout(resolve, (value.byteLength / 4_000_000) * 1000));
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const after = memoryOf(pid);
    // The highest resident memory in each quarter of the download.
    const quarters = [1, 2, 3, 4].map((quarter) =>
      Math.max(0, ...trend.filter((sample) => sample.bytes > ((quarter - 1) * bytes) / 4 && sample.bytes <= (quarter * bytes) / 4).map((sample) => sample.rss)),
    );
    return { ...run, bytes, lines, firstByte, seconds, before: before.rss, peak: Math.max(after.peak, sampledPeak), quarters };
  } finally {
    server.kill();
    await server.exited;
  }
}

async function main() {
  if (!existsSync("build/index.js")) execFileSync("npm", ["run", "build"], { stdio: "inherit" });
  if (!reused || !existsSync(reused)) {
    execFileSync(process.execPath, ["--import", "tsx", "db/seed-scale.ts", "--cases", String(caseCount), "--database", databasePath, "--replace"], {
      stdio: "inherit",
    });
  }
  console.log(`\nCase-list export through the production server, ${caseCount.toLocaleString("en")} cases, one fresh server per export`);
  console.log(`  ${"export".padEnd(26)} ${"lines".padStart(8)} ${"MB".padStart(7)} ${"1st byte".padStart(9)} ${"total".padStart(8)} ${"RSS before".padStart(11)} ${"RSS peak".padStart(9)} ${"growth".padStart(8)}  highest RSS in each quarter of the download`);
  for (const run of runs) {
    const result = await measure(run);
    const label = `${result.role} ${result.format.toUpperCase()}${result.slow ? " (slow client)" : ""}`;
    console.log(
      `  ${label.padEnd(26)} ${(result.format === "csv" ? result.lines.toLocaleString("en") : "—").padStart(8)} ${(result.bytes / 2 ** 20).toFixed(1).padStart(7)} ` +
        `${`${result.firstByte.toFixed(0)} ms`.padStart(9)} ${`${result.seconds.toFixed(1)} s`.padStart(8)} ${`${result.before.toFixed(0)} MB`.padStart(11)} ` +
        `${`${result.peak.toFixed(0)} MB`.padStart(9)} ${`+${(result.peak - result.before).toFixed(0)} MB`.padStart(8)}  ${result.quarters.map((rss) => rss.toFixed(0)).join(" / ")} MB`,
    );
  }
}

try {
  await main();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
