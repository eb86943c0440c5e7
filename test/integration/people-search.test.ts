// Finding a person: 職員番号・氏名・カナ, kana-insensitive (ひらがな/カタカナ/半角カナ), spaces ignored,
// 職員番号 NFKC/case-insensitive; the key is kept by the roster import; /hr/people one row per person.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { employees } from "~/db/schema";
import { employeeSearchKey, normaliseForSearch } from "~/domain/org/search-key";
import { ROSTER_COLUMNS } from "~/domain/roster/columns";
import { applyImport } from "~/domain/roster/import.server";
import * as peoplePage from "~/routes/hr.people._index";
import * as peopleCsv from "~/routes/hr.people.export[.]csv";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get, settle } from "../helpers/requests";

describe("normaliseForSearch", () => {
  it("makes ひらがな, カタカナ and 半角カナ the same, drops spaces, folds case and width", () => {
    expect(normaliseForSearch("ナナオ タロウ")).toBe("ななおたろう");
    expect(normaliseForSearch("ﾅﾅｵ　ﾀﾛｳ")).toBe("ななおたろう");
    expect(normaliseForSearch("なな お")).toBe("ななお");
    expect(normaliseForSearch("ｓ０００１")).toBe("s0001");
    expect(normaliseForSearch("ﾜｸﾗ ﾏｺﾄ")).toBe("わくらまこと"); // voiced marks combine under NFKC
    expect(employeeSearchKey({ employeeNo: "S0001", name: "七尾 太郎", nameKana: "ナナオ タロウ" })).toBe("s0001 七尾太郎 ななおたろう");
  });
});

describe("/hr/people", () => {
  let db: Db;
  let cookie: string;
  beforeAll(() => {
    process.env.MAMORI_NOW = new Date(TEST_NOW).toISOString();
  });
  beforeEach(async () => {
    db = createDemoDb();
    cookie = await cookieFor(db, "H0001");
  });

  const search = async (q: string) => {
    const data = (await peoplePage.loader({ request: get(`/hr/people?fy=2026&q=${encodeURIComponent(q)}`, cookie), params: {}, context })) as Awaited<ReturnType<typeof peoplePage.loader>>;
    return data;
  };

  it.each(["ななお たろう", "ナナオタロウ", "ﾅﾅｵ ﾀﾛｳ", "七尾　太郎", "七尾太郎", "s0001", "Ｓ０００１", "S0001"])("finds 七尾 太郎 (S0001) by %s", async (q) => {
    const data = await search(q);
    expect(data.people.map((person) => person.employeeNo)).toContain("S0001");
    expect(data.people.every((person) => employeeSearchKey(person).includes(normaliseForSearch(q)))).toBe(true);
  });

  it("shows one row per person with progress and overdue counted from the assignments", async () => {
    const data = await search("S0001");
    expect(data.total).toBe(1);
    const [person] = data.people;
    const counts = db.$client
      .prepare(`SELECT sum(a.exempted_at IS NULL) AS assigned, sum(a.exempted_at IS NULL AND a.completed_at IS NOT NULL) AS completed,
          sum(a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_date < '2026-11-25') AS overdue
        FROM assignments a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = 'S0001' AND a.fiscal_year = 2026`)
      .get() as { assigned: number; completed: number; overdue: number };
    expect([person.assigned, person.completed, person.overdue]).toEqual([counts.assigned, counts.completed, counts.overdue]);
    const placed = db.$client.prepare("SELECT d.name AS department, c.name AS category FROM employees e JOIN departments d ON d.id = e.department_id JOIN categories c ON c.id = e.category_id WHERE e.employee_no = 'S0001'").get() as { department: string; category: string };
    expect([person.name, person.departmentName, person.categoryName]).toEqual(["七尾 太郎", placed.department, placed.category]);
  });

  it("lists every active person without a search, and matches literally (no LIKE wildcards)", async () => {
    const all = (await peoplePage.loader({ request: get("/hr/people?fy=2026", cookie), params: {}, context })) as Awaited<ReturnType<typeof peoplePage.loader>>;
    expect(all.total).toBe(db.$client.prepare("SELECT count(*) FROM employees WHERE active = 1").pluck().get());
    // A broad search: the count that rides on the page equals a separate count, and a page past
    // the end shows the last page.
    const broad = await search("た");
    const counted = db.$client.prepare("SELECT count(*) FROM employees WHERE search_key LIKE '%た%'").pluck().get() as number;
    expect(counted).toBeGreaterThan(50);
    expect(broad.total).toBe(counted);
    expect(broad.people).toHaveLength(50);
    const past = (await peoplePage.loader({ request: get(`/hr/people?fy=2026&q=${encodeURIComponent("た")}&page=999`, cookie), params: {}, context })) as Awaited<ReturnType<typeof peoplePage.loader>>;
    expect([past.total, past.filters.page, past.people.length]).toEqual([counted, Math.ceil(counted / 50), counted - (Math.ceil(counted / 50) - 1) * 50]);
    expect((await search("%")).total).toBe(0);
    expect((await search("_")).total).toBe(0);
    const tooLong = await settle(() => peoplePage.loader({ request: get(`/hr/people?q=${"あ".repeat(101)}`, cookie), params: {}, context }));
    expect((tooLong as Response).status).toBe(400);
  });

  it("the roster import keeps the key of new and renamed people", async () => {
    const header = ROSTER_COLUMNS.join(",");
    const row = (no: string, name: string, kana: string) => [no, name, kana, "", "職員", "1111", "一般", "2026-04-01", ""].join(",");
    expect(applyImport(db, [header, row("T9001", "羽咋 一郎", "ハクイ イチロウ")].join("\n"), { fullBatch: false, now: TEST_NOW, actorAccountId: null, fileName: "a.csv" }).ok).toBe(true);
    expect((await search("はくいいちろう")).people.map((person) => person.employeeNo)).toEqual(["T9001"]);
    expect(applyImport(db, [header, row("T9001", "羽咋 一夫", "ハクイ カズオ")].join("\n"), { fullBatch: false, now: TEST_NOW, actorAccountId: null, fileName: "b.csv" }).ok).toBe(true);
    expect(db.select({ key: employees.searchKey }).from(employees).where(eq(employees.employeeNo, "T9001")).get()!.key).toBe("t9001 羽咋一夫 はくいかずお");
    expect((await search("はくいいちろう")).total).toBe(0);
    expect((await search("ﾊｸｲ ｶｽﾞｵ")).people.map((person) => person.employeeNo)).toEqual(["T9001"]);
  });

  it("exports the same rows as CSV, audited", async () => {
    const response = (await peopleCsv.loader({ request: get("/hr/people/export.csv?fy=2026&q=ナナオ", cookie), params: {}, context })) as Response;
    const text = await response.text();
    expect(text.split("\r\n")[1]).toContain("S0001");
    const audit = db.$client.prepare("SELECT details FROM audit_log WHERE action = 'export.csv' AND target_id = 'hr.people'").pluck().all() as string[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]).search).toBe("ナナオ");
  });

  it("is not open to a learner or a manager", async () => {
    for (const no of ["S0001", "M0001"]) {
      const result = await settle(() => peoplePage.loader({ request: get("/hr/people", undefined), params: {}, context }));
      expect(result instanceof Response).toBe(true);
      const denied = await settle(async () => peoplePage.loader({ request: get("/hr/people", await cookieFor(db, no)), params: {}, context }));
      expect((denied as Response).status).toBe(403);
    }
  });
});
