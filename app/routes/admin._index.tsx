import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { listRecentAudit } from "~/domain/admin/audit-log.server";
import { requireRole } from "~/domain/auth/session.server";
import { hrMaySeeIndividuals, setHrIndividualResults } from "~/domain/drills/results.server";
import { formatJapanDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "システム管理｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { entries: listRecentAudit(getDb(), 100), drillIndividuals: hrMaySeeIndividuals(getDb()) };
}

/** The one setting here: whether HR sees individual drill results or department totals only. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const form = await request.formData();
  const value = form.get("drillIndividuals");
  if (value !== "on" && value !== "off") throw new Response("設定値が正しくありません。", { status: 400 });
  setHrIndividualResults(getDb(), value === "on", { accountId: user.accountId, ip: context?.clientIp ?? null });
  throw redirect("/admin");
}

export default function Admin() {
  const { entries, drillIndividuals } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>システム管理</h1>
      <p><Link to="/admin/outbox">送信キュー（メール）を見る</Link></p>
      <section aria-labelledby="drill-setting-title" className="card">
        <h2 id="drill-setting-title">標的型攻撃メール訓練の個人結果</h2>
        <p>現在: {drillIndividuals ? "人事担当者は職員ごとの結果を閲覧できます。" : "人事担当者は所属ごとの集計だけを閲覧できます。"}</p>
        <Form method="post">
          <input type="hidden" name="drillIndividuals" value={drillIndividuals ? "off" : "on"} />
          <button type="submit" className="button button--secondary">{drillIndividuals ? "所属ごとの集計だけにする" : "職員ごとの結果の閲覧を許可する"}</button>
        </Form>
      </section>
      <h2>監査ログ（新しい順、最大100件）</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">日時</th><th scope="col">操作者</th><th scope="col">操作</th><th scope="col">対象</th><th scope="col">IP</th></tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatJapanDateTime(entry.at)}</td><td>{entry.actor ?? "—"}</td><td>{entry.action}</td>
                <td>{entry.targetType ? `${entry.targetType}:${entry.targetId}` : "—"}</td><td>{entry.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
