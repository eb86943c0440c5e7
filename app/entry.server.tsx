import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToReadableStream } from "react-dom/server.browser";
import { NonceProvider } from "./components/nonce";
import { runStartup } from "./domain/startup.server";

export const streamTimeout = 5_000;

/** Called once by server.ts before it listens: content, migrations, demo data. */
export const startup = runStartup;

// NOTE: pages are rendered with React's Web Streams renderer (react-dom/server.browser, which runs
// on Node's global ReadableStream), not renderToPipeableStream. React 18's Node stream encoder
// copies text into a 2 KB buffer with TextEncoder.encodeInto; when a multi-byte character (all of
// our Japanese text) does not fit in the last bytes of the buffer, it flushes the WHOLE buffer,
// unwritten zero bytes included, so pages contained NUL bytes ("ID\0\0とパスワード"). The fix
// (flush only the written part) is in React 19 only. The Web Streams renderer encodes each chunk
// whole and never has the bug. It still streams: single fetch sends the loaders' data after the
// shell inside Suspense boundaries, which a one-string render (renderToString) would never finish,
// leaving the page without hydration.
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce;
  let status = responseStatusCode;
  let shellRendered = false;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), streamTimeout + 1000);
  const body = await renderToReadableStream(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
    </NonceProvider>,
    {
      nonce,
      signal: abort.signal,
      onError(error: unknown) {
        status = 500;
        if (shellRendered) console.error(error);
      },
    },
  );
  shellRendered = true;
  // Crawlers get the complete document at once.
  if (isbot(request.headers.get("user-agent") ?? "")) await body.allReady;
  const done = () => clearTimeout(timer);
  body.allReady.then(done, done);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(body, { headers: responseHeaders, status });
}
