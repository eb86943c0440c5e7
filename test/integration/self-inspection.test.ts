// 自己点検: HR opens a campaign; each 所属長 answers for their own departments only; submission is
// atomic and final; いいえ needs an improvement plan; the roll-up counts what was submitted.
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "~/db/client.server";
import { auditLog, departments, employees, selfInspectionAnswers, selfInspectionResponses } from "~/db/schema";
import { getChecklists } from "~/domain/self-inspection/load.server";
import { calculateRollup, percentHalfUp } from "~/domain/self-inspection/rollup";
import { loader as hrExportLoader } from "~/routes/hr.self-inspection.export[.]csv";
import { action as hrAction, loader as hrLoader } from "~/routes/hr.self-inspection._index";
import { loader as hrResponseLoader } from "~/routes/hr.self-inspection.$responseId";
import { loader as teamListLoader } from "~/routes/team.self-inspection._index";
import { action as teamAction, loader as teamLoader } from "~/routes/team.self-inspection.$responseId";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get, payload, post, settle } from "../helpers/requests";

let db: Db;
let hr: string;
let manager: string;

beforeEach(async () => {
  vi.stubEnv("MAMORI_NOW", new Date(TEST_NOW).toISOString());
  db = createDemoDb();
  hr = await cookieFor(db, "H0001");
  manager = await cookieFor(db, "M0001");
});

afterEach(() => vi.unstubAllEnvs());

const departmentId = (code: string) => db.select({ id: departments.id }).from(departments).where(eq(departments.code, code)).get()!.id;
const employeeId = (employeeNo: string) => db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, employeeNo)).get()!.id;
const responseOf = (code: string) => db.select().from(selfInspectionResponses).where(eq(selfInspectionResponses.departmentId, departmentId(code))).get()!;
const answersOf = (responseId: number) => db.select().from(selfInspectionAnswers).where(eq(selfInspectionAnswers.responseId, responseId)).all();
const auditCount = (action: string) => db.select({ n: sql<number>`count(*)` }).from(auditLog).where(eq(auditLog.action, action)).get()!.n;

async function openCampaign(fields: Partial<Record<string, string>> = {}) {
  return settle(() =>
    hrAction({ request: post("/hr/self-inspection", { fiscalYear: "2026", dueDate: "2026-12-25", checklistId: "department-basic", ...fields }, hr), params: {}, context }),
  );
}

/** A complete answer form for a response: every item "yes" unless overridden. */
function answerForm(responseId: number, intent: "save" | "submit", overrides: Record<string, Partial<{ answer: string; plan: string; due: string; comment: string }>> = {}) {
  const fields: Record<string, string | string[]> = { intent, item: [] };
  for (const row of answersOf(responseId)) {
    (fields.item as string[]).push(row.itemId);
    const override = overrides[row.itemId] ?? {};
    fields[`answer:${row.itemId}`] = override.answer ?? "yes";
    fields[`comment:${row.itemId}`] = override.comment ?? "";
    fields[`plan:${row.itemId}`] = override.plan ?? "";
    fields[`due:${row.itemId}`] = override.due ?? "";
  }
  return fields;
}

describe("opening a campaign", () => {
  it("creates one draft response per department with a head, with the items that apply", async () => {
    const result = await openCampaign();
    expect(result).toBeInstanceOf(Response);
    expect((result as Response).headers.get("Location")).toContain("/hr/self-inspection?fy=2026");
    const headed = db.select({ n: sql<number>`count(*)` }).from(departments).where(sql`head_employee_id IS NOT NULL`).get()!.n;
    expect(db.select({ n: sql<number>`count(*)` }).from(selfInspectionResponses).get()!.n).toBe(headed);
    // 情報政策課 (1130) has a システム担当 (A0001): it answers the monitoring item; a 課 without one does not.
    const items = getChecklists()[0].items;
    expect(answersOf(responseOf("1130").id).map((row) => row.itemId)).toContain("system-monitoring");
    const withoutSystemStaff = db.all<{ code: string }>(sql`
      SELECT d.code FROM departments d WHERE d.head_employee_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM employees e JOIN departments x ON x.id = e.department_id WHERE e.active = 1 AND e.role_tier = 'システム担当' AND x.path LIKE d.path || '%')
    `);
    expect(withoutSystemStaff.length).toBeGreaterThan(0);
    expect(answersOf(responseOf(withoutSystemStaff[0].code).id)).toHaveLength(items.length - 1);
    expect(auditCount("self_inspection.open")).toBe(1);
  });

  it("refuses a second campaign for the year, a past due date, and auditors, writing nothing", async () => {
    const past = await openCampaign({ dueDate: "2026-11-01" });
    expect(payload(past).status).toBe(400);
    expect(JSON.stringify(payload(past).body)).toContain("今日以降");
    expect(db.select({ n: sql<number>`count(*)` }).from(selfInspectionResponses).get()!.n).toBe(0);
    await openCampaign();
    const again = await openCampaign();
    expect(payload(again).status).toBe(400);
    expect(JSON.stringify(payload(again).body)).toContain("すでに開始");
    expect(auditCount("self_inspection.open")).toBe(1);
    // A learner (or manager) cannot open one.
    const refused = await settle(() => hrAction({ request: post("/hr/self-inspection", { fiscalYear: "2027", dueDate: "2027-12-25", checklistId: "department-basic" }, manager), params: {}, context }));
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
  });
});

