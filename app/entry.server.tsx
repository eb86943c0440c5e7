import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "./components/nonce";
import { runStartup } from "./domain/startup.server";

/** Called once by server.ts before it listens: content, migrations, demo data. */
export const startup = runStartup;

// NOTE: pages are rendered to one string, not streamed with renderToPipeableStream. React 18's
// Node stream encoder copies text into a 2 KB buffer with TextEncoder.encodeInto; when a
// multi-byte character (all of our Japanese text) does not fit in the last bytes of the buffer it
// flushes the WHOLE buffer, unwritten zero bytes included, so pages contained NUL bytes
// ("ID\0\0とパスワード"). The fix (write only the written part) is in React 19 only. No route
// uses defer/Suspense, so streaming bought nothing: the whole page was rendered before the first
// byte anyway. renderToString returns a JavaScript string, and the Response encodes it in one go.
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce;
  const markup = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${markup}`, { headers: responseHeaders, status: responseStatusCode });
}
