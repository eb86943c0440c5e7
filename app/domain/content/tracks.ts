/**
 * Tracks: the set of modules one combination of employee category and role tier receives, as
 * the assignment rules derive it from `audience` (empty list = everyone).
 */
export type AudienceModule = {
  file: string;
  id: string;
  kind: "training" | "acknowledgement";
  policySections: string[];
  audience: { categories: string[]; roleTiers: string[] };
};

export type Track<M extends AudienceModule> = { category: string; tier: string; modules: M[] };

export function receives(module: AudienceModule, category: string, tier: string): boolean {
  const { categories, roleTiers } = module.audience;
  return (categories.length === 0 || categories.includes(category)) && (roleTiers.length === 0 || roleTiers.includes(tier));
}

export function tracksOf<M extends AudienceModule>(modules: readonly M[], categories: readonly string[], tiers: readonly string[]): Track<M>[] {
  return categories.flatMap((category) => tiers.map((tier) => ({ category, tier, modules: modules.filter((module) => receives(module, category, tier)) })));
}

/** The categories a content folder speaks of: the defaults plus every one an audience names. */
export function knownCategories(modules: readonly AudienceModule[], defaults: readonly string[]): string[] {
  return [...new Set([...defaults, ...modules.flatMap((module) => module.audience.categories)])];
}

/**
 * What each category's base track (role tier 一般) must teach, from the coordinator's track design
 * (issue 12). A top-level section ("5") is taught when a training module lists it or one of its
 * subsections; a subsection ("6(3)") only when listed itself. The acknowledgement shows the whole
 * policy but teaches nothing, so it does not count.
 */
export type TrackRequirement = { name: string; categories: string[]; sections: string[] };

const EVERY_SECTION = ["1", "2", "3", "4", "5", ...Array.from({ length: 9 }, (_, index) => `6(${index + 1})`), "7", "8", "9", "10"];

export const TRACK_REQUIREMENTS: TrackRequirement[] = [
  { name: "全項目の研修（職員・会計年度任用職員・臨時的任用職員）", categories: ["職員", "会計年度任用職員", "臨時的任用職員"], sections: EVERY_SECTION },
  { name: "非常勤職員・臨時職員の研修", categories: ["非常勤職員", "臨時職員"], sections: EVERY_SECTION },
  // Every track learns who its 所属の情報セキュリティ管理者 is (6(1)) and what to do in an incident (6(7)).
  { name: "委託事業者の研修", categories: ["委託事業者"], sections: ["6(1)", "6(4)", "6(6)", "6(7)", "6(8)"] },
];

export function teaches(modules: readonly AudienceModule[], section: string): boolean {
  const listed = modules.filter((module) => module.kind === "training").flatMap((module) => module.policySections);
  return section.includes("(") ? listed.includes(section) : listed.some((entry) => entry === section || entry.startsWith(`${section}(`));
}

export function coverageProblems(modules: readonly AudienceModule[], requirements: readonly TrackRequirement[]): { file: string; where: string; message: string }[] {
  const problems: { file: string; where: string; message: string }[] = [];
  for (const requirement of requirements) {
    for (const category of requirement.categories) {
      const track = modules.filter((module) => receives(module, category, "一般"));
      const missing = requirement.sections.filter((section) => !teaches(track, section));
      if (missing.length > 0) {
        problems.push({
          file: "content",
          where: `audience (${category})`,
          message: `${requirement.name}: ${category}が受ける研修（${track.map((module) => module.id).join(", ") || "なし"}）で基本方針 ${missing.join(", ")} を扱っていません`,
        });
      }
    }
  }
  return problems;
}
