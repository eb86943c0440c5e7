import http from "node:http";
import Provider from "oidc-provider";
import { freePort } from "./slapd";

export const CLIENT_ID = "mamori";
export const CLIENT_SECRET = "mamori-test-secret";

export type TestProvider = {
  issuer: string;
  /** Who "signs in" at the provider on the next authorization request. */
  signInAs: (accountId: string) => void;
  stop: () => Promise<void>;
};

/**
 * oidc-provider on a free loopback port with one confidential client. Its login and consent
 * pages are replaced by a handler that signs in the chosen account and grants what was asked.
 */
export async function startOidcProvider(accounts: Record<string, Record<string, unknown>>, redirectUri: string): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  let nextAccount: string | null = null;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri],
      grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_post",
    }],
    findAccount: (_ctx, sub) => (accounts[sub] ? { accountId: sub, claims: () => ({ sub, ...accounts[sub] }) } : undefined),
    claims: { openid: ["sub"], email: ["email"], profile: ["name", "employee_id"] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ["mamori-test-cookie-key"] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  provider.on("server_error", (_ctx, error) => console.error("[oidc-provider]", error));
  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith("/interaction/")) return void callback(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === "login") {
        await provider.interactionFinished(req, res, { login: { accountId: nextAccount! } }, { mergeWithLastSubmission: false });
        return;
      }
      const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const missingClaims = (details.prompt.details.missingOIDCClaims as string[] | undefined) ?? [];
      if (missingClaims.length > 0) grant.addOIDCClaims(missingClaims);
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    })().catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    signInAs: (accountId) => (nextAccount = accountId),
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Follow the provider's redirects the way a browser would (cookies kept) until it sends the
 * browser back to `appOrigin`; returns that callback URL.
 */
export async function followToCallback(authorizationUrl: string, appOrigin: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 12; hop += 1) {
    const response = await fetch(url, { redirect: "manual", headers: { Cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") } });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get("Location");
    if (!location) throw new Error(`provider answered ${response.status} without a redirect: ${await response.text()}`);
    url = new URL(location, url);
    if (url.origin === appOrigin) return url;
  }
  throw new Error("too many redirects at the provider");
}
