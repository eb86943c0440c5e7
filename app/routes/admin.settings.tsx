import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { getSiteSettings, saveSiteSettings } from "~/domain/admin/site-settings.server";
import type { SiteSettings } from "~/domain/admin/site-settings";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";

export const meta: MetaFunction = () => [{ title: "表示と修了証の設定｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { settings: getSiteSettings(getDb()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const form = await request.formData();
  const input = { cityName: form.get("cityName"), issuerTitle: form.get("issuerTitle"), issuerName: form.get("issuerName") };
  const result = saveSiteSettings(getDb(), input, { accountId: user.accountId, ip: context?.clientIp ?? null }, now());
  if (!result.ok) {
    const values = Object.fromEntries(Object.entries(input).map(([key, value]) => [key, typeof value === "string" ? value.slice(0, 200) : ""]));
    return data({ errors: result.errors, values }, { status: 400 });
  }
  throw redirect("/admin/settings?saved=1");
}

const FIELDS: { name: keyof SiteSettings; label: string; hint: string }[] = [
  { name: "cityName", label: "自治体名", hint: "画面上部の「まもり」の横に表示します（例：七尾市）。空欄なら「まもり」だけを表示します。" },
  { name: "issuerTitle", label: "修了証の発行者（役職）", hint: "例：七尾市長、最高情報セキュリティ責任者（CISO）。空欄なら発行者の行を印刷しません。" },
  { name: "issuerName", label: "修了証の発行者（氏名）", hint: "役職の後に印刷します。空欄でもかまいません。" },
];

export default function SiteSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Partial<Record<keyof SiteSettings, string>> = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? settings;
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/admin">システム管理</Link> ／ 表示と修了証の設定</p>
      <h1>表示と修了証の設定</h1>
      {searchParams.get("saved") ? <p className="notice notice--ok" role="status">保存しました。変更は監査ログに記録されました。</p> : null}
      <Form method="post" className="card" noValidate>
        {FIELDS.map((field) => (
          <div key={field.name} className="field">
            <label htmlFor={field.name}>{field.label}</label>
            <p className="field__hint" id={`${field.name}-hint`}>{field.hint}</p>
            <input
              id={field.name} name={field.name} type="text" defaultValue={values[field.name] ?? ""}
              aria-invalid={errors[field.name] ? true : undefined}
              aria-describedby={errors[field.name] ? `${field.name}-hint ${field.name}-error` : `${field.name}-hint`}
            />
            {errors[field.name] ? <p className="field__error" id={`${field.name}-error`}>{errors[field.name]}</p> : null}
          </div>
        ))}
        <button type="submit" className="button">保存する</button>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
