import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AuditTable } from "~/components/audit-table";
import { getDb } from "~/db/client.server";
import { listRecentAudit } from "~/domain/admin/audit-log.server";
import { runDirectoryTest, signInMethods } from "~/domain/admin/directory-status.server";
import { getDirectoryConfig } from "~/domain/auth/directory-config.server";
import { requireRole } from "~/domain/auth/session.server";
import { hrMaySeeIndividuals, setHrIndividualResults } from "~/domain/drills/results.server";

export const meta: MetaFunction = () => [{ title: "システム管理｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const db = getDb();
  return { entries: listRecentAudit(db, 20), methods: signInMethods(getDirectoryConfig()), drillIndividuals: hrMaySeeIndividuals(db) };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("test-directory") }),
  z.object({ intent: z.literal("drill-individuals"), drillIndividuals: z.enum(["on", "off"]) }),
]);

/** Two actions: the directory connection test, and whether HR sees individual drill results. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "不明な操作です。", results: null }, { status: 400 });
  const ip = context?.clientIp ?? null;
  if (parsed.data.intent === "drill-individuals") {
    setHrIndividualResults(getDb(), parsed.data.drillIndividuals === "on", { accountId: user.accountId, ip });
    throw redirect("/admin");
  }
  const config = getDirectoryConfig();
  if (!config.ldap && !config.oidc) return data({ error: "ディレクトリ連携（LDAP・OpenID Connect）は設定されていません。", results: null }, { status: 400 });
  const results = await runDirectoryTest(getDb(), config, user.accountId, ip);
  return data({ error: null, results });
}

function Setting({ term, value }: { term: string; value: string | null }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value ?? "—"}</dd>
    </>
  );
}

export default function Admin() {
  const { entries, methods, drillIndividuals } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
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
      <h2>ログイン方式</h2>
      <div className="card">
        <ul>
          <li>職員番号とパスワード（まもりのパスワード）: 有効（最初の管理者と、パスワードを設定した人）</li>
          <li>ディレクトリ（Active Directory・LDAP）: {methods.ldap ? "有効" : "無効（LDAP_URL が未設定）"}</li>
          <li>組織のアカウント（OpenID Connect）: {methods.oidc ? "有効" : "無効（OIDC_ISSUER が未設定）"}</li>
        </ul>
        {methods.ldap ? (
          <>
            <h3>ディレクトリ（LDAP）の設定</h3>
            <dl>
              <Setting term="サーバー" value={methods.ldap.url} />
              <Setting term="通信の暗号化" value={methods.ldap.transport} />
              <Setting term="サービスアカウント" value={methods.ldap.serviceAccount ?? "なし（匿名で検索）"} />
              <Setting term="検索の起点" value={methods.ldap.baseDn} />
              <Setting term="ログイン時の検索フィルタ" value={methods.ldap.userFilter} />
              <Setting term="職員番号の属性" value={methods.ldap.employeeAttribute} />
              <Setting term="役割のグループ" value={methods.ldap.roleGroups.length > 0 ? methods.ldap.roleGroups.join("、") : "なし"} />
              <Setting term="名簿同期のフィルタ" value={methods.ldap.syncFilter} />
            </dl>
          </>
        ) : null}
        {methods.oidc ? (
          <>
            <h3>組織のアカウント（OpenID Connect）の設定</h3>
            <dl>
              <Setting term="発行者（Issuer）" value={methods.oidc.issuer} />
              <Setting term="クライアントID" value={methods.oidc.clientId} />
              <Setting term="コールバックURL" value={methods.oidc.redirectUri} />
              <Setting term="職員との対応付け" value={`クレーム ${methods.oidc.employeeClaim} を${methods.oidc.matchBy}と照合`} />
            </dl>
          </>
        ) : null}
        {actionData?.error ? <p className="form-error" role="alert">{actionData.error}</p> : null}
        {actionData?.results ? (
          <div role="status">
            {actionData.results.map((result) => (
              <p key={result.method} className={`notice ${result.ok ? "notice--ok" : "notice--bad"}`}>
                {result.label}: {result.ok ? "成功" : "失敗"} — {result.detail}
              </p>
            ))}
          </div>
        ) : null}
        {methods.ldap || methods.oidc ? (
          <Form method="post">
            <button type="submit" name="intent" value="test-directory" className="button button--secondary" disabled={busy}>
              {busy ? "テストしています…" : "接続テスト"}
            </button>
          </Form>
        ) : null}
      </div>
      <section aria-labelledby="drill-setting-title" className="card">
        <h2 id="drill-setting-title">標的型攻撃メール訓練の個人結果</h2>
        <p>現在: {drillIndividuals ? "人事担当者は職員ごとの結果を閲覧できます。" : "人事担当者は所属ごとの集計だけを閲覧できます。"}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="drill-individuals" />
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
