export type Audience = { categories: string[]; roleTiers: string[] };

/** Whether a module's audience includes an employee. Empty lists mean "everyone". */
export function isInAudience(audience: Audience, employee: { categoryName: string; roleTier: string }): boolean {
  const categoryMatches = audience.categories.length === 0 || audience.categories.includes(employee.categoryName);
  const tierMatches = audience.roleTiers.length === 0 || audience.roleTiers.includes(employee.roleTier);
  return categoryMatches && tierMatches;
}
