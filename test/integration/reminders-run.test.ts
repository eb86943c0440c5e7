// Reminder runs on the demo data (no SMTP: messages stay in the outbox), over simulated dates;
// the lease between processes; the HR and admin pages; the learner's notices; the transcript list.
import { spawn } from "node:child_process";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import type { MailConfig } from "~/domain/reminders/config.server";
import { listRemindersForEmployee } from "~/domain/reminders/history.server";
import { releaseLease, tryAcquireLease } from "~/domain/reminders/lease.server";
import { runReminders } from "~/domain/reminders/run.server";
import { schedulerTick } from "~/domain/reminders/scheduler.server";
import { addDays } from "~/domain/time";
import { action as outboxAction, loader as outboxLoader } from "~/routes/admin.outbox._index";
import { loader as messageLoader } from "~/routes/admin.outbox.$messageId";
import { action as hrAction, loader as hrLoader } from "~/routes/hr.reminders";
import { loader as learnLoader } from "~/routes/learn._index";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get, payload, post, settle } from "../helpers/requests";

const DATE = "2026-11-25"; // Wednesday
const MAIL: MailConfig = { smtpUrl: null, from: "mamori@mamori.test", baseUrl: "http://mamori.test", messageIdDomain: "mamori.test", schedulerEnabled: false };

let db: Db;

beforeEach(() => {
  db = createDemoDb();
  process.env.MAMORI_NOW = new Date(TEST_NOW).toISOString(); // 2026-11-25 10:00 JST
  return () => {
    delete process.env.MAMORI_NOW;
  };
});

function employeeId(employeeNo: string): number {
  return (db.$client.prepare("SELECT id FROM employees WHERE employee_no = ?").get(employeeNo) as { id: number }).id;
}

function count(sql: string, ...params: unknown[]): number {
  return (db.$client.prepare(sql).get(...params) as { n: number }).n;
}

async function run(date: string) {
  const result = await runReminders(db, { date, trigger: "cli", mail: MAIL });
  return result;
}

/** Dates on which an employee has a message in the outbox. */
function mailDates(employeeNo: string): string[] {
  return (
    db.$client
      .prepare("SELECT o.run_date FROM outbox o JOIN employees e ON e.id = o.recipient_employee_id WHERE e.employee_no = ? ORDER BY o.run_date")
      .pluck()
      .all(employeeNo) as string[]
  );
}

