import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FiscalYearSelect } from "~/components/fiscal-year-select";
import { PrintButton } from "~/components/print-button";
import { getDb } from "~/db/client.server";
import { canWriteHr, requireHrReader, requireHrWriter } from "~/domain/auth/hr-access.server";
import { now, today } from "~/domain/clock.server";
import { getCampaign, listCampaignYears, openCampaign } from "~/domain/self-inspection/campaigns.server";
import { parseFiscalYearQuery } from "~/domain/self-inspection/fiscal-year";
import { getChecklists } from "~/domain/self-inspection/load.server";
import { getCampaignRollup } from "~/domain/self-inspection/rollup.server";
import { fiscalYearEnd, fiscalYearOf, formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "自己点検の集計｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const db = getDb();
  const date = today();
  const current = fiscalYearOf(date);
  const fiscalYear = parseFiscalYearQuery(new URL(request.url).searchParams.get("fy"), current);
  if (fiscalYear === null) throw new Response("年度の指定が正しくありません。", { status: 400 });
  const campaign = getCampaign(db, fiscalYear);
  const years = [...new Set([current, ...listCampaignYears(db)])].sort((a, b) => b - a);
  const checklists = getChecklists().map((checklist) => ({ id: checklist.id, title: checklist.title, version: checklist.version, items: checklist.items.length }));
  if (!campaign) {
    return { fiscalYear, years, canEdit: canWriteHr(user), campaign: null, checklists, suggestedDue: fiscalYearEnd(fiscalYear) > date ? `${fiscalYear}-12-25` : date, today: date };
  }
  const { responses, rollup } = getCampaignRollup(db, campaign, date);
  return {
    fiscalYear,
    years,
    canEdit: canWriteHr(user),
    campaign: { title: campaign.checklist.title, version: campaign.checklist.version, dueDate: campaign.dueDate, openedAt: campaign.openedAt, checklistHash: campaign.checklistHash, responses, rollup },
    checklists,
    suggestedDue: campaign.dueDate,
    today: date,
  };
}

const OpenSchema = z.object({ fiscalYear: z.coerce.number().int().min(2000).max(2100), dueDate: z.string().max(10), checklistId: z.string().max(100) });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireHrWriter(request);
  const form = await request.formData();
  const parsed = OpenSchema.safeParse({ fiscalYear: form.get("fiscalYear"), dueDate: form.get("dueDate"), checklistId: form.get("checklistId") });
  if (!parsed.success) return data({ errors: { form: "入力が正しくありません。ページを読み込み直してください。" } as Record<string, string> }, { status: 400 });
  const checklist = getChecklists().find((candidate) => candidate.id === parsed.data.checklistId);
  if (!checklist) return data({ errors: { checklistId: "点検表を選んでください。" } as Record<string, string> }, { status: 400 });
  const result = openCampaign(getDb(), { fiscalYear: parsed.data.fiscalYear, dueDate: parsed.data.dueDate, checklist, actorAccountId: user.accountId, ip: context?.clientIp ?? null }, now());
  if (!result.ok) return data({ errors: result.errors }, { status: 400 });
  throw redirect(`/hr/self-inspection?fy=${parsed.data.fiscalYear}&opened=${result.departments}`);
}

const percent = (value: number | null) => (value === null ? "—" : `${value.toFixed(1)}%`);

