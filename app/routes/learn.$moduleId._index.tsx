import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db/client.server";
import { acknowledgePolicy } from "~/domain/assignments/acknowledge.server";
import { getMyAssignmentForModule, parseAssignmentParam, recordModuleOpened, recordModuleRead } from "~/domain/assignments/learner.server";
import { learnPath } from "~/domain/assignments/links";
import { requireUser } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { getModule } from "~/domain/content/catalog.server";
import { formatSecondsJa, READING_CHARS_PER_MINUTE } from "~/domain/content/reading-time";
import { fiscalYearOf, formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";
import { AttemptLockNotice } from "~/components/attempt-lock-notice";
import { getAttemptLock } from "~/domain/quiz/attempt-policy.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.module.title ?? "研修"}｜まもり` }];

async function requireAssignedModule(request: Request, moduleId: string | undefined) {
  const user = await requireUser(request);
  const module = moduleId ? getModule(moduleId) : null;
  if (!module) throw new Response("指定された研修モジュールはありません。", { status: 404 });
  const assignment = getMyAssignmentForModule(getDb(), user.employeeId, module.id, today(), parseAssignmentParam(request));
  if (!assignment) throw new Response("この研修はあなたに割り当てられていません。", { status: 404 });
  return { user, module, assignment };
}

const CLOSED_MESSAGE = "この研修は年度の締めにより締め切られました。受講の記録はそのまま残ります。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { module, assignment } = await requireAssignedModule(request, params.moduleId);
  const openedAt = now();
  if (assignment.status !== "completed" && assignment.closedAt === null) recordModuleOpened(getDb(), assignment.id, openedAt);
  const date = today();
  return {
    lock: module.quiz ? getAttemptLock(getDb(), assignment.id, openedAt) : null,
    module: {
      id: module.id, title: module.title, summary: module.summary, minutes: module.minutes, version: module.version,
      kind: module.kind, html: module.html, minReadSeconds: module.minReadSeconds, hasQuiz: Boolean(module.quiz),
    },
    assignment: {
      id: assignment.id, status: assignment.status, dueDate: assignment.dueDate, readAt: assignment.readAt, completedAt: assignment.completedAt,
      reason: assignment.reason, source: assignment.source, cycle: assignment.cycle, closed: assignment.closedAt !== null,
      fiscalYear: assignment.fiscalYear, earlierYear: assignment.fiscalYear < fiscalYearOf(date),
    },
  };
}

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read") }),
  z.object({ intent: z.literal("acknowledge"), agree: z.literal("yes").optional() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, module, assignment } = await requireAssignedModule(request, params.moduleId);
  const parsed = IntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ field: null, message: "不正な操作です。ページを読み込み直してください。" }, { status: 400 });
  if (assignment.closedAt !== null) return data({ field: null, message: CLOSED_MESSAGE }, { status: 409 });
  if (parsed.data.intent === "read") {
    if (module.kind !== "training") return data({ field: null, message: "不正な操作です。" }, { status: 400 });
    const { completed } = recordModuleRead(getDb(), assignment.id, now());
    throw redirect(completed ? `/learn?completed=${module.id}` : learnPath(assignment, "/quiz"));
  }
  const result = acknowledgePolicy(getDb(), { assignmentId: assignment.id, employeeId: user.employeeId, agreed: parsed.data.agree === "yes" }, module, now());
  if (!result.ok) return data({ field: result.field, message: result.message }, { status: 400 });
  throw redirect(`/learn?completed=${module.id}`);
}

