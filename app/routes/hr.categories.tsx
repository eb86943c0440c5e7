import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { CategoryFormSchema, listCategories, saveCategory } from "~/domain/org/categories.server";

export const meta: MetaFunction = () => [{ title: "職員区分｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  return { categories: listCategories(getDb()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr");
  const parsed = CategoryFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return data({ fieldErrors }, { status: 400 });
  }
  saveCategory(getDb(), parsed.data, { accountId: user.accountId, ip: context?.clientIp ?? null }, now());
  throw redirect("/hr/categories?saved=1");
}

export default function Categories() {
  const { categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ 職員区分</p>
      <h1>職員区分</h1>
      <p className="lead">基本方針 5・6(8) に基づく職員区分です。「既定日数」は、新たに採用・割り当てられた人が受講に使える最低日数です。</p>
      {searchParams.get("saved") ? <p className="notice notice--ok" role="status">保存しました。</p> : null}
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">職員区分</th><th scope="col">既定日数</th><th scope="col">在職者</th></tr></thead>
          <tbody>
            {categories.map((category) => (
              <tr key={category.id}><td>{category.name}</td><td>{category.newHireDays}日</td><td>{category.employees}</td></tr>
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
        <button type="submit" className="button">保存する</button>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
