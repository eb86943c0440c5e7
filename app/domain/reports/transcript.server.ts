// One person's record across every 年度: who they are and where they were, every assignment with
// its status, completion evidence, quiz scores, acknowledgements, and the extensions/exemptions
// granted with their reasons. HR and auditors read it; nothing here writes.
import type { Db } from "~/db/client.server";
import { calculateStatus, type AssignmentStatus } from "../assignments/status";
import { departmentLabel, loadDepartmentTree } from "./organisation.server";
import { statement } from "./statements.server";

export type TranscriptAttempt = {
  id: number;
  moduleVersion: number;
  startedAt: number;
  submittedAt: number | null;
  correctCount: number | null;
  questionCount: number;
  scorePercent: number | null;
  passed: boolean | null;
};

export type TranscriptEvent = {
  id: number;
  kind: string;
  previousDueDate: string | null;
  newDueDate: string | null;
  reason: string;
  actorName: string | null;
  at: number;
};

export type TranscriptCompletion = { moduleVersion: number; completedAt: number; verificationCode: string };
export type TranscriptAcknowledgement = { moduleVersion: number; textHash: string; acknowledgedAt: number };

export type TranscriptAssignment = {
  id: number;
  fiscalYear: number;
  moduleId: string;
  moduleTitle: string;
  kind: string;
  currentVersion: number;
  dueDate: string;
  source: string;
  reason: string | null;
  status: AssignmentStatus;
  createdAt: number;
  startedAt: number | null;
  readAt: number | null;
  completedAt: number | null;
  completedVersion: number | null;
  exemptedAt: number | null;
  exemptionReason: string | null;
  closedAt: number | null;
  cycle: number;
  completions: TranscriptCompletion[];
  attempts: TranscriptAttempt[];
  acknowledgements: TranscriptAcknowledgement[];
  events: TranscriptEvent[];
};

export type TranscriptYear = {
  fiscalYear: number;
  assignments: TranscriptAssignment[];
  assigned: number;
  completed: number;
  /** Every non-exempt assignment completed (and at least one): a track certificate can be issued. */
  trackComplete: boolean;
};

export type Transcript = {
  employee: {
    id: number;
    employeeNo: string;
    name: string;
    nameKana: string;
    email: string | null;
    categoryName: string;
    departmentId: number;
    departmentLabel: string;
    roleTier: string;
    hireDate: string | null;
    endDate: string | null;
    active: boolean;
  };
  departmentHistory: { departmentLabel: string; fromDate: string; toDate: string | null }[];
  years: TranscriptYear[];
};

