// The learner's side: quiz answers posted after the session had expired, kept until sign-in.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { quizAttempts } from "./schema";

/**
 * Quiz answers that arrived without a valid session (the learner took longer than the idle
 * timeout). Nothing about them is trusted until someone signs in in the same browser: the row is
 * found by the hash of a random token held in that browser's cookie, and it is graded only when
 * the attempt belongs to the person who signed in and is still open. Short-lived; never deleted,
 * marked used instead.
 */
export const pendingQuizSubmissions = sqliteTable("pending_quiz_submissions", {
  tokenHash: text("token_hash").primaryKey(),
  attemptId: integer("attempt_id")
    .notNull()
    .references(() => quizAttempts.id),
  /** The module of the page the answers came from (its URL), checked against the attempt. */
  moduleId: text("module_id").notNull(),
  /** JSON: { [questionId]: number[] } as posted (validated when graded). */
  answers: text("answers").notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  /** When it was graded or refused after sign-in. */
  usedAt: integer("used_at"),
});
