// How Japanese personnel and payroll systems write dates, numbers and kana, brought to the
// roster's canonical form. Pure and client-safe.
//
// 和暦 parsing is written here: no maintained npm package parses 和暦 (the maintained ones, such as
// `wareki` and `@smarthr/wareki`, only format, and `koyomi` was last released in 2015 and knows
// nothing of 令和), and `Intl` formats but cannot parse. The era table below is checked against
// `Intl`'s Japanese calendar in the unit tests.
import { isIsoDate } from "../time";

export type Era = { name: string; letter: string; start: string };

/** Eras from the first day of each (Gregorian); an era ends the day before the next starts. */
export const ERAS: readonly Era[] = [
  { name: "明治", letter: "M", start: "1868-10-23" },
  { name: "大正", letter: "T", start: "1912-07-30" },
  { name: "昭和", letter: "S", start: "1926-12-25" },
  { name: "平成", letter: "H", start: "1989-01-08" },
  { name: "令和", letter: "R", start: "2019-05-01" },
];

/** NFKC: full-width digits, letters and symbols become half-width, half-width kana full-width, ㋿ 令和. */
export function toCanonicalWidth(value: string): string {
  return value.normalize("NFKC");
}

export type ParsedDate = { ok: true; iso: string; kind: "iso" | "date" | "wareki" } | { ok: false; message: string };

const pad = (value: number) => String(value).padStart(2, "0");

const WESTERN = /^(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const WAREKI = /^(明治|大正|昭和|平成|令和|[MTSHRmtshr])\s*(元|\d{1,2})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)$/;

function formatJapaneseDate(iso: string): string {
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

/**
 * A date as rosters write it: 2026-04-01, 2026-4-1, 2026/4/1, 2026.4.1, 2026年4月1日, 20260401,
 * 令和8年4月1日, R8.4.1, R08.04.01, H31.4.30, 平成元年1月8日, ㋿8.4.1, in full-width too. An era date
 * outside its era (平成31年5月1日, 令和1年4月30日) is refused rather than guessed.
 */
export function parseRosterDate(raw: string): ParsedDate {
  const value = toCanonicalWidth(raw).trim();
  if (isIsoDate(value)) return { ok: true, iso: value, kind: "iso" };
  const western = WESTERN.exec(value) ?? null;
  const compact = western ? null : COMPACT.exec(value);
  if (western || compact) {
    const [year, month, day] = western
      ? [Number(western[1]), Number(western[2] ?? western[4]), Number(western[3] ?? western[5])]
      : [Number(compact![1]), Number(compact![2]), Number(compact![3])];
    const iso = `${year}-${pad(month)}-${pad(day)}`;
    if (!isIsoDate(iso)) return { ok: false, message: `「${raw}」は存在しない日付です。` };
    return { ok: true, iso, kind: "date" };
  }
  const wareki = WAREKI.exec(value);
  if (!wareki) return { ok: false, message: `「${raw}」は日付として読めません（例：2026-04-01、2026/4/1、令和8年4月1日、R8.4.1）。` };
  const eraIndex = ERAS.findIndex((era) => era.name === wareki[1] || era.letter === wareki[1].toUpperCase());
  const era = ERAS[eraIndex];
  const eraYear = wareki[2] === "元" ? 1 : Number(wareki[2]);
  const month = Number(wareki[3] ?? wareki[5]);
  const day = Number(wareki[4] ?? wareki[6]);
  const label = `${era.name}${eraYear === 1 ? "元" : eraYear}年${month}月${day}日`;
  if (eraYear < 1) return { ok: false, message: `「${raw}」：${era.name}0年はありません。` };
  const iso = `${Number(era.start.slice(0, 4)) + eraYear - 1}-${pad(month)}-${pad(day)}`;
  if (!isIsoDate(iso)) return { ok: false, message: `「${raw}」（${label}）は存在しない日付です。` };
  const next = ERAS[eraIndex + 1];
  if (iso < era.start || (next && iso >= next.start)) {
    const end = next ? `${formatJapaneseDate(previousDay(next.start))}` : "";
    return { ok: false, message: `「${raw}」（${label}）は${era.name}の期間外です（${era.name}は${formatJapaneseDate(era.start)}〜${end}）。` };
  }
  return { ok: true, iso, kind: "wareki" };
}

function previousDay(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
