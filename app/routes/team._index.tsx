import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { today } from "~/domain/clock.server";
import { listTeamMembers } from "~/domain/team/team.server";
import { fiscalYearOf, formatFiscalYear } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "所属の状況｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const date = today();
  const fiscalYear = fiscalYearOf(date);
  return { fiscalYear, team: listTeamMembers(getDb(), user.employeeId, fiscalYear, date) };
}

export default function Team() {
  const { fiscalYear, team } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>所属の状況</h1>
      {team.departments.length === 0 ? (
        <p className="card">所属長として登録されている所属がありません。人事担当にお問い合わせください。</p>
      ) : (
        <>
          <p className="lead">{team.departments.map((department) => department.name).join("・")}（下位の係を含む）の{formatFiscalYear(fiscalYear)}の受講状況です。</p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">職員ごとの受講状況</caption>
              <thead>
                <tr><th scope="col">職員番号</th><th scope="col">氏名</th><th scope="col">所属</th><th scope="col">区分</th><th scope="col">完了</th><th scope="col">期限超過</th></tr>
              </thead>
              <tbody>
                {team.members.map((member) => (
                  <tr key={member.employeeNo}>
                    <td>{member.employeeNo}</td><td>{member.name}</td><td>{member.departmentName}</td><td>{member.categoryName}</td>
                    <td>{member.completed} / {member.assigned}</td><td>{member.overdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
