export const STATUSES = ["not_started", "in_progress", "completed", "overdue", "exempt"] as const;
export type AssignmentStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<AssignmentStatus, string> = {
  not_started: "未着手",
  in_progress: "受講中",
  completed: "完了",
  overdue: "期限超過",
  exempt: "免除",
};

/**
 * An open assignment whose 年度 HR closed. Not a status of its own: it counts as not completed
 * (期限超過, its due date having passed) in every number; only the label says it was closed.
 */
export const CLOSED_LABEL = "締切済（未修了）";

export type StatusInput = {
  dueDate: string;
  startedAt: number | null;
  readAt: number | null;
  completedAt: number | null;
  exemptedAt: number | null;
};

/**
 * The one definition of an assignment's status. `today` is the Japan-time calendar date; an
 * assignment is overdue from the day after its due date until it is completed or exempted.
 */
export function calculateStatus(assignment: StatusInput, today: string): AssignmentStatus {
  if (assignment.exemptedAt !== null) return "exempt";
  if (assignment.completedAt !== null) return "completed";
  if (assignment.dueDate < today) return "overdue";
  if (assignment.startedAt !== null || assignment.readAt !== null) return "in_progress";
  return "not_started";
}
