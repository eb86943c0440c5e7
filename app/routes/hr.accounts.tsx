import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { ActivationSlips } from "~/components/activation-slips";
import { SelectAllCheckbox } from "~/components/select-all-checkbox";
import { activationUrl, issueActivationCodes, listAccountsForActivation } from "~/domain/auth/activation.server";
import { ACTIVATION_DAYS } from "~/domain/auth/policy";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";

export const meta: MetaFunction = () => [{ title: "アカウントの有効化｜まもり" }];

const LIMIT = 300;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, 50);
  const pendingOnly = url.searchParams.get("all") !== "1";
  const rows = listAccountsForActivation(getDb(), { pendingOnly, query, limit: LIMIT + 1, now: now() });
  // 「表示中の全員を選択」 is a plain link (?select=all), so selecting everyone works without JavaScript.
  const selectAll = url.searchParams.get("select") === "all";
  return { rows: rows.slice(0, LIMIT), more: rows.length > LIMIT, query, pendingOnly, selectAll, activateUrl: activationUrl(request) };
}

const IssueSchema = z.object({
  intent: z.enum(["issue", "reset"]),
  employeeNos: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,20}$/)).min(1, "対象の職員を選んでください。").max(1000, "一度に発行できるのは1000人までです。"),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr");
  const form = await request.formData();
  const parsed = IssueSchema.safeParse({ intent: form.get("intent"), employeeNos: form.getAll("employeeNos") });
  if (!parsed.success) return data({ message: parsed.error.issues[0].message, issued: null }, { status: 400 });
  const issued = issueActivationCodes(getDb(), { employeeNos: parsed.data.employeeNos, reset: parsed.data.intent === "reset" }, { accountId: user.accountId, ip: context?.clientIp ?? null }, now());
  if (issued.length === 0) return data({ message: "対象の在職者が見つかりませんでした。", issued: null }, { status: 400 });
  return { message: null, issued, reset: parsed.data.intent === "reset" };
}

function selectLink(current: URLSearchParams, all: boolean): string {
  const next = new URLSearchParams(current);
  if (all) next.set("select", "all");
  else next.delete("select");
  return `/hr/accounts?${next.toString()}`;
}

export default function Accounts() {
  const { rows, more, query, pendingOnly, selectAll, activateUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  if (actionData?.issued) {
    return (
      <>
        <p className="breadcrumbs no-print"><Link to="/hr">人事ダッシュボード</Link> ／ <Link to="/hr/accounts">アカウントの有効化</Link> ／ 発行結果</p>
        <ActivationSlips
          issued={actionData.issued} activateUrl={activateUrl} days={ACTIVATION_DAYS}
          note={"reset" in actionData && actionData.reset ? "パスワードはリセットされ、ログイン中のセッションは無効になりました。" : undefined}
          backTo={{ to: "/hr/accounts", label: "一覧へ戻る" }}
        />
      </>
    );
  }
  return (
    <>
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ アカウントの有効化</p>
      <h1>アカウントの有効化・パスワードのリセット</h1>
      <p className="lead">取り込んだ職員のアカウントにはまだパスワードがありません。有効化コードを発行して本人に渡すと、本人が <code>/activate</code> でパスワードを設定します。</p>
      {actionData?.message ? <p className="form-error" role="alert">{actionData.message}</p> : null}
      <Form method="get" className="card actions" role="search">
        <div className="field">
          <label htmlFor="q">職員番号・氏名・所属で絞り込み</label>
          <input id="q" name="q" type="text" defaultValue={query} />
        </div>
        <label className="quiz-option"><input type="checkbox" name="all" value="1" defaultChecked={!pendingOnly} /><span>パスワード設定済みの人も表示</span></label>
        <button type="submit" className="button button--secondary">表示</button>
      </Form>
      <Form method="post" id="accounts-form">
        {rows.length > 0 ? (
          <p className="actions">
            {selectAll
              ? <Link to={selectLink(searchParams, false)} className="button button--secondary">選択を解除</Link>
              : <Link to={selectLink(searchParams, true)} className="button button--secondary">表示中の全員（{rows.length}人）を選択</Link>}
          </p>
        ) : null}
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">アカウントの一覧</caption>
            <thead><tr><th scope="col"><SelectAllCheckbox formId="accounts-form" name="employeeNos" label="表示中の全員を選択" /></th><th scope="col">職員番号</th><th scope="col">氏名</th><th scope="col">所属</th><th scope="col">状態</th></tr></thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.employeeNo}>
                  <td><input type="checkbox" name="employeeNos" value={row.employeeNo} defaultChecked={selectAll} aria-label={`${row.name}（${row.employeeNo}）を選択`} /></td>
                  <td>{row.employeeNo}</td><td>{row.name}</td><td>{row.departmentName}</td>
                  <td>{row.hasPassword ? "設定済み" : row.pendingCode ? "コード発行済み（未使用）" : "未設定"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length === 0 ? <p className="card">該当するアカウントはありません。</p> : null}
        {more ? <p className="muted">最初の{LIMIT}人を表示しています。絞り込んでください。</p> : null}
        <div className="actions">
          <button type="submit" name="intent" value="issue" className="button" disabled={navigation.state !== "idle"}>選んだ人に有効化コードを発行</button>
          <button type="submit" name="intent" value="reset" className="button button--secondary" disabled={navigation.state !== "idle"}>選んだ人のパスワードをリセット</button>
        </div>
      </Form>
      {searchParams.get("q") === null ? null : <p className="muted">検索語：{query || "（なし）"}</p>}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
