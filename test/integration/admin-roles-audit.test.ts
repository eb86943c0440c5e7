// Roles (grant/revoke, last-admin and department-head guards), the Japanese audit log (filters,
// paging, CSV), an audit row for every export of personal data, the annual report's letterhead
// settings and its workbook.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { recordAudit } from "~/domain/audit.server";
import { getCatalog } from "~/domain/content/catalog.server";
import { getAnnualReport } from "~/domain/reports/annual-report-cache.server";
import { reportRates } from "~/domain/reports/annual-report-view";
import { percentValue } from "~/domain/reports/rates";
import { ROSTER_COLUMNS } from "~/domain/roster/columns";
import { planImport } from "~/domain/roster/import.server";
import * as adminRoles from "~/routes/admin.roles";
import * as auditPage from "~/routes/admin.audit._index";
import * as auditCsv from "~/routes/admin.audit.export[.]csv";
import * as reportSettings from "~/routes/report-settings";
import * as reportXlsx from "~/routes/hr.report.export[.]xlsx";
import * as reportPage from "~/routes/hr.report._index";
import * as dashboardCsv from "~/routes/hr.export[.]csv";
import * as listCsv from "~/routes/hr.employees.export[.]csv";
import * as transcriptCsv from "~/routes/hr.employees.$employeeNo.export[.]csv";
import * as reportCsv from "~/routes/hr.report.export[.]csv";
import * as peopleCsv from "~/routes/hr.people.export[.]csv";
import * as overdueCsv from "~/routes/hr.overdue.export[.]csv";
import * as teamCsv from "~/routes/team.export[.]csv";
import * as teamOverdueCsv from "~/routes/team.overdue.export[.]csv";
import * as questionsCsv from "~/routes/hr.report.questions.export[.]csv";
import * as selfInspectionCsv from "~/routes/hr.self-inspection.export[.]csv";
import * as drillPeopleCsv from "~/routes/hr.drills.$campaignId.export[.]csv";
import { parseCampaignForm } from "~/domain/drills/campaign-form";
import { createCampaign } from "~/domain/drills/campaigns.server";
import { getDrillTemplate } from "~/domain/drills/templates.server";
import { openCampaign } from "~/domain/self-inspection/campaigns.server";
import { getChecklists } from "~/domain/self-inspection/load.server";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get, payload, post, settle } from "../helpers/requests";

let db: Db;
beforeAll(() => {
  process.env.MAMORI_NOW = new Date(TEST_NOW).toISOString();
});
beforeEach(() => {
  db = createDemoDb();
});

const rolesOf = (employeeNo: string) =>
  (db.$client.prepare("SELECT r.role FROM account_roles r JOIN accounts a ON a.id = r.account_id JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = ? ORDER BY r.role").pluck().all(employeeNo) as string[]);
const auditRows = (action: string) =>
  db.$client.prepare("SELECT l.target_id AS targetId, l.details, e.employee_no AS actor FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_account_id LEFT JOIN employees e ON e.id = a.employee_id WHERE l.action = ? ORDER BY l.id").all(action) as { targetId: string; details: string; actor: string | null }[];

async function change(cookie: string, intent: "grant" | "revoke", employeeNo: string, role: string) {
  return payload<{ ok: boolean; message: string }>(await adminRoles.action({ request: post("/admin/roles", { intent, employeeNo, role }, cookie), params: {}, context }));
}

