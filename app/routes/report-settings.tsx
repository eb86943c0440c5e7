import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { getReportHeader, ReportHeaderSchema, saveReportHeader } from "~/domain/reports/report-settings.server";
import { CommitteeHeaderSchema, getCommitteeHeader, saveCommitteeHeader } from "~/domain/self-inspection/letterhead.server";

export const meta: MetaFunction = () => [{ title: "報告書の宛先・発信者｜まもり" }];

/** HR and administrators set the annual report's 宛先 and 発信者 (stored in settings, audited). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "hr", "admin");
  return { header: getReportHeader(getDb()), committee: getCommitteeHeader(getDb()), isHr: user.roles.includes("hr"), saved: new URL(request.url).searchParams.get("saved") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr", "admin");
  const form = await request.formData();
  if (form.get("intent") === "committee") {
    const committee = CommitteeHeaderSchema.safeParse({ addressee: form.get("addressee") ?? "", sender: form.get("sender") ?? "" });
    if (!committee.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of committee.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
      return data({ intent: "committee" as const, fieldErrors, values: { addressee: String(form.get("addressee") ?? ""), sender: String(form.get("sender") ?? "") } }, { status: 400 });
    }
    saveCommitteeHeader(getDb(), committee.data, { accountId: user.accountId, ip: context?.clientIp ?? null }, now());
    return data({ intent: "committee" as const, fieldErrors: {} as Record<string, string>, values: committee.data, saved: true });
  }
  const parsed = ReportHeaderSchema.safeParse({ addressee: form.get("addressee") ?? "", issuer: form.get("issuer") ?? "" });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return data({ intent: "annual" as const, fieldErrors, values: { addressee: String(form.get("addressee") ?? ""), issuer: String(form.get("issuer") ?? "") } }, { status: 400 });
  }
  saveReportHeader(getDb(), parsed.data, { accountId: user.accountId, ip: context?.clientIp ?? null }, now());
  return data({ intent: "annual" as const, fieldErrors: {} as Record<string, string>, values: parsed.data, saved: true });
}

export default function ReportSettings() {
  const { header, committee, isHr } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData?.intent === "annual" ? actionData : undefined;
  const committeeResult = actionData?.intent === "committee" ? actionData : undefined;
  const values = result ? (result.values as typeof header) : header;
  const errors = result?.fieldErrors ?? {};
  const committeeValues = committeeResult ? (committeeResult.values as typeof committee) : committee;
  const committeeErrors = committeeResult?.fieldErrors ?? {};
  return (
    <>
      <h1>報告書の宛先・発信者</h1>
      <h2>研修実施状況報告</h2>
      <p className="lead">研修実施状況報告（決裁用）の冒頭に印刷する宛先と発信者です。日付は集計した日になります。</p>
      {result && "saved" in result ? <p className="notice notice--ok" role="status">保存しました。</p> : null}
      <Form method="post" className="card" noValidate>
        <input type="hidden" name="intent" value="annual" />
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
      <h2>情報セキュリティ委員会への報告</h2>
      {committeeResult && "saved" in committeeResult ? <p className="notice notice--ok" role="status">保存しました。</p> : null}
      <Form method="post" className="card" noValidate>
        <input type="hidden" name="intent" value="committee" />
        <div className="field">
          <label htmlFor="committee-addressee">委員会への報告の宛先</label>
          <input id="committee-addressee" name="addressee" type="text" defaultValue={committeeValues.addressee} maxLength={80} required aria-invalid={committeeErrors.addressee ? true : undefined} aria-describedby={committeeErrors.addressee ? "committee-addressee-error" : undefined} />
          {committeeErrors.addressee ? <p id="committee-addressee-error" className="field__error">{committeeErrors.addressee}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="committee-sender">委員会への報告の発信者</label>
          <input id="committee-sender" name="sender" type="text" defaultValue={committeeValues.sender} maxLength={80} required aria-invalid={committeeErrors.sender ? true : undefined} aria-describedby={committeeErrors.sender ? "committee-sender-error" : undefined} />
          {committeeErrors.sender ? <p id="committee-sender-error" className="field__error">{committeeErrors.sender}</p> : null}
        </div>
        <button type="submit" className="button">委員会への報告の宛先・発信者を保存</button>
      </Form>
      <p>{isHr ? <Link to="/hr/report">研修実施状況報告に戻る</Link> : <Link to="/admin">システム管理に戻る</Link>}</p>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
