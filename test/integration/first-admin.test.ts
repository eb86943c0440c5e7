import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, auditLog } from "~/db/schema";
import { createFirstAdmin } from "~/domain/admin/first-admin.server";
import { authenticate } from "~/domain/auth/login.server";
import { createTestDb } from "../helpers/db";

describe("createFirstAdmin", () => {
  it("creates an admin on an empty production database, once, with no demo accounts", async () => {
    const db = createTestDb();
    const input = { employeeNo: "K0001", name: "管理 太郎", departmentCode: "0000", departmentName: "システム管理", password: "a-long-enough-password" };
    expect(await createFirstAdmin(db, { ...input, password: "short" })).toEqual({ ok: false, message: "パスワードは12文字以上にしてください。" });
    expect(await createFirstAdmin(db, input)).toEqual({ ok: true });
    const login = await authenticate(db, { employeeNo: "K0001", password: input.password, ip: null });
    expect(login.ok).toBe(true);
    expect(db.select().from(accounts).where(eq(accounts.demo, true)).all()).toHaveLength(0);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "admin.first_admin_created")).all()).toHaveLength(1);
    const second = await createFirstAdmin(db, { ...input, employeeNo: "K0002" });
    expect(second.ok).toBe(false);
    // The demo password does not open anything on a production database.
    expect((await authenticate(db, { employeeNo: "S0001", password: "mamori-demo", ip: null })).ok).toBe(false);
  });
});
