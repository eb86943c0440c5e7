import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { REASON_MAX_LENGTH } from "~/domain/assignments/changes";
import { closeFiscalYear, listClosableFiscalYears } from "~/domain/assignments/closure.server";
import { CLOSED_LABEL } from "~/domain/assignments/status";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { formatFiscalYear, formatJapanDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "年度の締め｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  return { years: listClosableFiscalYears(getDb(), today()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr");
  const form = await request.formData();
  const fiscalYear = Number(form.get("fiscalYear"));
  const result = closeFiscalYear(getDb(), { fiscalYear, reason: form.get("reason"), actorAccountId: user.accountId, ip: context?.clientIp ?? null }, now());
  if (!result.ok) return data({ fiscalYear, errors: result.errors }, { status: result.status });
  throw redirect(`/hr/years?closed=${fiscalYear}&count=${result.closed}`);
}

export default function FiscalYears() {
  const { years } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const closedYear = Number(searchParams.get("closed"));
  const closedCount = Number(searchParams.get("count"));
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ 年度の締め</p>
      <h1>年度の締め</h1>
      <p className="lead">
        終わった年度の未修了の研修を締め切ります。締め切った研修は職員のマイ研修とリマインダーから外れますが、削除はされません。
        報告書や一覧では「{CLOSED_LABEL}」と表示され、その年度の修了率では未修了のまま数えます。
      </p>
      {Number.isInteger(closedYear) && closedYear > 0 && Number.isInteger(closedCount) ? (
        <p className="notice notice--ok" role="status">{formatFiscalYear(closedYear)}の未修了{closedCount}件を締めました。</p>
      ) : null}
      {years.length === 0 ? <p className="card">締められる過去の年度はありません。</p> : null}
      {years.map((year) => {
        const label = formatFiscalYear(year.fiscalYear);
        const errors = actionData?.fiscalYear === year.fiscalYear ? actionData.errors : {};
        const reasonId = `reason-${year.fiscalYear}`;
        return (
          <section key={year.fiscalYear} className="card" aria-labelledby={`year-${year.fiscalYear}`}>
            <h2 id={`year-${year.fiscalYear}`}>{label}</h2>
            <dl className="facts">
              <div><dt>未修了（締める対象）</dt><dd>{year.open}件</dd></div>
              <div><dt>{CLOSED_LABEL}</dt><dd>{year.closed}件{year.lastClosedAt ? `（最終 ${formatJapanDateTime(year.lastClosedAt)}）` : ""}</dd></div>
            </dl>
            {year.open > 0 ? (
              <Form method="post" noValidate>
                <input type="hidden" name="fiscalYear" value={year.fiscalYear} />
                {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
                <div className="field">
                  <label htmlFor={reasonId}>理由（必須）</label>
                  <p className="field__hint" id={`${reasonId}-hint`}>{REASON_MAX_LENGTH}文字以内。各研修の記録と監査ログに残ります。</p>
                  <textarea
                    id={reasonId} name="reason" rows={2} required maxLength={REASON_MAX_LENGTH}
                    aria-invalid={errors.reason ? true : undefined}
                    aria-describedby={errors.reason ? `${reasonId}-hint ${reasonId}-error` : `${reasonId}-hint`}
                  />
                  {errors.reason ? <p className="field__error" id={`${reasonId}-error`}>{errors.reason}</p> : null}
                </div>
                <button type="submit" className="button">{label}の未修了を締める</button>
              </Form>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