export default function HrSelfInspection() {
  const { fiscalYear, years, canEdit, campaign, checklists, suggestedDue, today } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = feedback?.errors ?? {};
  return (
    <div className="self-inspection-report">
      <p className="breadcrumbs no-print"><Link to="/hr">人事ダッシュボード</Link> ＞ 自己点検</p>
      <div className="section-head">
        <h1>自己点検の集計（{formatFiscalYear(fiscalYear)}）</h1>
        <FiscalYearSelect years={years} value={fiscalYear} />
      </div>
      {!campaign ? (
        <>
          <p className="card">{formatFiscalYear(fiscalYear)}の自己点検はまだ始まっていません。</p>
          {canEdit ? (
            <Form method="post" className="card" noValidate>
              <h2>自己点検を開始する</h2>
              <p>所属長のいるすべての所属に、点検表の回答を依頼します。所属長には「所属の状況」から回答する画面が表示され、期限前後にはリマインダーが送られます（研修のリマインダーと同じ設定・同じ1日1通のメールにまとめます）。</p>
              {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
              {errors.fiscalYear ? <p className="form-error" role="alert">{errors.fiscalYear}</p> : null}
              <input type="hidden" name="fiscalYear" value={fiscalYear} />
              <div className="field">
                <label htmlFor="checklistId">点検表</label>
                <select id="checklistId" name="checklistId" aria-invalid={errors.checklistId ? true : undefined} aria-describedby={errors.checklistId ? "checklistId-error" : undefined}>
                  {checklists.map((checklist) => <option key={checklist.id} value={checklist.id}>{checklist.title}（第{checklist.version}版、{checklist.items}項目）</option>)}
                </select>
                {errors.checklistId ? <p id="checklistId-error" className="field__error">{errors.checklistId}</p> : null}
              </div>
              <div className="field">
                <label htmlFor="dueDate">提出期限</label>
                <input id="dueDate" name="dueDate" type="date" defaultValue={suggestedDue} min={today} aria-invalid={errors.dueDate ? true : undefined} aria-describedby={errors.dueDate ? "dueDate-error" : undefined} />
                {errors.dueDate ? <p id="dueDate-error" className="field__error">{errors.dueDate}</p> : null}
              </div>
              <button type="submit" className="button" disabled={navigation.state === "submitting"}>{navigation.state === "submitting" ? "開始しています…" : "開始する"}</button>
            </Form>
          ) : null}
        </>
      ) : (
        <>
          <p className="lead">
            {campaign.title}（第{campaign.version}版）。提出期限 {formatWareki(campaign.dueDate)}。開始 {formatJapanDateTime(campaign.openedAt)}。
            「いいえ」の割合は、提出済みの回答のうち「いいえ」÷（「はい」＋「いいえ」）です（該当なしは除きます）。
          </p>
          <div className="actions actions--top no-print">
            <PrintButton />
            <a className="button button--secondary" href={`/hr/self-inspection/export.csv?fy=${fiscalYear}&table=departments`} download>所属別 CSV</a>
            <a className="button button--secondary" href={`/hr/self-inspection/export.csv?fy=${fiscalYear}&table=answers`} download>回答一覧 CSV</a>
            <a className="button button--secondary" href={`/hr/self-inspection/export.csv?fy=${fiscalYear}&table=items`} download>項目別 CSV</a>
            <a className="button button--secondary" href={`/hr/self-inspection/export.csv?fy=${fiscalYear}&table=actions`} download>改善予定 CSV</a>
          </div>
          <ul className="summary-tiles">
            <li className="card"><span className="muted">提出済みの所属</span><strong> {campaign.rollup.submitted}/{campaign.rollup.departments}</strong> <span>（{percent(campaign.rollup.submittedPercent)}）</span></li>
            <li className="card"><span className="muted">改善予定</span><strong> {campaign.rollup.actions.length}件</strong> <span>（未完了 {campaign.rollup.actions.filter((action) => action.closedAt === null).length}件）</span></li>
          </ul>

          <section aria-labelledby="by-organisation">
            <h2 id="by-organisation">組織別の提出状況</h2>
            <div className="table-wrap">
              <table>
                <thead><tr><th scope="col">組織</th><th scope="col" className="numeric">所属数</th><th scope="col" className="numeric">提出済み</th><th scope="col" className="numeric">提出率</th></tr></thead>
                <tbody>
                  {campaign.rollup.organisations.map((organisation) => (
                    <tr key={organisation.id}><th scope="row">{organisation.name}</th><td className="numeric">{organisation.departments}</td><td className="numeric">{organisation.submitted}</td><td className="numeric">{percent(organisation.submittedPercent)}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="by-department">
            <h2 id="by-department">所属別の状況</h2>
            <div className="table-wrap">
              <table>
                <thead><tr><th scope="col">組織</th><th scope="col">所属</th><th scope="col">所属長</th><th scope="col">状況</th><th scope="col" className="numeric">回答</th><th scope="col" className="numeric">いいえ</th><th scope="col" className="numeric">未完了の改善</th></tr></thead>
                <tbody>
                  {campaign.responses.map((response) => (
                    <tr key={response.id}>
                      <td>{response.organisationName}</td>
                      <td><Link to={`/hr/self-inspection/${response.id}`}>{response.departmentName}</Link></td>
                      <td>{response.headName ?? "—"}</td>
                      <td className="nowrap">{response.status === "submitted" ? <span className="status status--completed">提出済み</span> : <span className={campaign.dueDate < today ? "status status--overdue" : "status"}>{campaign.dueDate < today ? "期限超過" : "未提出"}</span>}</td>
                      <td className="numeric">{response.answered}/{response.items}</td>
                      <td className="numeric">{response.no}</td>
                      <td className="numeric">{response.openActions}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="by-section">
            <h2 id="by-section">節別の「いいえ」の割合</h2>
            <div className="table-wrap">
              <table>
                <thead><tr><th scope="col">基本方針</th><th scope="col" className="numeric">はい</th><th scope="col" className="numeric">いいえ</th><th scope="col" className="numeric">該当なし</th><th scope="col" className="numeric">いいえの割合</th></tr></thead>
                <tbody>
                  {campaign.rollup.sections.map((section) => (
                    <tr key={section.section}><th scope="row">{section.section}</th><td className="numeric">{section.yes}</td><td className="numeric">{section.no}</td><td className="numeric">{section.na}</td><td className="numeric">{percent(section.noPercent)}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="by-item">
            <h2 id="by-item">項目別の回答</h2>
            <div className="table-wrap">
              <table>
                <thead><tr><th scope="col">基本方針</th><th scope="col">項目</th><th scope="col" className="numeric">はい</th><th scope="col" className="numeric">いいえ</th><th scope="col" className="numeric">該当なし</th><th scope="col" className="numeric">いいえの割合</th></tr></thead>
                <tbody>
                  {campaign.rollup.items.map((item) => (
                    <tr key={item.id}><td className="nowrap">{item.section}</td><td>{item.text}</td><td className="numeric">{item.yes}</td><td className="numeric">{item.no}</td><td className="numeric">{item.na}</td><td className="numeric">{percent(item.noPercent)}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="actions">
            <h2 id="actions">改善予定</h2>
            {campaign.rollup.actions.length === 0 ? (
              <p className="card">改善予定はありません。</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead><tr><th scope="col">所属</th><th scope="col">項目</th><th scope="col">改善予定</th><th scope="col">予定日</th><th scope="col">状況</th></tr></thead>
                  <tbody>
                    {campaign.rollup.actions.map((action) => (
                      <tr key={`${action.responseId}-${action.itemId}`}>
                        <td><Link to={`/hr/self-inspection/${action.responseId}`}>{action.departmentName}</Link><span className="team-table__sub">{action.organisationName}</span></td>
                        <td>{action.text}<span className="team-table__sub">基本方針 {action.section}</span></td>
                        <td className="prewrap">{action.plan}</td>
                        <td className="nowrap">{formatWareki(action.due)}</td>
                        <td className="nowrap">{action.closedAt ? <span className="status status--completed">改善済み</span> : action.late ? <span className="status status--overdue">期日超過</span> : <span className="status">未完了</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
