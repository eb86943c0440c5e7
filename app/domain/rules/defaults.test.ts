import { describe, expect, it } from "vitest";
import { DEFAULT_CATEGORIES } from "../content/schema";
import { DEFAULT_NEW_HIRE_DAYS, deriveDefaultRules } from "./defaults";

// Audiences as decided for the tracks (tracks.md), independent of the content files of the day.
const FULL = ["職員", "会計年度任用職員", "臨時的任用職員"];
const PART = ["非常勤職員", "臨時職員"];
const modules: Parameters<typeof deriveDefaultRules>[0] = [
  { id: "purpose-and-terms", audience: { categories: FULL, roleTiers: [] } },
  { id: "threats", audience: { categories: [...FULL, ...PART], roleTiers: [] } },
  { id: "essentials", audience: { categories: PART, roleTiers: [] } },
  { id: "contractor-briefing", audience: { categories: ["委託事業者"], roleTiers: [] } },
  { id: "policy-acknowledgement", audience: { categories: [], roleTiers: [] } },
  { id: "manager-duties", audience: { categories: [], roleTiers: ["管理職"] } },
];

describe("deriveDefaultRules", () => {
  it("gives 会計年度任用職員 and 臨時的任用職員 the 職員 track with its fixed date, and covers every category", () => {
    const rules = deriveDefaultRules(modules);
    const full = rules.find((rule) => rule.categories.includes("職員"))!;
    expect(full.categories).toEqual(FULL);
    expect(full.moduleIds).toEqual(["purpose-and-terms", "threats", "policy-acknowledgement"]);
    expect(full.due).toEqual({ kind: "fixed", monthDay: "12-31" });
    expect(rules.find((rule) => rule.categories.includes("非常勤職員"))).toMatchObject({ categories: PART, due: { kind: "relative", days: null } });
    const covered = new Set(rules.filter((rule) => rule.roleTiers.length === 0).flatMap((rule) => rule.categories));
    expect(DEFAULT_CATEGORIES.filter((name) => !covered.has(name))).toEqual([]);
  });

  it("has new-hire days for every default category", () => {
    for (const name of DEFAULT_CATEGORIES) expect(DEFAULT_NEW_HIRE_DAYS[name], name).toBeGreaterThan(0);
  });
});