function AcknowledgeForm({ minReadSeconds, formAction }: { minReadSeconds: number; formAction: string }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  // Enhancement only: a countdown in the browser. The server enforces the minimum time itself.
  // Not a live region: announcing every second of a several-minute wait would drown the reader.
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  useEffect(() => {
    const startedAt = Date.now();
    setSecondsLeft(minReadSeconds);
    const timer = window.setInterval(() => {
      const left = Math.max(0, minReadSeconds - Math.floor((Date.now() - startedAt) / 1000));
      setSecondsLeft(left);
      if (left === 0) window.clearInterval(timer);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [minReadSeconds]);
  const errorId = actionData?.message ? "ack-error" : undefined;
  return (
    <Form method="post" action={formAction} className="card" aria-labelledby="ack-heading">
      <h2 id="ack-heading">誓約</h2>
      {actionData?.message ? <p id="ack-error" className="form-error" role="alert">{actionData.message}</p> : null}
      <p>
        {/* One line: JSX would join two source lines with a space, between two Japanese characters. */}
        本文を最後まで読んだうえで、次の内容に同意してください。本文の長さ（1分間に{READING_CHARS_PER_MINUTE}字で読む時間）から、本文を開いてから<strong>{formatSecondsJa(minReadSeconds)}</strong>以上たつと誓約できます。
      </p>
      <div className="field">
        <label className="quiz-option">
          <input type="checkbox" name="agree" value="yes" aria-describedby={errorId} aria-invalid={actionData?.field === "agree" ? true : undefined} />
          <span>基本方針を理解し、遵守します</span>
        </label>
      </div>
      <div className="actions">
        <button type="submit" name="intent" value="acknowledge" className="button" disabled={navigation.state !== "idle"}>誓約する</button>
        {secondsLeft !== null && secondsLeft > 0 ? <span className="muted">あと{formatSecondsJa(secondsLeft)}で誓約できます</span> : null}
      </div>
    </Form>
  );
}

export default function ModulePage() {
  const { module, assignment, lock } = useLoaderData<typeof loader>();
  const mustRead = !assignment.readAt || Boolean(lock?.rereadRequired);
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const done = assignment.status === "completed";
  const self = learnPath({ moduleId: module.id, id: assignment.id });
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/learn">マイ研修</Link> ／ {module.title}</p>
      <h1>{module.title}</h1>
      <p className="lead">{module.summary}</p>
      <p>
        <StatusBadge status={assignment.status} closed={assignment.closed} />{" "}
        <span className="muted">
          {assignment.earlierYear ? `${formatFiscalYear(assignment.fiscalYear)}・` : ""}
          {assignment.cycle > 1 ? "再受講・" : ""}期限 {formatWareki(assignment.dueDate)}・目安 {module.minutes}分・第{module.version}版
        </span>
      </p>
      {assignment.reason ? <p className="notice">受講の理由：{assignment.reason}</p> : null}
      {assignment.closed ? <p className="notice notice--warn">{CLOSED_MESSAGE}</p> : null}
      <article className="module-body" aria-label="本文" dangerouslySetInnerHTML={{ __html: module.html }} />
      {assignment.closed ? null : module.kind === "acknowledgement" ? (
        done ? (
          <p className="notice notice--ok">{assignment.completedAt ? formatJapanDateTime(assignment.completedAt) : ""}に誓約済みです。</p>
        ) : (
          <AcknowledgeForm minReadSeconds={module.minReadSeconds} formAction={self} />
        )
      ) : (
        <section className="card" aria-labelledby="next-heading">
          <h2 id="next-heading">読み終えたら</h2>
          {actionData?.message ? <p className="form-error" role="alert">{actionData.message}</p> : null}
          {assignment.readAt ? (
            <p>{formatJapanDateTime(assignment.readAt)}に読了しました。{done ? "この研修は修了しています。" : "確認テストに合格すると修了です。"}</p>
          ) : (
            <p>最後まで読んだら「読了」を押してください。続けて確認テスト（合格で修了）に進みます。</p>
          )}
          {lock ? <AttemptLockNotice lock={lock} moduleId={module.id} showReadLink={false} /> : null}
          <div className="actions">
            {!mustRead ? null : (
              <Form method="post" action={self}>
                <button type="submit" name="intent" value="read" className="button" disabled={navigation.state !== "idle"}>読了</button>
              </Form>
            )}
            {module.hasQuiz ? (
              <Link className={!mustRead && !lock && !done ? "button" : "button button--secondary"} to={learnPath({ moduleId: module.id, id: assignment.id }, "/quiz")}>
                {done ? "確認テストを復習する" : "確認テストへ進む"}
              </Link>
            ) : null}
          </div>
        </section>
      )}
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
