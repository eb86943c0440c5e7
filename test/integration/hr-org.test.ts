import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { accountRoles, accounts, assignments, auditLog, departments, employees, rosterUploads } from "~/db/schema";
import { authenticate } from "~/domain/auth/login.server";
import { getSessionUser } from "~/domain/auth/session.server";
import { ROSTER_COLUMNS } from "~/domain/roster/columns";
import { action as accountsAction } from "~/routes/hr.accounts";
import { action as hrAssignmentAction } from "~/routes/hr.assignments.$assignmentId";
import { loader as learnLoader } from "~/routes/learn._index";
import { action as activateAction } from "~/routes/activate";
import { action as categoriesAction } from "~/routes/hr.categories";
import { action as departmentAction } from "~/routes/hr.departments.$departmentId";
import { action as uploadAction } from "~/routes/hr.import._index";
import { action as applyAction, loader as previewLoader } from "~/routes/hr.import.$uploadId";
import { loader as templateLoader } from "~/routes/hr.import.template[.]csv";
import { action as ruleAction } from "~/routes/hr.rules.$ruleId";
import { loader as hrLayoutLoader } from "~/routes/hr";
import { createDemoDb } from "../helpers/db";
import { BASE, context, cookieFor, get, payload, post, settle } from "../helpers/requests";

let db: Db;
let hr: string;
beforeEach(async () => {
  db = createDemoDb();
  hr = await cookieFor(db, "H0001");
});

const audits = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).all();

function upload(text: string, cookie = hr, fullBatch = false) {
  const form = new FormData();
  form.append("file", new File([text], "roster.csv", { type: "text/csv" }));
  if (fullBatch) form.append("fullBatch", "on");
  const request = new Request(`${BASE}/hr/import`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: BASE } });
  return settle(() => uploadAction({ request, params: {}, context }));
}

describe("HR pages are for HR", () => {
  it("refuses learners, managers and auditors on every HR change", async () => {
    for (const who of ["S0001", "M0001"]) {
      const cookie = await cookieFor(db, who);
      expect(((await settle(() => hrLayoutLoader({ request: get("/hr", cookie), params: {}, context }))) as Response).status).toBe(403);
    }
    db.insert(accountRoles).values({ accountId: db.select().from(accounts).innerJoin(employees, eq(employees.id, accounts.employeeId)).where(eq(employees.employeeNo, "A0001")).get()!.accounts.id, role: "auditor" }).run();
    const auditsBefore = db.select().from(auditLog).all().length;
    const learner = await cookieFor(db, "S0001");
    const auditor = await cookieFor(db, "A0001");
    for (const cookie of [learner, auditor]) {
      const calls: (() => Promise<unknown>)[] = [
        () => ruleAction({ request: post("/hr/rules/new", { name: "x" }, cookie), params: { ruleId: "new" }, context }),
        () => departmentAction({ request: post("/hr/departments/1", { code: "x", name: "x" }, cookie), params: { departmentId: "1" }, context }),
        () => categoriesAction({ request: post("/hr/categories", { name: "x", newHireDays: "3" }, cookie), params: {}, context }),
        () => accountsAction({ request: post("/hr/accounts", { intent: "issue", employeeNos: "S0002" }, cookie), params: {}, context }),
        () => upload("x", cookie),
        () => templateLoader({ request: get("/hr/import/template.csv", cookie), params: {}, context }),
      ];
      for (const call of calls) expect(((await settle(call)) as Response).status).toBe(403);
    }
    expect(db.select().from(auditLog).all()).toHaveLength(auditsBefore);
  });
});

