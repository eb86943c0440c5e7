import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { runTask } from "~/domain/jobs/worker-pool.server";
import { listOpenedFiscalYears } from "~/domain/rules/cycles.server";
import { getBusinessCalendar, getReminderSettings } from "~/domain/reminders/settings.server";
import { getRuleFormOptions, listRuleRows, uncoveredCategoryWarnings } from "~/domain/rules/manage.server";
import { toRule } from "~/domain/rules/evaluate.server";
import { describeDue } from "~/domain/rules/rules";
import { fiscalYearOf, formatFiscalYear, formatJapanDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "割り当てルール｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  const db = getDb();
  const titles = new Map(getRuleFormOptions(db).modules.map((module) => [module.id, module.title]));
  const current = fiscalYearOf(today());
  const reminderSettings = getReminderSettings(db);
  const calendar = getBusinessCalendar(reminderSettings);
  const rules = listRuleRows(db).map(({ rule, departmentName }) => {
    const parsed = toRule(rule, null);
    return {
      id: rule.id, name: rule.name, active: rule.active, departmentName,
      categories: parsed.categories, roleTiers: parsed.roleTiers,
      modules: parsed.moduleIds.map((id) => titles.get(id) ?? `${id}（公開停止）`),
      due: describeDue(parsed.due, { fiscalYear: current, calendar }),
    };
  });
  const opened = listOpenedFiscalYears(db);
  const openable = [current, current + 1].filter((year) => !opened.some((row) => row.year === year));
  return { rules, opened, openable, current, uncovered: uncoveredCategoryWarnings(db), newYearClosed: reminderSettings.newYearHolidays };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr");
  const form = await request.formData();
  const parsed = z.object({ intent: z.literal("open-year"), year: z.coerce.number().int() }).safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ message: "不正な操作です。" }, { status: 400 });
  const result = await runTask(getDb(), "cycle.open", { year: parsed.data.year, actor: { accountId: user.accountId, ip: context?.clientIp ?? null }, now: now() });
  if (!result.ok) return data({ message: result.message }, { status: 400 });
  throw redirect(`/hr/rules?opened=${parsed.data.year}&created=${result.created}`);
}

export default function Rules() {
  const { rules, opened, openable, uncovered, current, newYearClosed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("saved");
  const openedYear = searchParams.get("opened");
  return (
    <>
      <p className="breadcrumbs"><Link to="/hr">人事ダッシュボード</Link> ／ 割り当てルール</p>
      <h1>割り当てルール</h1>
      <p className="lead">職員区分・所属・役職区分の組み合わせごとに、受講する研修と期限を決めます。ルールは名簿の取り込み・ルールの変更・年度の開始のたびに再評価され、足りない割り当てだけが作られます（既存の割り当ては変わりません）。</p>
      {saved !== null ? <p className="notice notice--ok" role="status">ルールを保存しました。新たに{searchParams.get("created") ?? 0}件の割り当てを作成しました。</p> : null}
      {openedYear !== null ? <p className="notice notice--ok" role="status">{formatFiscalYear(Number(openedYear))}を開始し、{searchParams.get("created") ?? 0}件の割り当てを作成しました。</p> : null}
      {actionData?.message ? <p className="form-error" role="alert">{actionData.message}</p> : null}
      {uncovered.length > 0 ? (
        <div className="notice notice--warn" role="status">
          <ul>{uncovered.map((warning) => <li key={warning}>{warning}</li>)}</ul>
          <p>ルールを追加するか、既存のルールの職員区分に加えてください。</p>
        </div>
      ) : null}
      <p><Link to="/hr/rules/new" className="button">ルールを追加</Link></p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">割り当てルールの一覧</caption>
          <thead>
            <tr><th scope="col">名前</th><th scope="col">対象</th><th scope="col">研修</th><th scope="col">期限</th><th scope="col" className="nowrap">状態</th><th scope="col"><span className="visually-hidden">操作</span></th></tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id}>
                <td>{rule.name}</td>
                <td>
                  区分：{rule.categories.length > 0 ? rule.categories.join("・") : "すべて"}<br />
                  所属：{rule.departmentName ? `${rule.departmentName}以下` : "全庁"}<br />
                  役職：{rule.roleTiers.length > 0 ? rule.roleTiers.join("・") : "すべて"}
                </td>
                <td><ul>{rule.modules.map((title) => <li key={title}>{title}</li>)}</ul></td>
                <td>{rule.due}</td>
                <td className="nowrap">{rule.active ? "有効" : "停止中"}</td>
                <td className="nowrap"><Link to={`/hr/rules/${rule.id}`}>編集<span className="visually-hidden">：{rule.name}</span></Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="field__hint">期限が土日祝日{newYearClosed ? "・年末年始（12月29日〜1月3日）" : ""}にあたるときは、直前の開庁日に前倒しします（{formatFiscalYear(current)}の日付で表示）。前倒しは新しく作られる割り当てに適用され、作成済みの割り当ての期限は変わりません。</p>
      <section className="card" aria-labelledby="cycle-heading">
        <h2 id="cycle-heading">年度（サイクル）</h2>
        <p>年度は4月1日に自動で開始され、その年度の割り当てが作られます。前年度の修了は新しい年度の修了にはなりません。翌年度の準備のため、年度を前倒しで開始することもできます。</p>
        <ul>
          {opened.map((row) => <li key={row.year}>{formatFiscalYear(row.year)}（{formatJapanDateTime(row.openedAt)}開始）</li>)}
        </ul>
        {openable.map((year) => (
          <Form method="post" key={year} className="actions">
            <input type="hidden" name="year" value={year} />
            <button type="submit" name="intent" value="open-year" className="button button--secondary" disabled={navigation.state !== "idle"}>
              {formatFiscalYear(year)}を開始する
            </button>
          </Form>
        ))}
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