describe("/admin/roles", () => {
  it("grants and revokes with an audit row each", async () => {
    const cookie = await cookieFor(db, "A0001");
    const granted = await change(cookie, "grant", "S0001", "auditor");
    expect(granted.body.ok).toBe(true);
    expect(granted.body.message).toContain("監査");
    expect(rolesOf("S0001")).toContain("auditor");
    const revoked = await change(cookie, "revoke", "S0001", "auditor");
    expect(revoked.body.ok).toBe(true);
    expect(rolesOf("S0001")).not.toContain("auditor");
    const rows = [...auditRows("role.granted"), ...auditRows("role.revoked")];
    expect(rows.map((row) => [row.actor, JSON.parse(row.details).employeeNo, JSON.parse(row.details).role])).toEqual([["A0001", "S0001", "auditor"], ["A0001", "S0001", "auditor"]]);
  });

  it("refuses to revoke the last active administrator, and allows it once there is another", async () => {
    const cookie = await cookieFor(db, "A0001");
    expect(db.$client.prepare("SELECT count(*) FROM account_roles WHERE role = 'admin'").pluck().get()).toBe(1);
    const refused = await change(cookie, "revoke", "A0001", "admin");
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain("最後の有効なシステム管理者");
    expect(rolesOf("A0001")).toContain("admin");
    expect(auditRows("role.revoked")).toHaveLength(0);
    expect((await change(cookie, "grant", "H0001", "admin")).body.ok).toBe(true);
    expect((await change(cookie, "revoke", "A0001", "admin")).body.ok).toBe(true);
    // Now H0001 is the last one.
    const hr = await cookieFor(db, "H0001");
    expect((await change(hr, "revoke", "H0001", "admin")).status).toBe(409);
  });

  it("a roster import cannot make the last administrator a leaver", () => {
    const admin = db.$client.prepare("SELECT e.employee_no AS no, e.name, e.name_kana AS kana, d.code FROM employees e JOIN departments d ON d.id = e.department_id WHERE e.employee_no = 'A0001'").get() as { no: string; name: string; kana: string; code: string };
    const text = [ROSTER_COLUMNS.join(","), [admin.no, admin.name, admin.kana, "", "職員", admin.code, "システム担当", "2020-04-01", "2026-10-31"].join(",")].join("\n");
    const planned = planImport(db, text, { fullBatch: false, now: TEST_NOW });
    expect(planned.ok).toBe(false);
    if (!planned.ok) expect(planned.problems[0].message).toContain("最後の有効なシステム管理者");
  });

  it("refuses to revoke 所属長 from a department head (Japanese message), and allows it otherwise", async () => {
    const cookie = await cookieFor(db, "A0001");
    const refused = await change(cookie, "revoke", "M0001", "manager");
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/の所属長です。所属の管理で所属長を変更してから/);
    expect(rolesOf("M0001")).toContain("manager");
    expect((await change(cookie, "grant", "S0001", "manager")).body.ok).toBe(true);
    expect((await change(cookie, "revoke", "S0001", "manager")).body.ok).toBe(true);
  });

  it("rejects bad input with 400 and writes nothing; unknown 職員番号 is a 404", async () => {
    const cookie = await cookieFor(db, "A0001");
    expect((await change(cookie, "grant", "S0001", "superuser")).status).toBe(400);
    expect((await change(cookie, "grant", "S0001'--", "hr")).status).toBe(400);
    expect((await change(cookie, "grant", "Z9999", "hr")).status).toBe(404);
    expect(auditRows("role.granted")).toHaveLength(0);
  });

  it("is 403 for anyone but an administrator (page and form)", async () => {
    for (const no of ["H0001", "M0001", "S0001"]) {
      const cookie = await cookieFor(db, no);
      expect(((await settle(() => adminRoles.loader({ request: get("/admin/roles", cookie), params: {}, context }))) as Response).status).toBe(403);
      expect(((await settle(() => adminRoles.action({ request: post("/admin/roles", { intent: "grant", employeeNo: no, role: "admin" }, cookie), params: {}, context }))) as Response).status).toBe(403);
    }
    expect(rolesOf("H0001")).not.toContain("admin");
  });

  it("finds accounts by 職員番号 or name (kana-insensitive)", async () => {
    const cookie = await cookieFor(db, "A0001");
    const data = (await adminRoles.loader({ request: get(`/admin/roles?q=${encodeURIComponent("ｲｼｻﾞｷ")}`, cookie), params: {}, context })) as Awaited<ReturnType<typeof adminRoles.loader>>;
    expect(data.results.map((holder) => holder.employeeNo)).toContain("H0001");
    expect(data.holders.find((holder) => holder.employeeNo === "M0001")?.heads.length).toBeGreaterThan(0);
  });

  it("npm run roles grants from the command line, audited without an actor", () => {
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    const out = execFileSync("npx", ["tsx", "app/cli/roles.ts", "grant", "S0001", "hr"], { env: { ...process.env, DATABASE_PATH: db.$client.name }, encoding: "utf8" });
    expect(out).toContain("付与しました");
    expect(rolesOf("S0001")).toContain("hr");
    expect(auditRows("role.granted").map((row) => row.actor)).toEqual([null]);
    let failed = "";
    try {
      execFileSync("npx", ["tsx", "app/cli/roles.ts", "revoke", "A0001", "admin"], { env: { ...process.env, DATABASE_PATH: db.$client.name }, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      failed = String((error as { stderr: string }).stderr);
    }
    expect(failed).toContain("最後の有効なシステム管理者");
  }, 60_000);
});

describe("/admin/audit", () => {
  beforeEach(() => {
    db.$client.exec("DELETE FROM audit_log");
    const accountOf = (no: string) => db.$client.prepare("SELECT a.id FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = ?").pluck().get(no) as number;
    // 60 logins by H0001 on 1–30 Oct (2 a day), 15 activation codes by H0001 for S0001 on 5 Nov, 5 unknown codes by A0001 on 10 Nov.
    for (let index = 0; index < 60; index += 1) {
      recordAudit(db, { actorAccountId: accountOf("H0001"), action: "auth.login", targetType: "account", targetId: accountOf("H0001"), ip: "10.0.0.1" }, Date.parse(`2026-10-${String(1 + Math.floor(index / 2)).padStart(2, "0")}T09:00:00+09:00`) + index);
    }
    for (let index = 0; index < 15; index += 1) {
      recordAudit(db, { actorAccountId: accountOf("H0001"), action: "account.activation_issued", targetType: "account", targetId: accountOf("S0001"), details: { employeeNo: "S0001" } }, Date.parse("2026-11-05T10:00:00+09:00") + index);
    }
    for (let index = 0; index < 5; index += 1) recordAudit(db, { actorAccountId: accountOf("A0001"), action: "future.thing" }, Date.parse("2026-11-10T23:30:00+09:00") + index);
  });

  const load = async (query: string) =>
    (await auditPage.loader({ request: get(`/admin/audit?${query}`, await cookieFor(db, "A0001")), params: {}, context })) as Awaited<ReturnType<typeof auditPage.loader>>;

  it("shows Japanese labels, the actor's name and 職員番号, the target person, newest first, 50 a page", async () => {
    const first = await load("");
    expect(first.total).toBe(80);
    expect(first.pages).toBe(2);
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0].action).toBe("future.thing");
    const issued = first.rows.find((row) => row.action === "account.activation_issued")!;
    expect([issued.actorEmployeeNo, issued.actorName, issued.targetEmployeeNo, issued.targetName]).toEqual(["H0001", "石崎 由美", "S0001", "七尾 太郎"]);
    const second = await load("page=2");
    expect(second.rows).toHaveLength(30);
    expect(second.rows[second.rows.length - 1].action).toBe("auth.login");
    expect(Math.min(...first.rows.map((row) => row.id))).toBeGreaterThan(Math.max(...second.rows.map((row) => row.id)));
  });

  it("filters by period (Japan time), actor and action", async () => {
    expect((await load("from=2026-10-01&to=2026-10-01")).total).toBe(2);
    expect((await load("from=2026-10-30")).total).toBe(2 + 15 + 5);
    expect((await load("actor=a0001")).total).toBe(5);
    expect((await load("action=account.activation_issued")).total).toBe(15);
    expect((await load("actor=H0001&action=auth.login&from=2026-10-11&to=2026-10-20")).total).toBe(20);
    const bad = await settle(() => load("from=2026-13-01"));
    expect((bad as Response).status).toBe(400);
    expect(await (bad as Response).text()).toContain("期間（から）");
    expect(((await settle(() => load("from=2026-11-02&to=2026-11-01"))) as Response).status).toBe(400);
  });

  it("exports the filtered log as CSV in Japanese with ISO 8601 times, and the export is itself audited", async () => {
    const cookie = await cookieFor(db, "A0001");
    const response = (await auditCsv.loader({ request: get("/admin/audit/export.csv?action=account.activation_issued", cookie), params: {}, context })) as Response;
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines).toHaveLength(16);
    expect(lines[1]).toMatch(/^2026-11-05T10:00:00\+09:00,H0001,石崎 由美（H0001）,account\.activation_issued,有効化コード発行,account,\d+,七尾 太郎（S0001）,/);
    const exported = auditRows("export.csv");
    expect(exported.map((row) => [row.targetId, row.actor])).toEqual([["admin.audit", "A0001"]]);
    expect(JSON.parse(exported[0].details).filters.action).toBe("account.activation_issued");
  });

  it("is 403 for HR", async () => {
    const cookie = await cookieFor(db, "H0001");
    expect(((await settle(() => auditPage.loader({ request: get("/admin/audit", cookie), params: {}, context }))) as Response).status).toBe(403);
    expect(((await settle(() => auditCsv.loader({ request: get("/admin/audit/export.csv", cookie), params: {}, context }))) as Response).status).toBe(403);
  });
});

