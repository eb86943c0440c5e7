import { eq } from "drizzle-orm";
import type { Db, Executor } from "~/db/client.server";
import { settings } from "~/db/schema";
import { recordAudit } from "../audit.server";
import { createBusinessCalendar, type BusinessCalendar } from "./calendar";
import { parseStoredSettings, SETTINGS_KEY, type ReminderSettings } from "./settings";

export function getReminderSettings(db: Executor): ReminderSettings {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, SETTINGS_KEY)).get();
  return parseStoredSettings(row?.value);
}

export function getBusinessCalendar(reminderSettings: ReminderSettings): BusinessCalendar {
  return createBusinessCalendar({ newYearHolidays: reminderSettings.newYearHolidays });
}

/** Save the schedule (validated by the caller) and audit the change with before and after. */
export function saveReminderSettings(
  db: Db,
  next: ReminderSettings,
  actor: { accountId: number; ip: string | null },
  now = Date.now(),
): void {
  db.transaction((tx) => {
    const before = getReminderSettings(tx);
    tx.insert(settings)
      .values({ key: SETTINGS_KEY, value: JSON.stringify(next), updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(next), updatedAt: now } })
      .run();
    recordAudit(tx, { actorAccountId: actor.accountId, action: "reminders.settings.update", targetType: "settings", targetId: SETTINGS_KEY, details: { before, after: next }, ip: actor.ip }, now);
  });
}
