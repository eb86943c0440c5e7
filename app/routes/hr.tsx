import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/domain/auth/session.server";

/** Layout of every /hr page: the HR menu. Each child route still checks its own role. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "hr", "auditor");
  return { canEdit: user.roles.includes("hr") };
}

const READ_LINKS = [
  { to: "/hr", label: "ダッシュボード", end: true },
  { to: "/hr/people", label: "職員一覧", end: false },
  { to: "/hr/employees", label: "受講状況（研修ごと）", end: false },
  { to: "/hr/overdue", label: "期限超過の職員", end: false },
  { to: "/hr/report", label: "実施状況報告", end: true },
  { to: "/hr/report/questions", label: "問題の統計", end: false },
  { to: "/hr/assignment-changes", label: "延長と免除の履歴", end: false },
  { to: "/hr/self-inspection", label: "自己点検", end: false },
  { to: "/hr/committee-report", label: "委員会への報告", end: false },
  { to: "/hr/drills", label: "標的型攻撃メール訓練", end: false },
];
const EDIT_LINKS = [
  { to: "/hr/import", label: "名簿の取り込み", end: false },
  { to: "/hr/rules", label: "割り当てルール", end: false },
  { to: "/hr/years", label: "年度の締め", end: false },
  { to: "/hr/departments", label: "所属", end: false },
  { to: "/hr/categories", label: "職員区分", end: false },
  { to: "/hr/accounts", label: "アカウント有効化", end: false },
  { to: "/hr/quiz-settings", label: "受験ルール", end: false },
];

export default function HrLayout() {
  const { canEdit } = useLoaderData<typeof loader>();
  const links = canEdit ? [...READ_LINKS, ...EDIT_LINKS] : READ_LINKS;
  return (
    <>
      <nav aria-label="人事メニュー" className="sub-nav no-print">
        <ul>
          {links.map((link) => (
            <li key={link.to}><NavLink to={link.to} end={link.end}>{link.label}</NavLink></li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
