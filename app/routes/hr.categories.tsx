import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { AliasFormSchema, CategoryFormSchema, listCategories, listCategoryAliases, removeCategoryAlias, saveCategory, saveCategoryAlias } from "~/domain/org/categories.server";
import { uncoveredCategoryWarnings } from "~/domain/rules/manage.server";

export const meta: MetaFunction = () => [{ title: "職員区分｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  const db = getDb();
  return { categories: listCategories(db), aliases: listCategoryAliases(db), uncovered: uncoveredCategoryWarnings(db) };
}

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
  return fieldErrors;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr");
  const form = Object.fromEntries(await request.formData());
  const actor = { accountId: user.accountId, ip: context?.clientIp ?? null };
  const intent = form.intent ?? "save";
  if (intent === "save") {
    const parsed = CategoryFormSchema.safeParse(form);
    if (!parsed.success) return data({ form: "category" as const, fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
    const result = saveCategory(getDb(), parsed.data, actor, now());
    if (!result.ok) return data({ form: "category" as const, fieldErrors: result.fieldErrors }, { status: 400 });
    throw redirect("/hr/categories?saved=1");
  }
  if (intent === "alias") {
    const parsed = AliasFormSchema.safeParse(form);
    if (!parsed.success) return data({ form: "alias" as const, fieldErrors: fieldErrorsOf(parsed.error) }, { status: 400 });
    const result = saveCategoryAlias(getDb(), parsed.data, actor, now());
    if (!result.ok) return data({ form: "alias" as const, fieldErrors: result.fieldErrors }, { status: 400 });
    throw redirect("/hr/categories?saved=alias");
  }
  if (intent === "remove-alias") {
    const parsed = z.object({ alias: z.string().min(1).max(30) }).safeParse(form);
    if (!parsed.success) return data({ form: "alias" as const, fieldErrors: { alias: "別名の指定が正しくありません。" } }, { status: 400 });
    const result = removeCategoryAlias(getDb(), parsed.data.alias, actor, now());
    if (!result.ok) return data({ form: "alias" as const, fieldErrors: result.fieldErrors }, { status: 400 });
    throw redirect("/hr/categories?saved=alias-removed");
  }
  return data({ form: "category" as const, fieldErrors: { name: "不正な操作です。" } }, { status: 400 });
}

const SAVED: Record<string, string> = { "1": "保存しました。", alias: "別名を保存しました。", "alias-removed": "別名を削除しました。" };

export default function Categories() {
  const { categories, aliases, uncovered } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string> = actionData?.form === "category" ? actionData.fieldErrors : {};
  const aliasErrors: Record<string, string> = actionData?.form === "alias" ? actionData.fieldErrors : {};
  const saved = SAVED[searchParams.get("saved") ?? ""];
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ 職員区分</p>
      <h1>職員区分</h1>
      <p className="lead">基本方針 5・6(8) に基づく職員区分です。基本方針の「非常勤職員及び臨時職員等」には、会計年度任用職員・臨時的任用職員も含まれます。「既定日数」は、新たに採用・割り当てられた人が受講に使える最低日数です。</p>
      {saved ? <p className="notice notice--ok" role="status">{saved}</p> : null}
      {uncovered.length > 0 ? (
        <div className="notice notice--warn" role="status">
          <ul>{uncovered.map((warning) => <li key={warning}>{warning}</li>)}</ul>
          <p><Link to="/hr/rules">割り当てルール</Link>で、この区分に研修を割り当ててください。</p>
        </div>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">職員区分</th><th scope="col">既定日数</th><th scope="col">在職者</th><th scope="col">名簿での別名</th></tr></thead>
          <tbody>
            {categories.map((category) => (
              <tr key={category.id}>
                <td>{category.name}</td><td>{category.newHireDays}日</td><td>{category.employees}</td>
                <td>{aliases.filter((entry) => entry.categoryName === category.name).map((entry) => entry.alias).join("、") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Form method="post" className="card" noValidate>
        <h2>追加・日数の変更</h2>
        <p className="field__hint">既存の名前を入れると既定日数を変更します。新しい名前なら区分を追加します。</p>
        <div className="field">
          <label htmlFor="name">職員区分の名前</label>
          <input id="name" name="name" type="text" aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? "name-error" : undefined} />
          {errors.name ? <p id="name-error" className="field__error">{errors.name}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="newHireDays">既定日数</label>
          <input id="newHireDays" name="newHireDays" type="text" inputMode="numeric" aria-invalid={errors.newHireDays ? true : undefined} aria-describedby={errors.newHireDays ? "days-error" : undefined} />
          {errors.newHireDays ? <p id="days-error" className="field__error">{errors.newHireDays}</p> : null}
        </div>
        <button type="submit" name="intent" value="save" className="button">保存する</button>
      </Form>
      <section className="card" aria-labelledby="aliases-heading">
        <h2 id="aliases-heading">名簿での別名</h2>
        <p className="field__hint">人事給与システムが「非常勤」「会計年度」のように別の名前で出力する場合、その名前を登録すると名簿の取り込みで正式な職員区分として読み取ります。別名には他の職員区分の名前は使えません。</p>
        {aliases.length > 0 ? (
          <ul>
            {aliases.map((entry) => (
              <li key={entry.alias}>
                <Form method="post" className="actions">
                  <span>「{entry.alias}」→ {entry.categoryName}</span>
                  <input type="hidden" name="alias" value={entry.alias} />
                  <button type="submit" name="intent" value="remove-alias" className="button button--secondary">削除<span className="visually-hidden">：別名「{entry.alias}」</span></button>
                </Form>
              </li>
            ))}
          </ul>
        ) : <p>登録されている別名はありません。</p>}
        <Form method="post" noValidate>
          <div className="field">
            <label htmlFor="alias">別名（名簿に書かれている名前）</label>
            <input id="alias" name="alias" type="text" aria-invalid={aliasErrors.alias ? true : undefined} aria-describedby={aliasErrors.alias ? "alias-error" : undefined} />
            {aliasErrors.alias ? <p id="alias-error" className="field__error">{aliasErrors.alias}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="categoryName">対応する職員区分</label>
            <select id="categoryName" name="categoryName" aria-invalid={aliasErrors.categoryName ? true : undefined} aria-describedby={aliasErrors.categoryName ? "alias-category-error" : undefined}>
              {categories.map((category) => <option key={category.id} value={category.name}>{category.name}</option>)}
            </select>
            {aliasErrors.categoryName ? <p id="alias-category-error" className="field__error">{aliasErrors.categoryName}</p> : null}
          </div>
          <button type="submit" name="intent" value="alias" className="button">別名を登録する</button>
        </Form>
      </section>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
