// Client-safe roster vocabulary: route components import these, so nothing here may reach for
// Node (csv-parse's sync API needs Buffer, which the browser does not have).

/** The roster CSV header, in the documented order (any order is accepted). */
export const ROSTER_COLUMNS = ["職員番号", "氏名", "氏名カナ", "メールアドレス", "職員区分", "所属コード", "役職区分", "採用日", "退職日"] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

export type RosterProblem = { line: number; column: RosterColumn | null; message: string };

/** What the import rewrote in a cell so that the file matches the documented format. */
export const NORMALISATION_KINDS = ["trim", "width", "kana", "date", "wareki", "alias"] as const;
export type NormalisationKind = (typeof NORMALISATION_KINDS)[number];

export const NORMALISATION_LABELS: Record<NormalisationKind, string> = {
  trim: "前後の空白を削除",
  width: "全角英数字を半角に",
  kana: "半角カナを全角に",
  date: "日付の書き方を統一",
  wareki: "和暦を西暦に",
  alias: "職員区分の別名を正式名に",
};

/** One rewritten cell: shown in the dry run as 「2026/4/1 → 2026-04-01」. */
export type Normalisation = { line: number; column: RosterColumn; from: string; to: string; kinds: NormalisationKind[] };

/** How many cells each kind of rewrite touched (a cell may count under several kinds). */
export function countNormalisations(entries: Normalisation[]): Record<NormalisationKind, number> {
  const counts = Object.fromEntries(NORMALISATION_KINDS.map((kind) => [kind, 0])) as Record<NormalisationKind, number>;
  for (const entry of entries) for (const kind of entry.kinds) counts[kind] += 1;
  return counts;
}

/** 「2026/4/1 → 2026-04-01」; spaces made visible, so that a trimmed cell reads as a change. */
export function describeNormalisation(entry: Pick<Normalisation, "from" | "to">): string {
  const show = (value: string) => (value !== value.trim() || value === "" ? `「${value.replace(/\u3000/g, "□").replace(/ /g, "␣")}」` : value);
  return `${show(entry.from)} → ${show(entry.to)}`;
}
