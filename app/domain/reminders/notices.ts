import type { AssignmentStatus } from "../assignments/status";
import { daysBetween } from "../time";
import type { ReminderSettings } from "./settings";

export type LearnerNotice = {
  assignmentId: number;
  moduleId: string;
  title: string;
  fiscalYear: number;
  dueDate: string;
  kind: "overdue" | "due_today" | "due_soon";
  /** Days overdue (overdue) or days left (due_soon); 0 for due_today. */
  days: number;
};

/**
 * The in-app notices on /learn: the same reminders as the e-mails, from the live status. Due soon
 * means within the earliest "days before" reminder of the schedule (14 by default).
 */
export function buildLearnerNotices(
  items: { id: number; moduleId: string; title: string; fiscalYear: number; dueDate: string; status: AssignmentStatus }[],
  today: string,
  settings: ReminderSettings,
): LearnerNotice[] {
  const window = Math.max(0, ...settings.daysBefore);
  const notices: LearnerNotice[] = [];
  for (const item of items) {
    if (item.status === "completed" || item.status === "exempt") continue;
    const daysLeft = daysBetween(today, item.dueDate);
    const base = { assignmentId: item.id, moduleId: item.moduleId, title: item.title, fiscalYear: item.fiscalYear, dueDate: item.dueDate };
    if (item.status === "overdue") notices.push({ ...base, kind: "overdue", days: -daysLeft });
    else if (daysLeft === 0) notices.push({ ...base, kind: "due_today", days: 0 });
    else if (daysLeft > 0 && daysLeft <= window) notices.push({ ...base, kind: "due_soon", days: daysLeft });
  }
  const order = { overdue: 0, due_today: 1, due_soon: 2 } as const;
  return notices.sort((a, b) => order[a.kind] - order[b.kind] || a.dueDate.localeCompare(b.dueDate));
}
