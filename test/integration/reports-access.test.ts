// Who may see HR reports: hr and auditor read everything; learners and managers get 403 on every
// /hr URL and export; nobody but hr may POST (auditors get 403, hr 405 on these read-only pages).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { accountRoles, accounts, assignments, employees } from "~/db/schema";
import * as dashboard from "~/routes/hr._index";
import * as dashboardCsv from "~/routes/hr.export[.]csv";
import * as list from "~/routes/hr.employees._index";
import * as listCsv from "~/routes/hr.employees.export[.]csv";
import * as transcript from "~/routes/hr.employees.$employeeNo._index";
import * as transcriptCsv from "~/routes/hr.employees.$employeeNo.export[.]csv";
import * as certificate from "~/routes/hr.employees.$employeeNo.certificates.$assignmentId";
import * as trackCertificate from "~/routes/hr.employees.$employeeNo.certificates.track.$fiscalYear";
import * as report from "~/routes/hr.report._index";
import * as reportCsv from "~/routes/hr.report.export[.]csv";
import * as committeeReport from "~/routes/hr.committee-report._index";
import * as evidencePack from "~/routes/hr.committee-report.evidence[.]zip";
import * as questionStats from "~/routes/hr.report.questions._index";
import * as questionStatsCsv from "~/routes/hr.report.questions.export[.]csv";
import * as reportXlsx from "~/routes/hr.report.export[.]xlsx";
import * as overdue from "~/routes/hr.overdue._index";
import * as overdueCsv from "~/routes/hr.overdue.export[.]csv";
import * as people from "~/routes/hr.people._index";
import * as peopleCsv from "~/routes/hr.people.export[.]csv";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get, post, settle } from "../helpers/requests";

type Route = {
  loader: (args: LoaderFunctionArgs) => Promise<unknown>;
  action: (args: ActionFunctionArgs) => Promise<unknown>;
};

let db: Db;
let completedAssignmentId: number;

function routes(): { name: string; route: Route; path: string; params: Record<string, string> }[] {
  return [
    { name: "dashboard", route: dashboard, path: "/hr?fy=2026", params: {} },
    { name: "dashboard CSV", route: dashboardCsv, path: "/hr/export.csv?fy=2026&table=matrix", params: {} },
    { name: "list", route: list, path: "/hr/employees?fy=2026&status=overdue", params: {} },
    { name: "list CSV", route: listCsv, path: "/hr/employees/export.csv?fy=2026&status=overdue", params: {} },
    { name: "transcript", route: transcript, path: "/hr/employees/S0001", params: { employeeNo: "S0001" } },
    { name: "transcript CSV", route: transcriptCsv, path: "/hr/employees/S0001/export.csv", params: { employeeNo: "S0001" } },
    {
      name: "certificate",
      route: certificate,
      path: `/hr/employees/S0001/certificates/${completedAssignmentId}`,
      params: { employeeNo: "S0001", assignmentId: String(completedAssignmentId) },
    },
    { name: "track certificate", route: trackCertificate, path: "/hr/employees/S0001/certificates/track/2025", params: { employeeNo: "S0001", fiscalYear: "2025" } },
    { name: "annual report", route: report, path: "/hr/report?fy=2026", params: {} },
    { name: "annual report CSV", route: reportCsv, path: "/hr/report/export.csv?fy=2026&table=questions", params: {} },
    { name: "committee report", route: committeeReport, path: "/hr/committee-report?fy=2026", params: {} },
    { name: "evidence pack", route: evidencePack, path: "/hr/committee-report/evidence.zip?fy=2026", params: {} },
    { name: "question statistics", route: questionStats, path: "/hr/report/questions?fy=2026", params: {} },
    { name: "question statistics CSV", route: questionStatsCsv, path: "/hr/report/questions/export.csv?fy=2026", params: {} },
    { name: "annual report xlsx", route: reportXlsx, path: "/hr/report/export.xlsx?fy=2026", params: {} },
    { name: "overdue people", route: overdue, path: "/hr/overdue?fy=2026", params: {} },
    { name: "overdue people CSV", route: overdueCsv, path: "/hr/overdue/export.csv?fy=2026", params: {} },
    { name: "people", route: people, path: "/hr/people?fy=2026&q=S0001", params: {} },
    { name: "people CSV", route: peopleCsv, path: "/hr/people/export.csv?fy=2026", params: {} },
  ];
}