describe("a reminder run", () => {
  it("queues one message per recipient and records every slot; a second run the same day queues nothing", async () => {
    const first = await run(DATE);
    expect(first.status).toBe("done");
    if (first.status !== "done") return;
    expect(first.queued).toBeGreaterThan(100);
    expect(count("SELECT count(*) AS n FROM outbox")).toBe(first.queued);
    expect(count("SELECT count(DISTINCT recipient_employee_id) AS n FROM outbox")).toBe(first.queued);
    expect(count("SELECT count(*) AS n FROM outbox WHERE status = 'queued'")).toBe(first.queued);
    expect(count("SELECT count(*) AS n FROM reminders")).toBe(first.recorded);
    // Every e-mailed reminder points at its recipient's message.
    expect(count("SELECT count(*) AS n FROM reminders r JOIN outbox o ON o.id = r.outbox_id WHERE o.recipient_employee_id <> r.recipient_employee_id")).toBe(0);

    const again = await run(DATE);
    expect(again).toMatchObject({ status: "done", queued: 0, recorded: 0 });
    expect(count("SELECT count(*) AS n FROM outbox")).toBe(first.queued);
    expect(count("SELECT count(*) AS n FROM reminder_runs WHERE run_date = ?", DATE)).toBe(2);
  });

  it("over three weeks: weekly overdue reminders, weekly digests, nothing on weekends, never two a day", async () => {
    for (let offset = 0; offset < 22; offset += 1) await run(addDays(DATE, offset)); // to Wed 16 Dec
    // At most one message per person per date (also a unique index).
    expect(count("SELECT count(*) AS n FROM (SELECT recipient_employee_id, run_date FROM outbox GROUP BY 1, 2 HAVING count(*) > 1)")).toBe(0);
    // Nothing on a Saturday or Sunday.
    const weekendMail = db.$client.prepare("SELECT DISTINCT run_date FROM outbox WHERE run_date IN ('2026-11-28', '2026-11-29', '2026-12-05', '2026-12-06', '2026-12-12', '2026-12-13')").all();
    expect(weekendMail).toEqual([]);
    // S0001's overdue modules (due 22 Oct, 29 Oct, 5 Nov) have weekly slots on Fridays: the 20 Nov
    // slot is caught up on the first run, then 27 Nov, 4 Dec, 11 Dec. The module due 29 Dec gets
    // its "14 days before" on Tue 15 Dec.
    expect(mailDates("S0001")).toEqual(["2026-11-25", "2026-11-27", "2026-12-04", "2026-12-11", "2026-12-15"]);
    const s0001Kinds = db.$client
      .prepare("SELECT DISTINCT run_date || ' ' || kind FROM reminders WHERE employee_id = ? AND kind <> 'escalation_manager' ORDER BY 1")
      .pluck()
      .all(employeeId("S0001"));
    expect(s0001Kinds).toEqual(["2026-11-25 overdue", "2026-11-27 overdue", "2026-12-04 overdue", "2026-12-11 overdue", "2026-12-15 upcoming"]);
    // The manager's digest is weekly (Wednesdays); M0001's own overdue reminders are on Fridays.
    const digests = db.$client
      .prepare("SELECT slot_date FROM reminder_digests WHERE audience = 'manager' AND recipient_employee_id = ? ORDER BY slot_date")
      .pluck()
      .all(employeeId("M0001"));
    expect(digests).toEqual(["2026-11-25", "2026-12-02", "2026-12-09", "2026-12-16"]);
    expect(mailDates("M0001")).toEqual(["2026-11-25", "2026-11-27", "2026-12-02", "2026-12-04", "2026-12-09", "2026-12-11", "2026-12-15", "2026-12-16"]);
    // Each slot recorded once.
    expect(count("SELECT count(*) AS n FROM (SELECT 1 FROM reminders GROUP BY assignment_id, kind, slot_date HAVING count(*) > 1)")).toBe(0);
  });

  it("writes nothing on a holiday", async () => {
    const result = await run("2026-11-23"); // 勤労感謝の日
    expect(result.status).toBe("closed");
    expect(count("SELECT count(*) AS n FROM outbox")).toBe(0);
    expect(count("SELECT count(*) AS n FROM reminder_runs")).toBe(0);
  });

  it("never reminds leavers or completed and exempt work", async () => {
    await run(DATE);
    expect(count("SELECT count(*) AS n FROM outbox o JOIN employees e ON e.id = o.recipient_employee_id WHERE e.active = 0")).toBe(0);
    expect(count("SELECT count(*) AS n FROM reminders r JOIN assignments a ON a.id = r.assignment_id WHERE a.completed_at IS NOT NULL OR a.exempted_at IS NOT NULL")).toBe(0);
  });

  it("records people without an address as not sent and reports them to HR", async () => {
    const s0002 = employeeId("S0002");
    db.$client.prepare("UPDATE employees SET email = NULL WHERE id = ?").run(s0002);
    const result = await run(DATE);
    if (result.status !== "done") throw new Error(result.status);
    expect(result.plan.undeliverable.map((person) => person.employeeNo)).toContain("S0002");
    expect(count("SELECT count(*) AS n FROM outbox WHERE recipient_employee_id = ?", s0002)).toBe(0);
    const notSent = db.$client.prepare("SELECT channel, note FROM reminders WHERE employee_id = ? AND kind <> 'escalation_manager'").all(s0002);
    expect(notSent.length).toBeGreaterThan(0);
    expect(notSent.every((row) => JSON.stringify(row) === JSON.stringify({ channel: "none", note: "no_email" }))).toBe(true);
    const hrMail = db.$client
      .prepare("SELECT body_text FROM outbox o JOIN employees e ON e.id = o.recipient_employee_id WHERE e.employee_no = 'H0001'")
      .pluck()
      .get() as string;
    expect(hrMail).toMatch(/S0002 能登 花子（文書法制係）: メールアドレス未登録/);
    expect(listRemindersForEmployee(db, s0002)[0]).toMatchObject({ status: "not_sent", statusLabel: "未送信（メールアドレス未登録）" });
  });

  it("lists an employee's reminders for the transcript: kind, date, status, modules", async () => {
    await run(DATE);
    await run("2026-11-27");
    const history = listRemindersForEmployee(db, employeeId("S0001"));
    expect(history.map((entry) => [entry.runDate, entry.kind, entry.audience, entry.status])).toEqual([
      ["2026-11-27", "overdue", "self", "queued"],
      ["2026-11-25", "overdue", "self", "queued"],
      ["2026-11-25", "escalation_manager", "manager", "queued"],
    ]);
    expect(history[1].kindLabel).toBe("期限超過");
    expect(history[2].recipientName).toBe("和倉 誠");
    expect(history[1].modules.length).toBeGreaterThan(1);
    expect(history[1].modules[0]).toMatchObject({ fiscalYear: 2026, dueDate: expect.stringMatching(/^2026-1[01]-\d\d$/) });
    // Nobody else's rows.
    expect(listRemindersForEmployee(db, employeeId("H0001")).every((entry) => entry.modules.length > 0)).toBe(true);
  });
});

