import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { requireHrWriter } from "~/domain/auth/hr-access.server";
import { listRefresherModules } from "~/domain/assignments/refresher.server";
import { now } from "~/domain/clock.server";
import { createGophishUpload, MAX_GOPHISH_BYTES } from "~/domain/drills/gophish.server";

export const meta: MetaFunction = () => [{ title: "GoPhish の結果を取り込む｜標的型攻撃メール訓練｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrWriter(request);
  return { modules: listRefresherModules(getDb()).map(({ id, title }) => ({ id, title })) };
}

const FieldsSchema = z.object({
  campaignName: z.string().trim().min(1, "訓練名を入力してください。").max(100, "訓練名は100文字以内にしてください。"),
  moduleId: z.string().trim().min(1, "フォローアップの研修を選んでください。").max(100),
  followUpDays: z.coerce.number({ error: "日数を数字で入力してください。" }).int("日数は整数で入力してください。").min(1, "1日以上にしてください。").max(180, "180日以内にしてください。"),
});

type Errors = Record<string, string>;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireHrWriter(request);
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_GOPHISH_BYTES) return data({ errors: { file: "ファイルが大きすぎます（10MBまで）。" } as Errors, problems: [] as string[] }, { status: 413 });
  const form = await request.formData();
  const fields = FieldsSchema.safeParse({ campaignName: form.get("campaignName") ?? "", moduleId: form.get("moduleId") ?? "", followUpDays: form.get("followUpDays") ?? "" });
  const errors: Errors = {};
  if (!fields.success) for (const issue of fields.error.issues) errors[String(issue.path[0])] ??= issue.message;
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) errors.file = "GoPhish の結果 CSV を選んでください。";
  else if (file.size > MAX_GOPHISH_BYTES) errors.file = "ファイルが大きすぎます（10MBまで）。";
  if (!fields.success || Object.keys(errors).length > 0 || !(file instanceof File)) return data({ errors, problems: [] as string[] }, { status: 400 });
  const result = createGophishUpload(getDb(), { ...fields.data, fileName: file.name.slice(0, 200), text: await file.text(), actorAccountId: user.accountId }, now());
  if (!result.ok) return data({ errors: { file: "ファイルに誤りがあります（下の一覧）。" } as Errors, problems: result.problems.slice(0, 100) }, { status: 400 });
  throw redirect(`/hr/drills/import/${result.id}`);
}

export default function GophishImport() {
  const { modules } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
  const describe = (key: string) => (errors[key] ? `gophish-${key}-error` : undefined);
  return (
    <>
      <p className="breadcrumbs"><Link to="/hr/drills">標的型攻撃メール訓練</Link> ＞ GoPhish の結果を取り込む</p>
      <h1>GoPhish の結果を取り込む</h1>
      <p className="lead">
        GoPhish のキャンペーン画面の「Export CSV」→「Results」で出力した CSV を取り込み、まもりの訓練結果とフォローアップ（リンクを開いた人への研修の割り当て）に反映します。職員はメールアドレスで照合します。次の画面で内容を確かめてから反映します。
      </p>
      <p className="muted">GoPhish の結果 CSV には出来事ごとの日時がないため、リンクを開いた・入力した・報告した日時には各行の最終更新日時（modified_date）を使います。</p>
      {actionData?.problems && actionData.problems.length > 0 ? (
        <div className="notice notice--bad" role="alert">
          <p className="notice__title">ファイルに誤りがあるため取り込めません。</p>
          <ul>{actionData.problems.map((problem) => <li key={problem}>{problem}</li>)}</ul>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card" noValidate>
        <div className="field">
          <label htmlFor="gophish-file">結果 CSV ファイル</label>
          <input id="gophish-file" name="file" type="file" accept=".csv,text/csv" required aria-invalid={errors.file ? true : undefined} aria-describedby={describe("file")} />
          {errors.file ? <p className="field__error" id="gophish-file-error">{errors.file}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="gophish-campaignName">訓練名</label>
          <input id="gophish-campaignName" name="campaignName" type="text" required aria-invalid={errors.campaignName ? true : undefined} aria-describedby={describe("campaignName")} />
          {errors.campaignName ? <p className="field__error" id="gophish-campaignName-error">{errors.campaignName}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="gophish-moduleId">リンクを開いた人に再受講させる研修</label>
          <select id="gophish-moduleId" name="moduleId" defaultValue="threats" aria-describedby={describe("moduleId")}>
            {modules.map((module) => <option key={module.id} value={module.id}>{module.title}</option>)}
          </select>
          {errors.moduleId ? <p className="field__error" id="gophish-moduleId-error">{errors.moduleId}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="gophish-followUpDays">受講期限（取り込みの日から何日後）</label>
          <input id="gophish-followUpDays" name="followUpDays" type="number" min={1} max={180} defaultValue={14} required aria-invalid={errors.followUpDays ? true : undefined} aria-describedby={describe("followUpDays")} />
          {errors.followUpDays ? <p className="field__error" id="gophish-followUpDays-error">{errors.followUpDays}</p> : null}
        </div>
        <div className="actions"><button type="submit" className="button">確認する（まだ反映しません）</button></div>
      </Form>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
