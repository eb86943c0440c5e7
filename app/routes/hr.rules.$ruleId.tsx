import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { ROLE_TIERS } from "~/domain/content/schema";
import { toRule } from "~/domain/rules/evaluate.server";
import { runTask } from "~/domain/jobs/worker-pool.server";
import { getRuleFormOptions, getRuleRow } from "~/domain/rules/manage.server";
import { RuleFormSchema } from "~/domain/rules/rules";

export const meta: MetaFunction = () => [{ title: "割り当てルールの編集｜まもり" }];

function parseRuleId(value: string | undefined): number | null {
  if (value === "new") return null;
  const id = z.coerce.number().int().positive().safeParse(value);
  if (!id.success) throw new Response("このルールは見つかりません。", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  const id = parseRuleId(params.ruleId);
  const db = getDb();
  const row = id === null ? null : getRuleRow(db, id);
  if (id !== null && !row) throw new Response("このルールは見つかりません。", { status: 404 });
  const rule = row ? toRule(row, null) : null;
  return {
    id,
    options: getRuleFormOptions(db),
    values: {
      name: row?.name ?? "",
      categories: rule?.categories ?? [],
      departmentId: row?.departmentId ?? null,
      roleTiers: rule?.roleTiers ?? [],
      moduleIds: rule?.moduleIds ?? [],
      dueKind: rule?.due.kind ?? "fixed",
      dueMonth: rule?.due.kind === "fixed" ? String(Number(rule.due.monthDay.slice(0, 2))) : "12",
      dueDay: rule?.due.kind === "fixed" ? String(Number(rule.due.monthDay.slice(3))) : "31",
      dueDays: rule?.due.kind === "relative" && rule.due.days !== null ? String(rule.due.days) : "",
      active: row?.active ?? true,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr");
  const id = parseRuleId(params.ruleId);
  const form = await request.formData();
  const input = {
    name: form.get("name") ?? "",
    categories: form.getAll("categories"),
    departmentId: form.get("departmentId") ?? undefined,
    roleTiers: form.getAll("roleTiers"),
    moduleIds: form.getAll("moduleIds"),
    dueKind: form.get("dueKind") ?? undefined,
    dueMonth: form.get("dueMonth") ?? undefined,
    dueDay: form.get("dueDay") ?? undefined,
    dueDays: form.get("dueDays") ?? undefined,
    active: form.get("active") ?? undefined,
  };
  const parsed = RuleFormSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    return data({ fieldErrors }, { status: 400 });
  }
  const result = await runTask(getDb(), "rule.save", { ruleId: id, form: parsed.data, actor: { accountId: user.accountId, ip: context?.clientIp ?? null }, now: now() });
  if (!result.ok) return data({ fieldErrors: result.fieldErrors }, { status: 400 });
  throw redirect(`/hr/rules?saved=${result.id}&created=${result.created}`);
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? <p id={id} className="field__error">{message}</p> : null;
}

export default function RuleEditor() {
  const { id, options, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ <Link to="/hr/rules">割り当てルール</Link> ／ {id === null ? "追加" : "編集"}</p>
      <h1>{id === null ? "割り当てルールの追加" : "割り当てルールの編集"}</h1>
      {Object.keys(errors).length > 0 ? <p className="form-error" role="alert">入力内容を確認してください。{errors.form ?? ""}</p> : null}
      <Form method="post" className="card" noValidate>
        <div className="field">
          <label htmlFor="name">名前</label>
          <input id="name" name="name" type="text" defaultValue={values.name} required aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? "name-error" : undefined} />
          <FieldError id="name-error" message={errors.name} />
        </div>
        <fieldset className="field" aria-describedby={errors.categories ? "categories-error" : "categories-hint"}>
          <legend>職員区分</legend>
          <p id="categories-hint" className="field__hint">選ばなければ、すべての区分が対象です。</p>
          <FieldError id="categories-error" message={errors.categories} />
          {options.categories.map((name) => (
            <label key={name} className="quiz-option"><input type="checkbox" name="categories" value={name} defaultChecked={values.categories.includes(name)} /><span>{name}</span></label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="departmentId">所属（この所属と下位すべて）</label>
          <select id="departmentId" name="departmentId" defaultValue={values.departmentId ?? ""} aria-invalid={errors.departmentId ? true : undefined} aria-describedby={errors.departmentId ? "department-error" : undefined}>
            <option value="">全庁</option>
            {options.departments.map((department) => <option key={department.id} value={department.id}>{department.label}</option>)}
          </select>
          <FieldError id="department-error" message={errors.departmentId} />
        </div>
        <fieldset className="field">
          <legend>役職区分</legend>
          <p className="field__hint">選ばなければ、すべての役職区分が対象です。</p>
          <FieldError id="tiers-error" message={errors.roleTiers} />
          {ROLE_TIERS.map((tier) => (
            <label key={tier} className="quiz-option"><input type="checkbox" name="roleTiers" value={tier} defaultChecked={values.roleTiers.includes(tier)} /><span>{tier}</span></label>
          ))}
        </fieldset>
        <fieldset className="field" aria-describedby={errors.moduleIds ? "modules-error" : undefined}>
          <legend>受講する研修</legend>
          <FieldError id="modules-error" message={errors.moduleIds} />
          {options.modules.map((module) => (
            <label key={module.id} className="quiz-option"><input type="checkbox" name="moduleIds" value={module.id} defaultChecked={values.moduleIds.includes(module.id)} /><span>{module.title}</span></label>
          ))}
        </fieldset>
        <fieldset className="field">
          <legend>期限の決め方</legend>
          <label className="quiz-option">
            <input type="radio" name="dueKind" value="fixed" defaultChecked={values.dueKind === "fixed"} />
            <span>年度内の決まった日（採用・割り当てから職員区分の既定日数は確保）</span>
          </label>
          <div className="field inline-fields">
            <label htmlFor="dueMonth">月</label>
            <input id="dueMonth" name="dueMonth" type="text" inputMode="numeric" size={3} defaultValue={values.dueMonth} aria-invalid={errors.dueMonth ? true : undefined} aria-describedby={errors.dueMonth ? "due-error" : undefined} />
            <label htmlFor="dueDay">日</label>
            <input id="dueDay" name="dueDay" type="text" inputMode="numeric" size={3} defaultValue={values.dueDay} />
          </div>
          <FieldError id="due-error" message={errors.dueMonth} />
          <label className="quiz-option">
            <input type="radio" name="dueKind" value="relative" defaultChecked={values.dueKind === "relative"} />
            <span>採用日または割り当て日から N 日後</span>
          </label>
          <div className="field inline-fields">
            <label htmlFor="dueDays">日数（空欄は職員区分の既定日数：職員30・非常勤/臨時14・委託7）</label>
            <input id="dueDays" name="dueDays" type="text" inputMode="numeric" size={4} defaultValue={values.dueDays} aria-invalid={errors.dueDays ? true : undefined} aria-describedby={errors.dueDays ? "days-error" : undefined} />
          </div>
          <FieldError id="days-error" message={errors.dueDays ?? errors.dueKind} />
        </fieldset>
        <div className="field">
          <label className="quiz-option"><input type="checkbox" name="active" defaultChecked={values.active} /><span>有効（停止しても作成済みの割り当ては残ります）</span></label>
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state !== "idle"}>{navigation.state === "submitting" ? "保存して再評価しています…" : "保存して再評価する"}</button>
          <Link to="/hr/rules" className="button button--secondary">戻る</Link>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
