import { parse } from "csv-parse/sync";
import { z } from "zod";
import { ROLE_TIERS } from "../content/schema";
import { ROSTER_COLUMNS, type Normalisation, type NormalisationKind, type RosterColumn, type RosterProblem } from "./columns";
import { parseRosterDate, toCanonicalWidth } from "./normalise";

export { ROSTER_COLUMNS, type RosterColumn, type RosterProblem } from "./columns";

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

export type RosterLookups = {
  categories: Set<string>;
  departmentCodes: Set<string>;
  /** HR's aliases (非常勤 → 非常勤職員), set at /hr/categories. */
  categoryAliases?: Map<string, string>;
};

export type ParsedRoster = { rows: RosterRow[]; problems: RosterProblem[]; normalisations: Normalisation[] };

function readRecords(text: string): string[][] {
  try {
    // Untrimmed first, so that the dry run can say which cells had spaces around them.
    return parse(text, { relax_column_count: true, skip_empty_lines: true, trim: false, bom: true });
  } catch {
    // Spaces around a quoted field (`a, "b"`) only parse with trim.
    return parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
  }
}

/**
 * Parse and check a roster file. Every problem is reported with its line, column and a reason in
 * Japanese; rows with problems are left out of `rows` (and the caller applies nothing). Cells are
 * brought to the canonical form first (spaces at the ends, full-width 英数字, 半角カナ, dates as
 * systems export them, 和暦, category aliases) and every rewrite is listed in `normalisations`.
 */
