// The one Node process: Express in front of the Remix request handler. It adds what every
// request needs (security headers with a CSP nonce, the Origin check on POST, the client IP),
// runs the start-up checks (content, migrations, demo data) before listening, and serves the
// built assets. In development it hosts Vite in middleware mode instead of the build.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";

const production = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

type StartupModule = {
  startup: (options: { demo: boolean }) => { demoLogins: { employeeNo: string; label: string }[] | null; warnings: string[] };
};

async function main(): Promise<void> {
  const viteDevServer = production
    ? undefined
    : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

  const loadBuild = async (): Promise<ServerBuild> =>
    viteDevServer
      ? ((await viteDevServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild)
      : ((await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild);

  const initialBuild = await loadBuild();
  const entry = initialBuild.entry.module as unknown as StartupModule;
  let started: ReturnType<StartupModule["startup"]>;
  try {
    started = entry.startup({ demo: process.env.MAMORI_DEMO === "1" });
  } catch (error) {
    // Bad content or configuration: say what and where, then stop.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  for (const warning of started.warnings) console.warn(`warning: ${warning}`);

  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (production) {
      res.setHeader(
        "Content-Security-Policy",
        [
          "default-src 'self'",
          `script-src 'self' 'nonce-${nonce}'`,
          "style-src 'self'",
          "style-src-attr 'unsafe-inline'",
          "img-src 'self' data:",
          "font-src 'self'",
          "connect-src 'self'",
          "form-action 'self'",
          "frame-ancestors 'none'",
          "base-uri 'self'",
          "object-src 'none'",
        ].join("; "),
      );
    }
    next();
  });

  // Every state-changing request must come from our own pages (CSRF defence next to SameSite).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
    const expected = `${req.protocol}://${req.get("host")}`;
    const allowed = new Set([expected, process.env.APP_BASE_URL?.replace(/\/$/, "")].filter(Boolean));
    // A drill's landing page may be served under its own host name (DRILL_BASE_URL).
    if (req.path.startsWith("/d/") && process.env.DRILL_BASE_URL) allowed.add(safeOrigin(process.env.DRILL_BASE_URL) ?? "");
    const origin = req.get("origin");
    const referer = req.get("referer");
    const source = origin && origin !== "null" ? origin : referer ? safeOrigin(referer) : null;
    if (!source || !allowed.has(source)) {
      res.status(403).type("text/plain; charset=utf-8").send("送信元を確認できないため、この操作は受け付けられません。ページを開き直してから操作してください。");
      return;
    }
    next();
  });

  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
  } else {
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    app.use(express.static("build/client", { maxAge: "1h" }));
  }

  app.all(
    "*",
    createRequestHandler({
      build: viteDevServer ? loadBuild : initialBuild,
      mode: production ? "production" : "development",
      getLoadContext: (req, res) => ({ clientIp: req.ip ?? null, cspNonce: res.locals.cspNonce as string }),
    }),
  );

  const server = app.listen(port, host, () => {
    const url = `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
    console.log(`Mamori is running at ${url}`);
    if (started.demoLogins) {
      console.log("Demo logins (password: mamori-demo):");
      for (const login of started.demoLogins) console.log(`  ${login.employeeNo}  ${login.label}`);
    }
  });

  const shutdown = () => server.close(() => process.exit(0));
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

function safeOrigin(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
