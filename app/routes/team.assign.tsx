import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { REASON_MAX_LENGTH } from "~/domain/assignments/changes";
import { listRefresherModules } from "~/domain/assignments/refresher.server";
import { SOURCE_LABELS } from "~/domain/assignments/source";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { getModule } from "~/domain/content/catalog.server";
import { assignTeamRefresher, getAssignFormOptions, type AssignFormValues } from "~/domain/team/assign.server";
import { requireTeamMember } from "~/domain/team/scope.server";
import { listCategories } from "~/domain/team/team.server";
import { addDays, fiscalYearOf, formatFiscalYear, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "再受講の割り当て｜まもり" }];

function audienceNote(moduleId: string): string | null {
  const audience = getModule(moduleId)?.audience;
  if (!audience) return null;
  const parts = [...audience.categories, ...audience.roleTiers];
  return parts.length === 0 ? null : `通常の対象：${parts.join("・")}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const db = getDb();
  // ?employee=S0001 pre-checks a member (link from their record); an outsider is a 404 here too.
  const preselected = new URL(request.url).searchParams.getAll("employee").slice(0, 50);
  for (const employeeNo of preselected) requireTeamMember(db, user.employeeId, employeeNo);
  const date = today();
  const modules = listRefresherModules(db);
  const { departments, members } = getAssignFormOptions(db, user.employeeId, { fiscalYear: fiscalYearOf(date), today: date, moduleIds: modules.map((module) => module.id) });
  return {
    fiscalYear: fiscalYearOf(date),
    minDate: addDays(date, 1),
    defaultDueDate: addDays(date, 14),
    departments,
    members,
    categories: listCategories(db),
    modules: modules.map((module) => ({ ...module, audience: audienceNote(module.id) })),
    preselected,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "manager");
  const date = today();
  const outcome = assignTeamRefresher(
    getDb(),
    { employeeId: user.employeeId, accountId: user.accountId },
    await request.formData(),
    { fiscalYear: fiscalYearOf(date), ip: context?.clientIp ?? null },
    now(),
  );
  if (!outcome.ok) return data(outcome, { status: 400 });
  return outcome;
}

export default function TeamAssign() {
  const { fiscalYear, minDate, defaultDueDate, departments, members, categories, modules, preselected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors = result && !result.ok ? result.errors : {};
  const values: AssignFormValues | null = result && !result.ok ? result.values : null;
  const checkedPeople = new Set(values ? values.employeeNos : preselected);
  const checkedModules = new Set(values?.moduleIds ?? []);
  const titleOf = (moduleId: string) => modules.find((module) => module.id === moduleId)?.title ?? moduleId;
  const minDepth = Math.min(...departments.map((department) => department.depth));
  const hasErrors = Object.keys(errors).length > 0;
  // Enhancement: after a submission with JavaScript, bring the outcome into view (the form is long).
  const outcomeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) outcomeRef.current?.focus();
  }, [result]);
  return (
    <>
      <p className="breadcrumbs"><Link to="/team">所属の状況</Link> ＞ 再受講の割り当て</p>
      <h1>再受講の割り当て</h1>
      <p className="lead">
        所属の職員に、{formatFiscalYear(fiscalYear)}の研修として再受講を指示します。受講者のマイ研修に、理由と期限とともに表示されます。
        すでに修了した研修も、もう一度受講させられます（修了の記録はそのまま残ります）。
      </p>

      <div ref={outcomeRef} tabIndex={-1} className="outcome">
      {result?.ok ? (
        <section className="notice notice--ok" role="status" aria-labelledby="result-heading">
          <h2 id="result-heading" className="notice__heading">
            {result.created.length > 0 ? `${result.created.length}件の再受講を割り当てました。` : "新しく割り当てた研修はありません。"}
          </h2>
          {result.created.length > 0 ? (
            <ul>
              {result.created.map((item) => (
                <li key={`${item.employeeNo}:${item.moduleId}`}>
                  {item.name}（{item.employeeNo}）：{titleOf(item.moduleId)}{item.cycle > 1 ? `（再受講・${formatFiscalYear(fiscalYear)}${item.cycle}回目）` : ""}
                </li>
              ))}
            </ul>
          ) : null}
          {result.skipped.length > 0 ? (
            <>
              <p>
                次の{result.skipped.length}件は、{formatFiscalYear(fiscalYear)}の同じ研修をまだ受講中のため追加していません。期限を変えたい場合は各職員の研修記録から期限延長してください。
              </p>
              <ul>
                {result.skipped.map((item) => (
                  <li key={`${item.employeeNo}:${item.moduleId}`}>
                    {item.name}（{item.employeeNo}）：{titleOf(item.moduleId)} — 受講中：{SOURCE_LABELS[item.existingSource] ?? item.existingSource}・期限 {formatWareki(item.existingDueDate)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      {hasErrors ? <p className="form-error" role="alert">入力内容を確認してください。</p> : null}
      </div>

      <Form method="post" className="assign-form" noValidate>
        <fieldset className="card" aria-describedby={errors.employees ? "employees-error" : undefined}>
          <legend>対象者</legend>
          {errors.employees ? <p id="employees-error" className="field__error">{errors.employees}</p> : null}
          <p className="field__hint">所属・区分でまとめて選ぶか、個人を選んでください。両方を使うと、合わせた全員が対象になります。</p>
          <div className="filters__fields">
            <div className="field">
              <label htmlFor="assign-department">所属でまとめて選ぶ</label>
              <select id="assign-department" name="department" defaultValue={values?.departmentId ?? ""}>
                <option value="">選ばない</option>
                {departments.map((department) => (
                  <option key={department.id} value={department.id}>
                    {"　".repeat(department.depth - minDepth)}{department.name}{department.hasChildren ? "（下位の係を含む）" : ""}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="assign-category">区分でまとめて選ぶ</label>
              <select id="assign-category" name="category" defaultValue={values?.categoryId ?? ""}>
                <option value="">選ばない</option>
                {categories.map((category) => (
                  <option key={category.id} value={category.id}>{category.name}</option>
                ))}
              </select>
            </div>
          </div>
          <p className="field__hint">所属と区分の両方を選ぶと、その所属のうちその区分の職員が対象です。区分だけを選ぶと、所属全体のその区分の職員が対象です。</p>
          <fieldset className="checkbox-group">
            <legend>個人で選ぶ</legend>
            {departments.map((department) => {
              const people = members.filter((member) => member.departmentId === department.id);
              if (people.length === 0) return null;
              return (
                <div key={department.id} className="checkbox-group__section">
                  <p className="checkbox-group__title">{department.name}</p>
                  <ul className="checkbox-list">
                    {people.map((member) => (
                      <li key={member.employeeNo}>
                        <label className="check">
                          <input type="checkbox" name="employee" value={member.employeeNo} defaultChecked={checkedPeople.has(member.employeeNo)} />
                          <span>{member.name}<span className="muted">（{member.employeeNo}・{member.categoryName}）</span></span>
                        </label>
                        <details className="module-states">
                          <summary>
                            {member.name}さんの研修の状況
                            <span className="muted">
                              （割り当て {Object.values(member.states).filter((state) => state.kind !== "none").length}件・完了{" "}
                              {Object.values(member.states).filter((state) => state.kind === "completed").length}件）
                            </span>
                          </summary>
                          <ul>
                            {modules.map((module) => (
                              <li key={module.id}>
                                {module.title}：<span className={`module-state module-state--${member.states[module.id]?.kind ?? "none"}`}>{member.states[module.id]?.label ?? "未割り当て"}</span>
                              </li>
                            ))}
                          </ul>
                        </details>
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </fieldset>
        </fieldset>

        <fieldset className="card" aria-describedby={errors.modules ? "modules-error" : "modules-hint"}>
          <legend>研修（1つ以上）</legend>
          <p id="modules-hint" className="field__hint">通常の対象外の研修も割り当てられます。誓約（基本方針の誓約）は人事の年度サイクルで扱うため、ここでは選べません。</p>
          {errors.modules ? <p id="modules-error" className="field__error">{errors.modules}</p> : null}
          <ul className="checkbox-list">
            {modules.map((module) => (
              <li key={module.id}>
                <label className="check">
                  <input type="checkbox" name="module" value={module.id} defaultChecked={checkedModules.has(module.id)} />
                  <span>{module.title}{module.audience ? <span className="muted">（{module.audience}）</span> : null}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>

        <div className="card">
          <div className="field field--date">
            <label htmlFor="assign-due">期限（必須）</label>
            <p className="field__hint" id="assign-due-hint">明日以降の日付を指定してください。</p>
            <input
              id="assign-due" name="dueDate" type="date" required min={minDate} defaultValue={values?.dueDate ?? defaultDueDate}
              aria-invalid={errors.dueDate ? true : undefined} aria-describedby={errors.dueDate ? "assign-due-hint assign-due-error" : "assign-due-hint"}
            />
            {errors.dueDate ? <p className="field__error" id="assign-due-error">{errors.dueDate}</p> : null}
          </div>
          <div className="field">
            <label htmlFor="assign-reason">理由（必須）</label>
            <p className="field__hint" id="assign-reason-hint">{REASON_MAX_LENGTH}文字以内。受講者のマイ研修に表示され、記録に残ります。</p>
            <textarea
              id="assign-reason" name="reason" rows={3} required maxLength={REASON_MAX_LENGTH} defaultValue={values?.reason ?? ""}
              aria-invalid={errors.reason ? true : undefined} aria-describedby={errors.reason ? "assign-reason-hint assign-reason-error" : "assign-reason-hint"}
            />
            {errors.reason ? <p className="field__error" id="assign-reason-error">{errors.reason}</p> : null}
          </div>
          <button type="submit" className="button" disabled={busy}>{busy ? "割り当てています…" : "再受講を割り当てる"}</button>
        </div>
      </Form>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
