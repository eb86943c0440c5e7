import { count, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { accountRoles, accounts, categories, departments, employees } from "~/db/schema";
import { syncEmployeeSearchKeys } from "../org/search-key.server";
import { recordAudit } from "../audit.server";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/password.server";
import { DEFAULT_CATEGORIES } from "../content/schema";
import { DEFAULT_NEW_HIRE_DAYS } from "../rules/defaults";

/**
 * Create the first administrator of a production database: the default categories, a top-level
 * department for them if the code is new, the employee, and an account with admin + learner.
 * Refuses when an administrator already exists (later ones are made in the admin UI).
 */
export async function createFirstAdmin(
  db: Db,
  input: { employeeNo: string; name: string; departmentCode: string; departmentName: string; password: string },
  now = Date.now(),
): Promise<{ ok: true } | { ok: false; message: string }> {
  if (input.password.length < MIN_PASSWORD_LENGTH) return { ok: false, message: `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。` };
  const admins = db.select({ count: count() }).from(accountRoles).where(eq(accountRoles.role, "admin")).get()?.count ?? 0;
  if (admins > 0) return { ok: false, message: "管理者はすでに存在します。追加の管理者は管理画面から登録してください。" };
  if (db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, input.employeeNo)).get()) {
    return { ok: false, message: `職員番号 ${input.employeeNo} はすでに登録されています。` };
  }
  const passwordHash = await hashPassword(input.password);
  db.transaction((tx) => {
    DEFAULT_CATEGORIES.forEach((name, index) => tx.insert(categories).values({ name, sortOrder: index, newHireDays: DEFAULT_NEW_HIRE_DAYS[name] }).onConflictDoNothing().run());
    const category = tx.select({ id: categories.id }).from(categories).where(eq(categories.name, "職員")).get()!;
    let department = tx.select({ id: departments.id }).from(departments).where(eq(departments.code, input.departmentCode)).get();
    if (!department) {
      department = tx.insert(departments).values({ code: input.departmentCode, name: input.departmentName, level: "organisation", path: "/" }).returning({ id: departments.id }).get();
      tx.update(departments).set({ path: `/${department.id}/` }).where(eq(departments.id, department.id)).run();
    }
    const employee = tx
      .insert(employees)
      .values({ employeeNo: input.employeeNo, name: input.name, categoryId: category.id, departmentId: department.id, roleTier: "システム担当", createdAt: now, updatedAt: now })
      .returning({ id: employees.id })
      .get();
    const account = tx.insert(accounts).values({ employeeId: employee.id, passwordHash, createdAt: now, passwordChangedAt: now }).returning({ id: accounts.id }).get();
    tx.insert(accountRoles).values([{ accountId: account.id, role: "admin" }, { accountId: account.id, role: "learner" }]).run();
    syncEmployeeSearchKeys(db.$client, [employee.id]);
    recordAudit(tx, { actorAccountId: null, action: "admin.first_admin_created", targetType: "account", targetId: account.id, details: { employeeNo: input.employeeNo } }, now);
  });
  return { ok: true };
}
