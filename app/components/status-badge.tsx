import { CLOSED_LABEL, STATUS_LABELS, type AssignmentStatus } from "~/domain/assignments/status";

/** `closed`: HR closed the 年度 while this was open; it stays not completed (締切済（未修了）). */
export function StatusBadge({ status, closed = false }: { status: AssignmentStatus; closed?: boolean }) {
  if (closed && status !== "completed" && status !== "exempt") return <span className="status status--closed">{CLOSED_LABEL}</span>;
  return <span className={`status status--${status}`}>{STATUS_LABELS[status]}</span>;
}
