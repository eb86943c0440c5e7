// The in-process daily scheduler. Every minute it checks whether it is past the send hour (Japan
// time) on a business day and the day has not been run; if so it runs the day's reminders (the
// run lease and the per-date run record keep it to once a day even with several app processes
// on one database), then delivers whatever in the outbox is due (retries included).
// Started from startup.server.ts unless REMINDERS_SCHEDULER=off; tests never start it implicitly.
import { getDb, type Db } from "~/db/client.server";
import { now as clockNow } from "../clock.server";
import { japanDate } from "../time";
import { runTask } from "../jobs/worker-pool.server";
import { getMailConfig, type MailConfig } from "./config.server";
import { createSmtpTransport, deliverOutbox } from "./deliver.server";
import { getBusinessCalendar, getReminderSettings } from "./settings.server";

const JAPAN_OFFSET_MS = 9 * 3_600_000;

export function japanHour(instantMs: number): number {
  return new Date(instantMs + JAPAN_OFFSET_MS).getUTCHours();
}

export type TickOutcome = { ran: boolean; runStatus?: string; delivered?: number; reason?: string };

/** One check: run the day's job if due, then deliver. Safe to call from several processes. */
export async function schedulerTick(db: Db, mail: MailConfig = getMailConfig(), instant = clockNow()): Promise<TickOutcome> {
  const settings = getReminderSettings(db);
  const date = japanDate(instant);
  const calendar = getBusinessCalendar(settings);
  const outcome: TickOutcome = { ran: false };
  // Mail goes out on business days from the send hour on: the day's run, then retries.
  if (!calendar.isBusinessDay(date)) {
    outcome.reason = `closed: ${calendar.closedReason(date)}`;
    return outcome;
  }
  if (japanHour(instant) < settings.sendHour) {
    outcome.reason = "before send hour";
    return outcome;
  }
  // On the background worker: a day's plan over the whole organisation takes seconds.
  const result = await runTask(db, "reminders.run", { date, trigger: "scheduler", onlyIfNotRun: true, mail });
  outcome.ran = result.status === "done";
  outcome.runStatus = result.status;
  if (result.status === "done") console.log(`[reminders] ${date}: ${result.queued} 通をキューに入れました（記録 ${result.recorded} 件）`);
  outcome.delivered = await deliverQueued(db, mail);
  return outcome;
}

let delivering = false;

/** Deliver what is due, if a relay is configured. Never throws (logged instead). */
export async function deliverQueued(db: Db = getDb(), mail: MailConfig = getMailConfig()): Promise<number> {
  if (!mail.smtpUrl || delivering) return 0;
  delivering = true;
  const transport = createSmtpTransport(mail);
  try {
    if (!transport) return 0;
    const result = await deliverOutbox(db, transport, { from: mail.from });
    if (result.errors.length > 0) console.warn(`[reminders] 送信エラー: ${result.errors.slice(0, 5).join(" | ")}`);
    return result.sent;
  } catch (error) {
    console.error("[reminders] 送信処理でエラーが発生しました", error);
    return 0;
  } finally {
    transport?.close?.();
    delivering = false;
  }
}

/** Ask for a delivery soon (after HR's run or an admin's retry) without waiting for it. */
export function requestDelivery(): void {
  const mail = getMailConfig();
  if (!mail.smtpUrl) return;
  setImmediate(() => void deliverQueued(getDb(), mail));
}

export type SchedulerHandle = { stop: () => void };

export function startReminderScheduler(options: { intervalMs?: number; firstDelayMs?: number } = {}): SchedulerHandle {
  const intervalMs = options.intervalMs ?? 60_000;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await schedulerTick(getDb());
    } catch (error) {
      console.error("[reminders] スケジューラでエラーが発生しました", error);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), options.firstDelayMs ?? 5_000);
  const timer = setInterval(() => void tick(), intervalMs);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
