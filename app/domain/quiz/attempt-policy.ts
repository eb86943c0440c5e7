// The attempt policy: what makes guessing expensive. After a failed attempt the next one opens
// only after a delay (Moodle's "enforced delay between attempts"); after N failed attempts in a
// row the learner must read the module again (読了) before the next attempt. HR sets both at
// /hr/quiz-settings; they are stored as JSON in the `settings` table.
import { z } from "zod";
import { toNumber } from "../reminders/settings";

export type AttemptPolicy = {
  /** Minutes after a failed attempt before the next one opens (0 = at once). */
  delayMinutes: number;
  /** Failed attempts in a row after which 読了 is required again; null = never. */
  failuresBeforeReread: number | null;
};

export const DEFAULT_ATTEMPT_POLICY: AttemptPolicy = { delayMinutes: 10, failuresBeforeReread: 3 };

export const ATTEMPT_POLICY_KEY = "quiz.attempts";

export const MAX_DELAY_MINUTES = 1440;
export const MAX_FAILURES_BEFORE_REREAD = 10;

export const AttemptPolicySchema = z.object({
  delayMinutes: z
    .number({ error: "待ち時間を数字で入力してください。" })
    .int("待ち時間は整数（分）で入力してください。")
    .min(0, "待ち時間は0分以上にしてください。")
    .max(MAX_DELAY_MINUTES, `待ち時間は${MAX_DELAY_MINUTES}分（24時間）以下にしてください。`),
  failuresBeforeReread: z
    .number({ error: "回数を選んでください。" })
    .int("回数を選んでください。")
    .min(1, "回数は1回以上にしてください。")
    .max(MAX_FAILURES_BEFORE_REREAD, `回数は${MAX_FAILURES_BEFORE_REREAD}回以下にしてください。`)
    .nullable(),
});

/** The stored policy, falling back to the defaults when missing or unreadable. */
export function parseStoredAttemptPolicy(json: string | null | undefined): AttemptPolicy {
  if (!json) return DEFAULT_ATTEMPT_POLICY;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return DEFAULT_ATTEMPT_POLICY;
  }
  const parsed = AttemptPolicySchema.safeParse({ ...DEFAULT_ATTEMPT_POLICY, ...(raw && typeof raw === "object" ? raw : {}) });
  return parsed.success ? parsed.data : DEFAULT_ATTEMPT_POLICY;
}

export type AttemptPolicyFormResult = { ok: true; policy: AttemptPolicy } | { ok: false; errors: Partial<Record<keyof AttemptPolicy, string>> };


/** Parse the /hr/quiz-settings form: `delayMinutes` (number) and `failuresBeforeReread` ("off" or 1–10). */
export function parseAttemptPolicyForm(form: FormData): AttemptPolicyFormResult {
  const rereadValue = form.get("failuresBeforeReread");
  const candidate = {
    delayMinutes: toNumber(form.get("delayMinutes")),
    failuresBeforeReread: rereadValue === "off" ? null : toNumber(rereadValue),
  };
  const parsed = AttemptPolicySchema.safeParse(candidate);
  if (parsed.success) return { ok: true, policy: parsed.data };
  const errors: Partial<Record<keyof AttemptPolicy, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof AttemptPolicy;
    if (errors[field]) continue;
    if (issue.code === "invalid_type") {
      errors[field] = field === "delayMinutes" ? "待ち時間を数字（分）で入力してください。" : "回数を選んでください。";
    } else {
      errors[field] = issue.message;
    }
  }
  return { ok: false, errors };
}

/** What the policy needs to know about one assignment. */
export type AttemptHistory = {
  /** Completed or exempt assignments are not locked: further attempts are only review. */
  assignmentOpen: boolean;
  /** The latest 読了 (the first one or a later re-read), or null when never read. */
  lastReadAt: number | null;
  /** Submitted attempts of the assignment (any order, any module version). */
  attempts: readonly { submittedAt: number; passed: boolean }[];
};

export type AttemptLock = {
  /** True when no attempt may be started or submitted now. */
  locked: boolean;
  /** Failed attempts in a row since the last 読了 or pass. */
  failuresInRow: number;
  /** 読了 must be pressed again before the next attempt. */
  rereadRequired: boolean;
  /** When the delay after the last failure ends, if that is still in the future. */
  opensAt: number | null;
};

const UNLOCKED: AttemptLock = { locked: false, failuresInRow: 0, rereadRequired: false, opensAt: null };

/**
 * Whether the next attempt may start now. Failures count "in a row": a 読了 (first or again) or a
 * passed attempt starts the count afresh. The delay runs from the last failed submission.
 */
export function calculateAttemptLock(policy: AttemptPolicy, history: AttemptHistory, now: number): AttemptLock {
  if (!history.assignmentOpen || history.attempts.length === 0) return UNLOCKED;
  let last = history.attempts[0];
  let lastPassAt = -Infinity;
  for (const attempt of history.attempts) {
    if (attempt.submittedAt > last.submittedAt) last = attempt;
    if (attempt.passed && attempt.submittedAt > lastPassAt) lastPassAt = attempt.submittedAt;
  }
  const since = Math.max(history.lastReadAt ?? -Infinity, lastPassAt);
  const failuresInRow = history.attempts.filter((attempt) => !attempt.passed && attempt.submittedAt > since).length;
  const delayEnds = last.passed ? null : last.submittedAt + policy.delayMinutes * 60_000;
  const opensAt = delayEnds !== null && delayEnds > now ? delayEnds : null;
  const rereadRequired = policy.failuresBeforeReread !== null && failuresInRow >= policy.failuresBeforeReread;
  return { locked: rereadRequired || opensAt !== null, failuresInRow, rereadRequired, opensAt };
}

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

/** 12月2日 14:35 (Japan time): when the next attempt opens; the delay is at most a day away. */
export function formatOpensAt(instantMs: number): string {
  const shifted = new Date(instantMs + JAPAN_OFFSET_MS);
  return `${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日 ${shifted.getUTCHours()}:${String(shifted.getUTCMinutes()).padStart(2, "0")}`;
}

/**
 * The lock in words, for the learner's pages. The minute is rounded up so that the time shown is
 * never before the moment the attempt really opens.
 */
export function describeAttemptLock(lock: AttemptLock): string[] {
  const lines: string[] = [];
  if (lock.rereadRequired) {
    lines.push(`確認テストに${lock.failuresInRow}回続けて不合格になりました。本文をもう一度読み、「読了」を押してから受験してください。`);
  }
  if (lock.opensAt !== null) lines.push(`次の受験は ${formatOpensAt(Math.ceil(lock.opensAt / 60_000) * 60_000)} から受けられます。`);
  return lines;
}

/** The refusal of a POST made while locked (the same facts as describeAttemptLock, one sentence). */
export function lockRefusalMessage(lock: AttemptLock): string {
  return `いまは受験できません。${describeAttemptLock(lock).join("")}`;
}
