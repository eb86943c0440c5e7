// Reminder e-mail against a real SMTP server started here (smtp-server on 127.0.0.1): what
// arrives, temporary and permanent failures, a relay that is down, and a sender killed mid-run.
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import type { MailConfig } from "~/domain/reminders/config.server";
import { createSmtpTransport, deliverOutbox } from "~/domain/reminders/deliver.server";
import { listRemindersForEmployee } from "~/domain/reminders/history.server";
import { retryOutboxMessage } from "~/domain/reminders/outbox.server";
import { runReminders } from "~/domain/reminders/run.server";
import { createDemoDb } from "../helpers/db";
import { freePort, startTestSmtpServer, type TestSmtp, type TestSmtpOptions } from "../helpers/smtp";

const DATE = "2026-11-25"; // a Wednesday; the demo data is built around it
const BASE_URL = "http://mamori.test";

let db: Db;
let smtp: TestSmtp | null = null;

beforeEach(() => {
  db = createDemoDb();
});

afterEach(async () => {
  await smtp?.close();
  smtp = null;
});

function mailConfig(url: string | null): MailConfig {
  return { smtpUrl: url, from: "まもり <mamori@mamori.test>", baseUrl: BASE_URL, messageIdDomain: "mamori.test", schedulerEnabled: false };
}

async function startServer(options: TestSmtpOptions = {}) {
  smtp = await startTestSmtpServer(options);
  return smtp;
}

async function deliver(url: string, now = Date.now()) {
  const config = mailConfig(url);
  const transport = createSmtpTransport(config)!;
  try {
    return await deliverOutbox(db, transport, { from: config.from, now: () => now });
  } finally {
    transport.close?.();
  }
}

type OutboxRow = { id: number; message_id: string; to_address: string; subject: string; status: string; attempts: number; last_error: string | null; next_attempt_at: number };

function outboxRows(): OutboxRow[] {
  return db.$client.prepare("SELECT id, message_id, to_address, subject, status, attempts, last_error, next_attempt_at FROM outbox ORDER BY id").all() as OutboxRow[];
}

function rowFor(address: string): OutboxRow {
  return outboxRows().find((row) => row.to_address === address)!;
}

async function queueDay() {
  const result = await runReminders(db, { date: DATE, trigger: "cli", mail: mailConfig(null) });
  if (result.status !== "done") throw new Error(result.status);
  expect(result.queued).toBeGreaterThan(50);
  return result;
}