describe("one runner at a time", () => {
  it("a lease: held until released or expired; a dead holder's lease is taken over", () => {
    expect(tryAcquireLease(db, "test", "a", 60_000, 1_000)).toBe(true);
    expect(tryAcquireLease(db, "test", "b", 60_000, 2_000)).toBe(false);
    expect(tryAcquireLease(db, "test", "b", 60_000, 61_001)).toBe(true);
    releaseLease(db, "test", "b");
    expect(tryAcquireLease(db, "test", "c", 60_000, 62_000)).toBe(true);
    // A holder on this host whose process is gone (pid 2^22 + 1 cannot exist on Linux).
    db.$client.prepare("UPDATE job_leases SET pid = 4194305, holder = 'dead' WHERE name = 'test'").run();
    expect(tryAcquireLease(db, "test", "d", 60_000, 63_000)).toBe(true);
  });

  it("two app processes ticking at once on one database run the day once", { timeout: 60_000 }, async () => {
    const file = db.$client.name;
    const tick = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/reminders-tick.ts"], {
          env: { ...process.env, DATABASE_PATH: file, MAMORI_NOW: "2026-11-25T01:00:00Z", SMTP_URL: "" },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        child.once("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(output))));
      });
    const outcomes = (await Promise.all([tick(), tick()])).map((output) => JSON.parse(output.trim().split("\n").at(-1)!));
    expect(outcomes.filter((outcome) => outcome.ran)).toHaveLength(1);
    expect(outcomes.map((outcome) => outcome.runStatus).sort()).toEqual([expect.stringMatching(/^(busy|already-run)$/), "done"].sort());
    expect(count("SELECT count(*) AS n FROM reminder_runs")).toBe(1);
    expect(count("SELECT count(*) AS n FROM outbox")).toBe(count("SELECT count(DISTINCT recipient_employee_id) AS n FROM outbox"));
  });

  it("the scheduler waits for 09:00 JST on a business day and runs the day only once", async () => {
    expect(await schedulerTick(db, MAIL, Date.parse("2026-11-24T23:30:00Z"))).toMatchObject({ ran: false, reason: "before send hour" });
    expect(await schedulerTick(db, MAIL, Date.parse("2026-11-28T01:00:00Z"))).toMatchObject({ ran: false, reason: "closed: 土曜日" });
    expect(await schedulerTick(db, MAIL, Date.parse("2026-11-25T00:05:00Z"))).toMatchObject({ ran: true, runStatus: "done" });
    expect(await schedulerTick(db, MAIL, Date.parse("2026-11-25T06:00:00Z"))).toMatchObject({ ran: false, runStatus: "already-run" });
    expect(count("SELECT count(*) AS n FROM reminder_runs")).toBe(1);
  });
});

