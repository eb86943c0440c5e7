// Who sees what of the drills: HR (individuals, audited; restricted by the admin setting), auditors
// (read-only, totals), managers (their subtree's totals, never a name), learners (nothing). And the
// GoPhish results import: dry run, then apply into the same results and follow-up.
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { parseCampaignForm } from "~/domain/drills/campaign-form";
import { createCampaign, launchCampaign } from "~/domain/drills/campaigns.server";
import { getDrillTemplate } from "~/domain/drills/templates.server";
import { setHrIndividualResults } from "~/domain/drills/results.server";
import { loader as campaignLoader, action as campaignAction } from "~/routes/hr.drills.$campaignId._index";
import { loader as peopleLoader } from "~/routes/hr.drills.$campaignId.people";
import { loader as exportLoader } from "~/routes/hr.drills.$campaignId.export[.]csv";
import { loader as indexLoader } from "~/routes/hr.drills._index";
import { action as newAction } from "~/routes/hr.drills.new";
import { action as importAction } from "~/routes/hr.drills.import._index";
import { action as importApply, loader as importPreview } from "~/routes/hr.drills.import.$importId";
import { loader as teamLoader } from "~/routes/team.drills";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { BASE, context, cookieFor, get, payload, post, settle } from "../helpers/requests";

let db: Db;

beforeEach(() => {
  db = createDemoDb();
});

const one = <T>(query: string, ...args: unknown[]) => db.$client.prepare(query).get(...args) as T;

function launchDemoCampaign(departmentCodes: string[]): number {
  const template = getDrillTemplate("fake-invoice")!;
  const form = new FormData();
  const fields: Record<string, string> = {
    name: "全庁訓練", templateId: template.id, senderName: template.senderName, senderAddress: template.senderAddress, subject: template.subject,
    bodyText: template.bodyText, signs: template.signs.join("\n"), landing: "none", moduleId: "threats", followUpDays: "14", windowDays: "2", sampleKind: "all",
  };
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const code of departmentCodes) form.append("departmentId", String(one<{ id: number }>("SELECT id FROM departments WHERE code = ?", code).id));
  const parsed = parseCampaignForm(form);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const hr = one<{ id: number }>("SELECT a.id FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = 'H0001'").id;
  const created = createCampaign(db, parsed.input, { accountId: hr, ip: null }, TEST_NOW);
  if (!created.ok) throw new Error("create");
  const launched = launchCampaign(db, created.id, { accountId: hr, ip: null }, { now: TEST_NOW, config: { baseUrl: "http://drill.test", messageIdDomain: "drill.test", reportSmtpPort: null, reportSmtpHost: "", reportAddress: null } });
  if (!launched.ok) throw new Error(launched.error);
  // Pretend the relay accepted everything, then: everyone in 1111 clicked, one reported.
  db.$client.prepare("UPDATE outbox SET status = 'sent', sent_at = ? WHERE kind = 'drill'").run(TEST_NOW);
  db.$client.prepare("UPDATE drill_recipients SET clicked_at = ? WHERE department_id = (SELECT id FROM departments WHERE code = '1111')").run(TEST_NOW + 60_000);
  db.$client.prepare("UPDATE drill_recipients SET reported_at = ?, report_channel = 'learn' WHERE employee_id = (SELECT id FROM employees WHERE employee_no = 'S0001')").run(TEST_NOW + 30 * 60_000);
  return created.id;
}

/** Active people with an address in a department's subtree (who a launch reaches). */
function reachable(code: string): number {
  return one<{ n: number }>(
    "SELECT count(*) AS n FROM employees e JOIN departments d ON d.id = e.department_id WHERE e.active = 1 AND e.email IS NOT NULL AND d.path LIKE (SELECT path FROM departments WHERE code = ?) || '%'",
    code,
  ).n;
}

const auditCount = (action: string) => one<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = ?", action).n;

