// 標的型攻撃メール訓練 end to end against a real SMTP server on 127.0.0.1: launch, delivery
// (Japanese subject, one personal link each), click / data entered / report recorded once each,
// the follow-up training, and nothing typed on the landing page ever reaching the server's store.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "~/db/client.server";
import { parseCampaignForm } from "~/domain/drills/campaign-form";
import { createCampaign, launchCampaign } from "~/domain/drills/campaigns.server";
import type { DrillConfig } from "~/domain/drills/config.server";
import { reportFromLearner, reportFromMail } from "~/domain/drills/events.server";
import { getDrillTemplate, getDrillTemplates, parseDrillTemplate } from "~/domain/drills/templates.server";
import { findIdentifiers, hashToken } from "~/domain/drills/tokens";
import { createHash } from "node:crypto";
import { createSmtpTransport, deliverOutbox } from "~/domain/reminders/deliver.server";
import { runReminders } from "~/domain/reminders/run.server";
import { action as landingAction, loader as landingLoader } from "~/routes/d.$token";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { BASE, context, settle } from "../helpers/requests";
import { freePort, startTestSmtpServer, type TestSmtp } from "../helpers/smtp";
import nodemailer from "nodemailer";
import { startReportListener } from "~/domain/drills/report-listener.server";

const DRILL: DrillConfig = { baseUrl: "http://drill.test", messageIdDomain: "drill.test", reportSmtpPort: null, reportSmtpHost: "127.0.0.1", reportAddress: null };

let db: Db;
let smtp: TestSmtp;

beforeEach(async () => {
  db = createDemoDb();
  smtp = await startTestSmtpServer();
});

afterEach(async () => {
  await smtp.close();
});

function accountId(employeeNo: string): number {
  return (db.$client.prepare("SELECT a.id FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = ?").get(employeeNo) as { id: number }).id;
}

function employeeId(employeeNo: string): number {
  return (db.$client.prepare("SELECT id FROM employees WHERE employee_no = ?").get(employeeNo) as { id: number }).id;
}

function departmentId(code: string): number {
  return (db.$client.prepare("SELECT id FROM departments WHERE code = ?").get(code) as { id: number }).id;
}

export function campaignForm(templateId: string, fields: Record<string, string | string[]> = {}): FormData {
  const template = getDrillTemplate(templateId)!;
  const form = new FormData();
  const values: Record<string, string | string[]> = {
    name: `訓練 ${template.title}`,
    templateId,
    senderName: template.senderName,
    senderAddress: template.senderAddress,
    subject: template.subject,
    bodyText: template.bodyText,
    signs: template.signs.join("\n"),
    landing: template.landing,
    moduleId: "threats",
    followUpDays: "14",
    windowDays: "1",
    sampleKind: "all",
    ...fields,
  };
  for (const [key, value] of Object.entries(values)) for (const item of Array.isArray(value) ? value : [value]) form.append(key, item);
  return form;
}

function createAndLaunch(templateId: string, fields: Record<string, string | string[]>) {
  const parsed = parseCampaignForm(campaignForm(templateId, fields));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const created = createCampaign(db, parsed.input, { accountId: accountId("H0001"), ip: null }, TEST_NOW);
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const launched = launchCampaign(db, created.id, { accountId: accountId("H0001"), ip: null }, { now: TEST_NOW, config: DRILL });
  if (!launched.ok) throw new Error(launched.error);
  return { campaignId: created.id, queued: launched.queued };
}

async function deliverAll() {
  const transport = createSmtpTransport({ smtpUrl: smtp.url, from: "まもり <mamori@mamori.test>", baseUrl: BASE, messageIdDomain: "mamori.test", schedulerEnabled: false })!;
  try {
    // The window's mails are spread over office hours: deliver as of the end of the day.
    return await deliverOutbox(db, transport, { from: "まもり <mamori@mamori.test>", now: () => TEST_NOW + 10 * 3600_000 });
  } finally {
    transport.close?.();
  }
}

function tokenOf(text: string): string {
  const match = /http:\/\/drill\.test\/d\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no link in ${text}`);
  return match[1];
}

function landingGet(token: string) {
  return settle(() => landingLoader({ request: new Request(`http://drill.test/d/${token}`), params: { token }, context }));
}

