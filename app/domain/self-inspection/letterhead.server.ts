import { inArray } from "drizzle-orm";
import type { Executor } from "~/db/client.server";
import { settings } from "~/db/schema";

export type Letterhead = { addressee: string; sender: string; cityName: string };

/** Setting keys shared by the printed reports. */
export const LETTERHEAD_KEYS = { addressee: "report.addressee", sender: "report.sender", cityName: "city.name" } as const;

const DEFAULTS: Letterhead = { addressee: "情報セキュリティ委員会", sender: "最高情報セキュリティ責任者（CISO）", cityName: "" };

/** Who the yearly reports go to and come from (settings; sensible defaults). */
export function getLetterhead(db: Executor): Letterhead {
  const rows = db.select({ key: settings.key, value: settings.value }).from(settings).where(inArray(settings.key, Object.values(LETTERHEAD_KEYS))).all();
  const value = (key: string, fallback: string) => {
    const row = rows.find((candidate) => candidate.key === key);
    if (!row) return fallback;
    try {
      const parsed: unknown = JSON.parse(row.value);
      return typeof parsed === "string" && parsed.trim() !== "" ? parsed : fallback;
    } catch {
      return row.value.trim() !== "" ? row.value : fallback;
    }
  };
  return {
    addressee: value(LETTERHEAD_KEYS.addressee, DEFAULTS.addressee),
    sender: value(LETTERHEAD_KEYS.sender, DEFAULTS.sender),
    cityName: value(LETTERHEAD_KEYS.cityName, DEFAULTS.cityName),
  };
}