describe("delivery to a real SMTP server", () => {
  it("delivers one message per recipient with an encoded Japanese subject, the due modules and links", async () => {
    const server = await startServer();
    const { queued } = await queueDay();
    const result = await deliver(server.url);
    expect(result).toMatchObject({ status: "done", sent: queued, failed: 0, retrying: 0 });
    expect(server.received).toHaveLength(queued);
    expect(outboxRows().every((row) => row.status === "sent")).toBe(true);
    // Everyone exactly once, to the address in the outbox, with the outbox's Message-ID.
    const recipients = server.received.flatMap((mail) => mail.to);
    expect(new Set(recipients).size).toBe(queued);
    const byAddress = new Map(server.received.map((mail) => [mail.to[0], mail]));
    for (const row of outboxRows()) expect(byAddress.get(row.to_address)?.parsed.messageId).toBe(row.message_id);

    const learner = byAddress.get("s0001@example.lg.jp")!;
    expect(learner.parsed.subject).toBe("【まもり】受講期限を過ぎた研修があります");
    expect(learner.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(learner.parsed.from?.value[0]).toMatchObject({ name: "まもり", address: "mamori@mamori.test" });
    expect(learner.parsed.headers.get("auto-submitted")).toBe("auto-generated");
    const overdue = db.$client
      .prepare(
        `SELECT a.module_id AS moduleId, m.title FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN training_modules m ON m.id = a.module_id
         WHERE e.employee_no = 'S0001' AND a.completed_at IS NULL AND a.due_date < ? ORDER BY a.due_date`,
      )
      .all(DATE) as { moduleId: string; title: string }[];
    expect(overdue.length).toBeGreaterThan(0);
    for (const module of overdue) {
      expect(learner.parsed.text).toContain(module.title);
      expect(learner.parsed.text).toContain(`${BASE_URL}/learn/${module.moduleId}`);
    }
    expect(learner.parsed.text).toMatch(/期限 令和8年\d+月\d+日、\d+日超過/);

    // The manager's digest lists S0001; HR's lists who cannot be e-mailed.
    const manager = byAddress.get("m0001@example.lg.jp")!;
    expect(manager.parsed.subject).toContain("所属職員の研修期限超過のお知らせ");
    expect(manager.parsed.text).toContain("S0001 七尾 太郎");
    expect(manager.parsed.text).toContain(`${BASE_URL}/team`);
    const hr = byAddress.get("h0001@example.lg.jp")!;
    expect(hr.parsed.subject).toContain("研修期限超過者の報告（人事）");
    expect(hr.parsed.text).toContain("■ メールで通知できない職員");

    // The transcript sees the reminder as sent.
    const s0001 = db.$client.prepare("SELECT id FROM employees WHERE employee_no = 'S0001'").get() as { id: number };
    const history = listRemindersForEmployee(db, s0001.id);
    expect(history[0]).toMatchObject({ runDate: DATE, kind: "overdue", status: "sent", audience: "self" });
    expect(history[0].modules.map((module) => module.moduleId).sort()).toEqual(overdue.map((module) => module.moduleId).sort());
  });

  it("retries a 4xx with backoff, then delivers once", async () => {
    const server = await startServer({ rejectData: (to, attempt) => (to.includes("s0001@example.lg.jp") && attempt === 1 ? { code: 451, message: "4.3.0 Try again later" } : null) });
    const { queued } = await queueDay();
    const now = Date.now();
    const first = await deliver(server.url, now);
    expect(first.retrying).toBe(1);
    expect(first.sent).toBe(queued - 1);
    const waiting = rowFor("s0001@example.lg.jp");
    expect(waiting).toMatchObject({ status: "queued", attempts: 1 });
    expect(waiting.last_error).toMatch(/^451 /);
    expect(waiting.next_attempt_at).toBe(now + 60_000);
    // Not yet due: nothing is sent.
    expect((await deliver(server.url, now + 30_000)).sent).toBe(0);
    const second = await deliver(server.url, now + 61_000);
    expect(second.sent).toBe(1);
    expect(rowFor("s0001@example.lg.jp")).toMatchObject({ status: "sent", attempts: 2 });
    expect(server.received.filter((mail) => mail.to.includes("s0001@example.lg.jp"))).toHaveLength(1);
    expect(server.received).toHaveLength(queued);
  });

  it("marks a 5xx as failed with the SMTP error, never retries it alone, and an admin can retry it", async () => {
    let refuse = true;
    const server = await startServer({ rejectRecipient: (address) => (refuse && address === "s0002@example.lg.jp" ? { code: 550, message: "5.1.1 User unknown" } : null) });
    const { queued } = await queueDay();
    const now = Date.now();
    const first = await deliver(server.url, now);
    expect(first.failed).toBe(1);
    const failed = rowFor("s0002@example.lg.jp");
    expect(failed.status).toBe("failed");
    expect(failed.last_error).toMatch(/550/);
    expect(failed.last_error).toMatch(/User unknown/);
    const later = await deliver(server.url, now + 24 * 3_600_000);
    expect(later.sent + later.failed + later.retrying).toBe(0);
    expect(rowFor("s0002@example.lg.jp").attempts).toBe(1);

    refuse = false;
    const admin = db.$client.prepare("SELECT a.id FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = 'A0001'").get() as { id: number };
    expect(retryOutboxMessage(db, failed.id, { accountId: admin.id, ip: "127.0.0.1" }, now + 1)).toBe(true);
    const retried = await deliver(server.url, now + 2);
    expect(retried.sent).toBe(1);
    expect(rowFor("s0002@example.lg.jp").status).toBe("sent");
    expect(server.received).toHaveLength(queued);
    const audit = db.$client.prepare("SELECT action, target_id AS targetId FROM audit_log WHERE action = 'outbox.retry'").all();
    expect(audit).toEqual([{ action: "outbox.retry", targetId: String(failed.id) }]);
  });

  it("keeps messages queued while the relay is down and sends them when it is back", async () => {
    const port = await freePort();
    const url = `smtp://127.0.0.1:${port}`;
    const { queued } = await queueDay();
    const now = Date.now();
    const down = await deliver(url, now);
    expect(down.sent).toBe(0);
    expect(down.errors[0]).toMatch(/ECONNECTION|ECONNREFUSED/);
    const rows = outboxRows();
    expect(rows.every((row) => row.status === "queued")).toBe(true);
    // One attempt found the relay down; the others were not even tried.
    expect(rows.filter((row) => row.attempts > 0)).toHaveLength(1);

    const server = await startServer({ port });
    const back = await deliver(url, now + 61_000);
    expect(back.sent).toBe(queued);
    expect(server.received).toHaveLength(queued);
    expect(new Set(server.received.map((mail) => mail.to[0])).size).toBe(queued);
  });
});

describe("npm run reminders (the CLI) against a slow relay", () => {
  function runCli(server: TestSmtp, extra: string[] = []) {
    const child = spawn(process.execPath, ["--import", "tsx", "app/cli/reminders.ts", "--date", DATE, ...extra], {
      env: { ...process.env, DATABASE_PATH: db.$client.name, SMTP_URL: server.url, MAIL_FROM: "mamori@mamori.test", APP_BASE_URL: BASE_URL, MAMORI_NOW: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, exited, output: () => output };
  }

  it("delivers every message exactly once after being killed mid-send, and a third run sends nothing", { timeout: 120_000 }, async () => {
    const server = await startServer();
    server.rcptDelayMs = 150;
    const killAfter = 5;
    let seen = 0;
    const first = runCli(server);
    // Kill the sender while the relay is still answering the 6th message's RCPT TO: five are
    // delivered and recorded, the 6th is 'sending' and has not been accepted.
    await new Promise<void>((resolve, reject) => {
      first.exited.then((code) => reject(new Error(`CLI exited (${code}) before the kill: ${first.output()}`)));
      server.onRcpt = () => {
        seen += 1;
        if (seen === killAfter + 1) {
          first.child.kill("SIGKILL");
          resolve();
        }
      };
    });
    await first.exited;
    server.onRcpt = null;
    server.rcptDelayMs = 0;
    expect(server.received).toHaveLength(killAfter);
    const counts = db.$client.prepare("SELECT status, count(*) AS n FROM outbox GROUP BY status").all() as { status: string; n: number }[];
    const byStatus = Object.fromEntries(counts.map((row) => [row.status, row.n]));
    expect(byStatus.sent).toBe(killAfter);
    expect(byStatus.sending).toBe(1);
    const total = outboxRows().length;
    expect(total).toBeGreaterThan(killAfter + 10);

    const second = runCli(server);
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toContain("キューに入れたメール: 0 通");
    expect(second.output()).toMatch(/中断分の再送 1 通/);
    expect(server.received).toHaveLength(total);
    const perRecipient = new Map<string, number>();
    for (const mail of server.received) perRecipient.set(mail.to[0], (perRecipient.get(mail.to[0]) ?? 0) + 1);
    expect([...perRecipient.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(server.received.map((mail) => mail.parsed.messageId)).size).toBe(total);
    expect(outboxRows().every((row) => row.status === "sent")).toBe(true);

    const third = runCli(server);
    expect(await third.exited).toBe(0);
    expect(third.output()).toContain("キューに入れたメール: 0 通");
    expect(third.output()).toContain("送信済み 0 通");
    const summary = JSON.parse(third.output().trim().split("\n").at(-1)!);
    expect(summary).toMatchObject({ date: DATE, queued: 0, sent: 0, outboxWaiting: 0 });
    expect(server.received).toHaveLength(total);
  });
});
