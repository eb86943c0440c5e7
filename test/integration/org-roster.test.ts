import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { activationCodes, assignments, auditLog, categories, departments, employees, fiscalYears } from "~/db/schema";
import { getCatalog } from "~/domain/content/catalog.server";
import { DEFAULT_CATEGORIES } from "~/domain/content/schema";
import { ensureDefaultCategories, saveCategoryAlias } from "~/domain/org/categories.server";
import { ROSTER_COLUMNS } from "~/domain/roster/columns";
import { applyImport } from "~/domain/roster/import.server";
import { installDefaultRules } from "~/domain/rules/cycles.server";
import { evaluateRules, listRules } from "~/domain/rules/evaluate.server";
import { DEFAULT_NEW_HIRE_DAYS } from "~/domain/rules/defaults";
import { action as accountsAction, loader as accountsLoader } from "~/routes/hr.accounts";
import { action as categoriesAction, loader as categoriesLoader } from "~/routes/hr.categories";
import { action as uploadAction } from "~/routes/hr.import._index";
import { action as importAction, loader as previewLoader } from "~/routes/hr.import.$uploadId";
import { loader as rulesLoader } from "~/routes/hr.rules._index";
import { action as ruleAction } from "~/routes/hr.rules.$ruleId";
import { createDemoDb, createTestDb, TEST_NOW } from "../helpers/db";
import { BASE, context, cookieFor, get, payload, post, settle } from "../helpers/requests";

const header = ROSTER_COLUMNS.join(",");
const audits = (db: Db, action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).all();

/** The full obligations track of tracks.md (issue 12). */
const FULL_TRACK = [
  "purpose-and-terms", "scope-and-duties", "threats", "three-layer-defence", "asset-classification", "physical-human-technical",
  "operations-and-incidents", "outsourcing-cloud-sns", "audit-and-review", "policy-acknowledgement",
];
const FULL_CATEGORIES = ["職員", "会計年度任用職員", "臨時的任用職員"];

