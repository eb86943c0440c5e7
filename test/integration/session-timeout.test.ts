// The session's end, as the person sees it: why the sign-in page is shown, 「延長する」, and quiz
// answers posted after the idle cut-off that are graded after signing in again.
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "~/db/client.server";
import { assignments, employees, pendingQuizSubmissions, quizAttempts, sessions } from "~/db/schema";
import { getAuthConfig } from "~/domain/auth/config.server";
import { hashToken } from "~/domain/auth/session.server";
import { getModule } from "~/domain/content/catalog.server";
import { correctOptionIndexes } from "~/domain/quiz/quiz";
import { action as quizAction, loader as quizLoader } from "~/routes/learn.$moduleId.quiz";
import { loader as learnLoader } from "~/routes/learn._index";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { loader as rootLoader } from "~/root";
import { action as extendAction } from "~/routes/session.extend";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get, payload, post, settle } from "../helpers/requests";

const MODULE = "threats";
let db: Db;

beforeEach(() => {
  vi.stubEnv("MAMORI_NOW", new Date(TEST_NOW).toISOString());
  db = createDemoDb();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The stored hash of a cookie's token (Remix cookies hold base64 JSON, URL-encoded). */
function tokenHashOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
  return hashToken(JSON.parse(Buffer.from(value, "base64").toString("utf8")) as string);
}

/** Make the session look idle for longer than the timeout (as if the person went away). */
function goIdle(cookie: string): void {
  const lastSeenAt = Date.now() - getAuthConfig().idleMs - 60_000;
  const changed = db.update(sessions).set({ lastSeenAt }).where(eq(sessions.tokenHash, tokenHashOf(cookie))).run().changes;
  expect(changed).toBe(1);
}

function loginMessage(search: string) {
  return settle(() => loginLoader({ request: get(`/login${search}`), params: {}, context })) as Promise<{ notice: string | null; keptQuiz: boolean }>;
}

describe("why the sign-in page is shown", () => {
  it("says the session ended for inactivity, for its absolute limit, or because the person signed out", async () => {
    const idle = await cookieFor(db, "S0001");
    goIdle(idle);
    const toLogin = (await settle(() => learnLoader({ request: get("/learn", idle), params: {}, context }))) as Response;
    expect(toLogin.headers.get("Location")).toBe("/login?redirectTo=%2Flearn&reason=idle");
    expect((await loginMessage("?redirectTo=%2Flearn&reason=idle")).notice).toBe("一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。");

    const old = await cookieFor(db, "S0001");
    db.update(sessions).set({ expiresAt: Date.now() - 1 }).where(eq(sessions.tokenHash, tokenHashOf(old))).run();
    const expired = (await settle(() => learnLoader({ request: get("/learn", old), params: {}, context }))) as Response;
    expect(new URL(expired.headers.get("Location")!, "http://x").searchParams.get("reason")).toBe("expired");
    expect((await loginMessage("?reason=expired")).notice).toBe(`ログインしてから${getAuthConfig().absoluteMs / 3_600_000}時間が過ぎたため、ログアウトしました。もう一度ログインしてください。`);

    const signedIn = await cookieFor(db, "S0001");
    const out = (await settle(() => logoutAction({ request: post("/logout", {}, signedIn), params: {}, context }))) as Response;
    expect(out.headers.get("Location")).toBe("/login?reason=signedout");
    expect((await loginMessage("?reason=signedout")).notice).toBe("ログアウトしました。");
    // The old cookie of a signed-out session says "ended", not "idle".
    const after = (await settle(() => learnLoader({ request: get("/learn", signedIn), params: {}, context }))) as Response;
    expect(new URL(after.headers.get("Location")!, "http://x").searchParams.get("reason")).toBe("revoked");

    // No cookie: no reason. Anything else in the URL is ignored, never shown.
    const anonymous = (await settle(() => learnLoader({ request: get("/learn"), params: {}, context }))) as Response;
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Flearn");
    expect(await loginMessage("?reason=%3Cscript%3E")).toMatchObject({ notice: null, keptQuiz: false });
  });
});

describe("延長する", () => {
  it("restarts the idle clock: as a plain form it returns to the page, with JavaScript it answers the new time", async () => {
    const cookie = await cookieFor(db, "S0001");
    const hash = tokenHashOf(cookie);
    // Seen 30 s ago (a page view touches the session at most once a minute): the page is told
    // how long is left, from the server's clock.
    db.update(sessions).set({ lastSeenAt: Date.now() - 30_000 }).where(eq(sessions.tokenHash, hash)).run();
    const root = (await rootLoader({ request: get("/learn", cookie), params: {}, context })) as Awaited<ReturnType<typeof rootLoader>>;
    expect(root.session!.idleRemainingMs).toBeLessThanOrEqual(getAuthConfig().idleMs - 30_000);
    expect(root.session!.idleRemainingMs).toBeGreaterThan(getAuthConfig().idleMs - 35_000);
    db.update(sessions).set({ lastSeenAt: Date.now() - 25 * 60_000 }).where(eq(sessions.tokenHash, hash)).run();

    const plain = (await settle(() => extendAction({ request: post("/session/extend", { redirectTo: "/learn/threats?a=1" }, cookie), params: {}, context }))) as Response;
    expect(plain.status).toBe(302);
    expect(plain.headers.get("Location")).toBe("/learn/threats?a=1");
    expect(db.select().from(sessions).where(eq(sessions.tokenHash, hash)).get()!.lastSeenAt).toBeGreaterThan(Date.now() - 5000);

    const fetched = payload<{ ok: boolean; idleRemainingMs: number }>(
      await settle(() => extendAction({ request: post("/session/extend", { redirectTo: "/learn", mode: "fetch" }, cookie), params: {}, context })),
    );
    expect(fetched.body).toMatchObject({ ok: true, idleRemainingMs: getAuthConfig().idleMs });

    // Only to this site; an ended session cannot be extended.
    const offsite = (await settle(() => extendAction({ request: post("/session/extend", { redirectTo: "//evil.example/" }, cookie), params: {}, context }))) as Response;
    expect(offsite.headers.get("Location")).toBe("/learn");
    goIdle(cookie);
    const late = (await settle(() => extendAction({ request: post("/session/extend", { redirectTo: "/learn" }, cookie), params: {}, context }))) as Response;
    expect(late.headers.get("Location")).toBe("/login?redirectTo=%2Flearn&reason=idle");
  });
});

describe("a quiz answered after the session ended", () => {
  type Attempt = { attemptId: number; questions: { id: string }[] };

  async function startQuiz(cookie: string): Promise<{ attempt: Attempt; assignmentId: number }> {
    const data = (await settle(() => quizLoader({ request: get(`/learn/${MODULE}/quiz`, cookie), params: { moduleId: MODULE }, context }))) as unknown as { attempt: Attempt; assignmentId: number };
    return data;
  }

  function answers(attempt: Attempt): Record<string, string[]> {
    const bank = getModule(MODULE)!.quiz!.questions;
    const fields: Record<string, string[]> = { attemptId: [String(attempt.attemptId)] };
    for (const question of attempt.questions) fields[`answer.${question.id}`] = correctOptionIndexes(bank.find((item) => item.id === question.id)!).map(String);
    return fields;
  }

  /** Post the answers with the idle cookie; returns the kept-answers cookie the server set. */
  async function postAfterExpiry(cookie: string, assignmentId: number, attempt: Attempt): Promise<string> {
    goIdle(cookie);
    const response = (await settle(() => quizAction({ request: post(`/learn/${MODULE}/quiz?a=${assignmentId}`, answers(attempt), cookie), params: { moduleId: MODULE }, context }))) as Response;
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!, "http://x");
    expect(location.pathname).toBe("/login");
    expect(Object.fromEntries(location.searchParams)).toEqual({ redirectTo: `/learn/${MODULE}/quiz?a=${assignmentId}`, reason: "idle", kept: "quiz" });
    expect((await loginMessage(location.search)).keptQuiz).toBe(true);
    // Nothing graded yet: the session was not valid.
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.id, attempt.attemptId)).get()!.submittedAt).toBeNull();
    const setCookie = response.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^mamori_kept_quiz=.*HttpOnly/);
    return setCookie.split(";")[0];
  }

  function signIn(username: string, cookies: string, redirectTo: string) {
    return settle(() => loginAction({ request: post("/login", { username, password: "mamori-demo", redirectTo }, cookies), params: {}, context })) as Promise<Response>;
  }

  it("keeps the answers and grades them after the same person signs in again", async () => {
    const cookie = await cookieFor(db, "S0001");
    const { attempt, assignmentId } = await startQuiz(cookie);
    const kept = await postAfterExpiry(cookie, assignmentId, attempt);

    const signedIn = await signIn("S0001", `${cookie}; ${kept}`, `/learn/${MODULE}/quiz?a=${assignmentId}`);
    expect(signedIn.headers.get("Location")).toBe(`/learn/${MODULE}/quiz?a=${assignmentId}&attempt=${attempt.attemptId}`);
    expect(signedIn.headers.get("Set-Cookie")).toMatch(/mamori_kept_quiz=;.*Max-Age=0/);
    const graded = db.select().from(quizAttempts).where(eq(quizAttempts.id, attempt.attemptId)).get()!;
    expect(graded).toMatchObject({ passed: true, correctCount: attempt.questions.length });
    expect(JSON.parse(graded.answers!)).toEqual(Object.fromEntries(Object.entries(answers(attempt)).filter(([key]) => key.startsWith("answer.")).map(([key, value]) => [key.slice(7), value.map(Number)])));
    expect(db.select().from(pendingQuizSubmissions).get()!.usedAt).not.toBeNull();

    // The result page shows it to the learner under the new session.
    const fresh = signedIn.headers.get("Set-Cookie")!.split(";")[0];
    const result = (await settle(() => quizLoader({ request: get(signedIn.headers.get("Location")!, fresh), params: { moduleId: MODULE }, context }))) as unknown as { graded: { passed: boolean } };
    expect(result.graded.passed).toBe(true);
  });

  it("does not grade them for someone else who signs in in that browser, nor after they expired", async () => {
    const cookie = await cookieFor(db, "S0001");
    const { attempt, assignmentId } = await startQuiz(cookie);
    const kept = await postAfterExpiry(cookie, assignmentId, attempt);
    const other = await signIn("S0002", kept, "/learn");
    expect(other.headers.get("Location")).toBe("/learn");
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.id, attempt.attemptId)).get()!.submittedAt).toBeNull();
    // Used once: S0001 signing in afterwards with the same cookie gets nothing graded either.
    const owner = await signIn("S0001", kept, "/learn");
    expect(owner.headers.get("Location")).toBe("/learn");
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.id, attempt.attemptId)).get()!.submittedAt).toBeNull();

    const second = await cookieFor(db, "S0001");
    const kept2 = await postAfterExpiry(second, assignmentId, attempt);
    db.update(pendingQuizSubmissions).set({ expiresAt: TEST_NOW - 1 }).where(eq(pendingQuizSubmissions.attemptId, attempt.attemptId)).run();
    expect((await signIn("S0001", kept2, "/learn")).headers.get("Location")).toBe("/learn");
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.id, attempt.attemptId)).get()!.submittedAt).toBeNull();
  });

  it("keeps nothing for an attempt that does not exist or is already graded", async () => {
    const cookie = await cookieFor(db, "S0001");
    goIdle(cookie);
    const response = (await settle(() => quizAction({ request: post(`/learn/${MODULE}/quiz`, { attemptId: "999999", "answer.x": "1" }, cookie), params: { moduleId: MODULE }, context }))) as Response;
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=%2Flearn%2F${MODULE}%2Fquiz&reason=idle`);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(db.select().from(pendingQuizSubmissions).all()).toEqual([]);
    const mine = db.select({ id: assignments.id }).from(assignments).innerJoin(employees, eq(employees.id, assignments.employeeId)).where(and(eq(employees.employeeNo, "S0001"), eq(assignments.moduleId, MODULE))).all();
    expect(mine.length).toBeGreaterThan(0);
  });
});
