import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AuditTable } from "~/components/audit-table";
import { getDb } from "~/db/client.server";
import { listRecentAudit } from "~/domain/admin/audit-log.server";
import { requireRole } from "~/domain/auth/session.server";
import { hrMaySeeIndividuals, setHrIndividualResults } from "~/domain/drills/results.server";

export const meta: MetaFunction = () => [{ title: "システム管理｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { entries: listRecentAudit(getDb(), 20), drillIndividuals: hrMaySeeIndividuals(getDb()) };
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
      <ul className="link-list">
        <li><Link to="/admin/roles">権限の管理（人事・監査・システム管理者・所属長）</Link></li>
        <li><Link to="/admin/audit">監査ログ（検索・CSV）</Link></li>
        <li><Link to="/admin/outbox">送信キュー（メール）</Link></li>
        <li><Link to="/report-settings">報告書の宛先・発信者</Link></li>
        <li><Link to="/admin/settings">表示と修了証の設定（自治体名・修了証の発行者）</Link></li>
      </ul>
      <section aria-labelledby="drill-setting-title" className="card">
        <h2 id="drill-setting-title">標的型攻撃メール訓練の個人結果</h2>
        <p>現在: {drillIndividuals ? "人事担当者は職員ごとの結果を閲覧できます。" : "人事担当者は所属ごとの集計だけを閲覧できます。"}</p>
        <Form method="post">
          <input type="hidden" name="drillIndividuals" value={drillIndividuals ? "off" : "on"} />
          <button type="submit" className="button button--secondary">{drillIndividuals ? "所属ごとの集計だけにする" : "職員ごとの結果の閲覧を許可する"}</button>
        </Form>
      </section>
      <h2>最近の操作（新しい順、20件）</h2>
      <AuditTable rows={entries} caption="最近の監査ログ" withDetails={false} />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