describe("drill results: who sees what", () => {
  it("HR creates (400 with a Japanese message and nothing written on bad input), launches, and both are audited", async () => {
    const hr = await cookieFor(db, "H0001");
    const bad = payload<{ errors: Record<string, string> }>(await settle(() => newAction({ request: post("/hr/drills/new", { name: "", bodyText: "リンクなし", sampleKind: "all", landing: "none" }, hr), params: {}, context })));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.name).toBe("訓練名を入力してください。");
    expect(bad.body.errors.bodyText).toContain("{{link}}");
    expect(one<{ n: number }>("SELECT count(*) AS n FROM drill_campaigns").n).toBe(0);
    const id = launchDemoCampaign(["1110"]);
    expect(auditCount("drill.campaign_created")).toBe(1);
    expect(auditCount("drill.campaign_launched")).toBe(1);
    const results = (await campaignLoader({ request: get(`/hr/drills/${id}`, hr), params: { campaignId: String(id) }, context })) as { results: { total: { sent: number; clicked: number; reported: number; medianReportMinutes: number } }; canSeePeople: boolean };
    expect(results.results.total).toMatchObject({ sent: reachable("1110"), clicked: reachable("1111"), reported: 1, medianReportMinutes: 30 });
    expect(reachable("1111")).toBeGreaterThan(0);
    expect(results.canSeePeople).toBe(true);
  });

  it("HR sees individuals (audited each time); an admin can restrict HR to totals", async () => {
    const id = launchDemoCampaign(["1110"]);
    const hr = await cookieFor(db, "H0001");
    const people = (await peopleLoader({ request: get(`/hr/drills/${id}/people`, hr), params: { campaignId: String(id) }, context })) as { people: { employeeNo: string; clickedAt: number | null }[] };
    expect(people.people.find((person) => person.employeeNo === "S0001")?.clickedAt).toBe(TEST_NOW + 60_000);
    expect(auditCount("drill.results_people_viewed")).toBe(1);
    const csv = (await exportLoader({ request: get(`/hr/drills/${id}/export.csv`, hr), params: { campaignId: String(id) }, context })) as Response;
    expect(await csv.text()).toContain("S0001");
    expect(db.$client.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'export.csv' AND target_id = 'hr.drill_people'").pluck().get()).toBe(1);

    const admin = one<{ id: number }>("SELECT a.id FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = 'A0001'").id;
    setHrIndividualResults(db, false, { accountId: admin, ip: null });
    const refused = await settle(() => peopleLoader({ request: get(`/hr/drills/${id}/people`, hr), params: { campaignId: String(id) }, context }));
    expect((refused as Response).status).toBe(403);
    expect(((await settle(() => exportLoader({ request: get(`/hr/drills/${id}/export.csv`, hr), params: { campaignId: String(id) }, context }))) as Response).status).toBe(403);
    expect(auditCount("drill.results_people_viewed")).toBe(1);
    const totals = (await campaignLoader({ request: get(`/hr/drills/${id}`, hr), params: { campaignId: String(id) }, context })) as { canSeePeople: boolean };
    expect(totals.canSeePeople).toBe(false);
  });

  it("an auditor reads totals only: no individuals, every POST refused", async () => {
    const id = launchDemoCampaign(["1110"]);
    const auditorNo = "S0002";
    const employee = one<{ id: number }>("SELECT a.id FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = ?", auditorNo);
    db.$client.prepare("INSERT INTO account_roles (account_id, role) VALUES (?, 'auditor')").run(employee.id);
    const auditor = await cookieFor(db, auditorNo);
    const page = (await campaignLoader({ request: get(`/hr/drills/${id}`, auditor), params: { campaignId: String(id) }, context })) as { canSeePeople: boolean; canEdit: boolean };
    expect(page).toMatchObject({ canSeePeople: false, canEdit: false });
    expect(((await settle(() => peopleLoader({ request: get(`/hr/drills/${id}/people`, auditor), params: { campaignId: String(id) }, context }))) as Response).status).toBe(403);
    expect(((await settle(() => campaignAction({ request: post(`/hr/drills/${id}`, { intent: "launch" }, auditor), params: { campaignId: String(id) }, context }))) as Response).status).toBe(403);
    const list = (await indexLoader({ request: get("/hr/drills", auditor), params: {}, context })) as { campaigns: unknown[] };
    expect(list.campaigns).toHaveLength(1);
  });

  it("a manager sees their subtree's department totals only, no names; learners are refused", async () => {
    launchDemoCampaign(["1100"]); // the whole 総務部: 総務課 (M0001's) and other 課
    const manager = await cookieFor(db, "M0001");
    const view = (await teamLoader({ request: get("/team/drills", manager), params: {}, context })) as { campaigns: { sent: number }[]; selected: { results: { departments: { name: string; sent: number }[]; total: { sent: number } } } };
    const names = view.selected.results.departments.map((row) => row.name);
    expect(names.sort()).toEqual(["庶務係", "文書法制係", "総務課"].sort());
    expect(reachable("1100")).toBeGreaterThan(reachable("1110"));
    expect(view.selected.results.total.sent).toBe(reachable("1110"));
    expect(view.campaigns[0].sent).toBe(reachable("1110"));
    const text = JSON.stringify(view);
    for (const name of ["七尾 太郎", "能登 花子", "S0001", "人事課"]) expect(text).not.toContain(name);
    const learner = await cookieFor(db, "S0001");
    expect(((await settle(() => teamLoader({ request: get("/team/drills", learner), params: {}, context }))) as Response).status).toBe(403);
    expect(((await settle(() => indexLoader({ request: get("/hr/drills", learner), params: {}, context }))) as Response).status).toBe(403);
  });
});

