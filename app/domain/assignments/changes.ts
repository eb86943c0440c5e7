// Pure rules and labels of assignment changes (extension, exemption, reinstatement), usable in the
// browser bundle. The writes are in changes.server.ts.
import { addDays } from "../time";

export const REASON_MAX_LENGTH = 500;
/** A new due date may be at most this far ahead: catches typos such as 2062 for 2026. */
export const MAX_DAYS_AHEAD = 366;

export type AssignmentEventKind = "extension" | "exemption" | "reinstatement" | "closure";

export const EVENT_KIND_LABELS: Record<AssignmentEventKind, string> = {
  extension: "期限延長",
  exemption: "免除",
  reinstatement: "免除の取消",
  closure: "年度の締め（未修了のまま締切）",
};

/** A due date chosen today must be after today and not absurdly far ahead. Returns the error or null. */
export function checkFutureDueDate(dueDate: string, today: string): string | null {
  if (dueDate <= today) return "期限は明日以降の日付にしてください。";
  if (dueDate > addDays(today, MAX_DAYS_AHEAD)) return `期限は今日から${MAX_DAYS_AHEAD}日以内の日付にしてください。`;
  return null;
}
