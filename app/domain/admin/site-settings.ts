// Settings an administrator edits at /admin/settings: the city's name in the header and who
// issues the 修了証. Pure: the schema and defaults (stored as JSON in `settings`).
import { z } from "zod";

export const SITE_SETTINGS_KEY = "site";

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}を入力してください。` })
    .trim()
    .max(max, `${label}は${max}文字以内で入力してください。`)
    .refine((value) => !/[\u0000-\u001f\u007f<>]/.test(value), `${label}に使えない文字が含まれています。`);

export const SiteSettingsSchema = z.object({
  /** Shown beside まもり in the header; empty shows まもり alone. */
  cityName: text("自治体名", 40),
  /** e.g. 七尾市長, 最高情報セキュリティ責任者（CISO）; empty leaves the issuer line off. */
  issuerTitle: text("発行者の役職", 60),
  issuerName: text("発行者の氏名", 40),
});

export type SiteSettings = z.infer<typeof SiteSettingsSchema>;

export const DEFAULT_SITE_SETTINGS: SiteSettings = { cityName: "", issuerTitle: "", issuerName: "" };

/** A stored value that no longer parses (hand-edited) falls back to the defaults, field by field. */
export function parseStoredSiteSettings(value: string | undefined): SiteSettings {
  if (!value) return DEFAULT_SITE_SETTINGS;
  try {
    const parsed = SiteSettingsSchema.partial().safeParse(JSON.parse(value));
    return parsed.success ? { ...DEFAULT_SITE_SETTINGS, ...parsed.data } : DEFAULT_SITE_SETTINGS;
  } catch {
    return DEFAULT_SITE_SETTINGS;
  }
}
