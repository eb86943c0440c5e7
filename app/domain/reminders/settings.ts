import { z } from "zod";

/** The reminder schedule HR can change at /hr/reminders. Offsets are calendar days. */
export type ReminderSettings = {
  /** Tell the employee when an assignment is made. */
  onAssignment: boolean;
  /** Days before the due date, e.g. [14, 7, 1]. */
  daysBefore: number[];
  /** Remind on the due date itself. */
  onDueDate: boolean;
  /** First overdue reminder this many days after the due date (1 = the day after). */
  overdueFirstDay: number;
  /** Then repeat every N days while overdue (0 = never). */
  overdueRepeatDays: number;
  /** The manager's digest lists staff this many days overdue or more (0 = off). */
  managerEscalationDays: number;
  /** HR's digest lists staff this many days overdue or more (0 = off). */
  hrEscalationDays: number;
  /** A manager or HR recipient gets at most one digest per this many days (7 = weekly). */
  digestRepeatDays: number;
  /** The hour (Japan time) from which the in-process scheduler runs the day's job. */
  sendHour: number;
  /** Treat 29 December – 3 January as closed (年末年始), besides weekends and public holidays. */
  newYearHolidays: boolean;
};

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  onAssignment: true,
  daysBefore: [14, 7, 1],
  onDueDate: true,
  overdueFirstDay: 1,
  overdueRepeatDays: 7,
  managerEscalationDays: 7,
  hrEscalationDays: 14,
  digestRepeatDays: 7,
  sendHour: 9,
  newYearHolidays: true,
};

const days = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}を数字で入力してください。` })
    .int(`${label}は整数で入力してください。`)
    .min(min, `${label}は${min}以上にしてください。`)
    .max(max, `${label}は${max}以下にしてください。`);

/** The stored form (JSON in the settings table) and the validated form input share one schema. */
export const ReminderSettingsSchema = z.object({
  onAssignment: z.boolean(),
  daysBefore: z
    .array(days("期限前の日数", 1, 365))
    .max(10, "期限前の通知は10回までにしてください。")
    .transform((values) => [...new Set(values)].sort((a, b) => b - a)),
  onDueDate: z.boolean(),
  overdueFirstDay: days("最初の期限超過通知", 1, 365),
  overdueRepeatDays: days("期限超過通知の間隔", 0, 365),
  managerEscalationDays: days("所属長への報告", 0, 365),
  hrEscalationDays: days("人事への報告", 0, 365),
  digestRepeatDays: days("報告の間隔", 1, 365),
  sendHour: days("送信時刻", 0, 23),
  newYearHolidays: z.boolean(),
});

export const SETTINGS_KEY = "reminders";

/** Stored settings, falling back field by field to the defaults (a newer field may be missing). */
export function parseStoredSettings(json: string | null | undefined): ReminderSettings {
  if (!json) return DEFAULT_REMINDER_SETTINGS;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return DEFAULT_REMINDER_SETTINGS;
  }
  const merged = { ...DEFAULT_REMINDER_SETTINGS, ...(raw && typeof raw === "object" ? raw : {}) };
  const parsed = ReminderSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_REMINDER_SETTINGS;
}

export type SettingsFormResult = { ok: true; settings: ReminderSettings } | { ok: false; errors: Record<string, string> };

const FIELDS = [
  "daysBefore",
  "overdueFirstDay",
  "overdueRepeatDays",
  "managerEscalationDays",
  "hrEscalationDays",
  "digestRepeatDays",
  "sendHour",
] as const;

/** A form field as an integer: undefined when empty, NaN when not a whole number (full-width digits allowed). */
export function toNumber(value: FormDataEntryValue | null): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const normalised = value.trim().replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
  return /^-?\d+$/.test(normalised) ? Number(normalised) : Number.NaN;
}

/** Parse the /hr/reminders settings form. Errors are keyed by field name, in Japanese. */
export function parseSettingsForm(form: FormData): SettingsFormResult {
  const errors: Record<string, string> = {};
  const daysBeforeText = String(form.get("daysBefore") ?? "").trim();
  const daysBeforeParts = daysBeforeText === "" ? [] : daysBeforeText.split(/[,、，\s]+/).filter(Boolean);
  const daysBefore = daysBeforeParts.map((part) => toNumber(part));
  if (daysBefore.some((value) => value === undefined || Number.isNaN(value))) {
    errors.daysBefore = "期限前の日数は「14, 7, 1」のように数字をカンマで区切って入力してください。";
  }
  const candidate = {
    onAssignment: form.get("onAssignment") === "on",
    daysBefore,
    onDueDate: form.get("onDueDate") === "on",
    overdueFirstDay: toNumber(form.get("overdueFirstDay")),
    overdueRepeatDays: toNumber(form.get("overdueRepeatDays")),
    managerEscalationDays: toNumber(form.get("managerEscalationDays")),
    hrEscalationDays: toNumber(form.get("hrEscalationDays")),
    digestRepeatDays: toNumber(form.get("digestRepeatDays")),
    sendHour: toNumber(form.get("sendHour")),
    newYearHolidays: form.get("newYearHolidays") === "on",
  };
  const parsed = ReminderSettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      if (!errors[field]) {
        errors[field] = issue.code === "invalid_type" ? missingMessage(field) : issue.message;
      }
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, settings: parsed.data };
}

const FIELD_LABELS: Record<(typeof FIELDS)[number], string> = {
  daysBefore: "期限前の日数",
  overdueFirstDay: "最初の期限超過通知",
  overdueRepeatDays: "期限超過通知の間隔",
  managerEscalationDays: "所属長への報告",
  hrEscalationDays: "人事への報告",
  digestRepeatDays: "報告の間隔",
  sendHour: "送信時刻",
};

function missingMessage(field: string): string {
  const label = FIELD_LABELS[field as (typeof FIELDS)[number]] ?? field;
  return `${label}を数字で入力してください。`;
}
