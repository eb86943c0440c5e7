import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { listDepartmentTree } from "~/domain/org/departments.server";
import { LEVEL_LABELS } from "~/domain/org/labels";

export const meta: MetaFunction = () => [{ title: "所属の管理｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  return { tree: listDepartmentTree(getDb()) };
}

export default function Departments() {
  const { tree } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ 所属の管理</p>
      <h1>所属の管理</h1>
      <p className="lead">基本方針 4(1) の組織（内部部局・行政委員会・議会事務局・消防本部・地方公営企業）の下に、部・課・係を置きます。所属長は、その所属と下位の所属の職員の受講状況を確認できます。</p>
      {searchParams.get("saved") ? <p className="notice notice--ok" role="status">所属を保存しました。</p> : null}
      <p><Link to="/hr/departments/new" className="button button--secondary">組織を追加</Link></p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">所属の一覧（階層順）</caption>
          <thead>
            <tr><th scope="col">所属</th><th scope="col">コード</th><th scope="col">種別</th><th scope="col">所属長</th><th scope="col">在職者</th><th scope="col"><span className="visually-hidden">操作</span></th></tr>
          </thead>
          <tbody>
            {tree.map((node) => (
              <tr key={node.id}>
                <td><span style={{ paddingLeft: `${node.depth * 1.25}rem` }}>{node.name}</span></td>
                <td>{node.code}</td>
                <td>{LEVEL_LABELS[node.level] ?? node.level}</td>
                <td>{node.headName ? `${node.headName}（${node.headEmployeeNo}）` : "—"}</td>
                <td>{node.members}</td>
                <td>
                  <Link to={`/hr/departments/${node.id}`}>編集<span className="visually-hidden">：{node.name}</span></Link>
                  {" ／ "}
                  <Link to={`/hr/departments/new?parent=${node.id}`}>下位を追加<span className="visually-hidden">：{node.name}</span></Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