describe("a 所属長 answers for their own department only", () => {
  beforeEach(async () => {
    await openCampaign();
  });

  it("lists only the manager's departments and 404s another department by URL and by form", async () => {
    const list = (await teamListLoader({ request: get("/team/self-inspection", manager), params: {}, context })) as Awaited<ReturnType<typeof teamListLoader>>;
    expect(list.responses.map((response) => response.departmentName)).toEqual(["総務課"]);
    const other = responseOf("1120"); // 人事課: not in M0001's subtree
    const read = await settle(() => teamLoader({ request: get(`/team/self-inspection/${other.id}`, manager), params: { responseId: String(other.id) }, context }));
    expect((read as Response).status).toBe(404);
    const before = JSON.stringify(answersOf(other.id));
    const write = await settle(() => teamAction({ request: post(`/team/self-inspection/${other.id}`, answerForm(other.id, "submit"), manager), params: { responseId: String(other.id) }, context }));
    expect((write as Response).status).toBe(404);
    expect(JSON.stringify(answersOf(other.id))).toBe(before);
    expect(responseOf("1120").status).toBe("draft");
    // Item ids of another response posted to one's own are refused too.
    const own = responseOf("1110");
    const mixed = await settle(() => teamAction({ request: post(`/team/self-inspection/${own.id}`, { ...answerForm(own.id, "save"), item: [...(answerForm(own.id, "save").item as string[]), "no-such-item"], "answer:no-such-item": "yes" }, manager), params: { responseId: String(own.id) }, context }));
    expect(payload(mixed).status).toBe(400);
    expect(answersOf(own.id).every((row) => row.answer === null)).toBe(true);
  });

  it("a manager higher up reads a sub-department's inspection but cannot answer it", async () => {
    // Make M0001 also head of 総務部 (1100): 人事課 (1120) is now in the subtree, headed by someone else.
    db.update(departments).set({ headEmployeeId: employeeId("M0001") }).where(eq(departments.code, "1100")).run();
    const other = responseOf("1120");
    const read = (await teamLoader({ request: get(`/team/self-inspection/${other.id}`, manager), params: { responseId: String(other.id) }, context })) as Awaited<ReturnType<typeof teamLoader>>;
    expect(read.canAnswer).toBe(false);
    const write = await settle(() => teamAction({ request: post(`/team/self-inspection/${other.id}`, answerForm(other.id, "submit"), manager), params: { responseId: String(other.id) }, context }));
    expect((write as Response).status).toBe(403);
    expect(responseOf("1120").status).toBe("draft");
  });

  it("saves a draft, refuses いいえ without 改善予定 with nothing written, then submits once", async () => {
    const own = responseOf("1110");
    const draft = await settle(() => teamAction({ request: post(`/team/self-inspection/${own.id}`, answerForm(own.id, "save", { "admin-known": { answer: "no" } }), manager), params: { responseId: String(own.id) }, context }));
    expect((draft as Response).status).toBe(302);
    expect(answersOf(own.id).find((row) => row.itemId === "admin-known")!.answer).toBe("no");
    expect(responseOf("1110").status).toBe("draft");

    const snapshot = JSON.stringify(answersOf(own.id));
    const refused = await settle(() =>
      teamAction({ request: post(`/team/self-inspection/${own.id}`, answerForm(own.id, "submit", { "admin-known": { answer: "no", comment: "変更したコメント" } }), manager), params: { responseId: String(own.id) }, context }),
    );
    const { status, body } = payload<{ errors: Record<string, string> }>(refused);
    expect(status).toBe(400);
    expect(body.errors["admin-known.improvementPlan"]).toBe("「いいえ」の項目には改善予定を入力してください。");
    expect(body.errors["admin-known.improvementDue"]).toBe("「いいえ」の項目には改善予定日を入力してください。");
    expect(JSON.stringify(answersOf(own.id))).toBe(snapshot);
    expect(responseOf("1110").status).toBe("draft");
    expect(auditCount("self_inspection.submit")).toBe(0);

    const submitted = await settle(() =>
      teamAction({ request: post(`/team/self-inspection/${own.id}`, answerForm(own.id, "submit", { "admin-known": { answer: "no", plan: "朝礼で周知する", due: "2027-01-15" } }), manager), params: { responseId: String(own.id) }, context }),
    );
    expect((submitted as Response).headers.get("Location")).toContain("saved=submitted");
    const row = responseOf("1110");
    expect(row.status).toBe("submitted");
    expect(row.submittedByEmployeeId).toBe(employeeId("M0001"));
    expect(row.submittedAt).toBe(TEST_NOW);
    expect(answersOf(own.id).find((answer) => answer.itemId === "admin-known")).toMatchObject({ answer: "no", improvementPlan: "朝礼で周知する", improvementDue: "2027-01-15" });
    expect(auditCount("self_inspection.submit")).toBe(1);

    const again = await settle(() => teamAction({ request: post(`/team/self-inspection/${own.id}`, answerForm(own.id, "submit"), manager), params: { responseId: String(own.id) }, context }));
    expect(payload(again).status).toBe(409);
    expect(answersOf(own.id).find((answer) => answer.itemId === "admin-known")!.answer).toBe("no");

    // The improvement is closed later, with what was done.
    const closed = await settle(() => teamAction({ request: post(`/team/self-inspection/${own.id}`, { intent: "close", itemId: "admin-known", note: "12月の朝礼で周知した" }, manager), params: { responseId: String(own.id) }, context }));
    expect((closed as Response).status).toBe(302);
    expect(answersOf(own.id).find((answer) => answer.itemId === "admin-known")!.improvementClosedNote).toBe("12月の朝礼で周知した");
  });

  it("HR's roll-up counts submitted answers only, and the CSV export is audited", async () => {
    const own = responseOf("1110");
    await teamAction({ request: post(`/team/self-inspection/${own.id}`, answerForm(own.id, "submit", { "admin-known": { answer: "no", plan: "周知する", due: "2027-01-15" }, "sns-owner": { answer: "na" } }), manager), params: { responseId: String(own.id) }, context }).catch((thrown) => thrown);
    // A draft elsewhere with いいえ answers must not count.
    const other = responseOf("1120");
    await teamAction({ request: post(`/team/self-inspection/${other.id}`, answerForm(other.id, "save", { "admin-known": { answer: "no" } }), await cookieFor(db, db.get<{ no: string }>(sql`SELECT e.employee_no AS no FROM departments d JOIN employees e ON e.id = d.head_employee_id WHERE d.code = '1120'`)!.no)), params: { responseId: String(other.id) }, context }).catch((thrown) => thrown);

    const page = (await hrLoader({ request: get("/hr/self-inspection?fy=2026", hr), params: {}, context })) as Awaited<ReturnType<typeof hrLoader>>;
    const rollup = page.campaign!.rollup;
    const headed = db.select({ n: sql<number>`count(*)` }).from(departments).where(sql`head_employee_id IS NOT NULL`).get()!.n;
    expect(rollup.departments).toBe(headed);
    expect(rollup.submitted).toBe(1);
    const adminKnown = rollup.items.find((item) => item.id === "admin-known")!;
    expect(adminKnown).toMatchObject({ yes: 0, no: 1, na: 0, noPercent: 100 });
    expect(rollup.items.find((item) => item.id === "sns-owner")).toMatchObject({ yes: 0, no: 0, na: 1, noPercent: null });
    // Section 6(1) has two items: admin-known (no) and reporting-route-known (yes) → 50.0 %.
    expect(rollup.sections.find((section) => section.section === "6(1)")).toMatchObject({ yes: 1, no: 1, noPercent: 50 });
    expect(rollup.actions).toHaveLength(1);
    expect(rollup.actions[0]).toMatchObject({ departmentName: "総務課", plan: "周知する", due: "2027-01-15", closedAt: null, late: false });

    // The drill-down shows the department's answers to HR.
    const detail = (await hrResponseLoader({ request: get(`/hr/self-inspection/${own.id}`, hr), params: { responseId: String(own.id) }, context })) as Awaited<ReturnType<typeof hrResponseLoader>>;
    expect(detail.items.find((item) => item.id === "admin-known")!.improvementPlan).toBe("周知する");

    const csv = (await hrExportLoader({ request: get("/hr/self-inspection/export.csv?fy=2026&table=answers", hr), params: {}, context })) as Response;
    const text = await csv.text();
    expect(text).toContain("周知する");
    expect(text).toContain("総務課");
    const exported = db.select().from(auditLog).where(eq(auditLog.action, "export.csv")).all();
    expect(exported.map((row) => row.targetId)).toEqual(["hr.self_inspection"]);
    // Managers cannot export.
    const refused = await settle(() => hrExportLoader({ request: get("/hr/self-inspection/export.csv?fy=2026&table=answers", manager), params: {}, context }));
    expect((refused as Response).status).toBe(403);
  });
});

