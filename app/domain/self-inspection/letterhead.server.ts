// The committee report's letterhead: to whom it goes and who sends it (HR or an administrator sets
// them at /report-settings beside the annual report's; audited with before and after).
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { getSiteSettings } from "../admin/site-settings.server";
import { letterheadText } from "../reports/report-settings.server";
import { readJsonSetting, writeJsonSetting } from "../settings.server";

export const COMMITTEE_HEADER_KEY = "report.committee.header";

export type CommitteeHeader = { addressee: string; sender: string };
export type Letterhead = CommitteeHeader & { cityName: string };

export const DEFAULT_COMMITTEE_HEADER: CommitteeHeader = { addressee: "情報セキュリティ委員会", sender: "最高情報セキュリティ責任者（CISO）" };

export const CommitteeHeaderSchema = z.object({ addressee: letterheadText("宛先", 80), sender: letterheadText("発信者", 80) });

export function getCommitteeHeader(db: Executor): CommitteeHeader {
  return readJsonSetting(db, COMMITTEE_HEADER_KEY, CommitteeHeaderSchema, DEFAULT_COMMITTEE_HEADER);
}

export function saveCommitteeHeader(db: Db, next: CommitteeHeader, actor: { accountId: number; ip: string | null }, now = Date.now()): void {
  writeJsonSetting(db, { key: COMMITTEE_HEADER_KEY, value: next, before: getCommitteeHeader, action: "settings.committee_header.updated" }, actor, now);
}

/** Who the yearly committee report goes to and comes from, and the city's name. */
export function getLetterhead(db: Executor): Letterhead {
  return { ...getCommitteeHeader(db), cityName: getSiteSettings(db).cityName };
}
