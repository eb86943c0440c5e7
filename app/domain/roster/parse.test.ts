import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countNormalisations, describeNormalisation } from "./columns";
import { decodeRosterFile, parseRoster, ROSTER_COLUMNS } from "./parse.server";

const lookups = { categories: new Set(["職員", "非常勤職員", "臨時職員", "委託事業者"]), departmentCodes: new Set(["1110", "1120"]) };
const header = ROSTER_COLUMNS.join(",");

describe("decodeRosterFile", () => {
  it("reads UTF-8 with and without BOM, and Shift_JIS", () => {
    const text = `${header}\nE1,七尾 太郎,ナナオ タロウ,,職員,1110,一般,2020-04-01,\n`;
    expect(decodeRosterFile(new TextEncoder().encode(text))).toEqual({ text, encoding: "UTF-8" });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(decodeRosterFile(bom)).toEqual({ text, encoding: "UTF-8 (BOM)" });
    // 七尾 in Shift_JIS: 8EB5 94F6
    const sjis = new Uint8Array([0x8e, 0xb5, 0x94, 0xf6]);
    expect(decodeRosterFile(sjis)).toEqual({ text: "七尾", encoding: "Shift_JIS" });
  });
});

describe("parseRoster", () => {
  it("parses good rows, defaulting the role tier, in any column order", () => {
    const reordered = `氏名,職員番号,氏名カナ,メールアドレス,職員区分,所属コード,役職区分,採用日,退職日\n"能登, 花子",E2,ノト ハナコ,hanako@example.lg.jp,非常勤職員,1120,,2024-04-01,`;
    const { rows, problems } = parseRoster(reordered, lookups);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, employeeNo: "E2", name: "能登, 花子", nameKana: "ノト ハナコ", email: "hanako@example.lg.jp", categoryName: "非常勤職員", departmentCode: "1120", roleTier: "一般", hireDate: "2024-04-01", endDate: null },
    ]);
  });

  it("reports every bad row with line, column and a Japanese reason", () => {
    const text = [
      header,
      "E1,七尾 太郎,ナナオ タロウ,,職員,1110,一般,2020-04-01,",
      "E1,重複 次郎,,,職員,1110,,,",
      "E3,,ひらがな,bad-mail,正社員,9999,部長,2020-02-30,2019-01-01",
    ].join("\n");
    const { rows, problems } = parseRoster(text, lookups);
    expect(rows.map((row) => row.employeeNo)).toEqual(["E1"]);
    expect(problems).toEqual([
      { line: 3, column: "職員番号", message: "職員番号「E1」が2行目と重複しています。" },
      { line: 4, column: "氏名", message: "氏名が空です。" },
      { line: 4, column: "氏名カナ", message: "氏名カナ「ひらがな」は全角カタカナで入力してください。" },
      { line: 4, column: "メールアドレス", message: "メールアドレス「bad-mail」の形式が正しくありません。" },
      { line: 4, column: "職員区分", message: "職員区分「正社員」は登録されていません（職員・非常勤職員・臨時職員・委託事業者のいずれか、または職員区分の画面で登録した別名）。" },
      { line: 4, column: "所属コード", message: "所属コード「9999」は登録されていません。" },
      { line: 4, column: "役職区分", message: "役職区分「部長」は 一般・管理職・システム担当 のいずれかにしてください。" },
      { line: 4, column: "採用日", message: "採用日「2020-02-30」は存在しない日付です。" },
    ]);
  });

  it("rejects a wrong header, an empty file and a short row", () => {
    expect(parseRoster("番号,名前\nE1,x", lookups).problems[0].message).toMatch(/見出し行が正しくありません。必要な列がありません: 職員番号、氏名/);
    expect(parseRoster("", lookups).problems[0].message).toBe("ファイルが空です。");
    expect(parseRoster(`${header}\nE1,七尾`, lookups).problems[0]).toEqual({ line: 2, column: null, message: "列の数が見出しと違います（2列、見出しは9列）。" });
    expect(parseRoster(`${header}\n"E1,broken`, lookups).problems[0].message).toMatch(/CSV として読めません/);
  });
});

