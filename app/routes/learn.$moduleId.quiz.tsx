import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { getMyAssignmentForModule, parseAssignmentParam } from "~/domain/assignments/learner.server";
import { learnPath } from "~/domain/assignments/links";
import { getSessionState, loginRedirectPath, requireUser } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { getModule } from "~/domain/content/catalog.server";
import { AttemptLockNotice } from "~/components/attempt-lock-notice";
import { getAttemptLock } from "~/domain/quiz/attempt-policy.server";
import type { AttemptLock } from "~/domain/quiz/attempt-policy";
import { getGradedAttempt, getOrStartAttempt, parseAnswerForm, submitAttempt, type GradedAttempt, type PublicQuestion } from "~/domain/quiz/attempts.server";
import { keepQuizAnswers } from "~/domain/quiz/pending.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `確認テスト：${data?.title ?? ""}｜まもり` }];

const TYPE_HINTS: Record<PublicQuestion["type"], string> = {
  single: "正しいものを1つ選んでください。",
  multiple: "当てはまるものをすべて選んでください。",
  truefalse: "正しいか誤りかを選んでください。",
};

async function requireQuizContext(request: Request, moduleId: string | undefined) {
  const user = await requireUser(request);
  const module = moduleId ? getModule(moduleId) : null;
  if (!module || !module.quiz) throw new Response("この研修には確認テストがありません。", { status: 404 });
  const assignment = getMyAssignmentForModule(getDb(), user.employeeId, module.id, today(), parseAssignmentParam(request));
  if (!assignment) throw new Response("この研修はあなたに割り当てられていません。", { status: 404 });
  return { module, assignment };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { module, assignment } = await requireQuizContext(request, params.moduleId);
  const base = { moduleId: module.id, assignmentId: assignment.id, title: module.title, passMark: module.quiz!.passMark, readAt: assignment.readAt, status: assignment.status };
  const attemptParam = new URL(request.url).searchParams.get("attempt");
  if (attemptParam !== null) {
    const attemptId = z.coerce.number().int().positive().safeParse(attemptParam);
    const graded = attemptId.success ? getGradedAttempt(getDb(), assignment.id, attemptId.data, module) : null;
    if (!graded) throw new Response("この採点結果は見つかりません。", { status: 404 });
    return { ...base, mode: "result" as const, graded, attempt: null, lock: getAttemptLock(getDb(), assignment.id, now()) };
  }
  if (assignment.closedAt !== null) throw new Response("この研修は年度の締めにより締め切られました。", { status: 409 });
  const state = getOrStartAttempt(getDb(), assignment.id, module, { now: now() });
  if (state.kind === "locked") return { ...base, mode: "locked" as const, attempt: null, graded: null, lock: state.lock };
  return { ...base, mode: "quiz" as const, attempt: state.attempt, graded: null, lock: null };
}

/**
 * Answers posted after the session ended (a long quiz, a coffee break) are not lost: they are kept
 * for this browser and graded right after the person signs in again (see quiz/pending.server.ts).
 */
