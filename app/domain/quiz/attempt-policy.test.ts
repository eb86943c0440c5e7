import { describe, expect, it } from "vitest";
import { calculateAttemptLock, describeAttemptLock, formatOpensAt, parseAttemptPolicyForm, parseStoredAttemptPolicy, type AttemptPolicy } from "./attempt-policy";

const MINUTE = 60_000;
const policy: AttemptPolicy = { delayMinutes: 10, failuresBeforeReread: 3 };
const T = Date.parse("2026-12-02T05:00:00Z"); // 14:00 JST

const fail = (minute: number) => ({ submittedAt: T + minute * MINUTE, passed: false });
const pass = (minute: number) => ({ submittedAt: T + minute * MINUTE, passed: true });

describe("calculateAttemptLock", () => {
  it("is open without attempts, and after a pass", () => {
    expect(calculateAttemptLock(policy, { assignmentOpen: true, lastReadAt: null, attempts: [] }, T).locked).toBe(false);
    expect(calculateAttemptLock(policy, { assignmentOpen: true, lastReadAt: null, attempts: [fail(0), pass(20)] }, T + 21 * MINUTE)).toEqual({ locked: false, failuresInRow: 0, rereadRequired: false, opensAt: null });
  });

  it("waits the delay after the last failure, to the millisecond", () => {
    const history = { assignmentOpen: true, lastReadAt: T - MINUTE, attempts: [fail(0)] };
    expect(calculateAttemptLock(policy, history, T + 10 * MINUTE - 1)).toEqual({ locked: true, failuresInRow: 1, rereadRequired: false, opensAt: T + 10 * MINUTE });
    expect(calculateAttemptLock(policy, history, T + 10 * MINUTE).locked).toBe(false);
    expect(calculateAttemptLock({ ...policy, delayMinutes: 0 }, history, T).locked).toBe(false);
  });

  it("asks for 読了 again after N failures in a row, counted since the last read or pass", () => {
    const attempts = [fail(0), fail(20), fail(40)];
    const locked = calculateAttemptLock(policy, { assignmentOpen: true, lastReadAt: T - MINUTE, attempts }, T + 60 * MINUTE);
    expect(locked).toEqual({ locked: true, failuresInRow: 3, rereadRequired: true, opensAt: null });
    // Read again after the third failure: the count restarts.
    expect(calculateAttemptLock(policy, { assignmentOpen: true, lastReadAt: T + 45 * MINUTE, attempts }, T + 60 * MINUTE).locked).toBe(false);
    // A pass in between breaks the row.
    expect(calculateAttemptLock(policy, { assignmentOpen: true, lastReadAt: null, attempts: [fail(0), pass(10), fail(20), fail(40)] }, T + 60 * MINUTE).failuresInRow).toBe(2);
    // Off: never.
    expect(calculateAttemptLock({ ...policy, failuresBeforeReread: null }, { assignmentOpen: true, lastReadAt: null, attempts }, T + 60 * MINUTE).locked).toBe(false);
    // Both at once: the re-read and, until it ends, the delay; attempts may come in any order.
    expect(calculateAttemptLock(policy, { assignmentOpen: true, lastReadAt: null, attempts: [fail(40), fail(0), fail(20)] }, T + 45 * MINUTE)).toEqual({ locked: true, failuresInRow: 3, rereadRequired: true, opensAt: T + 50 * MINUTE });
  });

  it("never locks a completed or exempt assignment (retakes are review)", () => {
    expect(calculateAttemptLock(policy, { assignmentOpen: false, lastReadAt: null, attempts: [fail(0), fail(1), fail(2)] }, T + 3 * MINUTE).locked).toBe(false);
  });
});

describe("wording", () => {
  it("gives the Japan time the attempt opens, never earlier than the real moment", () => {
    expect(formatOpensAt(Date.parse("2026-12-02T05:35:00Z"))).toBe("12月2日 14:35");
    expect(formatOpensAt(Date.parse("2026-12-31T15:05:00Z"))).toBe("1月1日 0:05");
    expect(describeAttemptLock({ locked: true, failuresInRow: 1, rereadRequired: false, opensAt: Date.parse("2026-12-02T05:34:10Z") })).toEqual(["次の受験は 12月2日 14:35 から受けられます。"]);
    expect(describeAttemptLock({ locked: true, failuresInRow: 3, rereadRequired: true, opensAt: null })).toEqual([
      "確認テストに3回続けて不合格になりました。本文をもう一度読み、「読了」を押してから受験してください。",
    ]);
  });
});

describe("settings", () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(fields)) data.set(key, value);
    return data;
  };

  it("parses the form, full-width digits included, and refuses out-of-range values", () => {
    expect(parseAttemptPolicyForm(form({ delayMinutes: "１５", failuresBeforeReread: "5" }))).toEqual({ ok: true, policy: { delayMinutes: 15, failuresBeforeReread: 5 } });
    expect(parseAttemptPolicyForm(form({ delayMinutes: "0", failuresBeforeReread: "off" }))).toEqual({ ok: true, policy: { delayMinutes: 0, failuresBeforeReread: null } });
    expect(parseAttemptPolicyForm(form({ delayMinutes: "-1", failuresBeforeReread: "0" }))).toEqual({
      ok: false,
      errors: { delayMinutes: "待ち時間は0分以上にしてください。", failuresBeforeReread: "回数は1回以上にしてください。" },
    });
    expect(parseAttemptPolicyForm(form({ delayMinutes: "1.5" }))).toEqual({
      ok: false,
      errors: { delayMinutes: "待ち時間を数字（分）で入力してください。", failuresBeforeReread: "回数を選んでください。" },
    });
  });

  it("falls back to the defaults for a missing or broken stored value", () => {
    expect(parseStoredAttemptPolicy(undefined)).toEqual({ delayMinutes: 10, failuresBeforeReread: 3 });
    expect(parseStoredAttemptPolicy("{oops")).toEqual({ delayMinutes: 10, failuresBeforeReread: 3 });
    expect(parseStoredAttemptPolicy('{"delayMinutes":30}')).toEqual({ delayMinutes: 30, failuresBeforeReread: 3 });
    expect(parseStoredAttemptPolicy('{"delayMinutes":30,"failuresBeforeReread":null}')).toEqual({ delayMinutes: 30, failuresBeforeReread: null });
  });
});