describe("categories of today's law", () => {
  it("an existing database gets the new default categories at start, once, audited", () => {
    const db = createTestDb();
    ["職員", "非常勤職員", "臨時職員", "委託事業者"].forEach((name, index) => db.insert(categories).values({ name, sortOrder: index, newHireDays: DEFAULT_NEW_HIRE_DAYS[name] }).run());
    expect(ensureDefaultCategories(db, TEST_NOW)).toEqual(["会計年度任用職員", "臨時的任用職員"]);
    expect(ensureDefaultCategories(db, TEST_NOW)).toEqual([]);
    const rows = db.select({ name: categories.name, days: categories.newHireDays }).from(categories).orderBy(categories.sortOrder).all();
    expect(rows.map((row) => row.name)).toEqual(["職員", "非常勤職員", "臨時職員", "委託事業者", "会計年度任用職員", "臨時的任用職員"]);
    expect(rows.find((row) => row.name === "会計年度任用職員")?.days).toBe(30);
    expect(audits(db, "category.defaults_added")).toHaveLength(1);
  });

  it("a 会計年度任用職員 imported through the roster gets the full 職員 track from the default rule, due off 年末年始", () => {
    const db = createTestDb();
    DEFAULT_CATEGORIES.forEach((name, index) => db.insert(categories).values({ name, sortOrder: index, newHireDays: DEFAULT_NEW_HIRE_DAYS[name] }).run());
    db.insert(departments).values([{ id: 1, code: "1000", name: "内部部局", level: "organisation", path: "/1/" }, { id: 2, code: "1110", name: "総務課", level: "ka", parentId: 1, path: "/1/2/" }]).run();
    db.insert(fiscalYears).values({ year: 2026, openedAt: TEST_NOW }).run();
    // The shipped content: its audiences put both categories on the full track.
    installDefaultRules(db, getCatalog(), TEST_NOW);
    const full = listRules(db).find((rule) => rule.categories.includes("会計年度任用職員"))!;
    expect(full.categories).toEqual(FULL_CATEGORIES);
    expect(full.due).toEqual({ kind: "fixed", monthDay: "12-31" });
    expect([...full.moduleIds].sort()).toEqual([...FULL_TRACK].sort());

    saveCategoryAlias(db, { alias: "会計年度", categoryName: "会計年度任用職員" }, { accountId: 0, ip: null }, TEST_NOW);
    const text = [header, "K0001,珠洲 美咲,ｽｽﾞ ﾐｻｷ,,会計年度,１１１０,,R8.4.1,", "K0002,七尾 次郎,,,職員,1110,,2020-04-01,"].join("\n");
    const result = applyImport(db, text, { fullBatch: false, now: TEST_NOW, actorAccountId: null, fileName: "k.csv" });
    expect(result.ok).toBe(true);
    const of = (no: string) => db.all<{ moduleId: string; dueDate: string }>(sql`
      SELECT a.module_id AS moduleId, a.due_date AS dueDate FROM assignments a JOIN employees e ON e.id = a.employee_id
      WHERE e.employee_no = ${no} AND a.fiscal_year = 2026 ORDER BY a.module_id`);
    const fiscal = of("K0001");
    expect(fiscal.map((row) => row.moduleId)).toEqual([...full.moduleIds].sort());
    expect(fiscal.map((row) => row.moduleId)).toEqual(of("K0002").map((row) => row.moduleId));
    expect(new Set(fiscal.map((row) => row.dueDate))).toEqual(new Set(["2026-12-28"]));
    const person = db.select().from(employees).where(eq(employees.employeeNo, "K0001")).get()!;
    expect(person).toMatchObject({ nameKana: "スズ ミサキ", hireDate: "2026-04-01" });
  });

  it("warns on /hr/rules and /hr/categories about a category no rule covers, until one does", { timeout: 120_000 }, async () => {
    const db = createDemoDb();
    const hr = await cookieFor(db, "H0001");
    const added = await settle(() => categoriesAction({ request: post("/hr/categories", { name: "任期付職員", newHireDays: "30" }, hr), params: {}, context }));
    expect((added as Response).status).toBe(302);
    const warning = "『任期付職員』に適用されるルールがありません。この区分の職員には研修が割り当てられません。";
    const rules = (await rulesLoader({ request: get("/hr/rules", hr), params: {}, context })) as { uncovered: string[] };
    expect(rules.uncovered).toContain(warning);
    const page = (await categoriesLoader({ request: get("/hr/categories", hr), params: {}, context })) as { uncovered: string[] };
    expect(page.uncovered).toEqual([warning]);
    // A rule limited to one department does not cover the category.
    const fire = db.select().from(departments).where(eq(departments.code, "4000")).get()!;
    await settle(() => ruleAction({ request: post("/hr/rules/new", { name: "消防のみ", categories: ["任期付職員"], departmentId: String(fire.id), moduleIds: ["threats"], dueKind: "relative", active: "on" }, hr), params: { ruleId: "new" }, context }));
    expect(((await rulesLoader({ request: get("/hr/rules", hr), params: {}, context })) as { uncovered: string[] }).uncovered).toEqual([warning]);
    await settle(() => ruleAction({ request: post("/hr/rules/new", { name: "任期付職員の研修", categories: ["任期付職員"], moduleIds: ["threats"], dueKind: "relative", active: "on" }, hr), params: { ruleId: "new" }, context }));
    expect(((await rulesLoader({ request: get("/hr/rules", hr), params: {}, context })) as { uncovered: string[] }).uncovered).toEqual([]);
  });

  it("the demo covers every category and has 会計年度任用職員, S0002 still a 非常勤職員", async () => {
    const db = createDemoDb();
    const hr = await cookieFor(db, "H0001");
    expect(((await rulesLoader({ request: get("/hr/rules", hr), params: {}, context })) as { uncovered: string[] }).uncovered).toEqual([]);
    const counts = db.all<{ name: string; n: number }>(sql`SELECT c.name, count(e.id) AS n FROM categories c LEFT JOIN employees e ON e.category_id = c.id GROUP BY c.id`);
    expect(counts.find((row) => row.name === "会計年度任用職員")!.n).toBeGreaterThan(10);
    expect(db.get<{ name: string }>(sql`SELECT c.name FROM employees e JOIN categories c ON c.id = e.category_id WHERE e.employee_no = 'S0002'`).name).toBe("非常勤職員");
  });
});