function landingPost(token: string, fields: Record<string, string>) {
  const request = new Request(`http://drill.test/d/${token}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://drill.test" },
  });
  return settle(() => landingAction({ request, params: { token }, context }));
}

type RecipientRow = { employee_id: number; token_hash: string; reference: string; clicked_at: number | null; entered_at: number | null; reported_at: number | null; report_channel: string | null; follow_up: string | null; follow_up_assignment_id: number | null };

function recipients(): RecipientRow[] {
  return db.$client.prepare("SELECT * FROM drill_recipients ORDER BY id").all() as RecipientRow[];
}

describe("template library", () => {
  it("ships at least 8 templates, each on a threat of section 3 with a reserved example domain", () => {
    const templates = getDrillTemplates();
    expect(templates.length).toBeGreaterThanOrEqual(8);
    for (const template of templates) {
      expect(template.policySection).toMatch(/^3/);
      expect(template.senderAddress).toMatch(/example\.(jp|co\.jp|lg\.jp|com)$/);
      expect(template.bodyText).toContain("{{link}}");
    }
  });
});

describe("template validation", () => {
  const source = (senderAddress: string, body: string) =>
    `---\nid: sample\ntitle: 見本\npolicySection: "3(1)"\nthreat: 見本\nsenderName: 見本\nsenderAddress: ${senderAddress}\nsubject: 見本\nlanding: none\nsigns: [一つ目, 二つ目]\nlesson: 見本\n---\n${body}\n`;

  it("refuses a real-looking domain and a body without the link, naming file and field", () => {
    expect(parseDrillTemplate("drills/sample.md", source("info@example.jp", "{{link}} {{reference}}")).problems).toEqual([]);
    expect(parseDrillTemplate("drills/sample.md", source("info@city.nanao.lg.jp", "{{link}} {{reference}}")).problems).toEqual([
      "drills/sample.md: senderAddress: 実在の組織のドメインは使えません。example.jp などの例示用ドメインにしてください",
    ]);
    expect(parseDrillTemplate("drills/sample.md", source("info@example.jp", "本文 {{reference}}")).problems[0]).toBe("drills/sample.md: 本文: 本文に {{link}}（訓練用リンク）を入れてください");
  });

  it("finds tokens and references in pasted text (full-width and lower case too), and hashes tokens with SHA-256", () => {
    const token = "a".repeat(40) + "B_-";
    const found = findIdentifiers(`リンク http://drill.test/d/${token} 番号：ｋ７ｐｘ-q2md-9tra`);
    expect(found).toEqual({ tokens: [token], references: ["K7PX-Q2MD-9TRA"] });
    expect(hashToken(token)).toBe(createHash("sha256").update(token).digest("hex"));
  });
});

