import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StatusBadge } from "~/components/status-badge";
import { formatRatio, RATE_LABELS } from "~/components/reports/format";
import { RateExplanation } from "~/components/reports/rates";
import { getDb } from "~/db/client.server";
import { STATUS_LABELS, STATUSES } from "~/domain/assignments/status";
import { requireRole } from "~/domain/auth/session.server";
import { today } from "~/domain/clock.server";
import { listTeamDepartments } from "~/domain/team/scope.server";
import { getTeamOverview, listCategories, parseTeamFilters, teamFilterQuery, type CompletionRate } from "~/domain/team/team.server";
import { daysBetween, fiscalYearOf, formatFiscalYear, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "所属の状況｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const db = getDb();
  const date = today();
  const fiscalYear = fiscalYearOf(date);
  const filters = parseTeamFilters(new URL(request.url).searchParams, listTeamDepartments(db, user.employeeId));
  const team = getTeamOverview(db, user.employeeId, { fiscalYear, today: date, filters });
  return { fiscalYear, today: date, filters, query: teamFilterQuery(filters), categories: listCategories(db), team };
}

function RateTile({ label, rate }: { label: string; rate: CompletionRate }) {
  const people = rate.rates.people;
  const assignments = rate.rates.assignments;
  return (
    <li className="rate-tile">
      <span>{label}</span>
      <span className="rate-tile__name">{RATE_LABELS.people}</span>
      <strong>{formatRatio(people)}</strong>
      <span className="rate-tile__bar" aria-hidden="true"><span style={{ width: `${(people.tenths ?? 0) / 10}%` }} /></span>
      <small className="muted">修了 {people.part} / 対象 {people.whole} 人</small>
      <span className="rate-tile__name">{RATE_LABELS.assignments}</span>
      <strong>{formatRatio(assignments)}</strong>
      <span className="rate-tile__bar" aria-hidden="true"><span style={{ width: `${(assignments.tenths ?? 0) / 10}%` }} /></span>
      <small className="muted">完了 {assignments.part} / 対象 {assignments.whole} 件</small>
    </li>
  );
}

type Assignment = ReturnType<typeof useLoaderData<typeof loader>>["team"]["members"][number]["assignments"][number];

