import type { Db } from "~/db/client.server";
import { KIND_LABELS } from "./compose";
import { getMailConfig } from "./config.server";
import type { LearnerKind, ReminderPlan, UnreachablePerson } from "./planner";
import { hasRunOn, previewReminders } from "./run.server";
import { getBusinessCalendar, getReminderSettings } from "./settings.server";

const RECIPIENT_LIMIT = 100;
const UNREACHABLE_LIMIT = 200;

export type PreviewRecipient = {
  employeeNo: string;
  name: string;
  email: string;
  /** e.g. "期限超過 2・期限前 1" */
  own: string;
  managerStaff: number | null;
  hr: boolean;
};

export type ReminderPreview = {
  date: string;
  businessDay: boolean;
  closedReason: string | null;
  nextBusinessDay: string;
  sendHour: number;
  ranToday: boolean;
  smtpConfigured: boolean;
  counts: Record<LearnerKind, number> & {
    messages: number;
    managerDigests: number;
    hrDigests: number;
    undeliverable: number;
    deferred: number;
    withoutManager: number;
  };
  recipients: PreviewRecipient[];
  unreachable: UnreachablePerson[];
  unreachableTotal: number;
  deferred: { employeeNo: string; name: string }[];
  warnings: string[];
};

export function summarisePlan(plan: ReminderPlan): Pick<ReminderPreview, "counts" | "recipients" | "unreachable" | "unreachableTotal" | "deferred" | "warnings"> {
  const counts = {
    assigned: 0,
    upcoming: 0,
    due: 0,
    overdue: 0,
    messages: plan.messages.length,
    managerDigests: 0,
    hrDigests: 0,
    undeliverable: plan.undeliverable.length,
    deferred: plan.deferred.length,
    withoutManager: new Set(plan.withoutManager.map((item) => item.employeeId)).size,
  };
  for (const message of plan.messages) {
    for (const item of message.own) counts[item.kind] += 1;
    if (message.managerDigest) counts.managerDigests += 1;
    if (message.hrDigest) counts.hrDigests += 1;
  }
  const recipients = plan.messages.slice(0, RECIPIENT_LIMIT).map((message) => {
    const byKind = new Map<LearnerKind, number>();
    for (const item of message.own) byKind.set(item.kind, (byKind.get(item.kind) ?? 0) + 1);
    return {
      employeeNo: message.employeeNo,
      name: message.name,
      email: message.email,
      own: [...byKind].map(([kind, count]) => `${KIND_LABELS[kind]} ${count}`).join("・"),
      managerStaff: message.managerDigest ? new Set(message.managerDigest.map((item) => item.employeeId)).size : null,
      hr: message.hrDigest !== null,
    };
  });
  return {
    counts,
    recipients,
    unreachable: plan.unreachable.slice(0, UNREACHABLE_LIMIT),
    unreachableTotal: plan.unreachable.length,
    deferred: plan.deferred.map(({ employeeNo, name }) => ({ employeeNo, name })),
    warnings: plan.warnings,
  };
}

/** "Who would be reminded today": the plan for `date`, computed and not written. */
export function getReminderPreview(db: Db, date: string): ReminderPreview {
  const settings = getReminderSettings(db);
  const calendar = getBusinessCalendar(settings);
  const plan = previewReminders(db, date);
  return {
    date,
    businessDay: plan.businessDay,
    closedReason: plan.closedReason,
    nextBusinessDay: calendar.businessDayOnOrAfter(date),
    sendHour: settings.sendHour,
    ranToday: hasRunOn(db, date),
    smtpConfigured: getMailConfig().smtpUrl !== null,
    ...summarisePlan(plan),
  };
}
