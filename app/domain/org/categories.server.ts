import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "~/db/client.server";
import { categories, settings } from "~/db/schema";
import { recordAudit } from "../audit.server";
import { DEFAULT_CATEGORIES } from "../content/schema";
import { DEFAULT_NEW_HIRE_DAYS } from "../rules/defaults";

export function listCategories(db: Db) {
  return db.all<{ id: number; name: string; newHireDays: number; employees: number }>(sql`
    SELECT c.id, c.name, c.new_hire_days AS newHireDays, (SELECT count(*) FROM employees e WHERE e.category_id = c.id AND e.active = 1) AS employees
    FROM categories c ORDER BY c.sort_order, c.id`);
}

export const CategoryFormSchema = z.object({
  name: z.string().trim().min(1, "職員区分の名前を入力してください。").max(30, "30文字以内にしてください。"),
  newHireDays: z.coerce.number({ message: "日数を数字で入力してください。" }).int("日数は整数で入力してください。").min(1, "1日以上にしてください。").max(365, "365日以内にしてください。"),
});

/** Add a category, or change the new-hire days of one. Names are the import's keys and are not renamed here. */
export function saveCategory(db: Db, input: z.infer<typeof CategoryFormSchema>, actor: { accountId: number; ip: string | null }, now: number): AliasResult {
  const existing = db.select().from(categories).where(eq(categories.name, input.name)).get();
  const alias = existing ? undefined : listCategoryAliases(db).find((entry) => entry.alias === input.name);
  if (alias) return { ok: false, fieldErrors: { name: `「${input.name}」は「${alias.categoryName}」の別名として登録されています。先に別名を削除してください。` } };
  db.transaction((tx) => {
    if (existing) {
      tx.update(categories).set({ newHireDays: input.newHireDays }).where(eq(categories.id, existing.id)).run();
    } else {
      const last = tx.select({ sortOrder: categories.sortOrder }).from(categories).orderBy(asc(categories.sortOrder)).all().at(-1)?.sortOrder ?? 0;
      tx.insert(categories).values({ name: input.name, newHireDays: input.newHireDays, sortOrder: last + 1 }).run();
    }
    recordAudit(tx, { actorAccountId: actor.accountId, action: existing ? "category.updated" : "category.created", targetType: "category", targetId: input.name, details: input, ip: actor.ip }, now);
  });
  return { ok: true };
}

const ALIASES_KEY = "roster.category_aliases";

export type CategoryAlias = { alias: string; categoryName: string };

const StoredAliases = z.array(z.object({ alias: z.string(), categoryName: z.string() }));

/** HR's other names for categories, as other systems export them (非常勤 → 非常勤職員). */
export function listCategoryAliases(db: Executor): CategoryAlias[] {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, ALIASES_KEY)).get();
  if (!row) return [];
  const parsed = StoredAliases.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : [];
}

export function getCategoryAliasMap(db: Executor): Map<string, string> {
  return new Map(listCategoryAliases(db).map((entry) => [entry.alias, entry.categoryName]));
}

export const AliasFormSchema = z.object({
  alias: z.string().trim().min(1, "別名を入力してください。").max(30, "別名は30文字以内にしてください。"),
  categoryName: z.string().trim().min(1, "対応する職員区分を選んでください。"),
});

type AliasResult = { ok: true } | { ok: false; fieldErrors: Record<string, string> };

function writeAliases(tx: Executor, aliases: CategoryAlias[], now: number) {
  const value = JSON.stringify(aliases);
  tx.insert(settings).values({ key: ALIASES_KEY, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }).run();
}

/**
 * Add (or re-point) an alias. An alias may not be a category's own name: the roster would then
 * mean two different things by one word.
 */
export function saveCategoryAlias(db: Db, input: z.infer<typeof AliasFormSchema>, actor: { accountId: number; ip: string | null }, now: number): AliasResult {
  const names = new Set(db.select({ name: categories.name }).from(categories).all().map((row) => row.name));
  if (names.has(input.alias)) return { ok: false, fieldErrors: { alias: `「${input.alias}」は職員区分の名前です。別名には使えません。` } };
  if (!names.has(input.categoryName)) return { ok: false, fieldErrors: { categoryName: "登録されている職員区分を選んでください。" } };
  db.transaction((tx) => {
    const aliases = listCategoryAliases(tx);
    const before = aliases.find((entry) => entry.alias === input.alias) ?? null;
    const next = [...aliases.filter((entry) => entry.alias !== input.alias), { alias: input.alias, categoryName: input.categoryName }];
    writeAliases(tx, next, now);
    recordAudit(tx, { actorAccountId: actor.accountId, action: "category.alias_saved", targetType: "category", targetId: input.categoryName, details: { alias: input.alias, before: before?.categoryName ?? null }, ip: actor.ip }, now);
  });
  return { ok: true };
}

export function removeCategoryAlias(db: Db, alias: string, actor: { accountId: number; ip: string | null }, now: number): AliasResult {
  return db.transaction((tx) => {
    const aliases = listCategoryAliases(tx);
    const found = aliases.find((entry) => entry.alias === alias);
    if (!found) return { ok: false as const, fieldErrors: { alias: `別名「${alias}」は登録されていません。` } };
    writeAliases(tx, aliases.filter((entry) => entry.alias !== alias), now);
    recordAudit(tx, { actorAccountId: actor.accountId, action: "category.alias_removed", targetType: "category", targetId: found.categoryName, details: { alias }, ip: actor.ip }, now);
    return { ok: true as const };
  });
}

/**
 * Add the shipped categories a database does not have yet (a database made before 会計年度任用職員
 * and 臨時的任用職員 were shipped). Idempotent; existing categories and their days are left alone,
 * and so are the rules: /hr/rules warns about a category no rule covers.
 */
export function ensureDefaultCategories(db: Db, now: number): string[] {
  const existing = new Set(db.select({ name: categories.name }).from(categories).all().map((row) => row.name));
  const missing = DEFAULT_CATEGORIES.filter((name) => !existing.has(name));
  if (missing.length === 0 || existing.size === 0) return [];
  db.transaction((tx) => {
    const last = tx.select({ sortOrder: categories.sortOrder }).from(categories).orderBy(asc(categories.sortOrder)).all().at(-1)?.sortOrder ?? 0;
    missing.forEach((name, index) => tx.insert(categories).values({ name, sortOrder: last + 1 + index, newHireDays: DEFAULT_NEW_HIRE_DAYS[name] }).onConflictDoNothing().run());
    recordAudit(tx, { actorAccountId: null, action: "category.defaults_added", targetType: "category", details: { added: missing }, ip: null }, now);
  });
  return missing;
}
