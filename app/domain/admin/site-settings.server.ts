import { eq } from "drizzle-orm";
import type { Db, Executor } from "~/db/client.server";
import { settings } from "~/db/schema";
import { writeJsonSetting } from "../settings.server";
import { parseStoredSiteSettings, SITE_SETTINGS_KEY, SiteSettingsSchema, type SiteSettings } from "./site-settings";

export function getSiteSettings(db: Executor): SiteSettings {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, SITE_SETTINGS_KEY)).get();
  return parseStoredSiteSettings(row?.value);
}

export type SaveSiteSettingsResult = { ok: true } | { ok: false; errors: Partial<Record<keyof SiteSettings, string>> };

/** Validate and save; the audit entry (same transaction) keeps the values before and after. */
export function saveSiteSettings(db: Db, input: Record<string, unknown>, actor: { accountId: number | null; ip: string | null }, now = Date.now()): SaveSiteSettingsResult {
  const parsed = SiteSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Partial<Record<keyof SiteSettings, string>> = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as keyof SiteSettings] ??= issue.message;
    return { ok: false, errors };
  }
  writeJsonSetting(db, { key: SITE_SETTINGS_KEY, value: parsed.data, before: getSiteSettings, action: "settings.site.update" }, actor, now);
  return { ok: true };
}
