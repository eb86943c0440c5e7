import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { requireHrWriter } from "~/domain/auth/hr-access.server";
import { now } from "~/domain/clock.server";
import { DEFAULT_ATTEMPT_POLICY, MAX_DELAY_MINUTES, MAX_FAILURES_BEFORE_REREAD, parseAttemptPolicyForm } from "~/domain/quiz/attempt-policy";
import { getAttemptPolicy, saveAttemptPolicy } from "~/domain/quiz/attempt-policy.server";

export const meta: MetaFunction = () => [{ title: "確認テストの受験ルール｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrWriter(request);
  return { policy: getAttemptPolicy(getDb()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireHrWriter(request);
  const parsed = parseAttemptPolicyForm(await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  saveAttemptPolicy(getDb(), parsed.policy, { accountId: user.accountId, ip: context?.clientIp ?? null }, now());
  throw redirect("/hr/quiz-settings?saved=1");
}

const REREAD_CHOICES = Array.from({ length: MAX_FAILURES_BEFORE_REREAD }, (_, index) => index + 1);

export default function QuizSettings() {
  const { policy } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const errors = actionData?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ 確認テストの受験ルール</p>
      <h1>確認テストの受験ルール</h1>
      <p className="lead">
        当て推量で何度も受け直して合格することを防ぐためのルールです。確認テストは何度でも受けられますが、不合格のあとは次の受験まで待ち時間をおき、続けて不合格になった場合は本文を読み直す（「読了」をもう一度押す）まで受験できません。受講者には、次に受験できる日時がマイ研修・本文・確認テストの各ページに表示されます。修了済みの研修の復習には適用しません。
      </p>
      {searchParams.get("saved") ? <p className="notice notice--ok" role="status">受験ルールを保存しました。</p> : null}
      <Form method="post" className="card" noValidate aria-describedby={hasErrors ? "policy-error" : undefined}>
        {hasErrors ? <p className="form-error" id="policy-error" role="alert">入力内容を確認してください。</p> : null}
        <div className="field">
          <label htmlFor="policy-delay">不合格のあとの待ち時間（分）</label>
          <p className="field__hint" id="policy-delay-hint">0〜{MAX_DELAY_MINUTES}分（24時間）。0 にすると待たずに受け直せます。既定は{DEFAULT_ATTEMPT_POLICY.delayMinutes}分です。</p>
          <input
            id="policy-delay" name="delayMinutes" type="number" inputMode="numeric" min={0} max={MAX_DELAY_MINUTES} defaultValue={policy.delayMinutes} required
            aria-invalid={errors.delayMinutes ? true : undefined} aria-describedby={`policy-delay-hint${errors.delayMinutes ? " policy-delay-error" : ""}`}
          />
          {errors.delayMinutes ? <p className="field__error" id="policy-delay-error">{errors.delayMinutes}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="policy-reread">本文の読み直しを求めるまでの連続不合格の回数</label>
          <p className="field__hint" id="policy-reread-hint">
            同じ研修（同じ年度の割り当て）で、この回数続けて不合格になると、本文を読み直して「読了」を押すまで受験できません。読み直すと回数は数え直します。既定は{DEFAULT_ATTEMPT_POLICY.failuresBeforeReread}回です。
          </p>
          <select
            id="policy-reread" name="failuresBeforeReread" defaultValue={policy.failuresBeforeReread === null ? "off" : String(policy.failuresBeforeReread)}
            aria-invalid={errors.failuresBeforeReread ? true : undefined} aria-describedby={`policy-reread-hint${errors.failuresBeforeReread ? " policy-reread-error" : ""}`}
          >
            {REREAD_CHOICES.map((count) => <option key={count} value={count}>{count}回</option>)}
            <option value="off">読み直しを求めない</option>
          </select>
          {errors.failuresBeforeReread ? <p className="field__error" id="policy-reread-error">{errors.failuresBeforeReread}</p> : null}
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state !== "idle"}>{navigation.state === "submitting" ? "保存しています…" : "保存する"}</button>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
