import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { createDepartment, DepartmentFormSchema, getDepartment, updateDepartment } from "~/domain/org/departments.server";
import { LEVEL_LABELS } from "~/domain/org/labels";

export const meta: MetaFunction = () => [{ title: "所属の編集｜まもり" }];

const IdSchema = z.coerce.number().int().positive();

function target(params: { departmentId?: string }, url: URL) {
  if (params.departmentId === "new") {
    const parent = url.searchParams.get("parent");
    const parentId = parent === null ? null : IdSchema.safeParse(parent);
    if (parentId !== null && !parentId.success) throw new Response("上位の所属が見つかりません。", { status: 404 });
    return { mode: "new" as const, parentId: parentId === null ? null : parentId.data };
  }
  const id = IdSchema.safeParse(params.departmentId);
  if (!id.success) throw new Response("この所属は見つかりません。", { status: 404 });
  return { mode: "edit" as const, id: id.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  const goal = target(params, new URL(request.url));
  const db = getDb();
  if (goal.mode === "new") {
    const parent = goal.parentId === null ? null : getDepartment(db, goal.parentId);
    if (goal.parentId !== null && !parent) throw new Response("上位の所属が見つかりません。", { status: 404 });
    return { mode: goal.mode, parent, department: null };
  }
  const department = getDepartment(db, goal.id);
  if (!department) throw new Response("この所属は見つかりません。", { status: 404 });
  return { mode: goal.mode, parent: null, department };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr");
  const goal = target(params, new URL(request.url));
  const parsed = DepartmentFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return data({ fieldErrors }, { status: 400 });
  }
  const actor = { accountId: user.accountId, ip: context?.clientIp ?? null };
  const result = goal.mode === "new" ? createDepartment(getDb(), goal.parentId, parsed.data, actor, now()) : updateDepartment(getDb(), goal.id, parsed.data, actor, now());
  if (!result.ok) return data({ fieldErrors: result.fieldErrors }, { status: 400 });
  throw redirect("/hr/departments?saved=1");
}

export default function DepartmentEditor() {
  const { mode, parent, department } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  const title = mode === "new" ? (parent ? `${parent.name}の下に所属を追加` : "組織を追加") : `所属の編集：${department?.name}`;
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ <Link to="/hr/departments">所属の管理</Link> ／ {mode === "new" ? "追加" : "編集"}</p>
      <h1>{title}</h1>
      {department ? <p className="muted">種別：{LEVEL_LABELS[department.level] ?? department.level}</p> : null}
      {Object.keys(errors).length > 0 ? <p className="form-error" role="alert">入力内容を確認してください。{errors.form ?? ""}</p> : null}
      <Form method="post" className="card" noValidate>
        {(["code", "name", "headEmployeeNo"] as const).map((field) => {
          const labels = { code: "所属コード", name: "所属名", headEmployeeNo: "所属長の職員番号（任意）" };
          const defaults = { code: department?.code ?? "", name: department?.name ?? "", headEmployeeNo: department?.headEmployeeNo ?? "" };
          return (
            <div className="field" key={field}>
              <label htmlFor={field}>{labels[field]}</label>
              <input id={field} name={field} type="text" defaultValue={defaults[field]} aria-invalid={errors[field] ? true : undefined} aria-describedby={errors[field] ? `${field}-error` : undefined} />
              {errors[field] ? <p id={`${field}-error`} className="field__error">{errors[field]}</p> : null}
            </div>
          );
        })}
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state !== "idle"}>保存する</button>
          <Link to="/hr/departments" className="button button--secondary">戻る</Link>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
