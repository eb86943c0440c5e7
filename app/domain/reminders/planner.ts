// The reminder planner: pure. Given the open assignments, the people, the schedule, the business
// calendar and what has already been recorded, it decides who gets what on one date.
//
// Every reminder is a slot keyed assignment × kind × slot date. A slot goes out on the first
// business day on or after its date; when several slots of one assignment have come due since
// (a weekend, Golden Week, a missed run), only the newest is sent: it supersedes the older ones
// (the "due today" notice after a Sunday "1 day before" one). A recorded slot is never sent again.
// Managers and HR get digests, at most one per `digestRepeatDays` per recipient. Everything one
// person should hear on a date is merged into one message.
import { calculateStatus, type StatusInput } from "../assignments/status";
import type { BusinessCalendar } from "./calendar";
import type { ReminderSettings } from "./settings";

export type LearnerKind = "assigned" | "upcoming" | "due" | "overdue";
/**
 * Escalations recorded per assignment: the manager's digest. HR's weekly digest covers the whole
 * organisation and is recorded once per recipient (reminder_digests), not per assignment.
 */
export type EscalationKind = "escalation_manager";
export type ReminderKind = LearnerKind | EscalationKind;
export type DigestAudience = "manager" | "hr";

/** How long after its first business day a slot may still be sent (missed runs, long closures). */
export const CATCH_UP_DAYS = 7;

export type PlannerAssignment = StatusInput & {
  id: number;
  employeeId: number;
  moduleId: string;
  title: string;
  fiscalYear: number;
  /** Japan-time date the assignment was made. */
  assignedDate: string;
};

export type PlannerEmployee = {
  id: number;
  employeeNo: string;
  name: string;
  email: string | null;
  departmentName: string;
  active: boolean;
  managerId: number | null;
};

/** A department's self-inspection (自己点検) not yet submitted, answered by its head. */
export type PlannerInspection = {
  responseId: number;
  departmentName: string;
  fiscalYear: number;
  dueDate: string;
  /** Japan-time date the campaign opened: the "assigned" day of the schedule. */
  openedOn: string;
  headEmployeeId: number;
};

export type InspectionKind = LearnerKind | "escalation_manager" | "escalation_hr";

/** One inspection in a message: the head's own reminder, or a line of a manager's / HR's digest. */
export type InspectionItem = {
  responseId: number;
  kind: InspectionKind;
  slotDate: string;
  departmentName: string;
  fiscalYear: number;
  dueDate: string;
  daysLeft: number;
  /** The head who answers (for digest lines). */
  headName: string;
};

export type PlannedInspectionRecord = {
  responseId: number;
  kind: InspectionKind;
  slotDate: string;
  recipientId: number;
  channel: "email" | "none";
  note: "no_email" | "invalid_email" | null;
  messageRecipientId: number | null;
};

export type PlannerInput = {
  date: string;
  settings: ReminderSettings;
  calendar: BusinessCalendar;
  assignments: Iterable<PlannerAssignment>;
  employees: Map<number, PlannerEmployee>;
  /** HR accounts that can receive mail (active, not disabled, with an address). */
  hrRecipientIds: number[];
  isRecorded: (assignmentId: number, kind: LearnerKind, slotDate: string) => boolean;
  lastDigestSlot: (audience: DigestAudience, recipientId: number) => string | null;
  /** Recipients who already have a message for this date (one e-mail per person per day). */
  emailedOnDate: ReadonlySet<number>;
  /** Self-inspections still to submit (optional: a run without campaigns has none). */
  inspections?: Iterable<PlannerInspection>;
  isInspectionRecorded?: (responseId: number, kind: LearnerKind, slotDate: string) => boolean;
};

export type ReminderItem = {
  assignmentId: number;
  kind: LearnerKind;
  slotDate: string;
  moduleId: string;
  title: string;
  fiscalYear: number;
  dueDate: string;
  /** Days from the run date to the due date: negative when overdue. */
  daysLeft: number;
};

export type StaffItem = {
  assignmentId: number;
  employeeId: number;
  employeeNo: string;
  name: string;
  departmentName: string;
  moduleId: string;
  title: string;
  fiscalYear: number;
  dueDate: string;
  daysOverdue: number;
};

export type UnreachablePerson = {
  employeeId: number;
  employeeNo: string;
  name: string;
  departmentName: string;
  reason: "no_email" | "invalid_email";
  /** learner: their own reminders; manager: the digest about their staff. */
  role: "learner" | "manager";
  /** Open items that could not be e-mailed (reminders or staff listed). */
  items: number;
};