describe("normalisation (as Japanese systems export rosters)", () => {
  const withAliases = {
    categories: new Set(["職員", "会計年度任用職員", "非常勤職員"]),
    departmentCodes: new Set(["1210"]),
    categoryAliases: new Map([["会計年度", "会計年度任用職員"], ["非常勤", "非常勤職員"]]),
  };

  it("reads a Shift_JIS file with 半角カナ, 和暦, full-width numbers, padded names and aliases", () => {
    const decoded = decodeRosterFile(readFileSync("test/fixtures/roster-sjis-wareki.csv"));
    expect(decoded.encoding).toBe("Shift_JIS");
    const { rows, problems, normalisations } = parseRoster(decoded.text, withAliases);
    expect(problems).toEqual([]);
    expect(rows.map(({ employeeNo, name, nameKana, categoryName, departmentCode, hireDate, endDate }) => ({ employeeNo, name, nameKana, categoryName, departmentCode, hireDate, endDate }))).toEqual([
      { employeeNo: "K0001", name: "珠洲　美咲", nameKana: "スズ ミサキ", categoryName: "会計年度任用職員", departmentCode: "1210", hireDate: "2026-04-01", endDate: null },
      { employeeNo: "K0002", name: "志賀 大地", nameKana: "シガ ダイチ", categoryName: "非常勤職員", departmentCode: "1210", hireDate: "2026-04-01", endDate: "2027-03-31" },
      { employeeNo: "K0003", name: "中能登 綾", nameKana: "ナカノト アヤ", categoryName: "職員", departmentCode: "1210", hireDate: "2019-04-30", endDate: null },
      { employeeNo: "K0004", name: "宝達 恵", nameKana: "ホウダツ メグミ", categoryName: "職員", departmentCode: "1210", hireDate: "2026-04-01", endDate: null },
    ]);
    expect(normalisations).toEqual([
      { line: 2, column: "職員番号", from: "Ｋ０００１", to: "K0001", kinds: ["width"] },
      { line: 2, column: "氏名", from: "　珠洲　美咲　", to: "珠洲　美咲", kinds: ["trim"] },
      { line: 2, column: "氏名カナ", from: "ｽｽﾞ ﾐｻｷ", to: "スズ ミサキ", kinds: ["kana"] },
      { line: 2, column: "職員区分", from: "会計年度", to: "会計年度任用職員", kinds: ["alias"] },
      { line: 2, column: "所属コード", from: "１２１０", to: "1210", kinds: ["width"] },
      { line: 2, column: "採用日", from: "令和8年4月1日", to: "2026-04-01", kinds: ["wareki"] },
      { line: 3, column: "氏名カナ", from: "ｼｶﾞ ﾀﾞｲﾁ", to: "シガ ダイチ", kinds: ["kana"] },
      { line: 3, column: "職員区分", from: "非常勤", to: "非常勤職員", kinds: ["alias"] },
      { line: 3, column: "採用日", from: "R8.4.1", to: "2026-04-01", kinds: ["wareki"] },
      { line: 3, column: "退職日", from: "R09.03.31", to: "2027-03-31", kinds: ["wareki"] },
      { line: 4, column: "氏名カナ", from: "ﾅｶﾉﾄ ｱﾔ", to: "ナカノト アヤ", kinds: ["kana"] },
      { line: 4, column: "採用日", from: "H31.4.30", to: "2019-04-30", kinds: ["wareki"] },
      { line: 5, column: "採用日", from: "2026/4/1", to: "2026-04-01", kinds: ["date"] },
    ]);
    expect(countNormalisations(normalisations)).toEqual({ trim: 1, width: 2, kana: 3, date: 1, wareki: 4, alias: 2 });
    expect(describeNormalisation(normalisations[12])).toBe("2026/4/1 → 2026-04-01");
    expect(describeNormalisation(normalisations[1])).toBe("「□珠洲□美咲□」 → 珠洲　美咲");
  });

  it("trims spaces, full-width ones too, and reports a cell changed in several ways once", () => {
    const text = `${header}\n E7 ,七尾 太郎,ナナオ タロウ,ｔａｒｏ＠ｅｘａｍｐｌｅ．ｌｇ．ｊｐ,　職員　,　１２１０,,　２０２６／４／１　,`;
    const { rows, problems, normalisations } = parseRoster(text, withAliases);
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ employeeNo: "E7", email: "taro@example.lg.jp", categoryName: "職員", departmentCode: "1210", hireDate: "2026-04-01" });
    expect(normalisations.map((entry) => [entry.column, entry.kinds])).toEqual([
      ["職員番号", ["trim"]], ["メールアドレス", ["width"]], ["職員区分", ["trim"]], ["所属コード", ["trim", "width"]], ["採用日", ["trim", "width", "date"]],
    ]);
  });

  it("refuses an unknown category or alias, and a 和暦 outside its era, naming the cell", () => {
    const text = `${header}\nE8,x,,,会計,1210,,H31.5.1,`;
    const { rows, problems } = parseRoster(text, withAliases);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { line: 2, column: "職員区分", message: "職員区分「会計」は登録されていません（職員・会計年度任用職員・非常勤職員のいずれか、または職員区分の画面で登録した別名）。" },
      { line: 2, column: "採用日", message: "採用日「H31.5.1」（平成31年5月1日）は平成の期間外です（平成は1989年1月8日〜2019年4月30日）。" },
    ]);
  });

  it("a category's own name wins over an alias of the same spelling", () => {
    const { rows } = parseRoster(`${header}\nE9,x,,,職員,1210,,,`, { ...withAliases, categoryAliases: new Map([["職員", "非常勤職員"]]) });
    expect(rows[0].categoryName).toBe("職員");
  });
});
