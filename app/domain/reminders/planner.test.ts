import { describe, expect, it } from "vitest";
import { createBusinessCalendar } from "./calendar";
import { createManagerResolver } from "./managers";
import {
  latestLearnerSlot,
  planReminders,
  type LearnerKind,
  type PlannerAssignment,
  type PlannerEmployee,
  type PlannerInput,
} from "./planner";
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from "./settings";

const settings = DEFAULT_REMINDER_SETTINGS;

function employee(id: number, overrides: Partial<PlannerEmployee> = {}): PlannerEmployee {
  return {
    id,
    employeeNo: `E${String(id).padStart(4, "0")}`,
    name: `職員${id}`,
    email: `e${id}@example.lg.jp`,
    departmentName: "総務課",
    active: true,
    managerId: null,
    ...overrides,
  };
}

let nextAssignmentId = 1;
function assignment(employeeId: number, dueDate: string, overrides: Partial<PlannerAssignment> = {}): PlannerAssignment {
  const id = nextAssignmentId++;
  return {
    id,
    employeeId,
    moduleId: `m${id}`,
    title: `モジュール${id}`,
    fiscalYear: 2026,
    dueDate,
    assignedDate: "2026-04-01",
    startedAt: null,
    readAt: null,
    completedAt: null,
    exemptedAt: null,
    ...overrides,
  };
}

type Options = {
  settings?: ReminderSettings;
  recorded?: string[];
  lastDigest?: Record<string, string>;
  emailed?: number[];
  hr?: number[];
};

function plan(date: string, people: PlannerEmployee[], assignments: PlannerAssignment[], options: Options = {}) {
  const active = options.settings ?? settings;
  const recorded = new Set(options.recorded ?? []);
  const input: PlannerInput = {
    date,
    settings: active,
    calendar: createBusinessCalendar({ newYearHolidays: active.newYearHolidays }),
    assignments,
    employees: new Map(people.map((person) => [person.id, person])),
    hrRecipientIds: options.hr ?? [],
    isRecorded: (assignmentId: number, kind: LearnerKind, slotDate: string) => recorded.has(`${assignmentId}|${kind}|${slotDate}`),
    lastDigestSlot: (audience, recipientId) => options.lastDigest?.[`${audience}:${recipientId}`] ?? null,
    emailedOnDate: new Set(options.emailed ?? []),
  };
  return planReminders(input);
}

/** What one person receives on a date: the kinds and slot dates of their own items. */
function ownOn(date: string, item: PlannerAssignment, options: Options = {}) {
  const result = plan(date, [employee(item.employeeId)], [item], options);
  return result.messages.flatMap((message) => message.own.map((own) => `${own.kind}@${own.slotDate}`));
}

describe("the default schedule", () => {
  it("is on assignment; 14, 7, 1 days before; on the due date; overdue day +1, then weekly", () => {
    const due = { dueDate: "2026-12-25", assignedDate: "2026-10-01" };
    expect(latestLearnerSlot(due, settings, "2026-10-01")).toEqual({ kind: "assigned", slotDate: "2026-10-01" });
    expect(latestLearnerSlot(due, settings, "2026-12-10")).toEqual({ kind: "assigned", slotDate: "2026-10-01" });
    expect(latestLearnerSlot(due, settings, "2026-12-11")).toEqual({ kind: "upcoming", slotDate: "2026-12-11" });
    expect(latestLearnerSlot(due, settings, "2026-12-18")).toEqual({ kind: "upcoming", slotDate: "2026-12-18" });
    expect(latestLearnerSlot(due, settings, "2026-12-24")).toEqual({ kind: "upcoming", slotDate: "2026-12-24" });
    expect(latestLearnerSlot(due, settings, "2026-12-25")).toEqual({ kind: "due", slotDate: "2026-12-25" });
    expect(latestLearnerSlot(due, settings, "2026-12-26")).toEqual({ kind: "overdue", slotDate: "2026-12-26" });
    expect(latestLearnerSlot(due, settings, "2027-01-01")).toEqual({ kind: "overdue", slotDate: "2026-12-26" });
    expect(latestLearnerSlot(due, settings, "2027-01-02")).toEqual({ kind: "overdue", slotDate: "2027-01-02" });
    expect(latestLearnerSlot(due, settings, "2027-01-09")).toEqual({ kind: "overdue", slotDate: "2027-01-09" });
  });

  it("has no slot before the assignment was made, and 'assigned' wins a tie", () => {
    const late = { dueDate: "2026-12-25", assignedDate: "2026-12-18" };
    expect(latestLearnerSlot(late, settings, "2026-12-18")).toEqual({ kind: "assigned", slotDate: "2026-12-18" });
    expect(latestLearnerSlot(late, settings, "2026-12-17")).toBeNull();
  });

  it("follows changed offsets", () => {
    const custom: ReminderSettings = { ...settings, daysBefore: [3], onDueDate: false, overdueFirstDay: 2, overdueRepeatDays: 0, onAssignment: false };
    const due = { dueDate: "2026-12-25", assignedDate: "2026-10-01" };
    expect(latestLearnerSlot(due, custom, "2026-12-21")).toBeNull();
    expect(latestLearnerSlot(due, custom, "2026-12-25")).toEqual({ kind: "upcoming", slotDate: "2026-12-22" });
    expect(latestLearnerSlot(due, custom, "2027-02-01")).toEqual({ kind: "overdue", slotDate: "2026-12-27" });
  });
});

