import type { AppLoadContext } from "@remix-run/node";
import type { Db } from "~/db/client.server";
import { accounts, employees } from "~/db/schema";
import { createSession } from "~/domain/auth/session.server";
import { eq } from "drizzle-orm";

export const BASE = "http://localhost";
export const context: AppLoadContext = { clientIp: "127.0.0.1", cspNonce: "test" };

/** Sign an employee in directly (no password round trip) and return their Cookie header. */
export async function cookieFor(db: Db, employeeNo: string, now = Date.now()): Promise<string> {
  const account = db
    .select({ id: accounts.id })
    .from(accounts)
    .innerJoin(employees, eq(employees.id, accounts.employeeId))
    .where(eq(employees.employeeNo, employeeNo))
    .get();
  if (!account) throw new Error(`no account ${employeeNo}`);
  const setCookie = await createSession(new Request(BASE), account.id, "127.0.0.1", { db, now });
  return setCookie.split(";")[0];
}

export function get(pathname: string, cookie?: string): Request {
  return new Request(`${BASE}${pathname}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function post(pathname: string, fields: Record<string, string | string[]>, cookie?: string): Request {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  }
  return new Request(`${BASE}${pathname}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...(cookie ? { Cookie: cookie } : {}) },
  });
}

/** Run a loader/action and return what it returned or threw (Remix throws redirects and errors). */
export async function settle<T>(run: () => Promise<T>): Promise<T | Response> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Unwrap the payload of `data(...)` (single fetch) or a plain object. */
export function payload<T = Record<string, unknown>>(value: unknown): { status: number; body: T } {
  if (value && typeof value === "object" && "type" in value && (value as { type: string }).type === "DataWithResponseInit") {
    const wrapped = value as unknown as { data: T; init: { status?: number } | null };
    return { status: wrapped.init?.status ?? 200, body: wrapped.data };
  }
  return { status: 200, body: value as T };
}