describe("every export of personal data is audited", () => {
  type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
  const exports: { file: string; loader: Loader; path: string; params?: Record<string, string>; as: string; setup?: () => void }[] = [
    { file: "hr.export[.]csv.ts", loader: dashboardCsv.loader, path: "/hr/export.csv?fy=2026&table=matrix", as: "H0001" },
    { file: "hr.employees.export[.]csv.ts", loader: listCsv.loader, path: "/hr/employees/export.csv?fy=2026&status=completed", as: "H0001" },
    { file: "hr.employees.$employeeNo.export[.]csv.ts", loader: transcriptCsv.loader, path: "/hr/employees/S0001/export.csv", params: { employeeNo: "S0001" }, as: "H0001" },
    { file: "hr.report.export[.]csv.ts", loader: reportCsv.loader, path: "/hr/report/export.csv?fy=2026", as: "H0001" },
    { file: "hr.report.export[.]xlsx.ts", loader: reportXlsx.loader, path: "/hr/report/export.xlsx?fy=2026", as: "H0001" },
    { file: "hr.people.export[.]csv.ts", loader: peopleCsv.loader, path: "/hr/people/export.csv?fy=2026", as: "H0001" },
    { file: "hr.overdue.export[.]csv.ts", loader: overdueCsv.loader, path: "/hr/overdue/export.csv?fy=2026", as: "H0001" },
    { file: "team.export[.]csv.ts", loader: teamCsv.loader, path: "/team/export.csv", as: "M0001" },
    { file: "team.overdue.export[.]csv.ts", loader: teamOverdueCsv.loader, path: "/team/overdue/export.csv", as: "M0001" },
    { file: "admin.audit.export[.]csv.ts", loader: auditCsv.loader, path: "/admin/audit/export.csv", as: "A0001" },
    { file: "hr.report.questions.export[.]csv.ts", loader: questionsCsv.loader, path: "/hr/report/questions/export.csv?fy=2026", as: "H0001" },
    {
      file: "hr.self-inspection.export[.]csv.ts",
      loader: selfInspectionCsv.loader,
      path: "/hr/self-inspection/export.csv?fy=2026&table=answers",
      as: "H0001",
      setup: () => void openCampaign(db, { fiscalYear: 2026, dueDate: "2026-12-25", checklist: getChecklists()[0], actorAccountId: 1 }, TEST_NOW),
    },
    {
      file: "hr.drills.$campaignId.export[.]csv.ts",
      loader: drillPeopleCsv.loader,
      path: "/hr/drills/1/export.csv",
      params: { campaignId: "1" },
      as: "H0001",
      setup: () => {
        const template = getDrillTemplate("fake-invoice")!;
        const form = new FormData();
        const fields: Record<string, string> = {
          name: "全庁訓練", templateId: template.id, senderName: template.senderName, senderAddress: template.senderAddress, subject: template.subject,
          bodyText: template.bodyText, signs: template.signs.join("\n"), landing: "none", moduleId: "threats", followUpDays: "14", windowDays: "2", sampleKind: "all",
        };
        for (const [key, value] of Object.entries(fields)) form.append(key, value);
        const parsed = parseCampaignForm(form);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        const created = createCampaign(db, parsed.input, { accountId: 1, ip: null }, TEST_NOW);
        if (!created.ok || created.id !== 1) throw new Error("campaign");
      },
    },
  ];

  it("covers every export route of the app (the template CSV holds no personal data)", () => {
    const files = readdirSync("app/routes").filter((file) => /export\[\.\](csv|xlsx)\.ts$/.test(file));
    expect(files.sort()).toEqual(exports.map((item) => item.file).sort());
  });

  it.each(exports.map((item) => [item.file, item]))("%s writes an audit row for its user", async (_file, item) => {
    const count = () => db.$client.prepare("SELECT count(*) FROM audit_log l JOIN accounts a ON a.id = l.actor_account_id JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = ? AND l.action IN ('export.csv', 'export.xlsx', 'team.exported')").pluck().get(item.as) as number;
    item.setup?.();
    const before = count();
    const response = (await item.loader({ request: get(item.path, await cookieFor(db, item.as)), params: item.params ?? {}, context })) as Response;
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(count()).toBe(before + 1);
  }, 60_000);

  it("writes completion times as ISO 8601 with the Japan offset", async () => {
    const response = (await listCsv.loader({ request: get("/hr/employees/export.csv?fy=2026&status=completed", await cookieFor(db, "H0001")), params: {}, context })) as Response;
    const [, first] = (await response.text()).split("\r\n");
    expect(first.split(",")[10]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
  });
});

describe("the annual report for 決裁", () => {
  it("HR (and an admin) set 宛先 and 発信者, audited; bad input is a 400 that writes nothing; others 403", async () => {
    const hr = await cookieFor(db, "H0001");
    const bad = payload<{ fieldErrors: Record<string, string> }>(await reportSettings.action({ request: post("/report-settings", { addressee: "", issuer: "人事課長" }, hr), params: {}, context }));
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors.addressee).toBe("宛先を入力してください。");
    expect(auditRows("settings.report_header.updated")).toHaveLength(0);
    await reportSettings.action({ request: post("/report-settings", { addressee: "七尾市長 様", issuer: "総務部長" }, hr), params: {}, context });
    await reportSettings.action({ request: post("/report-settings", { addressee: "最高情報セキュリティ責任者 様", issuer: "総務部長" }, await cookieFor(db, "A0001")), params: {}, context });
    const rows = auditRows("settings.report_header.updated");
    expect(rows.map((row) => [row.actor, JSON.parse(row.details).after.addressee])).toEqual([["H0001", "七尾市長 様"], ["A0001", "最高情報セキュリティ責任者 様"]]);
    const denied = await settle(async () => reportSettings.action({ request: post("/report-settings", { addressee: "x", issuer: "y" }, await cookieFor(db, "S0001")), params: {}, context }));
    expect((denied as Response).status).toBe(403);
    const page = (await reportPage.loader({ request: get("/hr/report?fy=2026", hr), params: {}, context })) as Awaited<ReturnType<typeof reportPage.loader>>;
    expect(page.header).toEqual({ addressee: "最高情報セキュリティ責任者 様", issuer: "総務部長" });
  }, 60_000);

  it("the workbook opens and holds the page's numbers", async () => {
    const cookie = await cookieFor(db, "H0001");
    const response = (await reportXlsx.loader({ request: get("/hr/report/export.xlsx?fy=2026", cookie), params: {}, context })) as Response;
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["報告", "組織・区分別", "前年度比較", "問題別正答率"]);
    const report = await getAnnualReport(db, { fiscalYear: 2026, today: "2026-11-25", modules: getCatalog().modules });
    const sheet = workbook.getWorksheet("組織・区分別")!;
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    const total = rows.find((row) => row[2] === "合計" && row[3] === "計")!;
    const rates = reportRates(report.total);
    expect(total.slice(4, 12)).toEqual([
      report.total.people, report.total.completed, percentValue(rates.people), report.total.overdue, report.total.exempt,
      report.total.assignments, report.total.completedAssignments, percentValue(rates.assignments),
    ]);
    const cover = workbook.getWorksheet("報告")!;
    expect(String(cover.getCell("A5").value)).toBe(`令和8年度の対象者${report.total.people.toLocaleString("ja-JP")}人のうち${report.total.completed.toLocaleString("ja-JP")}人（${(rates.people.tenths! / 10).toFixed(1)}%）が全研修を修了しました。`);
    const compare = workbook.getWorksheet("前年度比較")!.getSheetValues().slice(2) as unknown[][];
    expect(compare[compare.length - 1][1]).toBe("合計");
    expect(compare[compare.length - 1][2]).toBe(percentValue(rates.people));
    expect(auditRows("export.xlsx").map((row) => [row.targetId, row.actor])).toEqual([["hr.report", "H0001"]]);
  }, 60_000);
});
