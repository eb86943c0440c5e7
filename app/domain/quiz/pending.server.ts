// Quiz answers posted after the session ended (the learner took longer than the idle timeout):
// kept server-side, graded once the same person signs in again in the same browser.
import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { assignments, pendingQuizSubmissions, quizAttempts } from "~/db/schema";
import { learnPath } from "../assignments/links";
import { getAuthConfig } from "../auth/config.server";
import { hashToken } from "../auth/session.server";
import { getModule } from "../content/catalog.server";
import { submitAttempt } from "./attempts.server";
import type { Answers } from "./quiz";

/** Long enough to find the password and sign in again; short enough not to linger. */
export const KEPT_QUIZ_TTL_MS = 60 * 60_000;

const AnswersSchema = z
  .record(z.string().min(1).max(100), z.array(z.number().int().min(-1).max(99)).max(20))
  .refine((answers) => Object.keys(answers).length <= 50, "too many questions");

function keptCookie(request: Request) {
  const setting = getAuthConfig().cookieSecure;
  const secure = setting === "true" || (setting === "auto" && new URL(request.url).protocol === "https:");
  return createCookie("mamori_kept_quiz", { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: KEPT_QUIZ_TTL_MS / 1000 });
}

/**
 * Keep answers that arrived without a valid session. Nothing about them is trusted yet: they are
 * only stored (for an attempt that exists and is still open, within size limits) under the hash
 * of a random token that goes to this browser in a cookie. Returns the Set-Cookie header, or
 * null when there is nothing worth keeping.
 */
export async function keepQuizAnswers(
  db: Db,
  request: Request,
  input: { attemptId: number; moduleId: string; answers: Answers },
  now = Date.now(),
): Promise<string | null> {
  const answers = AnswersSchema.safeParse(input.answers);
  if (!answers.success) return null;
  const attempt = db
    .select({ id: quizAttempts.id })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.id, input.attemptId), isNull(quizAttempts.submittedAt)))
    .get();
  if (!attempt) return null;
  const token = randomBytes(32).toString("base64url");
  db.insert(pendingQuizSubmissions)
    .values({ tokenHash: hashToken(token), attemptId: attempt.id, moduleId: input.moduleId, answers: JSON.stringify(answers.data), createdAt: now, expiresAt: now + KEPT_QUIZ_TTL_MS })
    .run();
  return keptCookie(request).serialize(token);
}

export type ResumedQuiz = { redirectTo: string; graded: boolean };

/**
 * After a sign-in: grade the answers this browser kept, if they are for an open attempt of the
 * person who signed in (checked now, not before). The kept row is used once whatever happens.
 * Returns where to go (the result, or the quiz again when the answers could not be graded) and
 * the Set-Cookie header that clears the cookie; null when the browser kept nothing.
 */
export async function resumeKeptQuiz(
  db: Db,
  request: Request,
  employeeId: number,
  now = Date.now(),
): Promise<{ resumed: ResumedQuiz | null; clearCookie: string } | null> {
  const cookie = keptCookie(request);
  const token: unknown = await cookie.parse(request.headers.get("Cookie"));
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const clearCookie = await cookie.serialize("", { maxAge: 0 });
  const kept = db
    .select()
    .from(pendingQuizSubmissions)
    .where(and(eq(pendingQuizSubmissions.tokenHash, hashToken(token)), isNull(pendingQuizSubmissions.usedAt), gt(pendingQuizSubmissions.expiresAt, now)))
    .get();
  if (!kept) return { resumed: null, clearCookie };
  db.update(pendingQuizSubmissions).set({ usedAt: now }).where(eq(pendingQuizSubmissions.tokenHash, kept.tokenHash)).run();
  const owner = db
    .select({ assignmentId: assignments.id, moduleId: assignments.moduleId, employeeId: assignments.employeeId })
    .from(quizAttempts)
    .innerJoin(assignments, eq(assignments.id, quizAttempts.assignmentId))
    .where(eq(quizAttempts.id, kept.attemptId))
    .get();
  // Someone else's attempt, or answers posted to another module's page: dropped silently.
  if (!owner || owner.employeeId !== employeeId || owner.moduleId !== kept.moduleId) return { resumed: null, clearCookie };
  const module = getModule(owner.moduleId);
  const answers = AnswersSchema.safeParse(JSON.parse(kept.answers));
  const quizPath = learnPath({ moduleId: owner.moduleId, id: owner.assignmentId }, "/quiz");
  if (!module || !answers.success) return { resumed: { redirectTo: quizPath, graded: false }, clearCookie };
  const result = submitAttempt(db, { assignmentId: owner.assignmentId, attemptId: kept.attemptId, answers: answers.data }, module, now);
  if (!result.ok) return { resumed: { redirectTo: quizPath, graded: false }, clearCookie };
  return { resumed: { redirectTo: `${quizPath}&attempt=${result.attemptId}`, graded: true }, clearCookie };
}