beforeAll(() => {
  process.env.MAMORI_NOW = new Date(TEST_NOW).toISOString();
});

beforeEach(() => {
  db = createDemoDb();
  // An auditor (CISO staff): S0002's account becomes auditor only.
  const auditor = db.select({ id: accounts.id }).from(accounts).innerJoin(employees, eq(employees.id, accounts.employeeId)).where(eq(employees.employeeNo, "S0002")).get()!;
  db.insert(accountRoles).values({ accountId: auditor.id, role: "auditor" }).run();
  db.delete(accountRoles).where(and(eq(accountRoles.accountId, auditor.id), eq(accountRoles.role, "learner"))).run();
  completedAssignmentId = db
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(employees, eq(employees.id, assignments.employeeId))
    .where(and(eq(employees.employeeNo, "S0001"), eq(assignments.fiscalYear, 2025)))
    .get()!.id;
});

async function statusOf(run: () => Promise<unknown>): Promise<number> {
  const result = await settle(run);
  if (result instanceof Response) return result.status;
  return 200;
}

describe("/hr authorisation", () => {
  it("refuses learners and managers with 403 on every page and export", async () => {
    for (const who of ["S0001", "M0001"]) {
      const cookie = await cookieFor(db, who);
      for (const { name, route, path, params } of routes()) {
        expect(await statusOf(() => route.loader({ request: get(path, cookie), params, context })), `${who} ${name}`).toBe(403);
      }
    }
  });

  it("sends the signed-out to the sign-in page", async () => {
    for (const { name, route, path, params } of routes()) {
      const result = (await settle(() => route.loader({ request: get(path), params, context }))) as Response;
      expect(result.status, name).toBe(302);
      expect(result.headers.get("Location"), name).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it("lets HR and the auditor read everything", async () => {
    for (const who of ["H0001", "S0002"]) {
      const cookie = await cookieFor(db, who);
      for (const { name, route, path, params } of routes()) {
        const result = await settle(() => route.loader({ request: get(path, cookie), params, context }));
        const status = result instanceof Response ? result.status : 200;
        expect(status, `${who} ${name}`).toBe(200);
        if (name.endsWith("CSV")) expect((result as Response).headers.get("Content-Type"), name).toBe("text/csv; charset=utf-8");
      }
    }
  });

  it("refuses every POST from the auditor (403), learners (403) and, on these read-only pages, HR (405)", async () => {
    const expectations: [string, number][] = [["S0002", 403], ["S0001", 403], ["M0001", 403], ["H0001", 405]];
    for (const [who, expected] of expectations) {
      const cookie = await cookieFor(db, who);
      for (const { name, route, path, params } of routes()) {
        expect(await statusOf(() => route.action({ request: post(path, { anything: "x" }, cookie), params, context })), `${who} ${name}`).toBe(expected);
      }
    }
  });

  it("shows the 延長・免除 links to HR only, never to the auditor", async () => {
    const asHr = (await transcript.loader({ request: get("/hr/employees/S0001", await cookieFor(db, "H0001")), params: { employeeNo: "S0001" }, context })) as { canWrite: boolean };
    const asAuditor = (await transcript.loader({ request: get("/hr/employees/S0001", await cookieFor(db, "S0002")), params: { employeeNo: "S0001" }, context })) as { canWrite: boolean };
    expect(asHr.canWrite).toBe(true);
    expect(asAuditor.canWrite).toBe(false);
  });

  it("answers bad filters with a 400 naming the field in Japanese, and unknown people with 404", async () => {
    const cookie = await cookieFor(db, "H0001");
    for (const [path, field] of [["/hr?fy=abc", "年度"], ["/hr?dept=999999", "組織・所属"], ["/hr?module=nope", "モジュール"], ["/hr/employees?status=odd", "状況"], ["/hr/employees?sort=x", "並び順"]] as const) {
      const route: Route = path.startsWith("/hr/employees") ? list : dashboard;
      const result = (await settle(() => route.loader({ request: get(path, cookie), params: {}, context }))) as Response;
      expect(result.status, path).toBe(400);
      expect(await result.text(), path).toContain(`「${field}」`);
    }
    const missing = (await settle(() => transcript.loader({ request: get("/hr/employees/ZZ999", cookie), params: { employeeNo: "ZZ999" }, context }))) as Response;
    expect(missing.status).toBe(404);
  });
});
