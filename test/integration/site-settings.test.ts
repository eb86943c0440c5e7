// Admin settings: the city's name in the header and the issuer of the 修了証.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { auditLog, settings } from "~/db/schema";
import { loader as rootLoader } from "~/root";
import { action as settingsAction, loader as settingsLoader } from "~/routes/admin.settings";
import { loader as certificateLoader } from "~/routes/learn.certificates.$assignmentId";
import { loader as verifyLoader } from "~/routes/verify.$code";
import { createDemoDb, createTestDb } from "../helpers/db";
import { context, cookieFor, get, payload, post, settle } from "../helpers/requests";

let db: Db;
beforeEach(() => {
  db = createDemoDb();
});

describe("/admin/settings", () => {
  it("shows the demo city in the header; the admin changes it and the issuer, audited", async () => {
    const admin = await cookieFor(db, "A0001");
    expect(((await rootLoader({ request: get("/learn", admin), params: {}, context })) as { cityName: string }).cityName).toBe("七尾市");
    const form = (await settle(() => settingsLoader({ request: get("/admin/settings", admin), params: {}, context }))) as Awaited<ReturnType<typeof settingsLoader>>;
    expect(form.settings).toEqual({ cityName: "七尾市", issuerTitle: "七尾市長", issuerName: "" });

    const saved = (await settle(() => settingsAction({ request: post("/admin/settings", { cityName: "能登市", issuerTitle: "最高情報セキュリティ責任者（CISO）", issuerName: "能登 一郎" }, admin), params: {}, context }))) as Response;
    expect(saved.headers.get("Location")).toBe("/admin/settings?saved=1");
    expect(((await rootLoader({ request: get("/learn", admin), params: {}, context })) as { cityName: string }).cityName).toBe("能登市");
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "settings.site.update")).all();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details!)).toEqual({
      before: { cityName: "七尾市", issuerTitle: "七尾市長", issuerName: "" },
      after: { cityName: "能登市", issuerTitle: "最高情報セキュリティ責任者（CISO）", issuerName: "能登 一郎" },
    });

    // The learner's certificate names the issuer and the person's 所属; /verify shows the same.
    const learner = await cookieFor(db, "S0001");
    const completed = db.$client
      .prepare("SELECT a.id FROM assignments a JOIN employees e ON e.id = a.employee_id WHERE e.employee_no = 'S0001' AND a.completed_at IS NOT NULL LIMIT 1")
      .get() as { id: number };
    const page = (await settle(() => certificateLoader({ request: get(`/learn/certificates/${completed.id}`, learner), params: { assignmentId: String(completed.id) }, context }))) as {
      certificate: { department: string; issuer: { title: string; name: string }; verificationCode: string };
    };
    expect(page.certificate.department).toBe("総務部 総務課 文書法制係");
    expect(page.certificate.issuer).toEqual({ title: "最高情報セキュリティ責任者（CISO）", name: "能登 一郎" });
    const verified = (await settle(() => verifyLoader({ request: get(`/verify/${page.certificate.verificationCode}`), params: { code: page.certificate.verificationCode }, context }))) as {
      certificate: { department: string; issuer: { title: string; name: string } };
    };
    expect(verified.certificate).toMatchObject({ department: page.certificate.department, issuer: page.certificate.issuer });

    // After a transfer (人事異動) the certificate still names the 所属 on its completion date.
    db.$client.exec(`
      UPDATE department_history SET to_date = '2026-11-01' WHERE employee_id = (SELECT id FROM employees WHERE employee_no = 'S0001') AND to_date IS NULL;
      INSERT INTO department_history (employee_id, department_id, from_date, recorded_at)
        SELECT e.id, d.id, '2026-11-01', 0 FROM employees e, departments d WHERE e.employee_no = 'S0001' AND d.id = (SELECT max(id) FROM departments);
      UPDATE employees SET department_id = (SELECT max(id) FROM departments) WHERE employee_no = 'S0001';
    `);
    const moved = (await settle(() => certificateLoader({ request: get(`/learn/certificates/${completed.id}`, learner), params: { assignmentId: String(completed.id) }, context }))) as {
      certificate: { department: string };
    };
    expect(moved.certificate.department).toBe("総務部 総務課 文書法制係");
  });

  it("refuses bad input with a message beside the field and writes nothing; only admins", async () => {
    const admin = await cookieFor(db, "A0001");
    const before = db.select().from(settings).all();
    const bad = payload<{ errors: Record<string, string> }>(
      await settle(() => settingsAction({ request: post("/admin/settings", { cityName: "七".repeat(41), issuerTitle: "<b>市長</b>", issuerName: "" }, admin), params: {}, context })),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual({ cityName: "自治体名は40文字以内で入力してください。", issuerTitle: "発行者の役職に使えない文字が含まれています。" });
    expect(db.select().from(settings).all()).toEqual(before);
    for (const who of ["H0001", "S0001"]) {
      const cookie = await cookieFor(db, who);
      expect(((await settle(() => settingsAction({ request: post("/admin/settings", { cityName: "x", issuerTitle: "", issuerName: "" }, cookie), params: {}, context }))) as Response).status).toBe(403);
    }
    expect(db.select().from(auditLog).where(eq(auditLog.action, "settings.site.update")).all()).toHaveLength(0);
  });

  it("shows only まもり when no city is set (a production database)", async () => {
    const empty = createTestDb();
    const data = (await rootLoader({ request: get("/login"), params: {}, context })) as { cityName: string };
    expect(data.cityName).toBe("");
    expect(empty).toBeDefined();
  });
});