export function parseRoster(text: string, lookups: RosterLookups): ParsedRoster {
  let records: string[][];
  try {
    records = readRecords(text);
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return { rows: [], normalisations: [], problems: [{ line, column: null, message: `CSV として読めません（引用符の閉じ忘れなど）: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { rows: [], normalisations: [], problems: [{ line: 1, column: null, message: "ファイルが空です。" }] };
  const header = records[0].map((name) => toCanonicalWidth(name).trim());
  const index = new Map<string, number>(header.map((name, position) => [name, position]));
  const missing = ROSTER_COLUMNS.filter((column) => !index.has(column));
  const unknown = header.filter((name) => !(ROSTER_COLUMNS as readonly string[]).includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`必要な列がありません: ${missing.join("、")}`);
    if (unknown.length > 0) parts.push(`不明な列があります: ${unknown.join("、")}`);
    return { rows: [], normalisations: [], problems: [{ line: 1, column: null, message: `見出し行が正しくありません。${parts.join("。")}。見出しは「${ROSTER_COLUMNS.join(",")}」です。` }] };
  }
  if (records.length === 1) return { rows: [], normalisations: [], problems: [{ line: 2, column: null, message: "データ行がありません。" }] };

  const aliases = lookups.categoryAliases ?? new Map<string, string>();
  const rows: RosterRow[] = [];
  const problems: RosterProblem[] = [];
  const normalisations: Normalisation[] = [];
  const seen = new Map<string, number>();
  for (let position = 1; position < records.length; position += 1) {
    const record = records[position];
    const line = position + 1;
    const rowProblems: RosterProblem[] = [];
    const rowNormalisations: Normalisation[] = [];
    const problem = (column: RosterColumn, message: string) => rowProblems.push({ line, column, message });
    const note = (column: RosterColumn, from: string, to: string, kinds: NormalisationKind[]) => {
      if (from !== to && kinds.length > 0) rowNormalisations.push({ line, column, from, to, kinds });
    };
    const raw = (column: RosterColumn) => record[index.get(column)!] ?? "";
    /** Trimmed (full-width spaces too); with `width`, NFKC as well. Notes what changed. */
    const cell = (column: RosterColumn, options: { width?: boolean } = {}) => {
      const original = raw(column);
      const trimmed = original.trim();
      const value = options.width ? toCanonicalWidth(trimmed).trim() : trimmed;
      const kinds: NormalisationKind[] = [];
      if (trimmed !== original) kinds.push("trim");
      if (value !== trimmed) kinds.push("width");
      note(column, original, value, kinds);
      return value;
    };
    const date = (column: "採用日" | "退職日"): string | null | undefined => {
      const original = raw(column);
      const trimmed = original.trim();
      if (!trimmed) return null;
      const parsed = parseRosterDate(trimmed);
      if (!parsed.ok) {
        problem(column, `${column}${parsed.message}`);
        return undefined;
      }
      const canonical = toCanonicalWidth(trimmed);
      const kinds: NormalisationKind[] = [];
      if (trimmed !== original) kinds.push("trim");
      if (canonical !== trimmed) kinds.push("width");
      if (parsed.kind === "wareki") kinds.push("wareki");
      else if (parsed.iso !== canonical) kinds.push("date");
      note(column, original, parsed.iso, kinds);
      return parsed.iso;
    };
    if (record.length !== header.length) {
      problems.push({ line, column: null, message: `列の数が見出しと違います（${record.length}列、見出しは${header.length}列）。` });
      continue;
    }
    const employeeNo = cell("職員番号", { width: true });
    if (!employeeNo) problem("職員番号", "職員番号が空です。");
    else if (!EMPLOYEE_NO.test(employeeNo)) problem("職員番号", `職員番号「${employeeNo}」は半角英数字・ハイフン・下線の20文字以内にしてください。`);
    else if (seen.has(employeeNo)) problem("職員番号", `職員番号「${employeeNo}」が${seen.get(employeeNo)}行目と重複しています。`);
    else seen.set(employeeNo, line);

    // Names are kept as written: NFKC would rewrite some kanji (compatibility ideographs) in names.
    const name = cell("氏名");
    if (!name) problem("氏名", "氏名が空です。");
    else if (name.length > 100) problem("氏名", "氏名は100文字以内にしてください。");

    const kanaOriginal = raw("氏名カナ");
    const kanaTrimmed = kanaOriginal.trim();
    // Only 半角カナ runs are rewritten (ｶﾞ → ガ): the rest stays as typed, so that a full-width space
    // between family and given name does not turn every existing person into a change.
    const nameKana = kanaTrimmed.replace(/[\uFF61-\uFF9F]+/g, (run) => run.normalize("NFKC"));
    const kanaKinds: NormalisationKind[] = [];
    if (kanaTrimmed !== kanaOriginal) kanaKinds.push("trim");
    if (nameKana !== kanaTrimmed) kanaKinds.push("kana");
    note("氏名カナ", kanaOriginal, nameKana, kanaKinds);
    if (nameKana && !KATAKANA.test(nameKana)) problem("氏名カナ", `氏名カナ「${kanaTrimmed}」は全角カタカナで入力してください。`);

    const email = cell("メールアドレス", { width: true });
    if (email && !Email.safeParse(email).success) problem("メールアドレス", `メールアドレス「${email}」の形式が正しくありません。`);

    const categoryCell = cell("職員区分");
    let categoryName = categoryCell;
    if (!categoryCell) problem("職員区分", "職員区分が空です。");
    else if (!lookups.categories.has(categoryCell)) {
      const target = aliases.get(categoryCell);
      if (target && lookups.categories.has(target)) {
        categoryName = target;
        const existing = rowNormalisations.find((entry) => entry.column === "職員区分");
        if (existing) {
          existing.to = target;
          existing.kinds.push("alias");
        } else note("職員区分", raw("職員区分"), target, ["alias"]);
      } else {
        problem("職員区分", `職員区分「${categoryCell}」は登録されていません（${[...lookups.categories].join("・")}のいずれか、または職員区分の画面で登録した別名）。`);
      }
    }

    const departmentCode = cell("所属コード", { width: true });
    if (!departmentCode) problem("所属コード", "所属コードが空です。");
    else if (!lookups.departmentCodes.has(departmentCode)) problem("所属コード", `所属コード「${departmentCode}」は登録されていません。`);

    const roleTier = cell("役職区分") || "一般";
    if (!(ROLE_TIERS as readonly string[]).includes(roleTier)) problem("役職区分", `役職区分「${roleTier}」は ${ROLE_TIERS.join("・")} のいずれかにしてください。`);

    const hireDate = date("採用日");
    const endDate = date("退職日");
    if (endDate && hireDate && endDate < hireDate) problem("退職日", "退職日が採用日より前です。");

    if (rowProblems.length > 0 || hireDate === undefined || endDate === undefined) {
      problems.push(...rowProblems);
      continue;
    }
    normalisations.push(...rowNormalisations);
    rows.push({ line, employeeNo, name, nameKana, email: email || null, categoryName, departmentCode, roleTier, hireDate, endDate });
  }
  return { rows, problems, normalisations };
}

/** The 職員番号 of every row, normalised as the import reads them (issuing codes after an apply). */
export function rosterEmployeeNumbers(text: string): Set<string> {
  const records = readRecords(text);
  const column = (records[0] ?? []).map((name) => toCanonicalWidth(name).trim()).indexOf("職員番号");
  if (column < 0) return new Set();
  return new Set(records.slice(1).map((record) => toCanonicalWidth((record[column] ?? "").trim()).trim()).filter(Boolean));
}
