// The normalised form of a person's 職員番号, 氏名 and 氏名カナ that HR searches (pure; shared by
// every write path of employees and by the search itself, so both sides normalise the same way):
//   NFKC          half-width カナ → full-width, full-width letters/digits → ASCII (ＡＢ１ → AB1)
//   lower case    職員番号 and romaji are case-insensitive
//   カタカナ → ひらがな so that やまだ, ヤマダ and ﾔﾏﾀﾞ all match
//   no spaces     half- and full-width spaces (and any other white space) are ignored
// The three fields are joined with a separator the query can never contain (spaces are removed
// from it), so a match never spans two fields.

const SEPARATOR = " ";

/** One piece of text as searched: NFKC, lower case, hiragana, without white space. */
export function normaliseForSearch(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0x60))
    .replace(/\s+/gu, "");
}

/** The stored key of an employee. */
export function employeeSearchKey(employee: { employeeNo: string; name: string; nameKana?: string | null }): string {
  return [employee.employeeNo, employee.name, employee.nameKana ?? ""].map(normaliseForSearch).join(SEPARATOR);
}