describe("/hr/reminders", () => {
  it("is for HR only", async () => {
    for (const who of ["S0001", "M0001", "A0001"]) {
      const response = await settle(() => hrLoader({ request: get("/hr/reminders", undefined), params: {}, context }).then(() => null).catch((thrown) => thrown));
      expect(response).toBeInstanceOf(Response); // not signed in → redirect
      const cookie = await cookieFor(db, who);
      const denied = await settle(() => hrLoader({ request: get("/hr/reminders", cookie), params: {}, context }));
      expect((denied as Response).status).toBe(403);
      const post403 = await settle(() => hrAction({ request: post("/hr/reminders", { intent: "run" }, cookie), params: {}, context }));
      expect((post403 as Response).status).toBe(403);
    }
    expect(count("SELECT count(*) AS n FROM outbox")).toBe(0);
  });

  it("previews today's reminders, then a run queues them, audited", async () => {
    const cookie = await cookieFor(db, "H0001");
    const data = (await hrLoader({ request: get("/hr/reminders", cookie), params: {}, context })) as Awaited<ReturnType<typeof hrLoader>>;
    expect(data.preview).toMatchObject({ date: DATE, businessDay: true, ranToday: false, smtpConfigured: false });
    expect(data.preview.counts.messages).toBeGreaterThan(100);
    expect(data.preview.recipients[0]).toMatchObject({ employeeNo: "A0001", own: expect.stringMatching(/^期限超過 \d+$/), hr: false });
    expect(count("SELECT count(*) AS n FROM outbox")).toBe(0);

    const response = await settle(() => hrAction({ request: post("/hr/reminders", { intent: "run" }, cookie), params: {}, context }));
    expect((response as Response).status).toBe(302);
    const location = (response as Response).headers.get("Location")!;
    expect(location).toMatch(/^\/hr\/reminders\?ran=\d+$/);
    expect(count("SELECT count(*) AS n FROM outbox")).toBe(data.preview.counts.messages);
    const audit = db.$client.prepare("SELECT action, details FROM audit_log WHERE action = 'reminders.run'").get() as { action: string; details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ date: DATE, queued: data.preview.counts.messages });

    const after = (await hrLoader({ request: get(location, cookie), params: {}, context })) as Awaited<ReturnType<typeof hrLoader>>;
    expect(after.ran).toMatchObject({ runDate: DATE, trigger: "hr", actor: "H0001", messagesQueued: data.preview.counts.messages });
    expect(after.preview).toMatchObject({ ranToday: true, counts: expect.objectContaining({ messages: 0 }) });
  });

  it("saves a valid schedule (audited) and rejects a bad one with Japanese messages, saving nothing", async () => {
    const cookie = await cookieFor(db, "H0001");
    const fields = {
      intent: "settings", onAssignment: "on", daysBefore: "21、7, 3", onDueDate: "on", overdueFirstDay: "2", overdueRepeatDays: "14",
      managerEscalationDays: "10", hrEscalationDays: "30", digestRepeatDays: "7", sendHour: "８", newYearHolidays: "on",
    };
    const saved = await settle(() => hrAction({ request: post("/hr/reminders", fields, cookie), params: {}, context }));
    expect((saved as Response).headers.get("Location")).toBe("/hr/reminders?saved=1");
    const data = (await hrLoader({ request: get("/hr/reminders", cookie), params: {}, context })) as Awaited<ReturnType<typeof hrLoader>>;
    expect(data.settings).toEqual({
      onAssignment: true, daysBefore: [21, 7, 3], onDueDate: true, overdueFirstDay: 2, overdueRepeatDays: 14,
      managerEscalationDays: 10, hrEscalationDays: 30, digestRepeatDays: 7, sendHour: 8, newYearHolidays: true,
    });
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'reminders.settings.update'")).toBe(1);

    const bad = await settle(() =>
      hrAction({ request: post("/hr/reminders", { ...fields, daysBefore: "14, abc", sendHour: "25", overdueFirstDay: "" }, cookie), params: {}, context }),
    );
    const { status, body } = payload<{ errors: Record<string, string> }>(bad);
    expect(status).toBe(400);
    expect(body.errors.daysBefore).toMatch(/カンマで区切って/);
    expect(body.errors.sendHour).toBe("送信時刻は23以下にしてください。");
    expect(body.errors.overdueFirstDay).toBe("最初の期限超過通知を数字で入力してください。");
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'reminders.settings.update'")).toBe(1);
    const unchanged = (await hrLoader({ request: get("/hr/reminders", cookie), params: {}, context })) as Awaited<ReturnType<typeof hrLoader>>;
    expect(unchanged.settings.sendHour).toBe(8);
  });
});