async function keepAnswersForSignIn(request: Request, moduleId: string | undefined, reason: Parameters<typeof loginRedirectPath>[1]): Promise<never> {
  const form = await request.formData();
  const attemptId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(form.get("attemptId"));
  const module = moduleId ? getModule(moduleId) : null;
  const setCookie =
    attemptId.success && module?.quiz ? await keepQuizAnswers(getDb(), request, { attemptId: attemptId.data, moduleId: module.id, answers: parseAnswerForm(form) }, now()) : null;
  if (!setCookie) throw redirect(loginRedirectPath(request, reason));
  throw redirect(loginRedirectPath(request, reason, { kept: "quiz" }), { headers: { "Set-Cookie": setCookie } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await getSessionState(request);
  if (!session.user) return keepAnswersForSignIn(request, params.moduleId, session.reason);
  const { module, assignment } = await requireQuizContext(request, params.moduleId);
  const form = await request.formData();
  const attemptId = z.coerce.number().int().positive().safeParse(form.get("attemptId"));
  if (!attemptId.success) {
    return data({ message: "送信内容が正しくありません。ページを読み込み直してください。", problems: [], answers: {} }, { status: 400 });
  }
  const answers = parseAnswerForm(form);
  const result = submitAttempt(getDb(), { assignmentId: assignment.id, attemptId: attemptId.data, answers }, module, now());
  if (!result.ok) return data({ message: result.message, problems: result.problems, answers }, { status: result.status });
  throw redirect(`${learnPath(assignment, "/quiz")}&attempt=${result.attemptId}`);
}

function QuizForm({ attempt, formAction }: { attempt: { attemptId: number; questions: PublicQuestion[] }; formAction: string }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const problems = new Map((actionData?.problems ?? []).map((problem) => [problem.questionId, problem.message]));
  const previous: Record<string, number[]> = actionData?.answers ?? {};
  return (
    <Form method="post" action={formAction} noValidate>
      <input type="hidden" name="attemptId" value={attempt.attemptId} />
      {actionData?.message ? <p className="form-error" role="alert">{actionData.message}</p> : null}
      {attempt.questions.map((question, index) => {
        const error = problems.get(question.id);
        const errorId = `${question.id}-error`;
        return (
          <fieldset key={question.id} className={`quiz-question${error ? " quiz-question--error" : ""}`} aria-describedby={error ? errorId : undefined}>
            <legend>問{index + 1}</legend>
            <p className="quiz-question__prompt">{question.prompt}</p>
            <p className="muted">{TYPE_HINTS[question.type]}</p>
            {error ? <p id={errorId} className="field__error">{error}</p> : null}
            {question.options.map((option) => (
              <label key={option.value} className="quiz-option">
                <input
                  type={question.type === "multiple" ? "checkbox" : "radio"}
                  name={`answer.${question.id}`}
                  value={option.value}
                  defaultChecked={previous[question.id]?.includes(option.value)}
                />
                <span>{option.text}</span>
              </label>
            ))}
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="submit" className="button" disabled={navigation.state !== "idle"}>
          {navigation.state === "submitting" ? "採点しています…" : "回答を送信して採点する"}
        </button>
      </div>
    </Form>
  );
}

function Result({ graded, moduleId, assignmentId, readAt, status, lock }: { graded: GradedAttempt; moduleId: string; assignmentId: number; readAt: number | null; status: string; lock: AttemptLock | null }) {
  const modulePath = learnPath({ moduleId, id: assignmentId });
  return (
    <>
      <section className={`result-banner ${graded.passed ? "result-banner--pass" : "result-banner--fail"}`} aria-labelledby="result-heading" role="status">
        <h2 id="result-heading">{graded.passed ? "合格です" : "不合格です"}</h2>
        <p>
          {graded.questionCount}問中{graded.correctCount}問正解（得点 {graded.scorePercent}%、合格基準 {graded.passMark}%）
        </p>
        {graded.passed ? (
          status === "completed" ? <p>この研修は修了しています。</p> : readAt ? null : <p>本文の「読了」を押すと修了になります。</p>
        ) : (
          <p>選んだ選択肢の解説を確認し、本文の該当箇所を読み直してから、もう一度挑戦してください。問題は毎回入れ替わります。</p>
        )}
        {lock ? <AttemptLockNotice lock={lock} moduleId={moduleId} showReadLink={false} /> : null}
        <div className="actions">
          {graded.passed ? (
            readAt ? <Link className="button" to="/learn">マイ研修へ戻る</Link> : <Link className="button" to={modulePath}>本文に戻って読了する</Link>
          ) : lock ? null : (
            <Link className="button" to={learnPath({ moduleId, id: assignmentId }, "/quiz")}>もう一度受ける</Link>
          )}
          <Link className={`button${graded.passed || !lock?.rereadRequired ? " button--secondary" : ""}`} to={modulePath}>本文を読み直す</Link>
        </div>
      </section>
      <h2>あなたの回答と解説</h2>
      {graded.detailsAvailable ? (
        <p className="muted">選んだ選択肢ごとに、正しい理由・誤りの理由を示します。不正解だった問題の正しい選択肢は表示しません（次の受験で同じ問題が出ることがあるためです）。</p>
      ) : (
        <p className="muted">この受験のあとにモジュールが改訂されたため、問題ごとの解説は表示できません。</p>
      )}
      <ol className="graded">
        {graded.questions.map((question, index) => (
          <li key={question.id} className="quiz-question">
            <h3>
              問{index + 1}　{question.correct ? "正解" : "不正解"}
            </h3>
            <p className="quiz-question__prompt">{question.prompt}</p>
            <ul className="graded__options" aria-label={`問${index + 1}であなたが選んだ選択肢`}>
              {question.chosen.map((option) => (
                <li key={option.value} className={question.correct ? "is-right-choice" : "is-wrong-choice"}>
                  <span className="graded__tag">あなたの回答</span>
                  {option.text}
                  <p className="graded__explanation">{option.explanation}</p>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </>
  );
}

export default function QuizPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page--narrow">
      <p className="breadcrumbs">
        <Link to="/learn">マイ研修</Link> ／ <Link to={learnPath({ moduleId: loaderData.moduleId, id: loaderData.assignmentId })}>{loaderData.title}</Link> ／ 確認テスト
      </p>
      <h1>確認テスト：{loaderData.title}</h1>
      {loaderData.mode === "quiz" && loaderData.attempt ? (
        <>
          <p className="lead">全{loaderData.attempt.questions.length}問。{loaderData.passMark}%以上の正解で合格です。不合格のときは、少し時間をおいてから受け直せます。</p>
          <QuizForm key={loaderData.attempt.attemptId} attempt={loaderData.attempt} formAction={learnPath({ moduleId: loaderData.moduleId, id: loaderData.assignmentId }, "/quiz")} />
        </>
      ) : loaderData.mode === "locked" && loaderData.lock ? (
        <>
          {actionData?.message ? <p className="form-error" role="alert">{actionData.message}</p> : null}
          <AttemptLockNotice lock={loaderData.lock} moduleId={loaderData.moduleId} showReadLink={false} />
          <p className="actions">
            <Link className="button button--secondary" to={learnPath({ moduleId: loaderData.moduleId, id: loaderData.assignmentId })}>本文を読み直す</Link>
            <Link className="button button--secondary" to="/learn">マイ研修へ戻る</Link>
          </p>
        </>
      ) : loaderData.graded ? (
        <Result graded={loaderData.graded} moduleId={loaderData.moduleId} assignmentId={loaderData.assignmentId} readAt={loaderData.readAt} status={loaderData.status} lock={loaderData.lock} />
      ) : null}
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
