import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { getMyAssignmentForModule } from "~/domain/assignments/learner.server";
import { requireUser } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { getModule } from "~/domain/content/catalog.server";
import { AttemptLockNotice } from "~/components/attempt-lock-notice";
import { getAttemptLock } from "~/domain/quiz/attempt-policy.server";
import type { AttemptLock } from "~/domain/quiz/attempt-policy";
import { getGradedAttempt, getOrStartAttempt, parseAnswerForm, submitAttempt, type GradedAttempt, type PublicQuestion } from "~/domain/quiz/attempts.server";

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
  const assignment = getMyAssignmentForModule(getDb(), user.employeeId, module.id, today());
  if (!assignment) throw new Response("この研修はあなたに割り当てられていません。", { status: 404 });
  return { module, assignment };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { module, assignment } = await requireQuizContext(request, params.moduleId);
  const base = { moduleId: module.id, title: module.title, passMark: module.quiz!.passMark, readAt: assignment.readAt, status: assignment.status };
  const attemptParam = new URL(request.url).searchParams.get("attempt");
  if (attemptParam !== null) {
    const attemptId = z.coerce.number().int().positive().safeParse(attemptParam);
    const graded = attemptId.success ? getGradedAttempt(getDb(), assignment.id, attemptId.data, module) : null;
    if (!graded) throw new Response("この採点結果は見つかりません。", { status: 404 });
    return { ...base, mode: "result" as const, graded, attempt: null, lock: getAttemptLock(getDb(), assignment.id, now()) };
  }
  const state = getOrStartAttempt(getDb(), assignment.id, module, { now: now() });
  if (state.kind === "locked") return { ...base, mode: "locked" as const, attempt: null, graded: null, lock: state.lock };
  return { ...base, mode: "quiz" as const, attempt: state.attempt, graded: null, lock: null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { module, assignment } = await requireQuizContext(request, params.moduleId);
  const form = await request.formData();
  const attemptId = z.coerce.number().int().positive().safeParse(form.get("attemptId"));
  if (!attemptId.success) {
    return data({ message: "送信内容が正しくありません。ページを読み込み直してください。", problems: [], answers: {} }, { status: 400 });
  }
  const answers = parseAnswerForm(form);
  const result = submitAttempt(getDb(), { assignmentId: assignment.id, attemptId: attemptId.data, answers }, module, now());
  if (!result.ok) return data({ message: result.message, problems: result.problems, answers }, { status: result.status });
  throw redirect(`/learn/${module.id}/quiz?attempt=${result.attemptId}`);
}

function QuizForm({ attempt }: { attempt: { attemptId: number; questions: PublicQuestion[] } }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const problems = new Map((actionData?.problems ?? []).map((problem) => [problem.questionId, problem.message]));
  const previous: Record<string, number[]> = actionData?.answers ?? {};
  return (
    <Form method="post" noValidate>
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

function Result({ graded, moduleId, readAt, status, lock }: { graded: GradedAttempt; moduleId: string; readAt: number | null; status: string; lock: AttemptLock | null }) {
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
            readAt ? <Link className="button" to="/learn">マイ研修へ戻る</Link> : <Link className="button" to={`/learn/${moduleId}`}>本文に戻って読了する</Link>
          ) : lock ? null : (
            <Link className="button" to={`/learn/${moduleId}/quiz`}>もう一度受ける</Link>
          )}
          <Link className={`button${graded.passed || !lock?.rereadRequired ? " button--secondary" : ""}`} to={`/learn/${moduleId}`}>本文を読み直す</Link>
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
        <Link to="/learn">マイ研修</Link> ／ <Link to={`/learn/${loaderData.moduleId}`}>{loaderData.title}</Link> ／ 確認テスト
      </p>
      <h1>確認テスト：{loaderData.title}</h1>
      {loaderData.mode === "quiz" && loaderData.attempt ? (
        <>
          <p className="lead">全{loaderData.attempt.questions.length}問。{loaderData.passMark}%以上の正解で合格です。不合格のときは、少し時間をおいてから受け直せます。</p>
          <QuizForm key={loaderData.attempt.attemptId} attempt={loaderData.attempt} />
        </>
      ) : loaderData.mode === "locked" && loaderData.lock ? (
        <>
          {actionData?.message ? <p className="form-error" role="alert">{actionData.message}</p> : null}
          <AttemptLockNotice lock={loaderData.lock} moduleId={loaderData.moduleId} showReadLink={false} />
          <p className="actions">
            <Link className="button button--secondary" to={`/learn/${loaderData.moduleId}`}>本文を読み直す</Link>
            <Link className="button button--secondary" to="/learn">マイ研修へ戻る</Link>
          </p>
        </>
      ) : loaderData.graded ? (
        <Result graded={loaderData.graded} moduleId={loaderData.moduleId} readAt={loaderData.readAt} status={loaderData.status} lock={loaderData.lock} />
      ) : null}
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