describe("business days", () => {
  it("sends nothing on a weekend or a holiday", () => {
    const item = assignment(1, "2026-11-29", { assignedDate: "2026-11-28" });
    const saturday = plan("2026-11-28", [employee(1)], [item]);
    expect(saturday.businessDay).toBe(false);
    expect(saturday.closedReason).toBe("土曜日");
    expect(saturday.messages).toEqual([]);
    expect(saturday.records).toEqual([]);
    expect(plan("2026-11-23", [employee(1)], [item]).closedReason).toBe("勤労感謝の日");
  });

  it("sends a weekend slot on the next business day, past a Monday holiday", () => {
    // Due Saturday 5 Dec: 14 days before is Saturday 21 Nov; Monday 23 Nov is 勤労感謝の日.
    const item = assignment(1, "2026-12-05");
    expect(ownOn("2026-11-20", item)).toEqual([]);
    expect(ownOn("2026-11-24", item)).toEqual(["upcoming@2026-11-21"]);
    // Once recorded it is never sent again.
    expect(ownOn("2026-11-25", item, { recorded: [`${item.id}|upcoming|2026-11-21`] })).toEqual([]);
    // 7 days before is Saturday 28 Nov → Monday 30 Nov.
    expect(ownOn("2026-11-30", item, { recorded: [`${item.id}|upcoming|2026-11-21`] })).toEqual(["upcoming@2026-11-28"]);
  });

  it("lets the newest slot supersede an older one that fell on a closed day", () => {
    // Due Monday 7 Dec: "1 day before" is Sunday; Monday's message says "due today".
    const item = assignment(1, "2026-12-07");
    expect(ownOn("2026-12-07", item, { recorded: [`${item.id}|upcoming|2026-11-30`] })).toEqual(["due@2026-12-07"]);
  });

  it("holds the New Year closure: a 12/30 slot goes out on 4 January", () => {
    const item = assignment(1, "2027-01-06"); // 7 days before = 30 Dec
    const recorded = [`${item.id}|upcoming|2026-12-23`];
    for (const date of ["2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"]) {
      expect(ownOn(date, item, { recorded }), date).toEqual([]);
    }
    expect(ownOn("2027-01-04", item, { recorded })).toEqual(["upcoming@2026-12-30"]);
    // With the closure turned off, 30 Dec is a working day.
    expect(ownOn("2026-12-30", item, { recorded, settings: { ...settings, newYearHolidays: false } })).toEqual(["upcoming@2026-12-30"]);
  });

  it("holds Golden Week: 4/29 slot on 4/30, and after 5/3–5/5 the newest slot on 5/6", () => {
    const dueThursday = assignment(1, "2027-05-06"); // 7 before = 4/29 (昭和の日), 1 before = 5/5
    expect(ownOn("2027-04-30", dueThursday, { recorded: [`${dueThursday.id}|upcoming|2027-04-22`] })).toEqual(["upcoming@2027-04-29"]);
    expect(ownOn("2027-05-06", dueThursday, { recorded: [`${dueThursday.id}|upcoming|2027-04-29`] })).toEqual(["due@2027-05-06"]);
    const dueMonday = assignment(2, "2027-05-03"); // due on 憲法記念日, overdue from 5/4
    expect(ownOn("2027-05-06", dueMonday, { recorded: [`${dueMonday.id}|upcoming|2027-04-30`] })).toEqual(["overdue@2027-05-04"]);
  });

  it("catches up a missed run for a week, but never sends a months-old slot", () => {
    const item = assignment(1, "2026-12-25", { assignedDate: "2026-11-18" });
    expect(ownOn("2026-11-25", item)).toEqual(["assigned@2026-11-18"]);
    const stale = assignment(1, "2026-12-25", { assignedDate: "2026-04-01" });
    expect(ownOn("2026-11-25", stale)).toEqual([]);
  });
});

