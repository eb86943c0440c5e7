// The day's reminders, for cron (or by hand):
//   npm run reminders                       plan and queue today's reminders, then deliver the outbox
//   npm run reminders -- --dry-run          print what would be sent; write nothing, send nothing
//   npm run reminders -- --date 2026-12-01  run as of that Japan-time date (simulations, catch-up)
//   npm run reminders -- --no-send          queue only; leave delivery to the app's scheduler
// Idempotent: a second run on the same date queues nothing. Uses DATABASE_PATH, SMTP_URL,
// MAIL_FROM and APP_BASE_URL like the app; without SMTP_URL messages stay in the outbox.
import { parseArgs } from "node:util";
import { databasePath, openDatabase } from "../db/client.server";
import { today } from "../domain/clock.server";
import { describeSmtp, getMailConfig } from "../domain/reminders/config.server";
import { createSmtpTransport, deliverOutbox } from "../domain/reminders/deliver.server";
import type { ReminderPlan } from "../domain/reminders/planner";
import { runReminders } from "../domain/reminders/run.server";
import { formatWareki, isIsoDate } from "../domain/time";

const { values } = parseArgs({
  options: {
    "dry-run": { type: "boolean", default: false },
    "no-send": { type: "boolean", default: false },
    date: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

function usage(): never {
  console.error("使い方: npm run reminders [-- --dry-run] [--date YYYY-MM-DD] [--no-send]");
  process.exit(2);
}

function pad(text: string | number, width: number): string {
  const value = String(text);
  // Full-width characters take two columns in a terminal.
  const columns = [...value].reduce((sum, char) => sum + (char.charCodeAt(0) > 0xff ? 2 : 1), 0);
  return value + " ".repeat(Math.max(0, width - columns));
}

function printPlan(plan: ReminderPlan, dryRun: boolean): void {
  console.log(`リマインダー ${plan.date}（${formatWareki(plan.date)}）${dryRun ? " — ドライラン（書き込み・送信なし）" : ""}`);
  if (!plan.businessDay) {
    console.log(`  休日（${plan.closedReason}）のため送信しません。`);
    return;
  }
  const counts: Record<string, number> = { assigned: 0, upcoming: 0, due: 0, overdue: 0 };
  for (const message of plan.messages) for (const item of message.own) counts[item.kind] += 1;
  const managerDigests = plan.messages.filter((message) => message.managerDigest).length;
  const hrDigests = plan.messages.filter((message) => message.hrDigest).length;
  console.log("  項目                          件数");
  const rows: [string, number][] = [
    ["メール（1人1日1通）", plan.messages.length],
    ["  割り当て通知", counts.assigned],
    ["  期限前通知", counts.upcoming],
    ["  期限当日通知", counts.due],
    ["  期限超過通知", counts.overdue],
    ["  所属長への報告", managerDigests],
    ["  人事への報告", hrDigests],
    ["メール不可（人事へ報告）", plan.undeliverable.length],
    ["翌営業日へ持ち越し", plan.deferred.length],
    ["所属長が不在の期限超過者（名）", new Set(plan.withoutManager.map((item) => item.employeeId)).size],
  ];
  for (const [label, count] of rows) console.log(`  ${pad(label, 30)}${count}`);
  for (const message of plan.messages) {
    const parts = [
      message.own.length > 0 ? `本人向け${message.own.length}件` : null,
      message.managerDigest ? `所属職員${message.managerDigest.length}件` : null,
      message.hrDigest ? `人事報告${message.hrDigest.overdue.length}件・連絡不可${message.hrDigest.unreachable.length}名` : null,
    ].filter(Boolean);
    console.log(`  → ${pad(message.employeeNo, 8)} ${pad(message.name, 14)} <${message.email}> ${parts.join("、")}`);
  }
  for (const person of plan.undeliverable) {
    const why = person.reason === "no_email" ? "メールアドレス未登録" : "メールアドレス不正";
    console.log(`  × ${pad(person.employeeNo, 8)} ${pad(person.name, 14)} ${why}（${person.role === "manager" ? "所属長への報告" : "本人向け"}${person.items}件）`);
  }
  for (const person of plan.deferred) console.log(`  … ${pad(person.employeeNo, 8)} ${person.name}: 本日分は送信済みのため翌営業日に送ります`);
  for (const warning of plan.warnings) console.log(`  ! ${warning}`);
}

async function main() {
  if (values.help) usage();
  const date = values.date ?? today();
  if (!isIsoDate(date)) {
    console.error(`--date には YYYY-MM-DD 形式の日付を指定してください: ${date}`);
    process.exit(2);
  }
  const mail = getMailConfig();
  const db = openDatabase(databasePath());
  const dryRun = values["dry-run"] ?? false;
  const result = await runReminders(db, { date, trigger: "cli", dryRun, waitForLeaseMs: 60_000, mail });
  if (result.status === "busy") {
    console.error("別のプロセスがリマインダーを実行中です。しばらくしてから再実行してください。");
    process.exit(1);
  }
  if (result.status === "already-run") return;
  printPlan(result.plan, dryRun);
  if (result.status === "closed") {
    console.log(JSON.stringify({ date, dryRun, businessDay: false, closedReason: result.plan.closedReason, messages: 0 }));
    db.$client.close();
    return;
  }
  const summary: Record<string, unknown> = {
    date,
    dryRun,
    businessDay: result.plan.businessDay,
    messages: result.plan.messages.length,
    undeliverable: result.plan.undeliverable.length,
    deferred: result.plan.deferred.length,
  };
  if (result.status === "done") {
    console.log(`  キューに入れたメール: ${result.queued} 通、記録した通知: ${result.recorded} 件（実行 #${result.runId}）`);
    summary.queued = result.queued;
    summary.recorded = result.recorded;
  }
  if (!dryRun && !values["no-send"]) {
    const transport = createSmtpTransport(mail);
    if (!transport) {
      console.log("  SMTP_URL が未設定のため送信しません。メールは送信待ちのまま /admin/outbox で確認できます。");
    } else {
      console.log(`  送信: ${describeSmtp(mail.smtpUrl)}`);
      try {
        const delivery = await deliverOutbox(db, transport, { from: mail.from, waitForLeaseMs: 60_000 });
        if (delivery.status === "busy") console.log("  別のプロセスが送信中のため、送信はそちらに任せます。");
        console.log(`  送信済み ${delivery.sent} 通、失敗 ${delivery.failed} 通、再送待ち ${delivery.retrying} 通${delivery.recovered ? `、中断分の再送 ${delivery.recovered} 通` : ""}`);
        for (const error of delivery.errors.slice(0, 20)) console.log(`  ! ${error}`);
        Object.assign(summary, { sent: delivery.sent, failed: delivery.failed, retrying: delivery.retrying, recovered: delivery.recovered });
      } finally {
        transport.close?.();
      }
    }
  }
  const remaining = db.$client.prepare("SELECT count(*) AS n FROM outbox WHERE status IN ('queued', 'sending')").get() as { n: number };
  summary.outboxWaiting = remaining.n;
  console.log(JSON.stringify(summary));
  db.$client.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
