// Self-inspection checklists (自己点検, basic policy 7): content files validated like modules.
import { z } from "zod";
import { PolicySectionSchema, ROLE_TIERS } from "../content/schema";

export const ANSWERS = ["yes", "no", "na"] as const;
export type Answer = (typeof ANSWERS)[number];
export const ANSWER_LABELS: Record<Answer, string> = { yes: "はい", no: "いいえ", na: "該当なし" };

const ItemSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "英小文字・数字・ハイフンのみ"),
  /** The policy section the item checks, e.g. "6(3)". */
  section: PolicySectionSchema,
  text: z.string().trim().min(1),
  guidance: z.string().trim().min(1),
  /**
   * Which departments answer the item: every department (no audience), or those whose subtree has
   * an active employee of one of these role tiers (e.g. システム担当).
   */
  audience: z.object({ roleTiers: z.array(z.enum(ROLE_TIERS)).min(1) }).optional(),
});

export const ChecklistSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "英小文字・数字・ハイフンのみ"),
    title: z.string().trim().min(1),
    version: z.number().int().min(1),
    summary: z.string().trim().min(1),
    items: z.array(ItemSchema).min(1),
  })
  .superRefine((checklist, context) => {
    const seen = new Set<string>();
    checklist.items.forEach((item, index) => {
      if (seen.has(item.id)) context.addIssue({ code: "custom", path: ["items", index, "id"], message: `項目IDが重複しています: ${item.id}` });
      seen.add(item.id);
    });
  });

export type ChecklistItem = z.infer<typeof ItemSchema>;
export type Checklist = z.infer<typeof ChecklistSchema> & { intro: string };

/** Policy sections in reading order: "5" < "6(1)" < "6(2)" < "6(10)" < "7". */
export function compareSections(a: string, b: string): number {
  const parse = (section: string) => {
    const match = /^(\d+)(?:\((\d+)\))?$/.exec(section);
    return match ? [Number(match[1]), match[2] === undefined ? 0 : Number(match[2])] : [Number.MAX_SAFE_INTEGER, 0];
  };
  const [a1, a2] = parse(a);
  const [b1, b2] = parse(b);
  return a1 - b1 || a2 - b2;
}

/** Items grouped by policy section, sections in order, items in file order within a section. */
export function groupBySection<T extends { section: string }>(items: readonly T[]): { section: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.section, [...(groups.get(item.section) ?? []), item]);
  return [...groups.entries()].sort(([a], [b]) => compareSections(a, b)).map(([section, list]) => ({ section, items: list }));
}

/** Whether an item applies to a department whose subtree has these role tiers among active staff. */
export function itemApplies(item: ChecklistItem, tiersInDepartment: ReadonlySet<string>): boolean {
  return !item.audience || item.audience.roleTiers.some((tier) => tiersInDepartment.has(tier));
}
