// The annual report's letterhead: to whom it goes (宛先) and who sends it (発信者). HR or an
// administrator sets them; every change is audited with before and after.
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { readJsonSetting, writeJsonSetting } from "../settings.server";

export const REPORT_HEADER_KEY = "report.annual.header";

export type ReportHeader = { addressee: string; issuer: string };

export const DEFAULT_REPORT_HEADER: ReportHeader = {
  addressee: "最高情報セキュリティ責任者（CISO） 様",
  issuer: "総務部 人事課長",
};

/** A one-line letterhead text: spaces folded, required, at most `max` characters. */
export const letterheadText = (label: string, max: number) =>
  z
    .string({ error: `${label}を入力してください。` })
    .transform((value) => value.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1, `${label}を入力してください。`).max(max, `${label}は${max}文字以内で入力してください。`));

export const ReportHeaderSchema = z.object({ addressee: letterheadText("宛先", 80), issuer: letterheadText("発信者", 80) });

export function getReportHeader(db: Executor): ReportHeader {
  return readJsonSetting(db, REPORT_HEADER_KEY, ReportHeaderSchema, DEFAULT_REPORT_HEADER);
}

export function saveReportHeader(db: Db, next: ReportHeader, actor: { accountId: number; ip: string | null }, now = Date.now()): void {
  writeJsonSetting(db, { key: REPORT_HEADER_KEY, value: next, before: getReportHeader, action: "settings.report_header.updated" }, actor, now);
}
