import { and, eq, isNull } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { accounts, auditLog, employees, sessions } from "~/db/schema";
import { getAuthConfig } from "~/domain/auth/config.server";
import { authenticate } from "~/domain/auth/login.server";
import { getSessionUser, revokeAccountSessions, safeRedirectPath } from "~/domain/auth/session.server";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { loader as hrLoader } from "~/routes/hr._index";
import { loader as adminLoader } from "~/routes/admin._index";
import { loader as teamLoader } from "~/routes/team._index";
import { createDemoDb } from "../helpers/db";
import { BASE, context, cookieFor, get, payload, post, settle } from "../helpers/requests";

let db: Db;
beforeEach(() => {
  db = createDemoDb();
});

async function login(username: string, password: string, ip = "127.0.0.1", cookie?: string) {
  return settle(() => loginAction({ request: post("/login", { username, password }, cookie), params: {}, context: { ...context, clientIp: ip } }));
}

describe("sign-in", () => {
  it("signs in with 職員番号 and password, sets an HttpOnly SameSite=Lax cookie and stores the session", async () => {
    const response = await login("S0001", "mamori-demo");
    expect(response).toBeInstanceOf(Response);
    const res = response as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/learn");
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const user = await getSessionUser(get("/learn", setCookie.split(";")[0]), { db });
    expect(user?.employeeNo).toBe("S0001");
    expect(user?.roles).toEqual(["learner"]);
  });

  it("marks the cookie Secure when served over https", async () => {
    const request = new Request("https://mamori.example/login", {
      method: "POST",
      body: new URLSearchParams({ username: "S0001", password: "mamori-demo" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const res = (await settle(() => loginAction({ request, params: {}, context }))) as Response;
    expect(res.headers.get("Set-Cookie")).toMatch(/Secure/);
  });

  it("rejects a wrong password and an unknown user with the same Japanese message and no session", async () => {
    const wrong = payload<{ formError: string }>(await login("S0001", "wrong-password"));
    const unknown = payload<{ formError: string }>(await login("Z9999", "mamori-demo"));
    expect(wrong.status).toBe(400);
    expect(wrong.body.formError).toBe("職員番号またはパスワードが正しくありません。");
    expect(unknown.body.formError).toBe(wrong.body.formError);
    expect(db.select().from(sessions).all()).toHaveLength(0);
  });

  it("returns field errors for empty input", async () => {
    const result = payload<{ fieldErrors: Record<string, string[]> }>(await login("", ""));
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.username?.[0]).toBe("職員番号を入力してください。");
    expect(result.body.fieldErrors.password?.[0]).toBe("パスワードを入力してください。");
  });

  it("only redirects to local paths after sign-in", () => {
    expect(safeRedirectPath("/learn/threats")).toBe("/learn/threats");
    expect(safeRedirectPath("//evil.example/")).toBe("/learn");
    expect(safeRedirectPath("https://evil.example/")).toBe("/learn");
    expect(safeRedirectPath("/\\evil.example")).toBe("/learn");
  });
});

describe("throttling", () => {
  it("locks an account after 5 failures, even for the right password, and records it", async () => {
    for (let index = 0; index < 5; index += 1) {
      expect(payload(await login("S0001", "wrong", `10.0.0.${index}`)).status).toBe(400);
    }
    const throttled = payload<{ formError: string }>(await login("S0001", "mamori-demo", "10.0.1.1"));
    expect(throttled.status).toBe(429);
    expect(throttled.body.formError).toMatch(/一時的にログインを制限/);
    expect(db.select().from(sessions).all()).toHaveLength(0);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "auth.login_throttled")).all()).toHaveLength(1);
    // Other accounts are not affected.
    expect((await login("S0002", "mamori-demo", "10.0.1.1")) as Response).toBeInstanceOf(Response);
  });

  it("opens again after the window", async () => {
    const config = getAuthConfig();
    const start = Date.now();
    for (let index = 0; index < 5; index += 1) {
      await authenticate(db, { employeeNo: "S0001", password: "wrong", ip: null }, { now: start });
    }
    expect(await authenticate(db, { employeeNo: "S0001", password: "mamori-demo", ip: null }, { now: start + 1000 })).toEqual({ ok: false, reason: "throttled" });
    const later = await authenticate(db, { employeeNo: "S0001", password: "mamori-demo", ip: null }, { now: start + config.throttleWindowMs + 1000 });
    expect(later.ok).toBe(true);
  });

  it("throttles one IP that tries many accounts", async () => {
    for (let index = 0; index < 20; index += 1) {
      await login(`X${index}`, "guess", "192.0.2.7");
    }
    expect(payload(await login("S0001", "mamori-demo", "192.0.2.7")).status).toBe(429);
    expect(await login("S0001", "mamori-demo", "192.0.2.8")).toBeInstanceOf(Response);
  });
});

