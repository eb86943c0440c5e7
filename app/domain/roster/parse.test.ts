import { describe, expect, it } from "vitest";
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
      { line: 4, column: "職員区分", message: "職員区分「正社員」は登録されていません（職員・非常勤職員・臨時職員・委託事業者のいずれか）。" },
      { line: 4, column: "所属コード", message: "所属コード「9999」は登録されていません。" },
      { line: 4, column: "役職区分", message: "役職区分「部長」は 一般・管理職・システム担当 のいずれかにしてください。" },
      { line: 4, column: "採用日", message: "採用日「2020-02-30」は YYYY-MM-DD 形式の正しい日付にしてください。" },
    ]);
  });

  it("rejects a wrong header, an empty file and a short row", () => {
    expect(parseRoster("番号,名前\nE1,x", lookups).problems[0].message).toMatch(/見出し行が正しくありません。必要な列がありません: 職員番号、氏名/);
    expect(parseRoster("", lookups).problems[0].message).toBe("ファイルが空です。");
    expect(parseRoster(`${header}\nE1,七尾`, lookups).problems[0]).toEqual({ line: 2, column: null, message: "列の数が見出しと違います（2列、見出しは9列）。" });
    expect(parseRoster(`${header}\n"E1,broken`, lookups).problems[0].message).toMatch(/CSV として読めません/);
  });
});
