import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DrillCampaignForm, type CampaignFormValues } from "~/components/drill-campaign-form";
import { getDb } from "~/db/client.server";
import { requireHrWriter } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { parseCampaignForm, submittedValues } from "~/domain/drills/campaign-form";
import { campaignFormOptions, createCampaign } from "~/domain/drills/campaigns.server";
import { getDrillTemplate, getDrillTemplates } from "~/domain/drills/templates.server";

export const meta: MetaFunction = () => [{ title: "新しい訓練｜標的型攻撃メール訓練｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrWriter(request);
  const templateId = new URL(request.url).searchParams.get("template");
  const template = templateId ? getDrillTemplate(templateId) : null;
  if (templateId && !template) throw new Response("テンプレートが見つかりません。", { status: 404 });
  const values: CampaignFormValues | null = template
    ? {
        name: `${template.title}（${today().slice(0, 4)}年）`,
        templateId: template.id,
        senderName: template.senderName,
        senderAddress: template.senderAddress,
        subject: template.subject,
        bodyText: template.bodyText,
        signs: template.signs,
        landing: template.landing,
        moduleId: "threats",
        followUpDays: 14,
        windowDays: 3,
        audience: { categoryIds: [], departmentIds: [], sample: { kind: "all", value: 0 } },
      }
    : null;
  return {
    templates: getDrillTemplates().map(({ id, title, threat, subject, senderName }) => ({ id, title, threat, subject, senderName })),
    values,
    options: campaignFormOptions(getDb()),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireHrWriter(request);
  const form = await request.formData();
  const parsed = parseCampaignForm(form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: submittedValues(form) }, { status: 400 });
  const result = createCampaign(getDb(), parsed.input, { accountId: user.accountId, ip: context?.clientIp ?? null });
  if (!result.ok) return data({ errors: result.errors, values: submittedValues(form) }, { status: 400 });
  throw redirect(`/hr/drills/${result.id}?created=1`);
}

export default function NewDrill() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { templates, options } = loaded;
  const values = actionData?.values ?? loaded.values;
  return (
    <>
      <p className="breadcrumbs"><Link to="/hr/drills">標的型攻撃メール訓練</Link> ＞ 新しい訓練</p>
      <h1>新しい訓練</h1>
      {values ? (
        <>
          <p>テンプレートの内容は、この訓練だけで自由に変更できます。保存すると下書きになり、対象人数を確かめてから開始します。</p>
          <DrillCampaignForm values={values} options={options} errors={actionData?.errors ?? {}} submitLabel="下書きとして保存" />
        </>
      ) : (
        <section aria-labelledby="templates-title">
          <h2 id="templates-title">テンプレートを選ぶ</h2>
          <p>いずれも基本方針 3(1) の脅威に対応した、架空の差出人・ドメインのメールです。</p>
          <ul className="assignment-list">
            {templates.map((template) => (
              <li key={template.id} className="assignment">
                <h3><Link to={`/hr/drills/new?template=${template.id}`}>{template.title}</Link></h3>
                <p>件名: {template.subject}（差出人: {template.senderName}）</p>
                <p className="muted">{template.threat}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