describe("the 年度 boundary", () => {
  it("reminds last 年度's overdue work next to this 年度's new assignment, in one message", () => {
    const lastYear = assignment(1, "2027-03-31", { fiscalYear: 2026, title: "昨年度の研修" });
    const thisYear = assignment(1, "2027-04-30", { fiscalYear: 2027, assignedDate: "2027-04-01", title: "今年度の研修" });
    expect(ownOn("2027-03-31", lastYear)).toEqual(["due@2027-03-31"]);
    const result = plan("2027-04-01", [employee(1)], [lastYear, thisYear], { recorded: [`${lastYear.id}|due|2027-03-31`] });
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0].own.map((item) => [item.kind, item.fiscalYear, item.daysLeft])).toEqual([
      ["overdue", 2026, -1],
      ["assigned", 2027, 29],
    ]);
  });
});

describe("one message per person per day", () => {
  it("merges everything a person should hear into one digest, and records every slot", () => {
    const manager = employee(10, { name: "所属長" });
    const staff = employee(1, { managerId: 10 });
    const items = [
      assignment(1, "2026-11-15"), // 10 days overdue
      assignment(1, "2026-11-26"), // 1 day before
      assignment(1, "2026-12-25", { assignedDate: "2026-11-25" }), // assigned today
      assignment(10, "2026-11-24"), // the manager's own: overdue since yesterday
    ];
    const result = plan("2026-11-25", [manager, staff], items);
    expect(result.messages.map((message) => message.recipientId)).toEqual([1, 10]);
    const [mine, managers] = result.messages;
    expect(mine.own.map((item) => item.kind)).toEqual(["overdue", "upcoming", "assigned"]);
    expect(mine.managerDigest).toBeNull();
    expect(managers.own.map((item) => item.kind)).toEqual(["overdue"]);
    expect(managers.managerDigest?.map((item) => [item.employeeId, item.daysOverdue])).toEqual([[1, 10]]);
    expect(result.records.filter((record) => record.kind === "escalation_manager")).toHaveLength(1);
    expect(result.records.filter((record) => record.messageRecipientId === 1)).toHaveLength(3);
    expect(result.digests).toEqual([{ audience: "manager", recipientId: 10, slotDate: "2026-11-25", channel: "email", itemCount: 1, messageRecipientId: 10 }]);
  });

  it("defers a person who already has a message today and records nothing for them", () => {
    const item = assignment(1, "2026-11-24");
    const result = plan("2026-11-25", [employee(1)], [item], { emailed: [1] });
    expect(result.messages).toEqual([]);
    expect(result.records).toEqual([]);
    expect(result.deferred.map((person) => person.recipientId)).toEqual([1]);
    // The next business day it goes out (the slot is still the newest and still pending).
    expect(ownOn("2026-11-26", item)).toEqual(["overdue@2026-11-25"]);
  });
});

