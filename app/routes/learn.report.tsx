// 「不審メールを報告」: the learner pastes the suspicious mail (or its reference). A drill mail sent
// to them is recorded as reported (once); anything else may be a real attack and is sent to the
// people who handle those.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { requireUser } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";
import { getDrillConfig } from "~/domain/drills/config.server";
import { reportFromLearner } from "~/domain/drills/events.server";

export const meta: MetaFunction = () => [{ title: "不審メールを報告｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return { reportAddress: getDrillConfig().reportAddress };
}

const ReportSchema = z.object({
  mail: z.string().trim().min(1, "メールの本文、リンク、またはメール末尾の番号を貼り付けてください。").max(100_000, "長すぎます。本文の一部（リンクや末尾の番号を含む部分）を貼り付けてください。"),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const parsed = ReportSchema.safeParse({ mail: form.get("mail") ?? "" });
  if (!parsed.success) return data({ error: parsed.error.issues[0].message, outcome: null }, { status: 400 });
  const outcome = reportFromLearner(getDb(), user.employeeId, parsed.data.mail, now());
  return { error: null, outcome: outcome.matched === 0 ? ("unknown" as const) : outcome.firstReports > 0 ? ("drill" as const) : ("again" as const) };
}

export default function ReportSuspiciousMail() {
  const { reportAddress } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.error ?? null;
  return (
    <div className="page--narrow">
      <p className="breadcrumbs"><Link to="/learn">マイ研修</Link> ＞ 不審メールを報告</p>
      <h1>不審メールを報告</h1>
      {actionData?.outcome === "drill" ? (
        <p className="notice notice--ok" role="status">ご報告ありがとうございました。このメールは訓練メールでした。不審なメールに気付いて報告できたことが、いちばん大切な行動です。</p>
      ) : null}
      {actionData?.outcome === "again" ? <p className="notice notice--ok" role="status">このメールはすでに報告済みです（訓練メールでした）。ありがとうございました。</p> : null}
      {actionData?.outcome === "unknown" ? (
        <p className="notice notice--warn" role="alert">
          訓練メールとは一致しませんでした。実際の不審メールの可能性があります。リンクや添付ファイルは開かず、所属の情報セキュリティ管理者（または情報政策課）に連絡してください。
        </p>
      ) : null}
      <p>
        不審なメールを受け取ったら、リンクや添付ファイルを開かずに報告してください。メールの本文（リンクを含む部分）か、メールの末尾にある番号を下の欄に貼り付けて報告します。
        {reportAddress ? <>メールソフトから <strong>{reportAddress}</strong> に転送して報告することもできます。</> : null}
      </p>
      <Form method="post" className="card" noValidate>
        <div className="field">
          <label htmlFor="report-mail">不審なメールの本文、またはメール末尾の番号</label>
          <p className="field__hint" id="report-mail-hint">リンクはクリックせずに、テキストとしてコピーして貼り付けてください。</p>
          <textarea id="report-mail" name="mail" rows={8} required aria-invalid={error ? true : undefined} aria-describedby={`report-mail-hint${error ? " report-mail-error" : ""}`} />
          {error ? <p className="field__error" id="report-mail-error">{error}</p> : null}
        </div>
        <div className="actions">
          <button type="submit" className="button">報告する</button>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
