// The production server as the benchmarks and the crash test start it: its own process group (so
// it can be SIGKILLed with every child, the way a power cut or the OOM killer would end it), on a
// port of its own, on a database of its own. Used by export.bench.ts and crash.bench.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export type ProductionServer = {
  origin: string;
  /** The process that was started: scripts/start.js, or scripts/server.js itself (`direct`). */
  process: ChildProcess;
  /** Resolves when the started process has exited, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the whole process group: nothing runs on, nothing is flushed. */
  kill(): void;
};

export function startProductionServer(options: {
  databasePath: string;
  port: number;
  /** Run scripts/server.js without scripts/start.js, so `process.pid` is the server's own. */
  direct?: boolean;
  env?: Record<string, string>;
  quiet?: boolean;
}): ProductionServer {
  const script = options.direct ? "scripts/server.js" : "scripts/start.js";
  const child = spawn(process.execPath, options.direct ? [script] : [script, "--demo"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: process.env.SESSION_SECRET ?? "development-session-secret",
      IDENTITY_KEY: process.env.IDENTITY_KEY ?? "development-identity-key",
      INSECURE_COOKIES: "1",
      DATABASE_PATH: options.databasePath,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      ...options.env,
    },
    stdio: ["ignore", "ignore", options.quiet ? "ignore" : "inherit"],
    detached: true,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    origin: `http://127.0.0.1:${options.port}`,
    process: child,
    exited,
    kill() {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}

export async function waitForServer(origin: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server at ${origin} did not start`);
}

/** Signs in through the login form; the session cookie (and known-device cookie) to send back. */
export async function logIn(origin: string, email: string, password = "livelihoods-demo") {
  const response = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const cookie = response.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
  if (response.status !== 302 || !cookie) throw new Error(`login as ${email} failed: ${response.status}`);
  return cookie;
}

/** Resident memory of a process from /proc, in MB: now (VmRSS) and its peak so far (VmHWM). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kilobytes("VmRSS") / 1024, peak: kilobytes("VmHWM") / 1024 };
}

export const randomPort = (base: number) => base + Math.floor(Math.random() * 400);
