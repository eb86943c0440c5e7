import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { grantRole, listRoleHolders, revokeRole, searchAccounts, type RoleHolder } from "~/domain/admin/roles.server";
import { MANAGEABLE_ROLES, ROLE_LABELS } from "~/domain/auth/roles";
import { requireRole } from "~/domain/auth/session.server";
import { now } from "~/domain/clock.server";

export const meta: MetaFunction = () => [{ title: "権限の管理｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const db = getDb();
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100).trim();
  return { q, results: q ? searchAccounts(db, q) : [], holders: listRoleHolders(db) };
}

const ChangeSchema = z.object({
  intent: z.enum(["grant", "revoke"], { error: "操作が正しくありません。" }),
  employeeNo: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, "職員番号が正しくありません。"),
  role: z.enum(MANAGEABLE_ROLES, { error: "権限の種類が正しくありません。" }),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const form = await request.formData();
  const parsed = ChangeSchema.safeParse({ intent: form.get("intent"), employeeNo: form.get("employeeNo"), role: form.get("role") });
  if (!parsed.success) return data({ ok: false as const, message: parsed.error.issues[0].message }, { status: 400 });
  const { intent, employeeNo, role } = parsed.data;
  const actor = { accountId: user.accountId, ip: context?.clientIp ?? null };
  const result = intent === "grant" ? grantRole(getDb(), employeeNo, role, actor, now()) : revokeRole(getDb(), employeeNo, role, actor, now());
  if (!result.ok) return data({ ok: false as const, message: result.message }, { status: result.status });
  const who = `${result.holder.name}（${result.holder.employeeNo}）`;
  const message = !result.changed
    ? `${who}はすでに${intent === "grant" ? "" : "「"}${ROLE_LABELS[role]}${intent === "grant" ? "の権限を持っています" : "」の権限を持っていません"}。`
    : `${who}の「${ROLE_LABELS[role]}」の権限を${intent === "grant" ? "付与" : "取り消"}しました。`;
  return data({ ok: true as const, message });
}

function RoleButtons({ holder }: { holder: RoleHolder }) {
  return (
    <ul className="role-buttons">
      {MANAGEABLE_ROLES.map((role) => {
        const has = holder.roles.includes(role);
        return (
          <li key={role}>
            <Form method="post">
              <input type="hidden" name="employeeNo" value={holder.employeeNo} />
              <input type="hidden" name="role" value={role} />
              <button
                type="submit" name="intent" value={has ? "revoke" : "grant"}
                className={has ? "button button--secondary button--small" : "button button--small"}
                aria-label={`${holder.name}（${holder.employeeNo}）の「${ROLE_LABELS[role]}」を${has ? "取り消す" : "付与する"}`}
              >
                {ROLE_LABELS[role]}を{has ? "取り消す" : "付与"}
              </button>
            </Form>
          </li>
        );
      })}
    </ul>
  );
}

function HolderTable({ rows, caption }: { rows: RoleHolder[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr><th scope="col">職員番号</th><th scope="col">氏名</th><th scope="col">所属</th><th scope="col">現在の権限</th><th scope="col">所属長を務める所属</th><th scope="col">変更</th></tr>
        </thead>
        <tbody>
          {rows.map((holder) => (
            <tr key={holder.accountId}>
              <td>{holder.employeeNo}</td>
              <td>{holder.name}{!holder.active || holder.disabled ? <span className="list-table__note">（無効）</span> : null}</td>
              <td>{holder.departmentName}</td>
              <td>{holder.roles.map((role) => ROLE_LABELS[role]).join("・") || "—"}</td>
              <td>
                {holder.heads.length === 0 ? "—" : holder.heads.map((head, index) => (
                  <span key={head.id}>{index > 0 ? "・" : ""}<Link to={`/hr/departments/${head.id}`}>{head.name}</Link></span>
                ))}
              </td>
              <td><RoleButtons holder={holder} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function AdminRoles() {
  const { q, results, holders } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <nav aria-label="パンくずリスト" className="breadcrumbs"><Link to="/admin">システム管理</Link> ／ 権限の管理</nav>
      <h1>権限の管理</h1>
      <p className="lead">人事・監査・システム管理者・所属長の権限を付与・取り消します。変更はすべて監査ログに残ります。</p>
      <ul className="compact-list muted">
        <li>最後の有効なシステム管理者の権限は取り消せません（名簿の取り込みで退職にすることもできません）。</li>
        <li>所属長の権限は、所属の管理（<Link to="/hr/departments">所属</Link>、人事が設定）で所属長に設定すると自動で付与されます。所属長を務めている間は取り消せません。先に所属長を変更してください。</li>
      </ul>
      {result ? <p className={`notice ${result.ok ? "notice--ok" : "notice--bad"}`} role={result.ok ? "status" : "alert"}>{result.message}</p> : null}
      <Form method="get" className="filter-bar" role="search" aria-label="職員の検索">
        <div className="field field--wide">
          <label htmlFor="roles-q">職員番号・氏名・カナ</label>
          <input id="roles-q" name="q" type="search" defaultValue={q} maxLength={100} autoComplete="off" />
        </div>
        <div className="filter-bar__submit"><button type="submit" className="button">検索</button></div>
      </Form>
      {q ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">「{q}」の検索結果（{results.length}人）</h2>
          {results.length === 0 ? <p className="card">該当するアカウントはありません。</p> : <HolderTable rows={results} caption={`「${q}」の検索結果`} />}
        </section>
      ) : null}
      <section aria-labelledby="holders-heading">
        <h2 id="holders-heading">権限を持つ職員（{holders.length}人）</h2>
        <HolderTable rows={holders} caption="権限を持つ職員" />
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
