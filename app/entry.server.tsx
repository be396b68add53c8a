import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { env } from "~/lib/env.server";
import { startHousekeeping } from "~/lib/housekeeping.server";
import { NonceContext } from "~/lib/nonce";
import { bodyLimitFor, bodyTooLarge, refusalBeforeBody } from "~/lib/request-guard";
import { documentHeaders, privateResponseHeaders } from "~/lib/security-headers.server";
import { recordRefusedRequest } from "~/lib/security-log.server";

const abortDelay = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  // A fresh nonce per page: only the scripts Remix renders with it may run (CSP).
  const nonce = randomBytes(16).toString("base64");
  // Bots get the whole page at once; browsers get the shell as soon as it is ready.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={abortDelay} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          for (const [name, value] of Object.entries(documentHeaders({ nonce, https: env.secureCookies }))) {
            responseHeaders.set(name, value);
          }
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, abortDelay);
  });
}

// Loader and action data (`.data`) is as personal as the page it belongs to.
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  for (const [name, value] of Object.entries(privateResponseHeaders({ https: env.secureCookies }))) {
    response.headers.set(name, value);
  }
  return response;
};

// What the production server (scripts/server.js) takes from the app's build: its request limits
// and refusals, the security log, and the daily housekeeping.
export const productionServer = {
  refusalBeforeBody,
  bodyLimitFor,
  bodyTooLarge,
  recordRefusedRequest,
  startHousekeeping,
};