describe("the roll-up arithmetic", () => {
  it("is checked by hand on a small organisation", () => {
    const items = [
      { id: "a", section: "6(1)", text: "A", guidance: "g" },
      { id: "b", section: "6(2)", text: "B", guidance: "g" },
    ];
    const responses = [
      { id: 1, departmentId: 11, departmentName: "甲課", organisationId: 1, organisationName: "内部部局", status: "submitted" as const },
      { id: 2, departmentId: 12, departmentName: "乙課", organisationId: 1, organisationName: "内部部局", status: "submitted" as const },
      { id: 3, departmentId: 21, departmentName: "丙課", organisationId: 2, organisationName: "消防本部", status: "draft" as const },
    ];
    const answer = (responseId: number, itemId: string, value: "yes" | "no" | "na", due: string | null = null) => ({
      responseId, itemId, answer: value, improvementPlan: value === "no" ? "計画" : null, improvementDue: due, improvementClosedAt: null,
    });
    const rollup = calculateRollup({
      items,
      responses,
      answers: [answer(1, "a", "yes"), answer(1, "b", "no", "2026-11-01"), answer(2, "a", "no", "2027-02-01"), answer(2, "b", "na"), answer(3, "a", "no", "2027-01-01"), answer(3, "b", "no", "2027-01-01")],
      today: "2026-11-25",
    });
    expect(rollup).toMatchObject({ departments: 3, submitted: 2, submittedPercent: 66.7 });
    expect(rollup.organisations).toEqual([
      { id: 1, name: "内部部局", departments: 2, submitted: 2, submittedPercent: 100 },
      { id: 2, name: "消防本部", departments: 1, submitted: 0, submittedPercent: 0 },
    ]);
    expect(rollup.items).toEqual([
      { id: "a", section: "6(1)", text: "A", yes: 1, no: 1, na: 0, responses: 2, noPercent: 50 },
      { id: "b", section: "6(2)", text: "B", yes: 0, no: 1, na: 1, responses: 2, noPercent: 100 },
    ]);
    expect(rollup.actions.map((action) => [action.departmentName, action.itemId, action.late])).toEqual([
      ["甲課", "b", true],
      ["乙課", "a", false],
    ]);
  });

  it("rounds half up from integers", () => {
    expect(percentHalfUp(1, 3)).toBe(33.3);
    expect(percentHalfUp(2, 3)).toBe(66.7);
    expect(percentHalfUp(1, 8)).toBe(12.5);
    expect(percentHalfUp(1, 16)).toBe(6.3); // 6.25 → 6.3
    expect(percentHalfUp(0, 0)).toBeNull();
  });
});