describe("a drill campaign", () => {
  it("delivers Japanese mails with one personal link each, through the outbox, without colliding with reminders", async () => {
    const { queued } = createAndLaunch("password-expiry", { departmentId: String(departmentId("1110")) });
    expect(queued).toBeGreaterThanOrEqual(3);
    await deliverAll();
    const drillMails = smtp.received.filter((mail) => mail.parsed.subject === "【重要】パスワードの有効期限が本日で切れます");
    expect(drillMails).toHaveLength(queued);
    const tokens = drillMails.map((mail) => tokenOf(String(mail.parsed.text)));
    expect(new Set(tokens).size).toBe(queued);
    for (const mail of drillMails) {
      expect(mail.parsed.from?.value[0].address).toBe("admin@mail-support.example.jp");
      expect(mail.raw).not.toMatch(/X-Mamori/i);
      expect(mail.parsed.messageId).toMatch(/@drill\.test>?$/);
      expect(mail.parsed.text).not.toContain("{{");
    }
    // Tokens: 256 bits, only their SHA-256 at rest; the sent outbox rows no longer hold them.
    const hashes = new Set(recipients().map((row) => row.token_hash));
    for (const token of tokens) {
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(hashes.has(hashToken(token))).toBe(true);
      const dump = JSON.stringify(db.$client.prepare("SELECT * FROM outbox").all()) + JSON.stringify(recipients());
      expect(dump).not.toContain(token);
    }
    // The day's reminder run after the drill mails were queued for the same date: they do not
    // count as "already e-mailed today", and the per-day unique index does not refuse them.
    const drilled = db.$client.prepare("SELECT employee_id FROM drill_recipients").all() as { employee_id: number }[];
    const run = await runReminders(db, { date: "2026-11-25", trigger: "cli", mail: { smtpUrl: null, from: "まもり <mamori@mamori.test>", baseUrl: BASE, messageIdDomain: "mamori.test", schedulerEnabled: false } });
    expect(run.status).toBe("done");
    const reminded = db.$client
      .prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'reminder' AND run_date = '2026-11-25' AND recipient_employee_id IN (${drilled.map((row) => row.employee_id).join(",")})`)
      .get() as { n: number };
    const expected = db.$client
      .prepare(`SELECT count(DISTINCT employee_id) AS n FROM assignments WHERE completed_at IS NULL AND exempted_at IS NULL AND employee_id IN (${drilled.map((row) => row.employee_id).join(",")})`)
      .get() as { n: number };
    expect(expected.n).toBeGreaterThan(0);
    expect(reminded.n).toBeGreaterThan(0);
  });

  it("records the first click once, assigns the follow-up once, and a forged token is a 404 that records nothing", async () => {
    createAndLaunch("delivery-notice", { departmentId: String(departmentId("1111")) });
    await deliverAll();
    const token = tokenOf(String(smtp.received[0].parsed.text));
    const before = db.$client.prepare("SELECT count(*) AS n FROM assignments").get() as { n: number };
    await settle(() => landingLoader({ request: new Request(`http://drill.test/d/${token}`, { method: "HEAD" }), params: { token }, context }));
    expect(recipients().filter((r) => r.clicked_at !== null)).toHaveLength(0);
    const first = await landingGet(token);
    expect(first).toMatchObject({ step: "lesson" });
    const row = recipients().find((r) => r.clicked_at !== null)!;
    expect(row.clicked_at).not.toBeNull();
    const clickedAt = row.clicked_at;
    await landingGet(token);
    const again = recipients().find((r) => r.employee_id === row.employee_id)!;
    expect(again.clicked_at).toBe(clickedAt);
    expect(recipients().filter((r) => r.clicked_at !== null)).toHaveLength(1);
    expect(again.follow_up).toMatch(/^(created|existing)$/);
    expect(again.follow_up_assignment_id).not.toBeNull();
    const after = db.$client.prepare("SELECT count(*) AS n FROM assignments").get() as { n: number };
    expect(after.n - before.n).toBeLessThanOrEqual(1);
    if (again.follow_up === "created") {
      const assignment = db.$client.prepare("SELECT source, reason, module_id FROM assignments WHERE id = ?").get(again.follow_up_assignment_id) as { source: string; reason: string; module_id: string };
      expect(assignment).toEqual({ source: "refresher", reason: "標的型攻撃メール訓練", module_id: "threats" });
    }

    const snapshot = JSON.stringify(recipients());
    const forged = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const response = await landingGet(forged);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(404);
    expect(((await landingPost(forged, { entered: "1" })) as Response).status).toBe(404);
    expect(((await landingGet("short")) as Response).status).toBe(404);
    expect(JSON.stringify(recipients())).toBe(snapshot);
  });

  it("follow-up: a module the person does not have yet is created as a refresher with the drill's reason", async () => {
    createAndLaunch("fake-invoice", { departmentId: String(departmentId("1112")), moduleId: "outsourcing-cloud-sns" });
    await deliverAll();
    // Whoever has no such assignment this 年度 gets one; whoever has one keeps it.
    for (const mail of smtp.received) await landingGet(tokenOf(String(mail.parsed.text)));
    const rows = db.$client
      .prepare("SELECT r.follow_up, a.source, a.reason FROM drill_recipients r JOIN assignments a ON a.id = r.follow_up_assignment_id")
      .all() as { follow_up: string; source: string; reason: string }[];
    expect(rows).toHaveLength(smtp.received.length);
    for (const row of rows.filter((r) => r.follow_up === "created")) expect(row).toMatchObject({ source: "refresher", reason: "標的型攻撃メール訓練" });
  });

  it("the fake sign-in form never transmits or stores what was typed: only the flag is recorded", async () => {
    const logs: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(" "))),
    );
    try {
      createAndLaunch("password-expiry", { departmentId: String(departmentId("1111")) });
      await deliverAll();
      const token = tokenOf(String(smtp.received[0].parsed.text));
      expect(await landingGet(token)).toMatchObject({ step: "form" });
      // A tampered client posting typed values: they are never read, stored or logged.
      const secret = "Hunter2-秘密のパスワード-93x7";
      const result = await landingPost(token, { entered: "1", password: secret, user: "S0001-typed", "drill-password": secret });
      expect((result as Response).status).toBe(302);
      await landingPost(token, { entered: "1" });
      const entered = recipients().filter((r) => r.entered_at !== null);
      expect(entered).toHaveLength(1);
      expect(entered[0].clicked_at).not.toBeNull();
      expect(await landingGet(token)).toMatchObject({ step: "lesson", entered: true });
      const tables = (db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      for (const table of tables) {
        const dump = JSON.stringify(db.$client.prepare(`SELECT * FROM "${table}"`).all());
        expect(dump, table).not.toContain("Hunter2");
        expect(dump, table).not.toContain("S0001-typed");
      }
      expect(logs.join("\n")).not.toContain("Hunter2");
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("the landing page's form has no named inputs: the browser cannot send what is typed", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync("app/routes/d.$token.tsx", "utf8");
    const inputs = source.match(/<input[^>]*>/g) ?? [];
    expect(inputs.length).toBeGreaterThanOrEqual(2);
    for (const input of inputs) expect(input).not.toMatch(/\bname=/);
  });

  it("reporting from /learn (reference or pasted link) and by forwarded mail counts once, with one acknowledgement", async () => {
    createAndLaunch("prefecture-inquiry", { departmentId: String(departmentId("1111")) });
    await deliverAll();
    const mailTo = (employeeNo: string) => smtp.received.find((mail) => mail.to.includes(`${employeeNo.toLowerCase()}@example.lg.jp`))!;
    const own = String(mailTo("S0001").parsed.text);
    const reference = /照会番号：(\S+)/.exec(own)![1];
    // Someone else's reference does not count for S0002.
    expect(reportFromLearner(db, employeeId("S0002"), reference, TEST_NOW + 11 * 3600_000).matched).toBe(0);
    const first = reportFromLearner(db, employeeId("S0001"), `参照番号 ${reference.toLowerCase()}`, TEST_NOW + 11 * 3600_000);
    expect(first).toMatchObject({ matched: 1, firstReports: 1 });
    const second = reportFromLearner(db, employeeId("S0001"), own, TEST_NOW + 12 * 3600_000);
    expect(second).toMatchObject({ matched: 1, firstReports: 0 });
    const row = recipients().find((r) => r.employee_id === employeeId("S0001"))!;
    expect(row.reported_at).toBe(TEST_NOW + 11 * 3600_000);
    expect(row.report_channel).toBe("learn");
    // A forwarded mail (the relay sends it to the report address) with S0002's link in it.
    const forwarded = `---------- Forwarded message ---------\n${String(mailTo("S0002").parsed.text)}`;
    expect(reportFromMail(db, forwarded, TEST_NOW + 13 * 3600_000)).toMatchObject({ matched: 1, firstReports: 1 });
    expect(reportFromMail(db, forwarded, TEST_NOW + 14 * 3600_000)).toMatchObject({ matched: 1, firstReports: 0 });
    const acks = db.$client.prepare("SELECT to_address FROM outbox WHERE kind = 'drill_ack' ORDER BY id").all() as { to_address: string }[];
    expect(acks.map((ack) => ack.to_address)).toEqual(["s0001@example.lg.jp", "s0002@example.lg.jp"]);
    // A report does not count as a click.
    expect(recipients().filter((r) => r.clicked_at !== null)).toHaveLength(0);
  });

  it("the report address: a mail forwarded (as an attachment) to Mamori's SMTP listener counts as reported", async () => {
    createAndLaunch("shared-meeting-materials", { departmentId: String(departmentId("1111")) });
    await deliverAll();
    const original = smtp.received.find((mail) => mail.to.includes("s0001@example.lg.jp"))!;
    const listener = await startReportListener(db, { port: await freePort(), host: "127.0.0.1", now: () => TEST_NOW + 12 * 3600_000 });
    const relay = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
    try {
      await relay.sendMail({
        from: "s0001@example.lg.jp",
        to: "report@city.example.lg.jp",
        subject: "FW: 不審メール",
        text: "不審なメールが届きました。",
        attachments: [{ filename: "suspicious.eml", contentType: "message/rfc822", content: original.raw }],
      });
      // Mail that matches no drill is accepted too (no bounce to the reporter) and records nothing.
      await relay.sendMail({ from: "s0002@example.lg.jp", to: "report@city.example.lg.jp", subject: "FW: 本物かも", text: "http://evil.example/login" });
    } finally {
      relay.close();
      await listener.close();
    }
    const reported = recipients().filter((r) => r.reported_at !== null);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ employee_id: employeeId("S0001"), report_channel: "mail", reported_at: TEST_NOW + 12 * 3600_000 });
  });
});
