import { count, eq } from "drizzle-orm";
import { databasePath, getDb } from "~/db/client.server";
import { accounts, employees } from "~/db/schema";
import { getAuthConfig } from "./auth/config.server";
import { getDirectoryConfig } from "./auth/directory-config.server";
import { now } from "./clock.server";
import { getCatalog, syncCatalog } from "./content/catalog.server";
import { getChecklists } from "./self-inspection/load.server";
import { DEMO_LOGINS, seedDemo } from "./demo/seed.server";
import { ensureDefaultCategories } from "./org/categories.server";
import { ensureCurrentFiscalYear, installDefaultRules } from "./rules/cycles.server";
import { getMailConfig } from "./reminders/config.server";
import { startReminderScheduler } from "./reminders/scheduler.server";
import { runTask } from "./jobs/worker-pool.server";
import { getDrillConfig } from "./drills/config.server";
import { getDrillTemplates } from "./drills/templates.server";
import { startReportListener } from "./drills/report-listener.server";

/**
 * Everything that must hold before the server takes a request. Throws with a message naming the
 * file and field (content) or the variable (configuration).
 */
export function runStartup(options: { demo: boolean }) {
  getAuthConfig();
  getDirectoryConfig();
  const mail = getMailConfig();
  const catalog = getCatalog();
  // Self-inspection checklists are content too: a mistake stops the start, naming file and field.
  getChecklists();
  getDrillTemplates();
  const drills = getDrillConfig();
  const db = getDb();
  const warnings = syncCatalog(db, catalog);
  let demoLogins: { employeeNo: string; label: string }[] | null = null;
  const demoAccounts = db.select({ count: count() }).from(accounts).where(eq(accounts.demo, true)).get()?.count ?? 0;
  if (!options.demo && demoAccounts > 0) {
    throw new Error(
      `${databasePath()} にはデモ用アカウント（パスワード mamori-demo）が含まれています。本番では使えません。` +
        "デモとして起動するには npm run demo、本番には新しいデータベース（DATABASE_PATH）を指定してください。",
    );
  }
  if (options.demo) {
    const existing = db.select({ count: count() }).from(employees).get()?.count ?? 0;
    // The demo follows the process clock, so MAMORI_NOW shows the demo as of that day.
    if (existing === 0) seedDemo(db, { now: now() });
    demoLogins = DEMO_LOGINS.map(({ employeeNo, label }) => ({ employeeNo, label }));
  }
  // Categories shipped after this database was made (会計年度任用職員, 臨時的任用職員).
  ensureDefaultCategories(db, now());
  installDefaultRules(db, catalog, now());
  ensureCurrentFiscalYear(db, now());
  startCycleWatcher(db);
  // The daily reminder job, in this process (REMINDERS_SCHEDULER=off to leave it to cron).
  if (mail.schedulerEnabled) startReminderScheduler();
  // The report address (an SMTP listener the city's relay forwards reported mail to).
  if (drills.reportSmtpPort !== null) {
    startReportListener(db, { port: drills.reportSmtpPort, host: drills.reportSmtpHost })
      .then((listener) => console.info(`[drills] 不審メールの報告を SMTP ${drills.reportSmtpHost}:${listener.port} で受け付けます`))
      .catch((error: Error) => console.error(`[drills] 報告用 SMTP（ポート ${drills.reportSmtpPort}）を開始できませんでした: ${error.message}`));
  }
  // The background worker starts now, not under the first import or reminder run.
  runTask(db, "worker.ready", undefined).catch((error) => console.error("[jobs] バックグラウンド処理を開始できませんでした", error));
  return { demoLogins, warnings };
}

let cycleTimer: NodeJS.Timeout | undefined;

/** Opens the new 年度 on 1 April without a restart: checked hourly. */
function startCycleWatcher(db: ReturnType<typeof getDb>): void {
  if (cycleTimer) return;
  // On the background worker: opening a 年度 assigns the whole organisation while pages are served.
  cycleTimer = setInterval(() => {
    runTask(db, "cycle.ensure", { now: now() }).catch((error) => console.error("年度の開始に失敗しました", error));
  }, 60 * 60 * 1000);
  cycleTimer.unref();
}