describe("checklist content", () => {
  it("loads, and every item cites a section that exists in the policy and groups 6(2)–6(8)", () => {
    const [checklist] = getChecklists();
    const sections = new Set(checklist.items.map((item) => item.section));
    for (const section of ["6(2)", "6(3)", "6(4)", "6(5)", "6(6)", "6(7)", "6(8)"]) expect(sections).toContain(section);
    // Section 6 has items (1)–(9); top-level sections run 1–10.
    for (const item of checklist.items) {
      const match = /^(\d+)(?:\((\d+)\))?$/.exec(item.section)!;
      expect(Number(match[1])).toBeLessThanOrEqual(10);
      if (match[2]) expect(match[1] === "6" ? Number(match[2]) <= 9 : Number(match[2]) <= 12).toBe(true);
    }
  });
});

describe("self-inspection reminders ride the reminder engine", () => {
  const MAIL = { smtpUrl: null, from: "mamori@mamori.test", baseUrl: "http://mamori.test", messageIdDomain: "mamori.test", schedulerEnabled: false };
  const bodyFor = (employeeNo: string, date: string) =>
    db.$client.prepare("SELECT o.subject, o.body_text AS body FROM outbox o JOIN employees e ON e.id = o.recipient_employee_id WHERE e.employee_no = ? AND o.run_date = ?").get(employeeNo, date) as { subject: string; body: string } | undefined;
  const outboxCount = (employeeNo: string) =>
    (db.$client.prepare("SELECT COUNT(*) AS n FROM outbox o JOIN employees e ON e.id = o.recipient_employee_id WHERE e.employee_no = ?").get(employeeNo) as { n: number }).n;

  it("tells the head on opening, in one e-mail a day with their own reminders, once; escalates when overdue", async () => {
    const { runReminders } = await import("~/domain/reminders/run.server");
    await openCampaign({ dueDate: "2026-12-02" });
    const first = await runReminders(db, { date: "2026-11-25", trigger: "cli", mail: MAIL });
    expect(first.status).toBe("done");
    const mail = bodyFor("M0001", "2026-11-25")!;
    expect(mail.body).toContain("■ 自己点検（令和8年度）");
    expect(mail.body).toContain(`http://mamori.test/team/self-inspection/${responseOf("1110").id}`);
    expect(outboxCount("M0001")).toBe(1);
    // The same day again: nothing new.
    await runReminders(db, { date: "2026-11-25", trigger: "cli", mail: MAIL });
    expect(outboxCount("M0001")).toBe(1);
    const recorded = (db.$client.prepare("SELECT COUNT(*) AS n FROM self_inspection_reminders WHERE response_id = ?").get(responseOf("1110").id) as { n: number }).n;
    expect(recorded).toBe(1);

    // 人事課 (1120) stays unsubmitted; 14 days after the due date HR's digest lists it.
    await runReminders(db, { date: "2026-12-16", trigger: "cli", mail: MAIL });
    const hrMail = bodyFor("H0001", "2026-12-16")!;
    expect(hrMail.body).toContain("■ 人事向け報告: 提出期限を過ぎた自己点検");
    expect(hrMail.body).toContain("人事課（所属長");
    expect(hrMail.subject).toContain("自己点検の提出遅れの報告（人事）");

    // Submitted departments are no longer reminded.
    const own = responseOf("1110");
    await teamAction({ request: post(`/team/self-inspection/${own.id}`, answerForm(own.id, "submit"), manager), params: { responseId: String(own.id) }, context }).catch((thrown) => thrown);
    await runReminders(db, { date: "2026-12-17", trigger: "cli", mail: MAIL });
    expect(bodyFor("M0001", "2026-12-17")?.body ?? "").not.toContain("■ 自己点検");
  });
});

