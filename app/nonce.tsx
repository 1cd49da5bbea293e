// The per-request CSP nonce (server/security.ts), for the few inline scripts Remix and Mantine render.
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
