import { isInAudience } from "../assignments/audience";
import type { ModuleFrontMatter } from "../content/schema";
import { DEFAULT_CATEGORIES, ROLE_TIERS } from "../content/schema";
import type { DuePolicy } from "./rules";

export type DefaultRule = { name: string; categories: string[]; roleTiers: string[]; moduleIds: string[]; due: DuePolicy };

/**
 * New-hire days per default category (SPEC: 職員 30, 非常勤職員/臨時職員 14, 委託事業者 7).
 * 会計年度任用職員 and 臨時的任用職員 take the same ten modules (about 90 minutes) as 職員, and a
 * part-time 会計年度任用職員 works fewer days a week than a 職員: fewer days than 職員 would ask
 * more of them for the same work, so they get the 職員's 30.
 */
export const DEFAULT_NEW_HIRE_DAYS: Record<string, number> = { 職員: 30, 会計年度任用職員: 30, 臨時的任用職員: 30, 非常勤職員: 14, 臨時職員: 14, 委託事業者: 7 };

/** Categories on the full 職員 track: their default rule has the fixed 12月31日 due date. */
export const FULL_TRACK_CATEGORIES: readonly string[] = ["職員", "会計年度任用職員", "臨時的任用職員"];

/**
 * The shipped rules, derived from the curriculum's audiences so they always match the tracks:
 * one rule per group of categories that take the same modules (職員 → fixed 12月31日; the
 * others → N days after hire/assignment), and one per role tier with modules of its own.
 */
export function deriveDefaultRules(modules: Pick<ModuleFrontMatter, "id" | "audience">[]): DefaultRule[] {
  const groups = new Map<string, string[]>();
  for (const category of DEFAULT_CATEGORIES) {
    const ids = modules
      .filter((module) => module.audience.roleTiers.length === 0 && isInAudience(module.audience, { categoryName: category, roleTier: "一般" }))
      .map((module) => module.id);
    if (ids.length === 0) continue;
    const key = ids.join(",");
    groups.set(key, [...(groups.get(key) ?? []), category]);
  }
  const rules: DefaultRule[] = [...groups.entries()].map(([key, categories]) => ({
    name: `${categories.join("・")}の年度研修`,
    categories,
    roleTiers: [],
    moduleIds: key.split(","),
    due: categories.some((name) => FULL_TRACK_CATEGORIES.includes(name)) ? { kind: "fixed", monthDay: "12-31" } : { kind: "relative", days: null },
  }));
  for (const tier of ROLE_TIERS) {
    const ids = modules.filter((module) => module.audience.roleTiers.includes(tier)).map((module) => module.id);
    if (ids.length > 0) rules.push({ name: `${tier}向け研修`, categories: [], roleTiers: [tier], moduleIds: ids, due: { kind: "fixed", monthDay: "12-31" } });
  }
  return rules;
}
