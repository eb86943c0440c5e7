import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { employees } from "~/db/schema";
import { neutraliseCell, toCsv } from "~/domain/csv.server";
import { loader as listCsv } from "~/routes/hr.employees.export[.]csv";
import { loader as transcriptCsv } from "~/routes/hr.employees.$employeeNo.export[.]csv";
import { loader as dashboardCsv } from "~/routes/hr.export[.]csv";
import { loader as reportCsv } from "~/routes/hr.report.export[.]csv";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get } from "../helpers/requests";

/** A small RFC 4180 reader, independent of the writer under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      index += 1;
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

/** The rows of a CSV response, after checking that it starts with the UTF-8 BOM. */
async function csvOf(response: unknown): Promise<string[][]> {
  const bytes = await bytesOf(response as Response);
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1));
}

beforeAll(() => {
  process.env.MAMORI_NOW = new Date(TEST_NOW).toISOString();
});

describe("CSV writing", () => {
  it("neutralises cells Excel would run as formulas, and leaves numbers and ordinary text alone", () => {
    expect(neutraliseCell("=1+1")).toBe("'=1+1");
    expect(neutraliseCell("+81 3")).toBe("'+81 3");
    expect(neutraliseCell("-2")).toBe("'-2");
    expect(neutraliseCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutraliseCell("\t=1")).toBe("'\t=1");
    expect(neutraliseCell("＝HYPERLINK()")).toBe("'＝HYPERLINK()");
    expect(neutraliseCell(-2)).toBe(-2);
    expect(neutraliseCell("七尾 太郎")).toBe("七尾 太郎");
    expect(neutraliseCell("a=b")).toBe("a=b");
    expect(neutraliseCell(null)).toBe("");
  });

  it("starts with a BOM, uses CRLF, and quotes commas, quotes and line breaks", () => {
    const text = toCsv(["氏名", "メモ"], [["山田, 太郎", 'He said "hi"'], ["改行\nあり", 3]]);
    expect(text.startsWith("\uFEFF氏名,メモ\r\n")).toBe(true);
    expect(text).toContain('"山田, 太郎","He said ""hi"""\r\n');
    // A line break inside a cell is quoted, or Excel would start a new row there.
    expect(text).toContain('"改行\nあり",3\r\n');
    expect(parseCsv(text.slice(1))).toEqual([["氏名", "メモ"], ["山田, 太郎", 'He said "hi"'], ["改行\nあり", "3"]]);
  });
});

describe("CSV exports", () => {
  it("exports the drill-down list: BOM, Japanese intact, one row per listed assignment, names guarded", async () => {
    const db = createDemoDb();
    db.update(employees).set({ name: '=HYPERLINK("http://evil.example/","開く")', nameKana: "@カナ" }).where(eq(employees.employeeNo, "S0002")).run();
    const cookie = await cookieFor(db, "H0001");
    const response = (await listCsv({ request: get("/hr/employees/export.csv?fy=2026&status=overdue", cookie), params: {}, context })) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="[^"]+\.csv"; filename\*=UTF-8''/);
    const bytes = await bytesOf(response);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(["年度", "職員番号", "氏名", "氏名カナ", "所属", "区分", "モジュール", "状況", "期限", "超過日数", "修了日時", "免除理由"]);
    const body = rows.slice(1);
    expect(body.length).toBeGreaterThan(10);
    expect(body.every((row) => row[7] === "期限超過")).toBe(true);
    const overdueCount = db.$client
      .prepare(`SELECT count(*) FROM assignments a JOIN employees e ON e.id = a.employee_id
        WHERE a.fiscal_year = 2026 AND e.active = 1 AND a.exempted_at IS NULL AND a.completed_at IS NULL AND a.due_date < '2026-11-25'`)
      .pluck()
      .get();
    expect(body).toHaveLength(overdueCount as number);
    const s0001 = body.find((row) => row[1] === "S0001")!;
    expect(s0001[2]).toBe("七尾 太郎");
    expect(s0001[4]).toBe("文書法制係");
    const s0002 = body.find((row) => row[1] === "S0002")!;
    expect(s0002[2]).toBe(`'=HYPERLINK("http://evil.example/","開く")`);
    expect(s0002[3]).toBe("'@カナ");
    // Days overdue stay numbers.
    expect(Number(s0001[9])).toBeGreaterThan(0);
  });

  it("exports the dashboard matrix, the transcript and the annual report", async () => {
    const db = createDemoDb();
    const cookie = await cookieFor(db, "H0001");
    const matrix = await csvOf(await dashboardCsv({ request: get("/hr/export.csv?fy=2026&table=matrix", cookie), params: {}, context }));
    expect(matrix[0][1]).toBe("所属");
    expect(matrix.some((row) => row[1] === "内部部局" && row[2] === "職員")).toBe(true);
    const total = matrix.find((row) => row[1] === "全体（合計）" && row[2] === "計")!;
    const assigned = db.$client
      .prepare(`SELECT count(*) FROM assignments a JOIN employees e ON e.id = a.employee_id WHERE a.fiscal_year = 2026 AND e.active = 1 AND a.exempted_at IS NULL`)
      .pluck()
      .get();
    expect(Number(total[3])).toBe(assigned);

    const transcript = await csvOf(await transcriptCsv({ request: get("/hr/employees/S0001/export.csv", cookie), params: { employeeNo: "S0001" }, context }));
    expect(transcript[1].slice(0, 2)).toEqual(["S0001", "七尾 太郎"]);
    expect(transcript.slice(1).some((row) => row[2] === "2025" && row[4] === "完了" && /^[2-9A-HJKMNP-Z]{10}$/.test(row[10]))).toBe(true);

    const questions = await csvOf(await reportCsv({ request: get("/hr/report/export.csv?fy=2026&table=questions", cookie), params: {}, context }));
    expect(questions[0]).toEqual(["年度", "モジュールID", "モジュール", "問題ID", "問題", "回答数", "正答数", "正答率(%)"]);
    expect(questions.some((row) => row[1] === "threats" && Number(row[5]) > 0)).toBe(true);
  });
});
