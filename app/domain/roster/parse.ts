import { parse } from "csv-parse/sync";
import { z } from "zod";
import { ROLE_TIERS } from "../content/schema";
import { isIsoDate } from "../time";

/** The roster CSV header, in the documented order (any order is accepted). */
export const ROSTER_COLUMNS = ["職員番号", "氏名", "氏名カナ", "メールアドレス", "職員区分", "所属コード", "役職区分", "採用日", "退職日"] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

export type RosterRow = {
  /** Line in the file (the header is line 1). */
  line: number;
  employeeNo: string;
  name: string;
  nameKana: string;
  email: string | null;
  categoryName: string;
  departmentCode: string;
  roleTier: string;
  hireDate: string | null;
  endDate: string | null;
};

export type RosterProblem = { line: number; column: RosterColumn | null; message: string };

export type Decoded = { text: string; encoding: "UTF-8" | "UTF-8 (BOM)" | "Shift_JIS" };

/** Detect UTF-8 (with or without BOM) or Shift_JIS. Anything that is not valid UTF-8 is read as Shift_JIS. */
export function decodeRosterFile(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "UTF-8 (BOM)" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "UTF-8" };
  } catch {
    return { text: new TextDecoder("shift_jis").decode(bytes), encoding: "Shift_JIS" };
  }
}

const EMPLOYEE_NO = /^[A-Za-z0-9_-]{1,20}$/;
const KATAKANA = /^[\u30A0-\u30FF\u3000 ]+$/;
const Email = z.email();

export type RosterLookups = { categories: Set<string>; departmentCodes: Set<string> };

/**
 * Parse and check a roster file. Every problem is reported with its line, column and a reason in
 * Japanese; rows with problems are left out of `rows` (and the caller applies nothing).
 */
export function parseRoster(text: string, lookups: RosterLookups): { rows: RosterRow[]; problems: RosterProblem[] } {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return { rows: [], problems: [{ line, column: null, message: `CSV として読めません（引用符の閉じ忘れなど）: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { rows: [], problems: [{ line: 1, column: null, message: "ファイルが空です。" }] };
  const header = records[0];
  const index = new Map<string, number>(header.map((name, position) => [name, position]));
  const missing = ROSTER_COLUMNS.filter((column) => !index.has(column));
  const unknown = header.filter((name) => !(ROSTER_COLUMNS as readonly string[]).includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`必要な列がありません: ${missing.join("、")}`);
    if (unknown.length > 0) parts.push(`不明な列があります: ${unknown.join("、")}`);
    return { rows: [], problems: [{ line: 1, column: null, message: `見出し行が正しくありません。${parts.join("。")}。見出しは「${ROSTER_COLUMNS.join(",")}」です。` }] };
  }
  if (records.length === 1) return { rows: [], problems: [{ line: 2, column: null, message: "データ行がありません。" }] };

  const rows: RosterRow[] = [];
  const problems: RosterProblem[] = [];
  const seen = new Map<string, number>();
  for (let position = 1; position < records.length; position += 1) {
    const record = records[position];
    const line = position + 1;
    const cell = (column: RosterColumn) => (record[index.get(column)!] ?? "").trim();
    const rowProblems: RosterProblem[] = [];
    const problem = (column: RosterColumn, message: string) => rowProblems.push({ line, column, message });
    if (record.length !== header.length) {
      problems.push({ line, column: null, message: `列の数が見出しと違います（${record.length}列、見出しは${header.length}列）。` });
      continue;
    }
    const employeeNo = cell("職員番号");
    if (!employeeNo) problem("職員番号", "職員番号が空です。");
    else if (!EMPLOYEE_NO.test(employeeNo)) problem("職員番号", `職員番号「${employeeNo}」は半角英数字・ハイフン・下線の20文字以内にしてください。`);
    else if (seen.has(employeeNo)) problem("職員番号", `職員番号「${employeeNo}」が${seen.get(employeeNo)}行目と重複しています。`);
    else seen.set(employeeNo, line);

    const name = cell("氏名");
    if (!name) problem("氏名", "氏名が空です。");
    else if (name.length > 100) problem("氏名", "氏名は100文字以内にしてください。");

    const nameKana = cell("氏名カナ");
    if (nameKana && !KATAKANA.test(nameKana)) problem("氏名カナ", `氏名カナ「${nameKana}」は全角カタカナで入力してください。`);

    const email = cell("メールアドレス");
    if (email && !Email.safeParse(email).success) problem("メールアドレス", `メールアドレス「${email}」の形式が正しくありません。`);

    const categoryName = cell("職員区分");
    if (!categoryName) problem("職員区分", "職員区分が空です。");
    else if (!lookups.categories.has(categoryName)) problem("職員区分", `職員区分「${categoryName}」は登録されていません（${[...lookups.categories].join("・")}のいずれか）。`);

    const departmentCode = cell("所属コード");
    if (!departmentCode) problem("所属コード", "所属コードが空です。");
    else if (!lookups.departmentCodes.has(departmentCode)) problem("所属コード", `所属コード「${departmentCode}」は登録されていません。`);

    const roleTier = cell("役職区分") || "一般";
    if (!(ROLE_TIERS as readonly string[]).includes(roleTier)) problem("役職区分", `役職区分「${roleTier}」は ${ROLE_TIERS.join("・")} のいずれかにしてください。`);

    const hireDate = cell("採用日") || null;
    if (hireDate && !isIsoDate(hireDate)) problem("採用日", `採用日「${hireDate}」は YYYY-MM-DD 形式の正しい日付にしてください。`);
    const endDate = cell("退職日") || null;
    if (endDate && !isIsoDate(endDate)) problem("退職日", `退職日「${endDate}」は YYYY-MM-DD 形式の正しい日付にしてください。`);
    else if (endDate && hireDate && isIsoDate(hireDate) && endDate < hireDate) problem("退職日", "退職日が採用日より前です。");

    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    rows.push({ line, employeeNo, name, nameKana, email: email || null, categoryName, departmentCode, roleTier, hireDate, endDate });
  }
  return { rows, problems };
}
