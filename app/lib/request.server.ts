// What the production server (scripts/server.js) tells the app about a request through the
// Remix load context.
declare module "@remix-run/node" {
  interface AppLoadContext {
    // The client's address: the socket's peer, or behind a trusted proxy (TRUST_PROXY=1) the
    // address the proxy saw. Absent only under the development server and in tests that omit it.
    clientAddress?: string;
  }
}

export function clientAddress(context: { clientAddress?: string } | undefined): string | null {
  return context?.clientAddress ?? null;
}
