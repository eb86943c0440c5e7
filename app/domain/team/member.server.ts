// One member's training record, for the manager's /team/:employeeNo: assignments of every 年度,
// quiz attempts (scores only, never the answers), acknowledgements and changes. Training data
// only: no e-mail, hire date or account details.
//
// NOTE: unscoped by itself: pass an employee id that requireTeamMember (or an HR check) returned.
import { sql } from "drizzle-orm";
import type { Executor } from "~/db/client.server";
import { listAssignmentEvents, type AssignmentEventRow } from "../assignments/changes.server";
import { calculateStatus, type AssignmentStatus } from "../assignments/status";

export type RecordAssignment = {
  id: number;
  moduleId: string;
  title: string;
  kind: string;
  fiscalYear: number;
  dueDate: string;
  source: string;
  reason: string | null;
  assignedBy: string | null;
  createdAt: number;
  startedAt: number | null;
  readAt: number | null;
  completedAt: number | null;
  completedVersion: number | null;
  exemptedAt: number | null;
  exemptionReason: string | null;
  closedAt: number | null;
  cycle: number;
  status: AssignmentStatus;
};

export type RecordAttempt = {
  id: number;
  assignmentId: number;
  title: string;
  fiscalYear: number;
  moduleVersion: number;
  submittedAt: number;
  correctCount: number | null;
  questionCount: number;
  scorePercent: number | null;
  passed: boolean;
};

export type RecordAcknowledgement = { id: number; title: string; moduleVersion: number; textHash: string; acknowledgedAt: number };

export type MemberTrainingRecord = {
  assignments: RecordAssignment[];
  attempts: RecordAttempt[];
  acknowledgements: RecordAcknowledgement[];
  events: (AssignmentEventRow & { title: string; fiscalYear: number })[];
};

export function getMemberTrainingRecord(db: Executor, employeeId: number, today: string): MemberTrainingRecord {
  const assignments = db
    .all<Omit<RecordAssignment, "status">>(sql`
      SELECT a.id, a.module_id AS moduleId, coalesce(m.title, a.module_id) AS title, coalesce(m.kind, 'training') AS kind,
        a.fiscal_year AS fiscalYear, a.due_date AS dueDate, a.source, a.reason,
        (SELECT e.name FROM accounts ac JOIN employees e ON e.id = ac.employee_id WHERE ac.id = a.assigned_by_account_id) AS assignedBy,
        a.created_at AS createdAt, a.started_at AS startedAt, a.read_at AS readAt, a.completed_at AS completedAt,
        a.completed_version AS completedVersion, a.exempted_at AS exemptedAt, a.exemption_reason AS exemptionReason,
        a.closed_at AS closedAt, a.cycle
      FROM assignments a
      LEFT JOIN training_modules m ON m.id = a.module_id
      WHERE a.employee_id = ${employeeId}
      ORDER BY a.fiscal_year DESC, a.due_date, m.sort_order, a.module_id, a.cycle
    `)
    .map((row) => ({ ...row, status: calculateStatus(row, today) }));
  const attempts = db
    .all<Omit<RecordAttempt, "passed"> & { passed: number | null }>(sql`
      SELECT q.id, q.assignment_id AS assignmentId, coalesce(m.title, a.module_id) AS title, a.fiscal_year AS fiscalYear,
        q.module_version AS moduleVersion, q.submitted_at AS submittedAt, q.correct_count AS correctCount,
        q.question_count AS questionCount, q.score_percent AS scorePercent, q.passed
      FROM quiz_attempts q
      JOIN assignments a ON a.id = q.assignment_id
      LEFT JOIN training_modules m ON m.id = a.module_id
      WHERE a.employee_id = ${employeeId} AND q.submitted_at IS NOT NULL
      ORDER BY q.submitted_at DESC
    `)
    .map((row) => ({ ...row, passed: row.passed === 1 }));
  const acknowledgements = db.all<RecordAcknowledgement>(sql`
    SELECT k.id, coalesce(m.title, k.module_id) AS title, k.module_version AS moduleVersion, k.text_hash AS textHash, k.acknowledged_at AS acknowledgedAt
    FROM acknowledgements k
    LEFT JOIN training_modules m ON m.id = k.module_id
    WHERE k.employee_id = ${employeeId}
    ORDER BY k.acknowledged_at DESC
  `);
  const byId = new Map(assignments.map((assignment) => [assignment.id, assignment]));
  const events = listAssignmentEvents(db, assignments.map((assignment) => assignment.id))
    .map((event) => ({ ...event, title: byId.get(event.assignmentId)?.title ?? "", fiscalYear: byId.get(event.assignmentId)?.fiscalYear ?? 0 }))
    .reverse();
  return { assignments, attempts, acknowledgements, events };
}

/** One assignment with its change history (for the change page). Unscoped: scope the id first. */
export function getAssignmentDetail(db: Executor, assignmentId: number, today: string) {
  const row = db.get<Omit<RecordAssignment, "status">>(sql`
    SELECT a.id, a.module_id AS moduleId, coalesce(m.title, a.module_id) AS title, coalesce(m.kind, 'training') AS kind,
      a.fiscal_year AS fiscalYear, a.due_date AS dueDate, a.source, a.reason,
      (SELECT e.name FROM accounts ac JOIN employees e ON e.id = ac.employee_id WHERE ac.id = a.assigned_by_account_id) AS assignedBy,
      a.created_at AS createdAt, a.started_at AS startedAt, a.read_at AS readAt, a.completed_at AS completedAt,
      a.completed_version AS completedVersion, a.exempted_at AS exemptedAt, a.exemption_reason AS exemptionReason,
      a.closed_at AS closedAt, a.cycle
    FROM assignments a
    LEFT JOIN training_modules m ON m.id = a.module_id
    WHERE a.id = ${assignmentId}
  `);
  if (!row) return null;
  return { assignment: { ...row, status: calculateStatus(row, today) }, events: listAssignmentEvents(db, [assignmentId]) };
}