export type PlannedMessage = {
  recipientId: number;
  employeeNo: string;
  name: string;
  email: string;
  own: ReminderItem[];
  managerDigest: StaffItem[] | null;
  hrDigest: { overdue: StaffItem[]; unreachable: UnreachablePerson[]; inspections: InspectionItem[] } | null;
  /** The head's own self-inspection reminders. */
  inspections: InspectionItem[];
  /** Overdue self-inspections of departments below the manager / of the whole organisation (HR). */
  inspectionDigest: InspectionItem[] | null;
};

export type PlannedRecord = {
  assignmentId: number;
  employeeId: number;
  kind: ReminderKind;
  slotDate: string;
  recipientId: number | null;
  channel: "email" | "none";
  note: "no_email" | "invalid_email" | null;
  /** The message (by recipient) that carries it, if e-mailed. */
  messageRecipientId: number | null;
};

export type PlannedDigest = {
  audience: DigestAudience;
  recipientId: number;
  slotDate: string;
  channel: "email" | "none";
  itemCount: number;
  messageRecipientId: number | null;
};

export type ReminderPlan = {
  date: string;
  businessDay: boolean;
  closedReason: string | null;
  messages: PlannedMessage[];
  records: PlannedRecord[];
  digests: PlannedDigest[];
  inspectionRecords: PlannedInspectionRecord[];
  /** Reminders due today that could not be e-mailed (recorded with channel none, shown in-app). */
  undeliverable: UnreachablePerson[];
  /** Everyone with overdue or soon-due work, or a digest, and no usable address: reported to HR. */
  unreachable: UnreachablePerson[];
  /** Held until the next business day: the person already has a message for this date. */
  deferred: { recipientId: number; employeeNo: string; name: string }[];
  /** Staff due for escalation whose department chain has no head. */
  withoutManager: StaffItem[];
  warnings: string[];
};

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export function emailProblem(email: string | null): "no_email" | "invalid_email" | null {
  if (email === null || email.trim() === "") return "no_email";
  return EMAIL.test(email.trim()) ? null : "invalid_email";
}

// Calendar arithmetic on day numbers, memoised: a run touches hundreds of thousands of
// assignments but only a few hundred distinct dates.
const dayNumbers = new Map<string, number>();
const isoDates = new Map<number, string>();

function dayNumber(isoDate: string): number {
  let value = dayNumbers.get(isoDate);
  if (value === undefined) {
    value = Math.round(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000);
    if (Number.isNaN(value)) throw new RangeError(`not an ISO date: ${isoDate}`);
    if (dayNumbers.size > 100_000) dayNumbers.clear();
    dayNumbers.set(isoDate, value);
  }
  return value;
}

function isoDate(day: number): string {
  let value = isoDates.get(day);
  if (value === undefined) {
    value = new Date(day * 86_400_000).toISOString().slice(0, 10);
    if (isoDates.size > 100_000) isoDates.clear();
    isoDates.set(day, value);
  }
  return value;
}

const KIND_RANK: Record<LearnerKind, number> = { upcoming: 1, due: 2, overdue: 3, assigned: 4 };

/**
 * The newest slot of the employee's own schedule on or before `date` (never before the
 * assignment was made), or null. On the same date "assigned" wins: it is the first the person hears.
 */
export function latestLearnerSlot(
  assignment: { dueDate: string; assignedDate: string },
  settings: ReminderSettings,
  date: string,
): { kind: LearnerKind; slotDate: string } | null {
  const today = dayNumber(date);
  const assigned = dayNumber(assignment.assignedDate);
  const due = dayNumber(assignment.dueDate);
  // No per-candidate arrays: this runs once per open assignment of the whole organisation.
  let bestKind: LearnerKind | null = null;
  let bestDay = 0;
  const consider = (kind: LearnerKind, day: number) => {
    if (day > today || day < assigned) return;
    if (bestKind === null || day > bestDay || (day === bestDay && KIND_RANK[kind] > KIND_RANK[bestKind])) {
      bestKind = kind;
      bestDay = day;
    }
  };
  if (settings.onAssignment) consider("assigned", assigned);
  for (const before of settings.daysBefore) consider("upcoming", due - before);
  if (settings.onDueDate) consider("due", due);
  const firstOverdue = due + settings.overdueFirstDay;
  if (firstOverdue <= today) {
    const repeat = settings.overdueRepeatDays;
    const steps = repeat > 0 ? Math.floor((today - firstOverdue) / repeat) : 0;
    consider("overdue", firstOverdue + steps * repeat);
  }
  // NOTE: TypeScript does not see the assignments inside `consider`.
  const kind = bestKind as LearnerKind | null;
  return kind === null ? null : { kind, slotDate: isoDate(bestDay) };
}