describe("sessions", () => {
  it("expires after the idle timeout and after the absolute timeout", async () => {
    const config = getAuthConfig();
    const start = Date.now();
    const idle = await cookieFor(db, "S0001", start);
    expect(await getSessionUser(get("/learn", idle), { db, now: start + config.idleMs + 1000 })).toBeNull();
    const active = await cookieFor(db, "S0001", start);
    expect(await getSessionUser(get("/learn", active), { db, now: start + config.idleMs - 1000 })).not.toBeNull();

    const cookie2 = await cookieFor(db, "S0001", start);
    // Stay active every 10 minutes: the idle timer resets, the absolute one does not.
    let time = start;
    while (time + 10 * 60_000 < start + config.absoluteMs) {
      time += 10 * 60_000;
      expect(await getSessionUser(get("/learn", cookie2), { db, now: time })).not.toBeNull();
    }
    expect(await getSessionUser(get("/learn", cookie2), { db, now: start + config.absoluteMs + 1 })).toBeNull();
  });

  it("revokes the session on logout and rejects the old cookie afterwards", async () => {
    const cookie = await cookieFor(db, "S0001");
    const res = (await settle(() => logoutAction({ request: post("/logout", {}, cookie), params: {}, context }))) as Response;
    expect(res.headers.get("Location")).toBe("/login?reason=signedout");
    expect(res.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(await getSessionUser(get("/learn", cookie), { db })).toBeNull();
  });

  it("issues a new session id on sign-in and revokes the previous one", async () => {
    const old = await cookieFor(db, "S0001");
    const res = (await login("S0001", "mamori-demo", "127.0.0.1", old)) as Response;
    const fresh = res.headers.get("Set-Cookie")!.split(";")[0];
    expect(fresh).not.toBe(old);
    expect(await getSessionUser(get("/learn", old), { db })).toBeNull();
    expect(await getSessionUser(get("/learn", fresh), { db })).not.toBeNull();
  });

  it("revokes every session of an account, and a disabled account cannot use its session", async () => {
    const cookie = await cookieFor(db, "S0002");
    const account = db.select({ id: accounts.id }).from(accounts).innerJoin(employees, eq(employees.id, accounts.employeeId)).where(eq(employees.employeeNo, "S0002")).get()!;
    expect(revokeAccountSessions(db, account.id)).toBe(1);
    expect(await getSessionUser(get("/learn", cookie), { db })).toBeNull();
    expect(db.select().from(sessions).where(and(eq(sessions.accountId, account.id), isNull(sessions.revokedAt))).all()).toHaveLength(0);

    const cookie2 = await cookieFor(db, "S0002");
    db.update(accounts).set({ disabled: true }).where(eq(accounts.id, account.id)).run();
    expect(await getSessionUser(get("/learn", cookie2), { db })).toBeNull();
  });

  it("ignores a forged or malformed cookie", async () => {
    expect(await getSessionUser(get("/learn", "mamori_session=abc"), { db })).toBeNull();
    expect(await getSessionUser(get("/learn", `mamori_session=${btoa(JSON.stringify("A".repeat(43)))}`), { db })).toBeNull();
  });
});

describe("role checks on the server", () => {
  it("sends an anonymous visitor to the login page with the way back", async () => {
    const res = (await settle(() => hrLoader({ request: get("/hr"), params: {}, context }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/hr")}`);
  });

  it("gives a learner 403 on /hr, /team and /admin", async () => {
    const cookie = await cookieFor(db, "S0001");
    const loaders: ((args: { request: Request; params: Record<string, string>; context: typeof context }) => Promise<unknown>)[] = [hrLoader, teamLoader, adminLoader];
    for (const loader of loaders) {
      const res = await settle(() => loader({ request: get("/x", cookie), params: {}, context }));
      expect((res as Response).status).toBe(403);
    }
  });

  it("lets each role into its own page only", async () => {
    const hr = await cookieFor(db, "H0001");
    expect(await settle(() => hrLoader({ request: get("/hr", hr), params: {}, context }))).not.toBeInstanceOf(Response);
    expect(((await settle(() => adminLoader({ request: get("/admin", hr), params: {}, context }))) as Response).status).toBe(403);
    const admin = await cookieFor(db, "A0001");
    expect(await settle(() => adminLoader({ request: get("/admin", admin), params: {}, context }))).not.toBeInstanceOf(Response);
    expect(((await settle(() => hrLoader({ request: get("/hr", admin), params: {}, context }))) as Response).status).toBe(403);
  });

  it("shows a manager only their own department subtree on /team", async () => {
    const cookie = await cookieFor(db, "M0001");
    const result = (await settle(() => teamLoader({ request: get("/team", cookie), params: {}, context }))) as Awaited<ReturnType<typeof teamLoader>>;
    expect(result.team.departments.map((department) => department.name)).toEqual(["総務課"]);
    const numbers = result.team.members.map((member) => member.employeeNo);
    expect(numbers).toContain("S0001");
    expect(numbers).toContain("S0002");
    expect(numbers).not.toContain("H0001"); // 人事課
    expect(new Set(result.team.members.map((member) => member.departmentName))).toEqual(new Set(["総務課", "文書法制係", "庶務係"]));
  });
});

void BASE;
