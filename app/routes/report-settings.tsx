import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { getReportHeader, ReportHeaderSchema, saveReportHeader } from "~/domain/reports/report-settings.server";

export const meta: MetaFunction = () => [{ title: "実施状況報告の宛先・発信者｜まもり" }];

/** HR and administrators set the annual report's 宛先 and 発信者 (stored in settings, audited). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "hr", "admin");
  return { header: getReportHeader(getDb()), isHr: user.roles.includes("hr"), saved: new URL(request.url).searchParams.get("saved") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr", "admin");
  const form = await request.formData();
  const parsed = ReportHeaderSchema.safeParse({ addressee: form.get("addressee") ?? "", issuer: form.get("issuer") ?? "" });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return data({ fieldErrors, values: { addressee: String(form.get("addressee") ?? ""), issuer: String(form.get("issuer") ?? "") } }, { status: 400 });
  }
  saveReportHeader(getDb(), parsed.data, { accountId: user.accountId, ip: context?.clientIp ?? null }, now());
  return data({ fieldErrors: {} as Record<string, string>, values: parsed.data, saved: true });
}

export default function ReportSettings() {
  const { header, isHr } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? header;
  const errors = result?.fieldErrors ?? {};
  return (
    <>
      <h1>実施状況報告の宛先・発信者</h1>
      <p className="lead">研修実施状況報告（決裁用）の冒頭に印刷する宛先と発信者です。日付は集計した日になります。</p>
      {result && "saved" in result ? <p className="notice notice--ok" role="status">保存しました。</p> : null}
      <Form method="post" className="card" noValidate>
        <div className="field">
          <label htmlFor="addressee">宛先</label>
          <input id="addressee" name="addressee" type="text" defaultValue={values.addressee} maxLength={80} required aria-invalid={errors.addressee ? true : undefined} aria-describedby={errors.addressee ? "addressee-error" : undefined} />
          {errors.addressee ? <p id="addressee-error" className="field__error">{errors.addressee}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="issuer">発信者</label>
          <input id="issuer" name="issuer" type="text" defaultValue={values.issuer} maxLength={80} required aria-invalid={errors.issuer ? true : undefined} aria-describedby={errors.issuer ? "issuer-error" : undefined} />
          {errors.issuer ? <p id="issuer-error" className="field__error">{errors.issuer}</p> : null}
        </div>
        <button type="submit" className="button">保存する</button>
      </Form>
      <p>{isHr ? <Link to="/hr/report">研修実施状況報告に戻る</Link> : <Link to="/admin">システム管理に戻る</Link>}</p>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
