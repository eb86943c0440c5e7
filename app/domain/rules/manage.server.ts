import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { assignmentRules, categories, departments, trainingModules } from "~/db/schema";
import { recordAudit } from "../audit.server";
import { evaluateRules, toRule } from "./evaluate.server";
import type { RuleForm } from "./rules";

export type SaveRuleResult = { ok: true; id: number; created: number } | { ok: false; fieldErrors: Record<string, string> };

/**
 * Create or update a rule, then re-evaluate: one transaction, audited. Existing assignments are
 * never changed by a rule edit (history stays); only missing ones are created.
 */
export function saveRule(db: Db, ruleId: number | null, form: RuleForm, actor: { accountId: number; ip: string | null }, now: number): SaveRuleResult {
  const fieldErrors: Record<string, string> = {};
  const knownCategories = new Set(db.select({ name: categories.name }).from(categories).all().map((row) => row.name));
  if (form.categories.some((name) => !knownCategories.has(name))) fieldErrors.categories = "登録されていない職員区分が含まれています。";
  if (form.departmentId !== null && !db.select({ id: departments.id }).from(departments).where(eq(departments.id, form.departmentId)).get()) {
    fieldErrors.departmentId = "所属が見つかりません。";
  }
  const modules = db.select({ id: trainingModules.id }).from(trainingModules).where(inArray(trainingModules.id, form.moduleIds)).all();
  if (modules.length !== new Set(form.moduleIds).size) fieldErrors.moduleIds = "存在しない研修モジュールが含まれています。";
  if (ruleId !== null && !db.select({ id: assignmentRules.id }).from(assignmentRules).where(eq(assignmentRules.id, ruleId)).get()) {
    return { ok: false, fieldErrors: { form: "このルールは見つかりません。" } };
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

  const values = {
    name: form.name,
    categories: JSON.stringify(form.categories),
    departmentId: form.departmentId,
    roleTiers: JSON.stringify(form.roleTiers),
    moduleIds: JSON.stringify([...new Set(form.moduleIds)]),
    dueKind: form.due.kind,
    dueMonthDay: form.due.kind === "fixed" ? form.due.monthDay : null,
    dueDays: form.due.kind === "relative" ? form.due.days : null,
    active: form.active,
    updatedAt: now,
  };
  return db.transaction((tx) => {
    let id = ruleId;
    if (id === null) {
      id = tx.insert(assignmentRules).values({ ...values, createdAt: now }).returning({ id: assignmentRules.id }).get().id;
    } else {
      tx.update(assignmentRules).set(values).where(eq(assignmentRules.id, id)).run();
    }
    const created = evaluateRules(db, { now });
    recordAudit(tx, { actorAccountId: actor.accountId, action: ruleId === null ? "rules.created" : "rules.updated", targetType: "rule", targetId: id, details: { ...values, assignmentsCreated: created }, ip: actor.ip }, now);
    return { ok: true as const, id, created };
  });
}

export function listRuleRows(db: Db) {
  return db
    .select({ rule: assignmentRules, departmentName: departments.name })
    .from(assignmentRules)
    .leftJoin(departments, eq(departments.id, assignmentRules.departmentId))
    .orderBy(asc(assignmentRules.id))
    .all();
}

export function getRuleRow(db: Db, id: number) {
  return db.select().from(assignmentRules).where(eq(assignmentRules.id, id)).get() ?? null;
}

/** Choices for the rule form: categories, departments (indented tree), modules. */
export function getRuleFormOptions(db: Db) {
  return {
    categories: db.select({ name: categories.name }).from(categories).orderBy(asc(categories.sortOrder)).all().map((row) => row.name),
    departments: db
      .select({ id: departments.id, name: departments.name, code: departments.code, path: departments.path })
      .from(departments)
      .orderBy(asc(departments.path))
      .all()
      .map((row) => ({ id: row.id, label: `${"　".repeat(row.path.split("/").length - 3)}${row.name}（${row.code}）` })),
    modules: db
      .select({ id: trainingModules.id, title: trainingModules.title })
      .from(trainingModules)
      .where(eq(trainingModules.available, true))
      .orderBy(asc(trainingModules.sortOrder))
      .all(),
  };
}

/**
 * Categories no active rule covers for everyone in them (any department, any role tier): their
 * people would silently get no training, so HR is warned until a rule covers them.
 */
export function listUncoveredCategories(db: Db): string[] {
  const names = db.select({ name: categories.name }).from(categories).orderBy(asc(categories.sortOrder), asc(categories.id)).all().map((row) => row.name);
  const rules = listRuleRows(db).filter(({ rule }) => rule.active && rule.departmentId === null).map(({ rule }) => toRule(rule, null)).filter((rule) => rule.roleTiers.length === 0);
  return names.filter((name) => !rules.some((rule) => rule.categories.length === 0 || rule.categories.includes(name)));
}

/** 「『〇〇』に適用されるルールがありません。…」 for each uncovered category. */
export function uncoveredCategoryWarnings(db: Db): string[] {
  return listUncoveredCategories(db).map((name) => `『${name}』に適用されるルールがありません。この区分の職員には研修が割り当てられません。`);
}
