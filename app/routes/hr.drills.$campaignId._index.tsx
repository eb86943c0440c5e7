import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { DrillCampaignForm } from "~/components/drill-campaign-form";
import { DrillResultTables } from "~/components/drill-results";
import { getDb } from "~/db/client.server";
import { canWriteHr, requireHrReader, requireHrWriter } from "~/domain/auth/hr-access.server";
import { now } from "~/domain/clock.server";
import { parseCampaignForm, submittedValues } from "~/domain/drills/campaign-form";
import { campaignFormOptions, countAudience, getCampaign, updateCampaign } from "~/domain/drills/campaigns.server";
import { runTask } from "~/domain/jobs/worker-pool.server";
import { getDrillConfig } from "~/domain/drills/config.server";
import { campaignResults, hrMaySeeIndividuals } from "~/domain/drills/results.server";
import { requestDelivery } from "~/domain/reminders/scheduler.server";
import { formatJapanDateTime } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.name ?? "訓練"}｜標的型攻撃メール訓練｜まもり` }];

const IdSchema = z.coerce.number().int().positive();

function campaignOr404(id: unknown) {
  const parsed = IdSchema.safeParse(id);
  const campaign = parsed.success ? getCampaign(getDb(), parsed.data) : null;
  if (!campaign) throw new Response("訓練が見つかりません。", { status: 404, statusText: "Not Found" });
  return campaign;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const db = getDb();
  const campaign = campaignOr404(params.campaignId);
  const draft = campaign.status === "draft";
  return {
    campaign,
    canEdit: canWriteHr(user),
    // Individual results: HR only (never auditors), unless an administrator restricted HR to totals.
    canSeePeople: canWriteHr(user) && hrMaySeeIndividuals(db),
    options: draft ? campaignFormOptions(db) : null,
    audience: draft ? countAudience(db, campaign.audience) : null,
    results: draft ? null : campaignResults(db, campaign.id, { kind: "all" }),
    linkHost: getDrillConfig().baseUrl,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireHrWriter(request);
  const campaign = campaignOr404(params.campaignId);
  const form = await request.formData();
  const actor = { accountId: user.accountId, ip: context?.clientIp ?? null };
  const db = getDb();
  if (form.get("intent") === "launch") {
    // On the background worker: a whole-organisation drill writes one message per person.
    const result = await runTask(db, "drills.launch", { campaignId: campaign.id, actor, now: now() });
    if (!result.ok) return data({ errors: { launch: result.error } as Record<string, string>, values: null }, { status: 400 });
    requestDelivery();
    throw redirect(`/hr/drills/${campaign.id}?launched=${result.queued}`);
  }
  if (form.get("intent") !== "save") return data({ errors: { form: "操作を選んでください。" } as Record<string, string>, values: null }, { status: 400 });
  const parsed = parseCampaignForm(form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: submittedValues(form) }, { status: 400 });
  const result = updateCampaign(db, campaign.id, parsed.input, actor);
  if (!result.ok) return data({ errors: result.errors, values: submittedValues(form) }, { status: 400 });
  throw redirect(`/hr/drills/${campaign.id}?saved=1`);
}

export default function DrillCampaign() {
  const { campaign, canEdit, canSeePeople, options, audience, results, linkHost } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors = actionData?.errors ?? {};
  return (
    <>
      <p className="breadcrumbs"><Link to="/hr/drills">標的型攻撃メール訓練</Link> ＞ {campaign.name}</p>
      <h1>{campaign.name}</h1>
      {searchParams.get("created") ? <p className="notice notice--ok" role="status">下書きを保存しました。対象人数を確かめてから開始してください。</p> : null}
      {searchParams.get("saved") ? <p className="notice notice--ok" role="status">変更を保存しました。</p> : null}
      {searchParams.get("imported") ? <p className="notice notice--ok" role="status">GoPhish の結果を取り込みました（{searchParams.get("imported")} 名）。</p> : null}
      {searchParams.get("launched") ? <p className="notice notice--ok" role="status">訓練を開始しました。{searchParams.get("launched")} 通のメールを送信キューに入れました。</p> : null}
      {campaign.source === "gophish" ? <p className="muted">GoPhish で実施した訓練の結果を取り込んだものです。</p> : null}
      {campaign.source === "gophish" ? null : (
      <dl className="mail-headers card">
        <div><dt>件名</dt><dd>{campaign.subject}</dd></div>
        <div><dt>差出人</dt><dd>{campaign.senderName}（{campaign.senderAddress}）</dd></div>
        <div><dt>リンク先</dt><dd>{linkHost}/d/…（一人ずつ異なるリンク）</dd></div>
        {campaign.launchedAt ? <div><dt>開始</dt><dd>{formatJapanDateTime(campaign.launchedAt)}</dd></div> : null}
      </dl>
      )}
      {campaign.status === "draft" && audience ? (
        <>
          <section aria-labelledby="launch-title" className="card">
            <h2 id="launch-title">開始</h2>
            <p>
              条件に合う在職者 {audience.matching} 名のうち、メールアドレスのある {audience.withEmail} 名が対象で、
              <strong>{audience.toSend} 名</strong>に送信します（{campaign.windowDays} 営業日に分けて、9時〜17時の無作為な時刻）。
            </p>
            {errors.launch ? <p className="form-error" role="alert">{errors.launch}</p> : null}
            {canEdit ? (
              <Form method="post">
                <button type="submit" name="intent" value="launch" className="button">訓練を開始する</button>
              </Form>
            ) : null}
          </section>
          {canEdit && options ? (
            <section aria-labelledby="edit-title">
              <h2 id="edit-title">内容の変更</h2>
              <DrillCampaignForm values={actionData?.values ?? campaign} options={options} errors={errors} submitLabel="変更を保存" />
            </section>
          ) : (
            <section aria-labelledby="body-title" className="card">
              <h2 id="body-title">本文</h2>
              <pre className="mail-body">{campaign.bodyText}</pre>
            </section>
          )}
        </>
      ) : null}
      {results ? (
        <>
          {campaign.source === "mamori" ? (
            <details className="disclosure">
              <summary>送信したメールの本文</summary>
              <pre className="mail-body">{campaign.bodyText}</pre>
            </details>
          ) : null}
          <DrillResultTables results={results} showOrganisations />
          {canSeePeople ? (
            <p>
              <Link to={`/hr/drills/${campaign.id}/people`}>職員ごとの結果を見る</Link>（閲覧は監査ログに記録されます）
              {" ｜ "}
              <a href={`/hr/drills/${campaign.id}/export.csv`}>職員ごとの結果を CSV で出力</a>
            </p>
          ) : (
            <p className="muted">職員ごとの結果は、人事担当者だけが閲覧できます{canEdit ? "（システム管理者の設定により、所属ごとの集計のみ表示しています）" : ""}。</p>
          )}
        </>
      ) : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
