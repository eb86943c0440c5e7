// Every page of the demo, for every role, is valid UTF-8 without NUL bytes. React 18's stream
// renderer once wrote unwritten buffer bytes where a multi-byte character straddled its 2 KB
// buffer (`ID\0\0とパスワード` on /learn); see app/entry.server.tsx. The crawl follows the links of
// each page within the site (GET only, never /logout), bounded so that it stays quick, and checks
// the CSV downloads it meets too.
import { describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "./support";
import { afterAll, beforeAll } from "vitest";

const ROLES = ["S0001", "S0002", "M0001", "H0001", "A0001"];
const MAX_PAGES_PER_ROLE = 150;
/** URLs that differ only in ids or query values are the same page template: a few of each suffice. */
const MAX_PER_TEMPLATE = 3;

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
}, 90_000);
afterAll(async () => {
  await app?.stop();
});

async function signIn(username: string): Promise<string> {
  const response = await fetch(`${app.baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.baseUrl },
    body: new URLSearchParams({ username, password: "mamori-demo" }),
  });
  expect(response.status, `sign-in ${username}`).toBe(302);
  return response.headers.get("Set-Cookie")!.split(";")[0];
}

function template(url: URL): string {
  const path = url.pathname
    .split("/")
    .map((segment) => (/\d/.test(segment) ? ":id" : segment))
    .join("/");
  return `${path}?${[...new Set(url.searchParams.keys())].sort().join("&")}`;
}

function linksOf(html: string, base: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)) {
    const href = match[1].replace(/&amp;/g, "&");
    if (!href.startsWith("/") || href.startsWith("//")) continue;
    found.push(new URL(href, base).toString());
  }
  return found;
}

type Problem = { url: string; problem: string };

async function crawl(cookie: string | null, start: string[]): Promise<{ visited: number; csv: number; problems: Problem[] }> {
  const queue = start.map((path) => new URL(path, app.baseUrl).toString());
  const seen = new Set<string>(queue);
  const perTemplate = new Map<string, number>();
  const problems: Problem[] = [];
  let visited = 0;
  let csv = 0;
  while (queue.length > 0 && visited < MAX_PAGES_PER_ROLE) {
    const url = new URL(queue.shift()!);
    if (url.pathname === "/logout") continue;
    const key = template(url);
    const count = perTemplate.get(key) ?? 0;
    if (count >= MAX_PER_TEMPLATE) continue;
    perTemplate.set(key, count + 1);
    const response = await fetch(url, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
    visited += 1;
    const location = response.headers.get("Location");
    if (location) {
      const next = new URL(location, url);
      if (next.origin === url.origin && !seen.has(next.toString())) {
        seen.add(next.toString());
        queue.push(next.toString());
      }
      continue;
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const type = response.headers.get("Content-Type") ?? "";
    // Binary downloads (the xlsx workbook, the evidence pack's ZIP) are not text: they are read
    // back by their own tests. Everything that claims to be text must be clean UTF-8.
    if (!/^(text\/|application\/(json|javascript))/.test(type)) continue;
    if (bytes.includes(0)) problems.push({ url: url.toString(), problem: `NUL byte at ${bytes.indexOf(0)}` });
    let text = "";
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      problems.push({ url: url.toString(), problem: "invalid UTF-8" });
      continue;
    }
    if (type.startsWith("text/csv")) csv += 1;
    if (!type.startsWith("text/html")) continue;
    for (const link of linksOf(text, url.toString())) {
      if (seen.has(link)) continue;
      seen.add(link);
      queue.push(link);
    }
  }
  return { visited, csv, problems };
}

describe("every page is valid UTF-8 without NUL bytes", () => {
  it("signed out: the sign-in and verification pages", async () => {
    const result = await crawl(null, ["/login", "/verify", "/login?reason=idle", "/no-such-page"]);
    expect(result.problems).toEqual([]);
    expect(result.visited).toBeGreaterThanOrEqual(4);
  });

  for (const username of ROLES) {
    it(`signed in as ${username}`, async () => {
      const cookie = await signIn(username);
      const result = await crawl(cookie, ["/learn", "/team", "/hr", "/admin", "/no-such-page"]);
      expect(result.problems).toEqual([]);
      // The crawl really went through the site (not just one page and redirects).
      expect(result.visited).toBeGreaterThan(username.startsWith("S") ? 8 : 20);
      if (username === "H0001" || username === "M0001") expect(result.csv).toBeGreaterThan(0);
    }, 120_000);
  }
});
