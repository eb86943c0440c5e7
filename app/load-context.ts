declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client address as Express sees it (TRUST_PROXY decides whether proxies count). */
    clientIp: string | null;
    /** Per-request nonce for the CSP script-src. */
    cspNonce: string;
  }
}

export {};