function AssignmentList({ assignments, today }: { assignments: Assignment[]; today: string }) {
  if (assignments.length === 0) return null;
  return (
    <ul className="team-assignments">
      {assignments.map((assignment) => (
        <li key={assignment.id}>
          <StatusBadge status={assignment.status} /> {assignment.title}
          <span className="team-assignments__due">
            期限 {formatWareki(assignment.dueDate)}
            {assignment.status === "overdue" ? `（${-daysBetween(today, assignment.dueDate)}日超過）` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

export default function Team() {
  const { fiscalYear, today: date, filters, query, categories, team } = useLoaderData<typeof loader>();
  const filtered = filters.categoryId !== null || filters.departmentId !== null || filters.status !== null;
  const overduePeople = team.members.filter((member) => member.counts.overdue > 0).length;
  return (
    <>
      <h1>所属の状況</h1>
      {team.departments.length === 0 ? (
        <p className="card">所属長として登録されている所属がありません。人事担当にお問い合わせください。</p>
      ) : (
        <>
          <p className="lead">
            {team.departments.map((department) => department.name).join("・")}（下位の係を含む）の{formatFiscalYear(fiscalYear)}の受講状況です。期限超過のある職員を先に表示します。
          </p>
          <div className="actions actions--top">
            <Link className="button" to="/team/assign">再受講を割り当てる</Link>
            <Link className="button button--secondary" to="/team/self-inspection">自己点検</Link>
            <Link className="button button--secondary" to="/team/drills">標的型攻撃メール訓練の結果</Link>
            <a className="button button--secondary" href={`/team/export.csv${query}`} download>CSVでダウンロード</a>
          </div>
          <ul className="summary-tiles" aria-label="修了率の比較">
            <RateTile label="所属の修了率" rate={team.rate} />
            {team.organisations.map((organisation) => (
              <RateTile key={organisation.id} label={`${organisation.name}全体の修了率`} rate={organisation.rate} />
            ))}
            <li>
              <span>期限超過のある職員</span>
              <strong>{overduePeople === 0 ? "0人" : <Link to={`/team/overdue${query}`} aria-label={`期限超過のある職員 ${overduePeople}人の一覧`}>{overduePeople}人</Link>}</strong>
            </li>
          </ul>
          <RateExplanation />
          <p className="muted small">在職者の{formatFiscalYear(fiscalYear)}の割り当てで計算します（免除は除く）。</p>

          <Form method="get" className="filters card" aria-labelledby="filters-heading">
            <h2 id="filters-heading" className="filters__heading">絞り込み</h2>
            <div className="filters__fields">
              <div className="field">
                <label htmlFor="filter-department">所属</label>
                <select id="filter-department" name="department" defaultValue={filters.departmentId ?? ""}>
                  <option value="">すべて</option>
                  {team.subtree.map((department) => (
                    <option key={department.id} value={department.id}>{department.name}</option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="filter-category">区分</label>
                <select id="filter-category" name="category" defaultValue={filters.categoryId ?? ""}>
                  <option value="">すべて</option>
                  {categories.map((category) => (
                    <option key={category.id} value={category.id}>{category.name}</option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="filter-status">状況</label>
                <select id="filter-status" name="status" defaultValue={filters.status ?? ""}>
                  <option value="">すべて</option>
                  {STATUSES.map((status) => (
                    <option key={status} value={status}>{STATUS_LABELS[status]}</option>
                  ))}
                </select>
              </div>
              <div className="filters__buttons">
                <button type="submit" className="button">絞り込む</button>
                {filtered ? <Link to="/team" className="button button--secondary">解除</Link> : null}
              </div>
            </div>
          </Form>

          <h2 id="members-heading">職員ごとの受講状況（{team.members.length}人）</h2>
          {team.members.length === 0 ? (
            <p className="card">条件に当てはまる職員はいません。</p>
          ) : (
            <div className="table-wrap">
              <table className="team-table" aria-labelledby="members-heading">
                <thead>
                  <tr>
                    <th scope="col">職員</th>
                    <th scope="col">所属・区分</th>
                    <th scope="col">進捗</th>
                    <th scope="col">{filters.status ? `${STATUS_LABELS[filters.status]}の研修` : "未完了の研修"}</th>
                  </tr>
                </thead>
                <tbody>
                  {team.members.map((member) => {
                    const shown = filters.status
                      ? member.assignments
                      : member.assignments.filter((assignment) => assignment.status !== "completed" && assignment.status !== "exempt");
                    const counted = member.counts.total - member.counts.exempt;
                    return (
                      <tr key={member.employeeNo} className={member.counts.overdue > 0 ? "is-overdue" : undefined}>
                        <th scope="row" data-label="職員">
                          <Link to={`/team/${member.employeeNo}`}>{member.name}</Link>
                          <span className="team-table__sub">{member.employeeNo}</span>
                        </th>
                        <td data-label="所属・区分">
                          {member.departmentName}
                          <span className="team-table__sub">{member.categoryName}</span>
                        </td>
                        <td data-label="進捗">
                          <span className="nowrap">完了 {member.counts.completed} / {counted}</span>
                          {member.counts.overdue > 0 ? <span className="team-table__sub team-table__overdue">期限超過 {member.counts.overdue}件</span> : null}
                          {member.counts.exempt > 0 ? <span className="team-table__sub">免除 {member.counts.exempt}件</span> : null}
                        </td>
                        <td data-label={filters.status ? `${STATUS_LABELS[filters.status]}の研修` : "未完了の研修"}>
                          {shown.length === 0 ? (
                            <span className="muted">{member.counts.total === 0 ? "割り当てなし" : "すべて完了"}</span>
                          ) : filters.status ? (
                            <AssignmentList assignments={shown} today={date} />
                          ) : (
                            <>
                              <AssignmentList assignments={shown.filter((assignment) => assignment.status === "overdue")} today={date} />
                              {shown.some((assignment) => assignment.status !== "overdue") ? (
                                <details className="team-more">
                                  <summary>
                                    {member.counts.overdue > 0 ? "ほかの未完了" : "未完了"} {shown.filter((assignment) => assignment.status !== "overdue").length}件
                                    <span className="visually-hidden">（{member.name}）</span>
                                  </summary>
                                  <AssignmentList assignments={shown.filter((assignment) => assignment.status !== "overdue")} today={date} />
                                </details>
                              ) : null}
                            </>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