describe("the yearly report to the committee and the evidence pack", () => {
  it("shows training, 誓約 and self-inspection beside the previous 年度, and packs it with a manifest that verifies", async () => {
    const { unzipSync, strFromU8 } = await import("fflate");
    const { createHash } = await import("node:crypto");
    const { loader: reportLoader } = await import("~/routes/hr.committee-report._index");
    const { loader: packLoader } = await import("~/routes/hr.committee-report.evidence[.]zip");
    const { verifyManifest } = await import("~/domain/self-inspection/evidence-pack.server");
    await openCampaign();
    const own = responseOf("1110");
    await teamAction({ request: post(`/team/self-inspection/${own.id}`, answerForm(own.id, "submit", { "cloud-rules": { answer: "no", plan: "規定を確認する", due: "2027-02-01" } }), manager), params: { responseId: String(own.id) }, context }).catch((thrown) => thrown);

    const page = (await reportLoader({ request: get("/hr/committee-report?fy=2026", hr), params: {}, context })) as Awaited<ReturnType<typeof reportLoader>>;
    const { current, previous } = page.report;
    expect([current.fiscalYear, previous.fiscalYear]).toEqual([2026, 2025]);
    expect(current.inspection!.rollup.submitted).toBe(1);
    expect(previous.inspection).toBeNull();
    // 誓約, checked against the assignments themselves.
    const direct = db.get<{ assigned: number; acknowledged: number }>(sql`
      SELECT SUM(a.exempted_at IS NULL) AS assigned, SUM(a.completed_at IS NOT NULL AND a.exempted_at IS NULL) AS acknowledged
      FROM assignments a JOIN employees e ON e.id = a.employee_id WHERE e.active = 1 AND a.fiscal_year = 2025 AND a.module_id = 'policy-acknowledgement'
    `)!;
    expect(previous.acknowledgements.total).toMatchObject(direct);
    expect(direct.assigned).toBeGreaterThan(0);

    const response = (await packLoader({ request: get("/hr/committee-report/evidence.zip?fy=2026", hr), params: {}, context })) as Response;
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["README.txt", "MANIFEST.sha256", "report.html", "training-by-organisation-2026.csv", "pledge-by-organisation-2025.csv", "self-inspection-answers-2026.csv"]));
    const manifest = strFromU8(files["MANIFEST.sha256"]);
    // Recomputed here, independently of the app's helper.
    for (const line of manifest.trim().split("\n")) {
      const [hash, name] = line.split("  ");
      expect(createHash("sha256").update(files[name]).digest("hex"), name).toBe(hash);
    }
    expect(manifest.trim().split("\n")).toHaveLength(Object.keys(files).length - 2);
    expect(verifyManifest(manifest, new Map(Object.entries(files)))).toEqual([]);
    // A changed file is caught.
    const tampered = new Map(Object.entries(files));
    tampered.set("report.html", new TextEncoder().encode("<p>改ざん</p>"));
    expect(verifyManifest(manifest, tampered)).toEqual(["report.html: SHA-256 が一致しません"]);
    expect(strFromU8(files["report.html"])).toContain("規定を確認する");
    expect(strFromU8(files["self-inspection-actions-2026.csv"])).toContain("規定を確認する");
    // Generation is audited with the manifest's hash.
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "export.evidence_pack")).all();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details!).manifestSha256).toBe(createHash("sha256").update(files["MANIFEST.sha256"]).digest("hex"));
  });
});

