import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AnswerForm, AnswerTable } from "~/components/self-inspection-answers";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { closeImprovement, getManagerResponse, saveResponse } from "~/domain/self-inspection/campaigns.server";
import { parseAnswerForm } from "~/domain/self-inspection/form";
import { formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `自己点検：${data?.response.departmentName ?? "所属"}｜まもり` }];

const ParamsSchema = z.object({ responseId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const NOT_FOUND = "指定された自己点検は、あなたの所属（下位の所属を含む）のものではありません。";

async function requireScopedResponse(request: Request, params: unknown) {
  const user = await requireRole(request, "manager");
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response(NOT_FOUND, { status: 404 });
  const detail = getManagerResponse(getDb(), user.employeeId, parsed.data.responseId);
  if (!detail) throw new Response(NOT_FOUND, { status: 404 });
  return { user, detail };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, detail } = await requireScopedResponse(request, params);
  return {
    response: detail.summary,
    campaign: { fiscalYear: detail.campaign.fiscalYear, title: detail.campaign.checklist.title, intro: detail.campaign.checklist.intro, dueDate: detail.campaign.dueDate },
    items: detail.items,
    canAnswer: detail.summary.headEmployeeId === user.employeeId,
  };
}

type ActionFeedback = { intent: "save" | "submit" | "close"; errors: Record<string, string>; values: Record<string, string> | null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, detail } = await requireScopedResponse(request, params);
  if (detail.summary.headEmployeeId !== user.employeeId) {
    throw new Response("この所属の自己点検に回答できるのは、その所属の所属長だけです。", { status: 403 });
  }
  const form = await request.formData();
  const intent = z.enum(["save", "submit", "close"]).safeParse(form.get("intent"));
  if (!intent.success) throw new Response("不正な操作です。ページを読み込み直してください。", { status: 400 });
  const db = getDb();
  const ip = context?.clientIp ?? null;
  if (intent.data === "close") {
    const itemId = String(form.get("itemId") ?? "");
    const result = closeImprovement(db, { responseId: detail.summary.id, itemId, note: String(form.get("note") ?? ""), actorAccountId: user.accountId, ip }, now());
    if (!result.ok) return data<ActionFeedback>({ intent: "close", errors: result.errors, values: null }, { status: result.status });
    throw redirect(`/team/self-inspection/${detail.summary.id}?saved=closed`);
  }
  const answers = parseAnswerForm(form);
  const result = saveResponse(db, { responseId: detail.summary.id, answers, submit: intent.data === "submit", actor: { accountId: user.accountId, employeeId: user.employeeId }, ip }, now());
  if (!result.ok) {
    const values: Record<string, string> = {};
    for (const [itemId, answer] of answers) {
      values[`answer:${itemId}`] = answer.answer ?? "";
      values[`comment:${itemId}`] = answer.comment.slice(0, 2000);
      values[`plan:${itemId}`] = answer.improvementPlan.slice(0, 2000);
      values[`due:${itemId}`] = answer.improvementDue.slice(0, 10);
    }
    return data<ActionFeedback>({ intent: intent.data, errors: result.errors, values }, { status: result.status });
  }
  throw redirect(`/team/self-inspection/${detail.summary.id}?saved=${result.submitted ? "submitted" : "draft"}`);
}

export default function TeamSelfInspectionResponse() {
  const { response, campaign, items, canAnswer } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("saved");
  const editable = canAnswer && response.status === "draft";
  return (
    <>
      <p className="breadcrumbs"><Link to="/team">所属の状況</Link> ＞ <Link to="/team/self-inspection">自己点検</Link> ＞ {response.departmentName}</p>
      <h1>{response.departmentName}の自己点検</h1>
      <p className="facts">
        <span><span className="muted">年度</span> {formatFiscalYear(campaign.fiscalYear)}</span>
        <span><span className="muted">提出期限</span> {formatWareki(campaign.dueDate)}</span>
        <span><span className="muted">状況</span> {response.status === "submitted" ? `提出済み（${formatJapanDateTime(response.submittedAt!)}、${response.submittedByName ?? "—"}）` : "未提出"}</span>
      </p>
      {saved === "draft" ? <p className="notice notice--ok" role="status">下書きを保存しました。</p> : null}
      {saved === "submitted" ? <p className="notice notice--ok" role="status">提出しました。人事担当の集計に反映されます。</p> : null}
      {saved === "closed" ? <p className="notice notice--ok" role="status">改善予定を完了にしました。</p> : null}
      <p className="lead">{campaign.title}。{campaign.intro}</p>
      {editable ? (
        <AnswerForm items={items} values={feedback && feedback.intent !== "close" ? feedback.values : null} errors={feedback && feedback.intent !== "close" ? feedback.errors : {}} />
      ) : (
        <>
          {!canAnswer ? <p className="notice">この所属の回答は、その所属の所属長が行います。ここでは閲覧だけができます。</p> : null}
          {feedback?.intent === "close" && feedback.errors.form ? <p className="form-error" role="alert">{feedback.errors.form}</p> : null}
          <AnswerTable items={items} closeAction={canAnswer && response.status === "submitted" ? (feedback?.intent === "close" ? { errors: feedback.errors } : true) : undefined} />
        </>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