describe("roster import pages", () => {
  const header = ROSTER_COLUMNS.join(",");
  it("offers a template with a real 所属コード, shows row errors, then previews and applies once", async () => {
    const template = (await templateLoader({ request: get("/hr/import/template.csv", hr), params: {}, context })) as Response;
    const bytes = new Uint8Array(await template.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const code = text.split("\r\n")[1].split(",")[5];
    expect(db.select().from(departments).where(eq(departments.code, code)).get()).toBeTruthy();

    const bad = payload<{ problems: { total: number; shown: { line: number; column: string; message: string }[] } }>(
      await upload([header, `N0100,新人 一郎,,,職員,${code},,2026-11-01,`, "N0101,新人 二郎,,,正職員,1110,,2026-11-01,"].join("\n")),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.problems.shown).toEqual([{ line: 3, column: "職員区分", message: expect.stringContaining("正職員") }]);
    expect(db.select().from(rosterUploads).all()).toHaveLength(0);

    const good = (await upload([header, `N0100,新人 一郎,,,職員,${code},,2026-11-01,`].join("\n"))) as Response;
    expect(good.status).toBe(302);
    const id = good.headers.get("Location")!.split("/").pop()!;
    const preview = (await previewLoader({ request: get(`/hr/import/${id}`, hr), params: { uploadId: id }, context })) as Awaited<ReturnType<typeof previewLoader>>;
    expect(preview.plan?.counts).toEqual({ created: 1, changed: 0, leavers: 0, unchanged: 0 });
    expect(db.select().from(employees).where(eq(employees.employeeNo, "N0100")).get()).toBeUndefined();

    const applied = (await settle(() => applyAction({ request: post(`/hr/import/${id}`, { intent: "apply" }, hr), params: { uploadId: id }, context }))) as Response;
    expect(applied.status).toBe(302);
    expect(db.select().from(employees).where(eq(employees.employeeNo, "N0100")).get()?.name).toBe("新人 一郎");
    const again = payload<{ message: string }>(await settle(() => applyAction({ request: post(`/hr/import/${id}`, { intent: "apply" }, hr), params: { uploadId: id }, context })));
    expect(again.status).toBe(409);
    expect(again.body.message).toBe("この取り込みはすでに反映済みです。");
    expect(audits("roster.imported")).toHaveLength(1);
  });

  it("404s for an unknown upload id", async () => {
    const res = (await settle(() => previewLoader({ request: get("/hr/import/zzz", hr), params: { uploadId: "zzz" }, context }))) as Response;
    expect(res.status).toBe(404);
  });
});

describe("rules page", () => {
  it("validates in Japanese and saves + re-evaluates a rule, audited", async () => {
    const bad = payload<{ fieldErrors: Record<string, string> }>(await settle(() => ruleAction({ request: post("/hr/rules/new", { name: "", dueKind: "fixed", dueMonth: "13", dueDay: "1" }, hr), params: { ruleId: "new" }, context })));
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors.name).toBe("名前を入力してください。");
    expect(bad.body.fieldErrors.moduleIds).toBe("研修モジュールを1つ以上選んでください。");

    const fire = db.select().from(departments).where(eq(departments.code, "4000")).get()!;
    const saved = (await settle(() => ruleAction({
      request: post("/hr/rules/new", { name: "消防本部の追加研修", categories: ["職員"], departmentId: String(fire.id), moduleIds: ["three-layer-defence"], dueKind: "relative", dueDays: "20", active: "on" }, hr),
      params: { ruleId: "new" }, context,
    }))) as Response;
    expect(saved.status).toBe(302);
    const created = Number(new URL(saved.headers.get("Location")!, BASE).searchParams.get("created"));
    // Fire staff who are 職員 already have three-layer-defence from the 職員 track: nothing to add.
    expect(created).toBe(0);
    expect(audits("rules.created")).toHaveLength(1);

    const forgedModule = payload(await settle(() => ruleAction({ request: post("/hr/rules/new", { name: "x", moduleIds: ["no-such-module"], dueKind: "relative" }, hr), params: { ruleId: "new" }, context })));
    expect(forgedModule.status).toBe(400);
  });
});

describe("departments, categories", () => {
  it("changes a head (granting the manager role) and refuses a duplicate code, audited", async () => {
    const ka = db.select().from(departments).where(eq(departments.code, "1130")).get()!;
    const duplicate = payload<{ fieldErrors: Record<string, string> }>(await settle(() => departmentAction({ request: post(`/hr/departments/${ka.id}`, { code: "1110", name: "情報政策課" }, hr), params: { departmentId: String(ka.id) }, context })));
    expect(duplicate.body.fieldErrors.code).toBe("所属コード「1110」はすでに使われています。");
    const ok = (await settle(() => departmentAction({ request: post(`/hr/departments/${ka.id}`, { code: "1130", name: "情報政策課", headEmployeeNo: "A0001" }, hr), params: { departmentId: String(ka.id) }, context }))) as Response;
    expect(ok.status).toBe(302);
    const admin = await cookieFor(db, "A0001");
    expect((await getSessionUser(get("/team", admin), { db }))?.roles).toContain("manager");
    expect(audits("department.updated")).toHaveLength(1);
  });

  it("adds a category with its new-hire days", async () => {
    const bad = payload<{ fieldErrors: Record<string, string> }>(await settle(() => categoriesAction({ request: post("/hr/categories", { name: "会計年度任用職員", newHireDays: "abc" }, hr), params: {}, context })));
    expect(bad.body.fieldErrors.newHireDays).toBe("日数を数字で入力してください。");
    await settle(() => categoriesAction({ request: post("/hr/categories", { name: "会計年度任用職員", newHireDays: "21" }, hr), params: {}, context }));
    expect(db.get<{ days: number }>(sql`SELECT new_hire_days AS days FROM categories WHERE name = '会計年度任用職員'`).days).toBe(21);
  });
});

