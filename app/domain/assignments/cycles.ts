// Several cycles of one module in one 年度 (the 年度's assignment, then refreshers): what a
// manager sees of a person's module before assigning a refresher. Pure.
import { japanDate } from "../time";
import { calculateStatus } from "./status";

export type CycleRow = {
  cycle: number;
  source: string;
  dueDate: string;
  startedAt: number | null;
  readAt: number | null;
  completedAt: number | null;
  exemptedAt: number | null;
  closedAt: number | null;
};

export type ModuleState = { kind: "none" | "open" | "overdue" | "refresher" | "completed" | "exempt"; label: string };

/** 2026-09-03 → 9/3 */
function monthDay(isoDate: string): string {
  const [, month, day] = isoDate.split("-");
  return `${Number(month)}/${Number(day)}`;
}

/**
 * One line for a person's module in the 年度: open work first (a refresher in progress, else the
 * 年度's assignment with its due date), else the latest completion, else exempt or not assigned.
 */
export function describeModuleState(cycles: CycleRow[], today: string): ModuleState {
  if (cycles.length === 0) return { kind: "none", label: "未割り当て" };
  const open = cycles.find((row) => row.completedAt === null && row.exemptedAt === null && row.closedAt === null);
  if (open) {
    const due = `期限 ${monthDay(open.dueDate)}`;
    if (open.cycle > 1 || open.source === "refresher") return { kind: "refresher", label: `再受講中（${due}）` };
    if (calculateStatus(open, today) === "overdue") return { kind: "overdue", label: `期限超過（${due}）` };
    return { kind: "open", label: `未完了（${due}）` };
  }
  const completed = cycles
    .filter((row) => row.completedAt !== null)
    .sort((a, b) => (b.completedAt ?? 0) - (a.completedAt ?? 0));
  if (completed.length > 0) {
    const times = completed.length > 1 ? `（${completed.length}回）` : "";
    return { kind: "completed", label: `完了 ${monthDay(japanDate(completed[0].completedAt!))}${times}` };
  }
  return { kind: "exempt", label: "免除" };
}
