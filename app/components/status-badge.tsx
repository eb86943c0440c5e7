import { STATUS_LABELS, type AssignmentStatus } from "~/domain/assignments/status";

export function StatusBadge({ status }: { status: AssignmentStatus }) {
  return <span className={`status status--${status}`}>{STATUS_LABELS[status]}</span>;
}