describe("escalation", () => {
  const manager = employee(10);
  const hr = employee(20, { name: "人事担当" });
  const staff = employee(1, { managerId: 10 });

  function escalations(daysOverdue: number, options: Options = {}) {
    const due = new Date(Date.parse("2026-11-25T00:00:00Z") - daysOverdue * 86_400_000).toISOString().slice(0, 10);
    const result = plan("2026-11-25", [manager, hr, staff], [assignment(1, due)], { hr: [20], ...options });
    return {
      manager: result.messages.find((message) => message.recipientId === 10)?.managerDigest?.length ?? 0,
      hr: result.messages.find((message) => message.recipientId === 20)?.hrDigest?.overdue.length ?? 0,
    };
  }

  it("tells the manager from 7 days overdue and HR from 14", () => {
    expect(escalations(6)).toEqual({ manager: 0, hr: 0 });
    expect(escalations(7)).toEqual({ manager: 1, hr: 0 });
    expect(escalations(13)).toEqual({ manager: 1, hr: 0 });
    expect(escalations(14)).toEqual({ manager: 1, hr: 1 });
  });

  it("sends each digest weekly at most", () => {
    expect(escalations(20, { lastDigest: { "manager:10": "2026-11-19", "hr:20": "2026-11-19" } })).toEqual({ manager: 0, hr: 0 });
    expect(escalations(20, { lastDigest: { "manager:10": "2026-11-18", "hr:20": "2026-11-18" } })).toEqual({ manager: 1, hr: 1 });
  });

  it("follows the configured thresholds; 0 turns a level off", () => {
    const custom = { ...settings, managerEscalationDays: 3, hrEscalationDays: 0 };
    expect(escalations(3, { settings: custom })).toEqual({ manager: 1, hr: 0 });
    expect(escalations(30, { settings: custom })).toEqual({ manager: 1, hr: 0 });
  });

  it("lists staff whose department chain has no manager, and warns when no HR recipient exists", () => {
    const result = plan("2026-11-25", [employee(1)], [assignment(1, "2026-11-01")]);
    expect(result.withoutManager.map((item) => item.employeeId)).toEqual([1]);
    expect(result.warnings.join()).toMatch(/人事/);
  });
});

describe("people without an e-mail address", () => {
  it("are reported to HR, recorded as not sent, never silently skipped", () => {
    const hr = employee(20);
    const contractor = employee(1, { email: null, name: "委託 一郎" });
    const broken = employee(2, { email: "not-an-address" });
    const items = [assignment(1, "2026-11-24"), assignment(2, "2026-11-26")];
    const result = plan("2026-11-25", [hr, contractor, broken], items, { hr: [20] });
    expect(result.messages.map((message) => message.recipientId)).toEqual([20]);
    expect(result.undeliverable.map((person) => [person.employeeId, person.reason])).toEqual([
      [1, "no_email"],
      [2, "invalid_email"],
    ]);
    expect(result.records.filter((record) => record.channel === "none").map((record) => [record.employeeId, record.note])).toEqual([
      [1, "no_email"],
      [2, "invalid_email"],
    ]);
    expect(result.messages[0].hrDigest?.unreachable.map((person) => person.name)).toEqual(["委託 一郎", "職員2"]);
  });

  it("a manager without an address is reported too", () => {
    const manager = employee(10, { email: null });
    const result = plan("2026-11-25", [manager, employee(1, { managerId: 10 }), employee(20)], [assignment(1, "2026-11-10")], { hr: [20] });
    expect(result.undeliverable.map((person) => [person.employeeId, person.role])).toEqual([[10, "manager"]]);
    expect(result.digests.find((digest) => digest.audience === "manager")?.channel).toBe("none");
    expect(result.messages.find((message) => message.recipientId === 20)?.hrDigest?.unreachable.map((person) => person.role)).toEqual(["manager"]);
  });
});

describe("who is never reminded", () => {
  it("skips inactive employees and completed or exempt assignments", () => {
    const result = plan(
      "2026-11-25",
      [employee(1, { active: false }), employee(2)],
      [assignment(1, "2026-11-24"), assignment(2, "2026-11-24", { completedAt: 1 }), assignment(2, "2026-11-24", { exemptedAt: 1 })],
    );
    expect(result.messages).toEqual([]);
    expect(result.records).toEqual([]);
  });
});

describe("the manager of a person", () => {
  // /1/ organisation (no head) → /1/2/ 部 (head 100) → /1/2/3/ 課 (head 200) → /1/2/3/4/ 係 (no head)
  const departments = [
    { id: 1, path: "/1/", headEmployeeId: null },
    { id: 2, path: "/1/2/", headEmployeeId: 100 },
    { id: 3, path: "/1/2/3/", headEmployeeId: 200 },
    { id: 4, path: "/1/2/3/4/", headEmployeeId: null },
  ];

  it("is the head of the nearest department up the tree other than the person", () => {
    const managerOf = createManagerResolver(departments, () => true);
    expect(managerOf(1, 4)).toBe(200);
    expect(managerOf(1, 3)).toBe(200);
    expect(managerOf(200, 3)).toBe(100);
    expect(managerOf(100, 2)).toBeNull();
  });

  it("passes over a head who has left", () => {
    const managerOf = createManagerResolver(departments, (id) => id !== 200);
    expect(managerOf(1, 4)).toBe(100);
  });
});
