// The production HTTP server: static files, then the Remix app. Started by scripts/start.js.
// It does what remix-serve cannot: hands the client's address to the app (login limits, security
// log), and refuses cross-site posts, non-form bodies and oversized bodies before the app reads a
// byte of them (the rules are the app's own, exported from app/entry.server.tsx).
import cluster from "node:cluster";
import { existsSync, readdirSync } from "node:fs";
import { createReadableStreamFromReadable, createRequestHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { byteLimit } from "./body-limit.js";

const build = await import(new URL("../build/index.js", import.meta.url).href);
const { productionServer: guard } = build.entry.module;
const handleRemixRequest = createRequestHandler(build, "production");
const trustProxy = process.env.TRUST_PROXY === "1";
// A stopping server finishes requests in flight for this long, then closes what is left.
const shutdownGraceMs = 5_000;

// The socket's peer, or with TRUST_PROXY=1 the address our one proxy saw (Express reads the
// right-most X-Forwarded-For entry: entries to its left are whatever the client sent).
function clientAddress(req) {
  const address = (trustProxy ? req.ip : req.socket.remoteAddress) ?? "unknown";
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
}

function requestHeaders(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) headers.append(name, item);
  }
  return headers;
}

async function sendResponse(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) {
    if (name === "x-content-type-options") res.setHeader(name, value);
    else res.append(name, value);
  }
  if (response.body) await pipeBody(response.body, res);
  else res.end();
}

// The body at the pace the client takes it: the next chunk is read only once the socket (or the
// compressor) has taken the last. Remix's writeReadableStreamToWritable writes as fast as the body
// is produced, so a streamed export to a slow client would pile up here in memory. A client that
// goes away cancels the body, which lets an export close its read snapshot.
async function pipeBody(body, res) {
  const reader = body.getReader();
  let gone = false;
  // One "drain" listener for the whole body, not one per wait: the compression middleware hands
  // "drain" listeners on to its compressor but not their removal, so each would stay (a long
  // page or an export piled up thousands).
  let resume = () => {};
  res.on("drain", () => resume());
  res.once("close", () => {
    gone = !res.writableFinished;
    resume();
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || gone) break;
      const full = !res.write(value);
      // The compression middleware holds bytes back until flushed: a stream must keep moving.
      res.flush?.();
      if (full && !gone) await new Promise((resolve) => (resume = resolve));
      if (gone) break;
    }
  } catch (error) {
    res.destroy(error);
    throw error;
  }
  if (gone) await reader.cancel().catch(() => undefined);
  else res.end();
}

function requestUrl(req) {
  return new URL(req.originalUrl, `${req.protocol}://${req.get("Host") ?? "localhost"}`);
}

// Records the refusal, answers it with plain text, and stops reading the body. The connection is
// closed once the answer is out; the rest of a large upload is discarded meanwhile rather than
// left unread, so the client sees the answer instead of a reset connection.
async function refuse(req, res, refusal) {
  try {
    await guard.recordRefusedRequest(new Request(requestUrl(req), { method: req.method, headers: requestHeaders(req) }), {
      event: refusal.event,
      address: clientAddress(req),
      detail: refusal.detail,
    });
  } catch (error) {
    console.error("Could not record a refused request:", error);
  }
  if (!res.headersSent) {
    res.status(refusal.status).set({
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "close",
    });
    res.end(refusal.message);
  }
  req.unpipe();
  req.resume();
  setTimeout(() => req.socket.destroy(), 2_000).unref();
}

// The request body as the app will read it. Past the limit the server answers 413 itself (the
// app's own answer, if any, is dropped) and aborts the app's request.
function countedBody(req, res, limit, controller) {
  const counter = byteLimit(limit, (received) => {
    res.locals.refused = true;
    controller.abort();
    void refuse(req, res, guard.bodyTooLarge(req.get("Content-Type") ?? null, received));
  });
  req.on("error", (error) => counter.destroy(error));
  req.pipe(counter);
  return createReadableStreamFromReadable(counter);
}

async function handleApp(req, res) {
  const refusal = guard.refusalBeforeBody({ method: req.method, headers: { get: (name) => req.get(name) ?? null } });
  if (refusal) return refuse(req, res, refusal);

  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const init = { method: req.method, headers: requestHeaders(req), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = countedBody(req, res, guard.bodyLimitFor(req.get("Content-Type") ?? null), controller);
    init.duplex = "half";
  }
  const request = new Request(requestUrl(req), init);
  const response = await handleRemixRequest(request, { clientAddress: clientAddress(req) });
  // Already answered 413 while the app was reading the body: its own answer is dropped.
  if (res.locals.refused || res.headersSent) {
    await response.body?.cancel();
    return;
  }
  if (response.status === 403) {
    await guard.recordRefusedRequest(request, { event: "forbidden", address: clientAddress(req) });
  }
  await sendResponse(res, response);
}

const app = express();
app.disable("x-powered-by");
if (trustProxy) app.set("trust proxy", 1);
app.use(compression());
// No response, file or page, is to be read as another type than the one it declares.
app.use((_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  next();
});
// Fingerprinted build files never change; other public files may.
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
// Other public files (the icon) by their names, listed at start-up (a file added later is served
// after a restart): asking the disk on every request (express.static on "/") made each page wait
// for a failed stat before the app ran.
const publicFiles = express.static("public", { maxAge: "1h" });
const publicNames = new Set(existsSync("public") ? readdirSync("public").filter((name) => `/${name}/` !== build.publicPath) : []);
function firstSegment(path) {
  try {
    return decodeURIComponent(path.split("/")[1]);
  } catch {
    return null; // malformed escapes: not a public file, the app answers
  }
}
app.use((req, res, next) => (publicNames.has(firstSegment(req.path)) ? publicFiles(req, res, next) : next()));
app.all("*", (req, res, next) => {
  handleApp(req, res).catch(next);
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST;
const server = app.listen(port, host, () => {
  // Under scripts/workers.js the primary says it once for all its processes.
  if (!cluster.isWorker) console.log(`Livelihoods Tracker listening on http://${host ?? "localhost"}:${server.address().port}`);
  // Each process runs it: it only deletes what is past its date, so running it twice is harmless.
  guard.startHousekeeping();
});

// SIGTERM/SIGINT: stop accepting, let requests in flight finish, close idle keep-alive
// connections, and after the grace period close whatever still hangs. scripts/start.js kills
// the process if even that cannot run (an event loop stuck in a long computation).
let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, shutdownGraceMs).unref();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
