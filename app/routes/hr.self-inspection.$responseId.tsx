import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PrintButton } from "~/components/print-button";
import { AnswerTable } from "~/components/self-inspection-answers";
import { getDb } from "~/db/client.server";
import { canWriteHr, requireHrReader, requireHrWriter } from "~/domain/auth/hr-access.server";
import { now } from "~/domain/clock.server";
import { closeImprovement, getResponse } from "~/domain/self-inspection/campaigns.server";
import { formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `自己点検：${data?.response.departmentName ?? "所属"}｜まもり` }];

const ParamsSchema = z.object({ responseId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

function load(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  const detail = parsed.success ? getResponse(getDb(), parsed.data.responseId) : null;
  if (!detail) throw new Response("指定された自己点検は見つかりません。", { status: 404 });
  return detail;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const detail = load(params);
  return {
    response: detail.summary,
    campaign: { fiscalYear: detail.campaign.fiscalYear, title: detail.campaign.checklist.title, dueDate: detail.campaign.dueDate },
    items: detail.items,
    canEdit: canWriteHr(user),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireHrWriter(request);
  const detail = load(params);
  const form = await request.formData();
  if (form.get("intent") !== "close") throw new Response("不正な操作です。ページを読み込み直してください。", { status: 400 });
  const result = closeImprovement(getDb(), { responseId: detail.summary.id, itemId: String(form.get("itemId") ?? ""), note: String(form.get("note") ?? ""), actorAccountId: user.accountId, ip: context?.clientIp ?? null }, now());
  if (!result.ok) return data({ errors: result.errors }, { status: result.status });
  throw redirect(`/hr/self-inspection/${detail.summary.id}?saved=closed`);
}

/** One department's answers, for HR and auditors (HR can record an improvement as done). */
export default function HrSelfInspectionResponse() {
  const { response, campaign, items, canEdit } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs no-print"><Link to="/hr">人事ダッシュボード</Link> ＞ <Link to={`/hr/self-inspection?fy=${campaign.fiscalYear}`}>自己点検</Link> ＞ {response.departmentName}</p>
      <h1>{response.departmentName}の自己点検（{formatFiscalYear(campaign.fiscalYear)}）</h1>
      <p className="facts">
        <span><span className="muted">点検表</span> {campaign.title}</span>
        <span><span className="muted">提出期限</span> {formatWareki(campaign.dueDate)}</span>
        <span><span className="muted">所属長</span> {response.headName ?? "—"}</span>
        <span><span className="muted">状況</span> {response.status === "submitted" ? `提出済み（${formatJapanDateTime(response.submittedAt!)}、${response.submittedByName ?? "—"}）` : `未提出（回答 ${response.answered}/${response.items}）`}</span>
      </p>
      <div className="actions actions--top no-print"><PrintButton /></div>
      {feedback?.errors.form ? <p className="form-error" role="alert">{feedback.errors.form}</p> : null}
      {response.status === "draft" ? <p className="notice">まだ提出されていません。下書きの内容を表示しています。</p> : null}
      <AnswerTable items={items} closeAction={canEdit && response.status === "submitted" ? (feedback ? { errors: feedback.errors } : true) : undefined} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
