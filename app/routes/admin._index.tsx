import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { listRecentAudit } from "~/domain/admin/audit-log.server";
import { runDirectoryTest, signInMethods } from "~/domain/admin/directory-status.server";
import { getDirectoryConfig } from "~/domain/auth/directory-config.server";
import { requireRole } from "~/domain/auth/session.server";
import { formatJapanDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "システム管理｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { entries: listRecentAudit(getDb(), 100), methods: signInMethods(getDirectoryConfig()) };
}

const ActionSchema = z.object({ intent: z.literal("test-directory") });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "不明な操作です。", results: null }, { status: 400 });
  const config = getDirectoryConfig();
  if (!config.ldap && !config.oidc) return data({ error: "ディレクトリ連携（LDAP・OpenID Connect）は設定されていません。", results: null }, { status: 400 });
  const results = await runDirectoryTest(getDb(), config, user.accountId, context?.clientIp ?? null);
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
  const { entries, methods } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>システム管理</h1>
      <p><Link to="/admin/outbox">送信キュー（メール）を見る</Link></p>
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
