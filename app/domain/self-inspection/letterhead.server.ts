// The committee report's letterhead: to whom it goes and who sends it (HR or an administrator sets
// them at /report-settings beside the annual report's; audited with before and after).
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { settings } from "~/db/schema";
import { getSiteSettings } from "../admin/site-settings.server";
import { recordAudit } from "../audit.server";

export const COMMITTEE_HEADER_KEY = "report.committee.header";

export type CommitteeHeader = { addressee: string; sender: string };
export type Letterhead = CommitteeHeader & { cityName: string };

export const DEFAULT_COMMITTEE_HEADER: CommitteeHeader = { addressee: "情報セキュリティ委員会", sender: "最高情報セキュリティ責任者（CISO）" };

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}を入力してください。` })
    .transform((value) => value.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1, `${label}を入力してください。`).max(max, `${label}は${max}文字以内で入力してください。`));

export const CommitteeHeaderSchema = z.object({ addressee: text("宛先", 80), sender: text("発信者", 80) });

export function getCommitteeHeader(db: Executor): CommitteeHeader {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, COMMITTEE_HEADER_KEY)).get();
  if (!row) return DEFAULT_COMMITTEE_HEADER;
  try {
    const parsed = CommitteeHeaderSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : DEFAULT_COMMITTEE_HEADER;
  } catch {
    return DEFAULT_COMMITTEE_HEADER;
  }
}

export function saveCommitteeHeader(db: Db, next: CommitteeHeader, actor: { accountId: number; ip: string | null }, now = Date.now()): void {
  db.transaction((tx) => {
    const before = getCommitteeHeader(tx);
    const value = JSON.stringify(next);
    tx.insert(settings).values({ key: COMMITTEE_HEADER_KEY, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }).run();
    recordAudit(tx, { actorAccountId: actor.accountId, action: "settings.committee_header.updated", targetType: "settings", targetId: COMMITTEE_HEADER_KEY, details: { before, after: next }, ip: actor.ip }, now);
  });
}

/** Who the yearly committee report goes to and comes from, and the city's name. */
export function getLetterhead(db: Executor): Letterhead {
  return { ...getCommitteeHeader(db), cityName: getSiteSettings(db).cityName };
}
