import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { categories } from "~/db/schema";
import { recordAudit } from "../audit.server";

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
export function saveCategory(db: Db, input: z.infer<typeof CategoryFormSchema>, actor: { accountId: number; ip: string | null }, now: number): { ok: true } | { ok: false; fieldErrors: Record<string, string> } {
  const existing = db.select().from(categories).where(eq(categories.name, input.name)).get();
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
