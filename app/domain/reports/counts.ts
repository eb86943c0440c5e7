import type { AssignmentStatus } from "../assignments/status";
import type { ListStatus } from "./filters";

export type StatusCounts = Record<AssignmentStatus, number> & { total: number };

export function emptyCounts(): StatusCounts {
  return { total: 0, not_started: 0, in_progress: 0, completed: 0, overdue: 0, exempt: 0 };
}

/** The denominator: every assignment except exempt ones. */
export function assignedOf(counts: StatusCounts): number {
  return counts.total - counts.exempt;
}

/** Completed ÷ (total − exempt), or null when nothing is assigned. */
export function completionRate(counts: StatusCounts): number | null {
  const assigned = assignedOf(counts);
  return assigned === 0 ? null : counts.completed / assigned;
}

/** How many assignments a drill-down list with this status filter shows. */
export function countForStatus(counts: StatusCounts, status: ListStatus | null): number {
  switch (status) {
    case null:
      return counts.total;
    case "assigned":
      return assignedOf(counts);
    case "incomplete":
      return counts.overdue + counts.in_progress + counts.not_started;
    default:
      return counts[status];
  }
}


/**
 * A rate in percent with one decimal, rounded DOWN: 99.96% of people done is not "100.0%".
 * Pages and CSV files use the same figure.
 */
export function ratePercent(rate: number | null): number | null {
  return rate === null ? null : Math.floor(rate * 1000 + 1e-9) / 10;
}