describe("GoPhish results import", () => {
  function uploadRequest(cookie: string, text: string): Request {
    const form = new FormData();
    form.append("file", new File([text], "gophish-results.csv", { type: "text/csv" }));
    form.append("campaignName", "GoPhish 11月訓練");
    form.append("moduleId", "outsourcing-cloud-sns");
    form.append("followUpDays", "14");
    return new Request(`${BASE}/hr/drills/import`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: BASE } });
  }

  it("previews (writing no results), then applies once into the same results and follow-up", async () => {
    const hr = await cookieFor(db, "H0001");
    const redirect = (await settle(() => importAction({ request: uploadRequest(hr, readFileSync("test/fixtures/gophish-results.csv", "utf8")), params: {}, context }))) as Response;
    expect(redirect.status).toBe(302);
    const importId = redirect.headers.get("Location")!.split("/").at(-1)!;
    const preview = (await importPreview({ request: get(`/hr/drills/import/${importId}`, hr), params: { importId }, context })) as { preview: Record<string, unknown> };
    expect(preview.preview).toMatchObject({ rows: 6, matched: 5, sent: 5, clicked: 2, entered: 1, reported: 2, unmatched: [{ line: 7, email: "nobody@elsewhere.example" }] });
    expect(one<{ n: number }>("SELECT count(*) AS n FROM drill_recipients").n).toBe(0);

    const applied = (await settle(() => importApply({ request: post(`/hr/drills/import/${importId}`, { intent: "apply" }, hr), params: { importId }, context }))) as Response;
    expect(applied.status).toBe(302);
    const rows = db.$client
      .prepare("SELECT e.employee_no AS no, r.sent_at, r.clicked_at, r.entered_at, r.reported_at, r.report_channel, r.follow_up FROM drill_recipients r JOIN employees e ON e.id = r.employee_id ORDER BY e.employee_no")
      .all() as { no: string; sent_at: number; clicked_at: number | null; entered_at: number | null; reported_at: number | null; report_channel: string | null; follow_up: string | null }[];
    expect(rows.map((row) => row.no)).toEqual(["A0001", "H0001", "M0001", "S0001", "S0002"]);
    const byNo = Object.fromEntries(rows.map((row) => [row.no, row]));
    expect(byNo.S0002.clicked_at).toBe(Date.parse("2026-11-20T11:15:40.73+09:00"));
    expect(byNo.M0001.entered_at).toBe(Date.parse("2026-11-20T13:02:09.9+09:00"));
    expect(byNo.A0001).toMatchObject({ report_channel: "gophish", clicked_at: null });
    expect(byNo.H0001.reported_at).toBe(Date.parse("2026-11-20T10:30:00+09:00"));
    expect(byNo.S0001).toMatchObject({ clicked_at: null, reported_at: null, follow_up: null });
    // Follow-up for those who clicked, through the refresher function.
    const followUps = db.$client
      .prepare("SELECT e.employee_no AS no, a.source, a.reason FROM drill_recipients r JOIN employees e ON e.id = r.employee_id JOIN assignments a ON a.id = r.follow_up_assignment_id ORDER BY no")
      .all();
    expect(followUps.map((row) => (row as { no: string }).no)).toEqual(["M0001", "S0002"]);
    expect(auditCount("drill.gophish_imported")).toBe(1);
    // Applying again changes nothing.
    const again = payload(await settle(() => importApply({ request: post(`/hr/drills/import/${importId}`, { intent: "apply" }, hr), params: { importId }, context })));
    expect(again.status).toBe(409);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM drill_recipients").n).toBe(5);
  });

  it("refuses a file that is not a GoPhish results export, naming what is missing", async () => {
    const hr = await cookieFor(db, "H0001");
    const result = payload<{ problems: string[] }>(await settle(() => importAction({ request: uploadRequest(hr, "職員番号,氏名\nS0001,七尾 太郎\n"), params: {}, context })));
    expect(result.status).toBe(400);
    expect(result.body.problems[0]).toContain("GoPhish の結果 CSV ではありません");
    expect(one<{ n: number }>("SELECT count(*) AS n FROM drill_imports").n).toBe(0);
  });
});
