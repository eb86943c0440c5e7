// The annual report's letterhead: to whom it goes (宛先) and who sends it (発信者). HR or an
// administrator sets them; every change is audited with before and after.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { settings } from "~/db/schema";
import { recordAudit } from "../audit.server";

export const REPORT_HEADER_KEY = "report.annual.header";

export type ReportHeader = { addressee: string; issuer: string };

export const DEFAULT_REPORT_HEADER: ReportHeader = {
  addressee: "最高情報セキュリティ責任者（CISO） 様",
  issuer: "総務部 人事課長",
};

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}を入力してください。` })
    .transform((value) => value.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1, `${label}を入力してください。`).max(max, `${label}は${max}文字以内で入力してください。`));

export const ReportHeaderSchema = z.object({ addressee: text("宛先", 80), issuer: text("発信者", 80) });

export function getReportHeader(db: Executor): ReportHeader {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, REPORT_HEADER_KEY)).get();
  if (!row) return DEFAULT_REPORT_HEADER;
  try {
    const parsed = ReportHeaderSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : DEFAULT_REPORT_HEADER;
  } catch {
    return DEFAULT_REPORT_HEADER;
  }
}

export function saveReportHeader(db: Db, next: ReportHeader, actor: { accountId: number; ip: string | null }, now = Date.now()): void {
  db.transaction((tx) => {
    const before = getReportHeader(tx);
    const value = JSON.stringify(next);
    tx.insert(settings).values({ key: REPORT_HEADER_KEY, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }).run();
    recordAudit(tx, { actorAccountId: actor.accountId, action: "settings.report_header.updated", targetType: "settings", targetId: REPORT_HEADER_KEY, details: { before, after: next }, ip: actor.ip }, now);
  });
}
