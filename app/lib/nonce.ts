import { createContext, useContext } from "react";

// The per-request nonce that lets Remix's inline scripts run under the Content-Security-Policy.
// entry.server.tsx provides it while rendering; in the browser it is empty (and not needed).
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce() {
  return useContext(NonceContext);
}