describe("category aliases at /hr/categories", () => {
  let db: Db;
  let hr: string;
  beforeEach(async () => {
    db = createDemoDb();
    hr = await cookieFor(db, "H0001");
  });

  it("stores a validated alias, audited; refuses a category's own name and an unknown category", async () => {
    const own = payload<{ fieldErrors: Record<string, string> }>(await settle(() => categoriesAction({ request: post("/hr/categories", { intent: "alias", alias: "臨時職員", categoryName: "非常勤職員" }, hr), params: {}, context })));
    expect(own.status).toBe(400);
    expect(own.body.fieldErrors.alias).toBe("「臨時職員」は職員区分の名前です。別名には使えません。");
    const unknown = payload<{ fieldErrors: Record<string, string> }>(await settle(() => categoriesAction({ request: post("/hr/categories", { intent: "alias", alias: "非常勤", categoryName: "正社員" }, hr), params: {}, context })));
    expect(unknown.status).toBe(400);
    expect(unknown.body.fieldErrors.categoryName).toBe("登録されている職員区分を選んでください。");
    const empty = payload<{ fieldErrors: Record<string, string> }>(await settle(() => categoriesAction({ request: post("/hr/categories", { intent: "alias", alias: " ", categoryName: "非常勤職員" }, hr), params: {}, context })));
    expect(empty.body.fieldErrors.alias).toBe("別名を入力してください。");
    expect(audits(db, "category.alias_saved")).toHaveLength(0);

    const saved = await settle(() => categoriesAction({ request: post("/hr/categories", { intent: "alias", alias: "非常勤", categoryName: "非常勤職員" }, hr), params: {}, context }));
    expect((saved as Response).status).toBe(302);
    const page = (await categoriesLoader({ request: get("/hr/categories", hr), params: {}, context })) as { aliases: { alias: string; categoryName: string }[] };
    expect(page.aliases).toEqual([{ alias: "非常勤", categoryName: "非常勤職員" }]);
    expect(audits(db, "category.alias_saved")).toHaveLength(1);
    // A new category may not take an alias's name.
    const clash = payload<{ fieldErrors: Record<string, string> }>(await settle(() => categoriesAction({ request: post("/hr/categories", { name: "非常勤", newHireDays: "10" }, hr), params: {}, context })));
    expect(clash.status).toBe(400);
    expect(db.select().from(categories).where(eq(categories.name, "非常勤")).get()).toBeUndefined();

    await settle(() => categoriesAction({ request: post("/hr/categories", { intent: "remove-alias", alias: "非常勤" }, hr), params: {}, context }));
    expect(((await categoriesLoader({ request: get("/hr/categories", hr), params: {}, context })) as { aliases: unknown[] }).aliases).toEqual([]);
    expect(audits(db, "category.alias_removed")).toHaveLength(1);
  });

  it("imports with aliases: the preview shows what was normalised and department names; after 反映 one click issues codes to the new people", async () => {
    for (const [alias, categoryName] of [["会計年度", "会計年度任用職員"], ["非常勤", "非常勤職員"]]) {
      await settle(() => categoriesAction({ request: post("/hr/categories", { intent: "alias", alias, categoryName }, hr), params: {}, context }));
    }
    const form = new FormData();
    form.append("file", new File([readFileSync("test/fixtures/roster-sjis-wareki.csv")], "shain.csv", { type: "text/csv" }));
    const uploaded = (await settle(() => uploadAction({ request: new Request(`${BASE}/hr/import`, { method: "POST", body: form, headers: { Cookie: hr, Origin: BASE } }), params: {}, context }))) as Response;
    expect(uploaded.status).toBe(302);
    const id = uploaded.headers.get("Location")!.split("/").pop()!;
    type Preview = Awaited<ReturnType<typeof previewLoader>>;
    const preview = (await previewLoader({ request: get(`/hr/import/${id}`, hr), params: { uploadId: id }, context })) as Preview;
    expect(preview.plan?.counts.created).toBe(4);
    expect(preview.plan?.normalisations.counts).toEqual({ trim: 1, width: 2, kana: 3, date: 1, wareki: 4, alias: 2 });
    expect(preview.plan?.normalisations.shown).toContainEqual({ line: 5, column: "採用日", from: "2026/4/1", to: "2026-04-01", kinds: ["date"] });
    expect(preview.plan?.created[0]).toMatchObject({ employeeNo: "K0001", categoryName: "会計年度任用職員", departmentCode: "1210", departmentName: expect.stringMatching(/.+/) });
    const departmentName = db.select({ name: departments.name }).from(departments).where(eq(departments.code, "1210")).get()!.name;
    expect(preview.plan?.created[0].departmentName).toBe(departmentName);

    const applied = (await settle(() => importAction({ request: post(`/hr/import/${id}`, { intent: "apply" }, hr), params: { uploadId: id }, context }))) as Response;
    expect(applied.status).toBe(302);
    const after = (await previewLoader({ request: get(`/hr/import/${id}`, hr), params: { uploadId: id }, context })) as Preview;
    expect(after.awaitingActivation).toBe(4);
    const codesBefore = db.select().from(activationCodes).all().length;
    const issued = payload<{ issued: { employeeNo: string; code: string; expiresAt: number }[]; remaining: number; activateUrl: string }>(
      await settle(() => importAction({ request: post(`/hr/import/${id}`, { intent: "issue-codes" }, hr), params: { uploadId: id }, context })),
    );
    expect(issued.status).toBe(200);
    expect(issued.body.issued.map((item) => item.employeeNo)).toEqual(["K0001", "K0002", "K0003", "K0004"]);
    expect(issued.body.issued[0].code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(issued.body.remaining).toBe(0);
    expect(issued.body.activateUrl).toBe(`${BASE}/activate`);
    expect(db.select().from(activationCodes).all().length).toBe(codesBefore + 4);
    expect(audits(db, "account.activation_issued").map((row) => JSON.parse(row.details!).employeeNo).sort()).toEqual(["K0001", "K0002", "K0003", "K0004"]);
    // A second click has nobody left to issue to (the codes are pending), and writes nothing.
    const again = payload<{ message: string }>(await settle(() => importAction({ request: post(`/hr/import/${id}`, { intent: "issue-codes" }, hr), params: { uploadId: id }, context })));
    expect(again.status).toBe(400);
    expect(db.select().from(activationCodes).all().length).toBe(codesBefore + 4);
    expect(((await previewLoader({ request: get(`/hr/import/${id}`, hr), params: { uploadId: id }, context })) as Preview).awaitingActivation).toBe(0);
  });

  it("refuses to issue codes for an upload that was not applied", async () => {
    const form = new FormData();
    form.append("file", new File([`${header}\nK0100,新人,,,職員,1210,,,`], "x.csv", { type: "text/csv" }));
    const uploaded = (await settle(() => uploadAction({ request: new Request(`${BASE}/hr/import`, { method: "POST", body: form, headers: { Cookie: hr, Origin: BASE } }), params: {}, context }))) as Response;
    const id = uploaded.headers.get("Location")!.split("/").pop()!;
    const res = (await settle(() => importAction({ request: post(`/hr/import/${id}`, { intent: "issue-codes" }, hr), params: { uploadId: id }, context }))) as Response;
    expect(res.status).toBe(404);
    expect(db.select().from(activationCodes).all()).toHaveLength(0);
  });
});

describe("/hr/accounts select-all", () => {
  it("selects everyone shown without JavaScript (?select=all) and issues their codes", async () => {
    const db = createDemoDb();
    const hr = await cookieFor(db, "H0001");
    const plain = (await accountsLoader({ request: get("/hr/accounts?q=総務", hr), params: {}, context })) as { selectAll: boolean; rows: { employeeNo: string }[] };
    expect(plain.selectAll).toBe(false);
    const all = (await accountsLoader({ request: get("/hr/accounts?q=総務&select=all", hr), params: {}, context })) as { selectAll: boolean; rows: { employeeNo: string }[]; activateUrl: string };
    expect(all.selectAll).toBe(true);
    expect(all.activateUrl).toBe(`${BASE}/activate`);
    const result = payload<{ issued: { employeeNo: string }[] }>(await settle(() => accountsAction({ request: post("/hr/accounts", { intent: "issue", employeeNos: all.rows.map((row) => row.employeeNo) }, hr), params: {}, context })));
    expect(result.body.issued).toHaveLength(all.rows.length);
  });
});

describe("due dates off closed days (integration)", () => {
  it("new assignments land on the business day before; existing ones keep their dates; /hr/rules says so", async () => {
    const db = createDemoDb();
    const hr = await cookieFor(db, "H0001");
    // An existing 12月31日 assignment (made before this change) is left as it is.
    const s0001 = db.select().from(employees).where(eq(employees.employeeNo, "S0001")).get()!;
    const existing = db.select().from(assignments).where(eq(assignments.employeeId, s0001.id)).all().find((row) => row.fiscalYear === 2026)!;
    db.update(assignments).set({ dueDate: "2026-12-31" }).where(eq(assignments.id, existing.id)).run();
    // A new hire on 2 December (30 days → 元日) and a 職員 without this year's assignments.
    const text = [header, "N0500,新人 元日,,,職員,1210,,2026-12-02,"].join("\n");
    expect(applyImport(db, text, { fullBatch: false, now: TEST_NOW, actorAccountId: null, fileName: "n.csv" }).ok).toBe(true);
    const dues = db.all<{ due: string }>(sql`SELECT DISTINCT a.due_date AS due FROM assignments a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = 'N0500' AND a.fiscal_year = 2026`);
    expect(dues).toEqual([{ due: "2026-12-28" }]);
    evaluateRules(db, { now: TEST_NOW });
    expect(db.select().from(assignments).where(eq(assignments.id, existing.id)).get()!.dueDate).toBe("2026-12-31");
    const page = (await rulesLoader({ request: get("/hr/rules", hr), params: {}, context })) as { rules: { due: string }[] };
    expect(page.rules.some((rule) => /12月31日（年末年始のため 12月28日（.）に前倒し）/.test(rule.due))).toBe(true);
  });
});