describe("activation codes", () => {
  it("lets an imported person set a password once with a code; wrong or reused codes fail", async () => {
    const target = db.select().from(employees).where(eq(employees.employeeNo, "E00001")).get()!;
    const issued = (await settle(() => accountsAction({ request: post("/hr/accounts", { intent: "issue", employeeNos: "E00001" }, hr), params: {}, context }))) as { issued: { code: string; employeeNo: string }[] };
    expect(issued.issued).toHaveLength(1);
    const code = issued.issued[0].code;
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const activate = (fields: Record<string, string>) => settle(() => activateAction({ request: post("/activate", fields, undefined), params: {}, context }));

    const wrong = payload<{ message: string }>(await activate({ username: "E00001", code: "AAAA-AAAA-AAAA", password: "a-good-long-password", confirm: "a-good-long-password" }));
    expect(wrong.status).toBe(400);
    const mismatch = payload<{ field: string }>(await activate({ username: "E00001", code, password: "a-good-long-password", confirm: "different-password!" }));
    expect(mismatch.body.field).toBe("confirm");
    const otherPerson = payload(await activate({ username: "S0001", code, password: "a-good-long-password", confirm: "a-good-long-password" }));
    expect(otherPerson.status).toBe(400);

    const done = payload<{ ok: boolean }>(await activate({ username: "E00001", code: code.toLowerCase().replaceAll("-", ""), password: "a-good-long-password", confirm: "a-good-long-password" }));
    expect(done.body.ok).toBe(true);
    expect((await authenticate(db, { employeeNo: target.employeeNo, password: "a-good-long-password", ip: null })).ok).toBe(true);
    const reused = payload(await activate({ username: "E00001", code, password: "another-long-password", confirm: "another-long-password" }));
    expect(reused.status).toBe(400);
    expect(audits("account.activation_issued")).toHaveLength(1);
    expect(audits("account.activated")).toHaveLength(1);
  });

  it("a reset removes the password and signs the person out everywhere", async () => {
    const cookie = await cookieFor(db, "S0002");
    await settle(() => accountsAction({ request: post("/hr/accounts", { intent: "reset", employeeNos: "S0002" }, hr), params: {}, context }));
    expect(await getSessionUser(get("/learn", cookie), { db })).toBeNull();
    expect((await authenticate(db, { employeeNo: "S0002", password: "mamori-demo", ip: null })).ok).toBe(false);
    expect(audits("account.password_reset")).toHaveLength(1);
  });
});

describe("HR extensions and exemptions", () => {
  const threatsOf = (no: string) =>
    db.select({ id: assignments.id, dueDate: assignments.dueDate, exemptedAt: assignments.exemptedAt }).from(assignments).innerJoin(employees, eq(employees.id, assignments.employeeId))
      .where(sql`${employees.employeeNo} = ${no} AND ${assignments.moduleId} = 'threats' AND ${assignments.fiscalYear} = 2026`).get()!;
  const change = (id: number, fields: Record<string, string>, cookie = hr) =>
    settle(() => hrAssignmentAction({ request: post(`/hr/assignments/${id}`, fields, cookie), params: { assignmentId: String(id) }, context }));

  it("extends with a reason (shown to the learner), exempts, and refuses others", async () => {
    const target = threatsOf("S0001");
    const noReason = payload<{ errors: Record<string, string> }>(await change(target.id, { intent: "extend", newDueDate: "2027-01-31", reason: " " }));
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.reason).toBe("理由を入力してください。");

    const learner = await cookieFor(db, "S0001");
    expect(((await change(target.id, { intent: "extend", newDueDate: "2027-01-31", reason: "長期研修のため" }, learner)) as Response).status).toBe(403);
    const done = (await change(target.id, { intent: "extend", newDueDate: "2027-01-31", reason: "長期研修のため" })) as Response;
    expect(done.status).toBe(302);
    expect(threatsOf("S0001").dueDate).toBe("2027-01-31");
    expect(audits("assignment.extended")).toHaveLength(1);
    const mine = (await settle(() => learnLoader({ request: get("/learn", learner), params: {}, context }))) as Awaited<ReturnType<typeof learnLoader>>;
    const item = mine.items.find((candidate) => candidate.id === target.id)!;
    expect(item.dueDate).toBe("2027-01-31");
    expect(item.extension).toEqual({ previousDueDate: target.dueDate, reason: "長期研修のため" });

    await change(target.id, { intent: "exempt", reason: "育児休業のため" });
    expect(threatsOf("S0001").exemptedAt).not.toBeNull();
    expect(((await change(999999, { intent: "exempt", reason: "x" })) as Response).status).toBe(404);
  });
});

describe("transcript", () => {
  it("lists the reminders sent to the person", async () => {
    const { runReminders } = await import("~/domain/reminders/run.server");
    const { loader: transcriptLoader } = await import("~/routes/hr.employees.$employeeNo._index");
    const read = async () => (await settle(() => transcriptLoader({ request: get("/hr/employees/S0001", hr), params: { employeeNo: "S0001" }, context }))) as Awaited<ReturnType<typeof transcriptLoader>>;
    expect((await read()).reminders).toEqual([]);
    await runReminders(db, { date: "2026-11-25", trigger: "cli", mail: { smtpUrl: null, from: "mamori@mamori.test", baseUrl: "http://mamori.test", messageIdDomain: "mamori.test", schedulerEnabled: false } });
    const after = await read();
    expect(after.reminders.length).toBeGreaterThan(0);
    expect(after.reminders[0].statusLabel).toBe("送信待ち");
  });
});