describe("/admin/outbox", () => {
  it("shows the outbox to admins only; an admin retries a failed message (audited)", async () => {
    await run(DATE);
    const hrCookie = await cookieFor(db, "H0001");
    expect(((await settle(() => outboxLoader({ request: get("/admin/outbox", hrCookie), params: {}, context }))) as Response).status).toBe(403);
    const cookie = await cookieFor(db, "A0001");
    const data = (await outboxLoader({ request: get("/admin/outbox", cookie), params: {}, context })) as Awaited<ReturnType<typeof outboxLoader>>;
    expect(data.relay).toBeNull();
    expect(data.counts.queued).toBe(data.counts.total);
    expect(data.rows).toHaveLength(50);
    expect(data.rows[0].subject).toMatch(/^【まもり】/);

    const target = data.rows[0].id;
    db.$client.prepare("UPDATE outbox SET status = 'failed', attempts = 1, last_error = '550 5.1.1 User unknown' WHERE id = ?").run(target);
    const failedOnly = (await outboxLoader({ request: get("/admin/outbox?status=failed", cookie), params: {}, context })) as Awaited<ReturnType<typeof outboxLoader>>;
    expect(failedOnly.rows.map((row) => row.id)).toEqual([target]);
    expect(failedOnly.rows[0].lastError).toBe("550 5.1.1 User unknown");

    const hrRetry = await settle(() => outboxAction({ request: post("/admin/outbox", { intent: "retry", id: String(target) }, hrCookie), params: {}, context }));
    expect((hrRetry as Response).status).toBe(403);
    const retried = await settle(() => outboxAction({ request: post("/admin/outbox?status=failed", { intent: "retry", id: String(target) }, cookie), params: {}, context }));
    expect((retried as Response).headers.get("Location")).toBe(`/admin/outbox?status=failed&retried=${target}`);
    expect(db.$client.prepare("SELECT status FROM outbox WHERE id = ?").pluck().get(target)).toBe("queued");
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'outbox.retry' AND target_id = ?", String(target))).toBe(1);

    db.$client.prepare("UPDATE outbox SET status = 'sent' WHERE id = ?").run(target);
    const notRetryable = payload(await settle(() => outboxAction({ request: post("/admin/outbox", { intent: "retry", id: String(target) }, cookie), params: {}, context })));
    expect(notRetryable.status).toBe(409);
    const badInput = payload(await settle(() => outboxAction({ request: post("/admin/outbox", { intent: "retry", id: "abc" }, cookie), params: {}, context })));
    expect(badInput.status).toBe(400);
  });

  it("shows one message with its body; 404 for an unknown one", async () => {
    await run(DATE);
    const cookie = await cookieFor(db, "A0001");
    const id = db.$client.prepare("SELECT o.id FROM outbox o JOIN employees e ON e.id = o.recipient_employee_id WHERE e.employee_no = 'S0001'").pluck().get() as number;
    const data = (await messageLoader({ request: get(`/admin/outbox/${id}`, cookie), params: { messageId: String(id) }, context })) as Awaited<ReturnType<typeof messageLoader>>;
    expect(data.message.toAddress).toBe("s0001@example.lg.jp");
    expect(data.message.bodyText).toContain("七尾 太郎 様");
    expect(data.message.bodyText).toContain("http://mamori.test/learn/");
    for (const messageId of ["999999", "abc"]) {
      const missing = await settle(() => messageLoader({ request: get(`/admin/outbox/${messageId}`, cookie), params: { messageId }, context }));
      expect((missing as Response).status).toBe(404);
    }
  });
});

describe("/learn notices", () => {
  it("shows S0001 overdue and due-soon notices from the same schedule", async () => {
    const cookie = await cookieFor(db, "S0001");
    const data = (await learnLoader({ request: get("/learn", cookie), params: {}, context })) as Awaited<ReturnType<typeof learnLoader>>;
    const overdue = data.items.filter((item) => item.status === "overdue");
    expect(overdue.length).toBeGreaterThan(0);
    expect(data.notices.filter((notice) => notice.kind === "overdue").map((notice) => notice.assignmentId).sort()).toEqual(overdue.map((item) => item.id).sort());
    expect(data.notices[0]).toMatchObject({ kind: "overdue", days: expect.any(Number) });
    // Nothing due within 14 days here (next due 29 Dec), so no due-soon notice; with a 40-day window there is.
    expect(data.notices.some((notice) => notice.kind === "due_soon")).toBe(false);
    db.$client.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('reminders', ?, 0)").run(JSON.stringify({ daysBefore: [40] }));
    const wider = (await learnLoader({ request: get("/learn", cookie), params: {}, context })) as Awaited<ReturnType<typeof learnLoader>>;
    expect(wider.notices.filter((notice) => notice.kind === "due_soon").map((notice) => notice.days)).toEqual([34, 40]);
  });
});