/** A slot is still sent if its first business day is at most CATCH_UP_DAYS before `date`. */
export function isWithinCatchUp(slotDate: string, date: string, calendar: BusinessCalendar): boolean {
  return dayNumber(calendar.businessDayOnOrAfter(slotDate)) >= dayNumber(date) - CATCH_UP_DAYS;
}

function digestDue(last: string | null, date: string, repeatDays: number): boolean {
  return last === null || dayNumber(date) - dayNumber(last) >= repeatDays;
}

const OWN_ORDER: Record<LearnerKind, number> = { overdue: 0, due: 1, upcoming: 2, assigned: 3 };

export function planReminders(input: PlannerInput): ReminderPlan {
  const { date, settings, calendar, employees } = input;
  const closedReason = calendar.closedReason(date);
  const plan: ReminderPlan = {
    date,
    businessDay: closedReason === null,
    closedReason,
    messages: [],
    records: [],
    digests: [],
    inspectionRecords: [],
    undeliverable: [],
    unreachable: [],
    deferred: [],
    withoutManager: [],
    warnings: [],
  };
  if (closedReason !== null) return plan;

  const today = dayNumber(date);
  const soonWindow = Math.max(0, ...settings.daysBefore);
  const catchUp = new Map<string, boolean>();
  const withinCatchUp = (slotDate: string): boolean => {
    let value = catchUp.get(slotDate);
    if (value === undefined) {
      value = isWithinCatchUp(slotDate, date, calendar);
      catchUp.set(slotDate, value);
    }
    return value;
  };
  const own = new Map<number, ReminderItem[]>();
  const managerStaff = new Map<number, StaffItem[]>();
  const hrStaff: StaffItem[] = [];
  const unreachableLearners = new Map<number, number>();

  for (const assignment of input.assignments) {
    const employee = employees.get(assignment.employeeId);
    if (!employee || !employee.active) continue;
    const status = calculateStatus(assignment, date);
    if (status === "completed" || status === "exempt") continue;
    const daysLeft = dayNumber(assignment.dueDate) - today;

    const slot = latestLearnerSlot(assignment, settings, date);
    if (slot && withinCatchUp(slot.slotDate) && !input.isRecorded(assignment.id, slot.kind, slot.slotDate)) {
      const items = own.get(employee.id) ?? [];
      items.push({
        assignmentId: assignment.id,
        kind: slot.kind,
        slotDate: slot.slotDate,
        moduleId: assignment.moduleId,
        title: assignment.title,
        fiscalYear: assignment.fiscalYear,
        dueDate: assignment.dueDate,
        daysLeft,
      });
      own.set(employee.id, items);
    }

    if (status === "overdue") {
      const daysOverdue = -daysLeft;
      const staffItem = (): StaffItem => ({
        assignmentId: assignment.id,
        employeeId: employee.id,
        employeeNo: employee.employeeNo,
        name: employee.name,
        departmentName: employee.departmentName,
        moduleId: assignment.moduleId,
        title: assignment.title,
        fiscalYear: assignment.fiscalYear,
        dueDate: assignment.dueDate,
        daysOverdue,
      });
      if (settings.managerEscalationDays > 0 && daysOverdue >= settings.managerEscalationDays) {
        if (employee.managerId !== null) {
          const list = managerStaff.get(employee.managerId) ?? [];
          list.push(staffItem());
          managerStaff.set(employee.managerId, list);
        } else {
          plan.withoutManager.push(staffItem());
        }
      }
      if (settings.hrEscalationDays > 0 && daysOverdue >= settings.hrEscalationDays) hrStaff.push(staffItem());
    }
    if (emailProblem(employee.email) && (status === "overdue" || daysLeft <= soonWindow)) {
      unreachableLearners.set(employee.id, (unreachableLearners.get(employee.id) ?? 0) + 1);
    }
  }

  const unreachable = new Map<string, UnreachablePerson>();
  const person = (employee: PlannerEmployee, role: UnreachablePerson["role"], items: number): UnreachablePerson => ({
    employeeId: employee.id,
    employeeNo: employee.employeeNo,
    name: employee.name,
    departmentName: employee.departmentName,
    reason: emailProblem(employee.email) ?? "no_email",
    role,
    items,
  });
  for (const [employeeId, items] of unreachableLearners) {
    unreachable.set(`learner:${employeeId}`, person(employees.get(employeeId)!, "learner", items));
  }

  // Self-inspections (自己点検): the department head hears the same schedule as for their own
  // training (from the day the campaign opened to its due date); overdue ones escalate to the
  // head's manager and to HR on the same thresholds, in the same digests.
  const ownInspections = new Map<number, InspectionItem[]>();
  const managerInspections = new Map<number, InspectionItem[]>();
  const hrInspections: InspectionItem[] = [];
  for (const inspection of input.inspections ?? []) {
    const head = employees.get(inspection.headEmployeeId);
    if (!head || !head.active) continue;
    const daysLeft = dayNumber(inspection.dueDate) - today;
    const base = { responseId: inspection.responseId, departmentName: inspection.departmentName, fiscalYear: inspection.fiscalYear, dueDate: inspection.dueDate, daysLeft, headName: head.name };
    const slot = latestLearnerSlot({ dueDate: inspection.dueDate, assignedDate: inspection.openedOn }, settings, date);
    if (slot && withinCatchUp(slot.slotDate) && !(input.isInspectionRecorded?.(inspection.responseId, slot.kind, slot.slotDate) ?? false)) {
      ownInspections.set(head.id, [...(ownInspections.get(head.id) ?? []), { ...base, kind: slot.kind, slotDate: slot.slotDate }]);
    }
    const daysOverdue = -daysLeft;
    if (daysOverdue > 0 && settings.managerEscalationDays > 0 && daysOverdue >= settings.managerEscalationDays && head.managerId !== null) {
      managerInspections.set(head.managerId, [...(managerInspections.get(head.managerId) ?? []), { ...base, kind: "escalation_manager", slotDate: date }]);
    }
    if (daysOverdue > 0 && settings.hrEscalationDays > 0 && daysOverdue >= settings.hrEscalationDays) hrInspections.push({ ...base, kind: "escalation_hr", slotDate: date });
  }

  // What each recipient should hear today, before the one-message-per-day merge.
  type Parts = {
    own: ReminderItem[];
    managerDigest: StaffItem[] | null;
    hrDigest: PlannedMessage["hrDigest"];
    inspections: InspectionItem[];
    inspectionDigest: InspectionItem[] | null;
  };
  const parts = new Map<number, Parts>();
  const partsOf = (recipientId: number): Parts => {
    let value = parts.get(recipientId);
    if (!value) {
      value = { own: [], managerDigest: null, hrDigest: null, inspections: [], inspectionDigest: null };
      parts.set(recipientId, value);
    }
    return value;
  };
  const inspectionRecord = (item: InspectionItem, recipientId: number, channel: "email" | "none", note: PlannedInspectionRecord["note"]): PlannedInspectionRecord => ({
    responseId: item.responseId,
    kind: item.kind,
    slotDate: item.slotDate,
    recipientId,
    channel,
    note,
    messageRecipientId: channel === "email" ? recipientId : null,
  });

  for (const [employeeId, items] of own) {
    const employee = employees.get(employeeId)!;
    const problem = emailProblem(employee.email);
    if (problem) {
      for (const item of items) {
        plan.records.push({ assignmentId: item.assignmentId, employeeId, kind: item.kind, slotDate: item.slotDate, recipientId: employeeId, channel: "none", note: problem, messageRecipientId: null });
      }
      plan.undeliverable.push(person(employee, "learner", items.length));
      continue;
    }
    partsOf(employeeId).own = items;
  }

  for (const [headId, items] of ownInspections) {
    const head = employees.get(headId)!;
    const problem = emailProblem(head.email);
    if (problem) {
      for (const item of items) plan.inspectionRecords.push(inspectionRecord(item, headId, "none", problem));
      continue;
    }
    partsOf(headId).inspections = items;
  }

  for (const managerId of new Set([...managerStaff.keys(), ...managerInspections.keys()])) {
    const staff = managerStaff.get(managerId) ?? [];
    const inspections = managerInspections.get(managerId) ?? [];
    const manager = employees.get(managerId);
    if (!manager || !manager.active) continue;
    if (!digestDue(input.lastDigestSlot("manager", managerId), date, settings.digestRepeatDays)) continue;
    const problem = emailProblem(manager.email);
    if (problem) {
      plan.digests.push({ audience: "manager", recipientId: managerId, slotDate: date, channel: "none", itemCount: staff.length + inspections.length, messageRecipientId: null });
      for (const item of staff) {
        plan.records.push({ assignmentId: item.assignmentId, employeeId: item.employeeId, kind: "escalation_manager", slotDate: date, recipientId: managerId, channel: "none", note: problem, messageRecipientId: null });
      }
      for (const item of inspections) plan.inspectionRecords.push(inspectionRecord(item, managerId, "none", problem));
      const reported = person(manager, "manager", staff.length + inspections.length);
      plan.undeliverable.push(reported);
      unreachable.set(`manager:${managerId}`, reported);
      continue;
    }
    const part = partsOf(managerId);
    part.managerDigest = staff.length > 0 ? staff : null;
    part.inspectionDigest = inspections.length > 0 ? inspections : null;
  }

  const unreachableList = [...unreachable.values()].sort((a, b) => a.employeeNo.localeCompare(b.employeeNo));
  plan.unreachable = unreachableList;
  if (hrStaff.length > 0 || unreachableList.length > 0 || hrInspections.length > 0) {
    if (input.hrRecipientIds.length === 0) {
      plan.warnings.push("人事への報告を受け取れる人事担当（メールアドレスのある有効な人事権限のアカウント）がいません。");
    }
    for (const hrId of input.hrRecipientIds) {
      const recipient = employees.get(hrId);
      if (!recipient || !recipient.active || emailProblem(recipient.email)) continue;
      if (!digestDue(input.lastDigestSlot("hr", hrId), date, settings.digestRepeatDays)) continue;
      partsOf(hrId).hrDigest = { overdue: hrStaff, unreachable: unreachableList, inspections: hrInspections };
    }
  }

  const recipients = [...parts.keys()].sort((a, b) => employees.get(a)!.employeeNo.localeCompare(employees.get(b)!.employeeNo));
  for (const recipientId of recipients) {
    const recipient = employees.get(recipientId)!;
    const part = parts.get(recipientId)!;
    if (input.emailedOnDate.has(recipientId)) {
      // Nothing is recorded: the slots stay pending and go out with the next business day's message.
      plan.deferred.push({ recipientId, employeeNo: recipient.employeeNo, name: recipient.name });
      continue;
    }
    part.own.sort((a, b) => OWN_ORDER[a.kind] - OWN_ORDER[b.kind] || a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title));
    plan.messages.push({
      recipientId,
      employeeNo: recipient.employeeNo,
      name: recipient.name,
      email: recipient.email!.trim(),
      own: part.own,
      managerDigest: part.managerDigest,
      hrDigest: part.hrDigest,
      inspections: part.inspections,
      inspectionDigest: part.inspectionDigest,
    });
    for (const item of part.own) {
      plan.records.push({ assignmentId: item.assignmentId, employeeId: recipientId, kind: item.kind, slotDate: item.slotDate, recipientId, channel: "email", note: null, messageRecipientId: recipientId });
    }
    for (const item of part.inspections) plan.inspectionRecords.push(inspectionRecord(item, recipientId, "email", null));
    if (part.managerDigest || part.inspectionDigest) {
      plan.digests.push({ audience: "manager", recipientId, slotDate: date, channel: "email", itemCount: (part.managerDigest?.length ?? 0) + (part.inspectionDigest?.length ?? 0), messageRecipientId: recipientId });
      for (const item of part.managerDigest ?? []) {
        plan.records.push({ assignmentId: item.assignmentId, employeeId: item.employeeId, kind: "escalation_manager", slotDate: date, recipientId, channel: "email", note: null, messageRecipientId: recipientId });
      }
      for (const item of part.inspectionDigest ?? []) plan.inspectionRecords.push(inspectionRecord(item, recipientId, "email", null));
    }
    if (part.hrDigest) {
      plan.digests.push({ audience: "hr", recipientId, slotDate: date, channel: "email", itemCount: part.hrDigest.overdue.length + part.hrDigest.unreachable.length + part.hrDigest.inspections.length, messageRecipientId: recipientId });
      for (const item of part.hrDigest.inspections) plan.inspectionRecords.push(inspectionRecord(item, recipientId, "email", null));
    }
  }
  plan.undeliverable.sort((a, b) => a.employeeNo.localeCompare(b.employeeNo));
  return plan;
}
