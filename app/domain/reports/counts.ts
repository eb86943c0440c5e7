import type { AssignmentStatus } from "../assignments/status";
import type { ListStatus } from "./filters";
import { completionRates, type CompletionRates } from "./rates";

export type StatusCounts = Record<AssignmentStatus, number> & { total: number };

export function emptyCounts(): StatusCounts {
  return { total: 0, not_started: 0, in_progress: 0, completed: 0, overdue: 0, exempt: 0 };
}

/** The denominator: every assignment except exempt ones. */
export function assignedOf(counts: StatusCounts): number {
  return counts.total - counts.exempt;
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


/** People with at least one non-exempt assignment (targets), and those who completed all of them. */
export type PeopleTally = { targets: number; finished: number };

export function emptyPeople(): PeopleTally {
  return { targets: 0, finished: 0 };
}

/** Both completion rates of a scope: people from its person tally, assignments from its counts. */
export function ratesOf(counts: StatusCounts, people: PeopleTally): CompletionRates {
  return completionRates({ finishedPeople: people.finished, targetPeople: people.targets, completed: counts.completed, assigned: assignedOf(counts) });
}