/** The transcript of one employee by 職員番号, or null when there is no such employee. */
export function getTranscript(db: Db, employeeNo: string, today: string): Transcript | null {
  const employee = statement(
    db,
    `SELECT e.id, e.employee_no AS employeeNo, e.name, e.name_kana AS nameKana, e.email, c.name AS categoryName,
       e.department_id AS departmentId, e.role_tier AS roleTier, e.hire_date AS hireDate, e.end_date AS endDate, e.active
     FROM employees e JOIN categories c ON c.id = e.category_id WHERE e.employee_no = ?`,
  ).get(employeeNo) as (Omit<Transcript["employee"], "active" | "departmentLabel"> & { active: number }) | undefined;
  if (!employee) return null;
  const tree = loadDepartmentTree(db);

  const history = statement(
    db,
    "SELECT department_id AS departmentId, from_date AS fromDate, to_date AS toDate FROM department_history WHERE employee_id = ? ORDER BY from_date, id",
  ).all(employee.id) as { departmentId: number; fromDate: string; toDate: string | null }[];

  const assignmentRows = statement(
    db,
    `SELECT a.id, a.fiscal_year AS fiscalYear, a.module_id AS moduleId, m.title AS moduleTitle, m.kind, m.current_version AS currentVersion,
       a.due_date AS dueDate, a.source, a.reason, a.created_at AS createdAt, a.started_at AS startedAt, a.read_at AS readAt,
       a.completed_at AS completedAt, a.completed_version AS completedVersion, a.exempted_at AS exemptedAt, a.exemption_reason AS exemptionReason,
       a.closed_at AS closedAt, a.cycle
     FROM assignments a JOIN training_modules m ON m.id = a.module_id
     WHERE a.employee_id = ?
     ORDER BY a.fiscal_year DESC, m.sort_order, a.module_id, a.cycle`,
  ).all(employee.id) as Omit<TranscriptAssignment, "status" | "completions" | "attempts" | "acknowledgements" | "events">[];

  // The evidence of all assignments in four queries (not one per assignment).
  const completions = statement(
    db,
    `SELECT c.assignment_id AS assignmentId, c.module_version AS moduleVersion, c.completed_at AS completedAt, c.verification_code AS verificationCode
     FROM completions c JOIN assignments a ON a.id = c.assignment_id WHERE a.employee_id = ? ORDER BY c.completed_at`,
  ).all(employee.id) as (TranscriptCompletion & { assignmentId: number })[];
  const attempts = statement(
    db,
    `SELECT q.assignment_id AS assignmentId, q.id, q.module_version AS moduleVersion, q.started_at AS startedAt, q.submitted_at AS submittedAt,
       q.correct_count AS correctCount, q.question_count AS questionCount, q.score_percent AS scorePercent, q.passed
     FROM quiz_attempts q JOIN assignments a ON a.id = q.assignment_id WHERE a.employee_id = ? ORDER BY q.started_at, q.id`,
  ).all(employee.id) as (Omit<TranscriptAttempt, "passed"> & { assignmentId: number; passed: number | null })[];
  const acknowledgements = statement(
    db,
    `SELECT assignment_id AS assignmentId, module_version AS moduleVersion, text_hash AS textHash, acknowledged_at AS acknowledgedAt
     FROM acknowledgements WHERE employee_id = ? ORDER BY acknowledged_at`,
  ).all(employee.id) as (TranscriptAcknowledgement & { assignmentId: number })[];
  const events = statement(
    db,
    `SELECT ev.assignment_id AS assignmentId, ev.id, ev.kind, ev.previous_due_date AS previousDueDate, ev.new_due_date AS newDueDate,
       ev.reason, actor.name AS actorName, ev.at
     FROM assignment_events ev JOIN assignments a ON a.id = ev.assignment_id
     LEFT JOIN accounts acc ON acc.id = ev.actor_account_id LEFT JOIN employees actor ON actor.id = acc.employee_id
     WHERE a.employee_id = ? ORDER BY ev.at, ev.id`,
  ).all(employee.id) as (TranscriptEvent & { assignmentId: number })[];

  const group = <T extends { assignmentId: number }>(rows: T[]) => {
    const map = new Map<number, Omit<T, "assignmentId">[]>();
    for (const { assignmentId, ...rest } of rows) {
      const list = map.get(assignmentId) ?? [];
      list.push(rest);
      map.set(assignmentId, list);
    }
    return map;
  };
  const completionsBy = group(completions);
  const attemptsBy = group(attempts);
  const acknowledgementsBy = group(acknowledgements);
  const eventsBy = group(events);

  const years = new Map<number, TranscriptYear>();
  for (const row of assignmentRows) {
    const assignment: TranscriptAssignment = {
      ...row,
      status: calculateStatus(row, today),
      completions: completionsBy.get(row.id) ?? [],
      attempts: (attemptsBy.get(row.id) ?? []).map((attempt) => ({ ...attempt, passed: attempt.passed === null ? null : attempt.passed === 1 })),
      acknowledgements: acknowledgementsBy.get(row.id) ?? [],
      events: eventsBy.get(row.id) ?? [],
    };
    const year = years.get(row.fiscalYear) ?? { fiscalYear: row.fiscalYear, assignments: [], assigned: 0, completed: 0, trackComplete: false };
    year.assignments.push(assignment);
    if (assignment.status !== "exempt") year.assigned += 1;
    if (assignment.status === "completed") year.completed += 1;
    years.set(row.fiscalYear, year);
  }
  for (const year of years.values()) year.trackComplete = year.assigned > 0 && year.completed === year.assigned;

  return {
    employee: { ...employee, active: employee.active === 1, departmentLabel: departmentLabel(tree, employee.departmentId) },
    departmentHistory: history.map((item) => ({ departmentLabel: departmentLabel(tree, item.departmentId) || "（削除された所属）", fromDate: item.fromDate, toDate: item.toDate })),
    years: [...years.values()].sort((a, b) => b.fiscalYear - a.fiscalYear),
  };
}