describe("the committee report's letterhead", () => {
  it("HR sets 宛先 and 発信者 (audited); an empty one is a 400 that writes nothing; the report prints them", async () => {
    const settingsRoute = await import("~/routes/report-settings");
    const { loader: reportLoader } = await import("~/routes/hr.committee-report._index");
    const bad = payload<{ fieldErrors: Record<string, string> }>(await settingsRoute.action({ request: post("/report-settings", { intent: "committee", addressee: " ", sender: "CISO" }, hr), params: {}, context }));
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors.addressee).toBe("宛先を入力してください。");
    expect(auditCount("settings.committee_header.updated")).toBe(0);
    await settingsRoute.action({ request: post("/report-settings", { intent: "committee", addressee: "七尾市情報セキュリティ委員会", sender: "副市長（CISO）" }, hr), params: {}, context });
    expect(auditCount("settings.committee_header.updated")).toBe(1);
    const page = (await reportLoader({ request: get("/hr/committee-report?fy=2026", hr), params: {}, context })) as Awaited<ReturnType<typeof reportLoader>>;
    expect(page.letterhead).toMatchObject({ addressee: "七尾市情報セキュリティ委員会", sender: "副市長（CISO）", cityName: "七尾市" });
    // A manager cannot change it.
    const refused = await settle(() => settingsRoute.action({ request: post("/report-settings", { intent: "committee", addressee: "x", sender: "y" }, manager), params: {}, context }));
    expect((refused as Response).status).toBe(403);
  });
});
