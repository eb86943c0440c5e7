import { Form } from "@remix-run/react";
import type { CampaignInput } from "~/domain/drills/campaign-form";

/** The form shows a campaign's editable fields: exactly what the form parser produces. */
export type CampaignFormValues = CampaignInput;

type Options = {
  modules: { id: string; title: string }[];
  categories: { id: number; name: string }[];
  departments: { id: number; name: string; depth: number }[];
};

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? <p className="field__error" id={`${id}-error`}>{error}</p> : null;
}

function describedBy(id: string, errors: Record<string, string>, key: string, hint = false): string | undefined {
  const ids = [hint ? `${id}-hint` : null, errors[key] ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** The campaign form (create and edit a draft). Works without JavaScript. */
export function DrillCampaignForm({ values, options, errors, submitLabel }: { values: CampaignFormValues; options: Options; errors: Record<string, string>; submitLabel: string }) {
  const text = (key: "name" | "senderName" | "senderAddress" | "subject", label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`drill-${key}`}>{label}</label>
      {hint ? <p className="field__hint" id={`drill-${key}-hint`}>{hint}</p> : null}
      <input id={`drill-${key}`} name={key} type="text" defaultValue={values[key]} required aria-invalid={errors[key] ? true : undefined} aria-describedby={describedBy(`drill-${key}`, errors, key, Boolean(hint))} />
      <FieldError id={`drill-${key}`} error={errors[key]} />
    </div>
  );
  return (
    <Form method="post" className="card" noValidate>
      {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
      {values.templateId ? <input type="hidden" name="templateId" value={values.templateId} /> : null}
      <fieldset className="settings-group">
        <legend>訓練メール</legend>
        {text("name", "訓練名（職員には表示されません）")}
        {text("senderName", "差出人名")}
        {text("senderAddress", "送信元メールアドレス", "訓練用の架空のアドレスにしてください（例: info@example.jp）。庁内の中継サーバが受け付けるアドレスである必要があります。")}
        {text("subject", "件名")}
        <div className="field">
          <label htmlFor="drill-bodyText">本文（テキスト）</label>
          <p className="field__hint" id="drill-bodyText-hint">{"{{name}}"} は氏名、{"{{link}}"} は一人ひとり異なる訓練用リンク、{"{{reference}}"} は報告用の参照番号に置き換わります。{"{{link}}"} と {"{{reference}}"} は必須です。</p>
          <textarea id="drill-bodyText" name="bodyText" rows={14} defaultValue={values.bodyText} required aria-invalid={errors.bodyText ? true : undefined} aria-describedby={describedBy("drill-bodyText", errors, "bodyText", true)} />
          <FieldError id="drill-bodyText" error={errors.bodyText} />
        </div>
        <div className="field">
          <label htmlFor="drill-signs">見分けるポイント（1行に1つ。リンク先の訓練ページに表示）</label>
          <textarea id="drill-signs" name="signs" rows={5} defaultValue={values.signs.join("\n")} aria-invalid={errors.signs ? true : undefined} aria-describedby={describedBy("drill-signs", errors, "signs")} />
          <FieldError id="drill-signs" error={errors.signs} />
        </div>
        <div className="field">
          <label htmlFor="drill-landing">リンク先</label>
          <select id="drill-landing" name="landing" defaultValue={values.landing}>
            <option value="login">偽のログイン画面（入力したかどうかだけを記録。入力内容は送信も保存もしません）</option>
            <option value="none">すぐに「これは訓練です」を表示</option>
          </select>
          <FieldError id="drill-landing" error={errors.landing} />
        </div>
      </fieldset>
      <fieldset className="settings-group">
        <legend>対象者と送信期間</legend>
        <fieldset>
          <legend>職員区分（選ばなければ全区分）</legend>
          {options.categories.map((category) => (
            <div className="check-field" key={category.id}>
              <input id={`drill-category-${category.id}`} type="checkbox" name="categoryId" value={category.id} defaultChecked={values.audience.categoryIds.includes(category.id)} />
              <label htmlFor={`drill-category-${category.id}`}>{category.name}</label>
            </div>
          ))}
          <FieldError id="drill-categoryIds" error={errors.categoryIds} />
        </fieldset>
        <div className="field">
          <label htmlFor="drill-departments">所属（選んだ所属とその下位。選ばなければ全所属。Ctrl キーで複数選択）</label>
          <select id="drill-departments" name="departmentId" multiple size={10} defaultValue={values.audience.departmentIds.map(String)} aria-describedby={describedBy("drill-departments", errors, "departmentIds")}>
            {options.departments.map((department) => (
              <option key={department.id} value={department.id}>{"　".repeat(department.depth)}{department.name}</option>
            ))}
          </select>
          <FieldError id="drill-departments" error={errors.departmentIds} />
        </div>
        <div className="field">
          <label htmlFor="drill-sampleKind">対象者の選び方</label>
          <select id="drill-sampleKind" name="sampleKind" defaultValue={values.audience.sample.kind}>
            <option value="all">条件に合う全員</option>
            <option value="count">無作為に N 人</option>
            <option value="percent">無作為に N %</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="drill-sampleValue">N（人数または %）</label>
          <input id="drill-sampleValue" name="sampleValue" type="number" min={1} defaultValue={values.audience.sample.value || ""} aria-invalid={errors.sampleValue ? true : undefined} aria-describedby={describedBy("drill-sampleValue", errors, "sampleValue")} />
          <FieldError id="drill-sampleValue" error={errors.sampleValue} />
        </div>
        <div className="field">
          <label htmlFor="drill-windowDays">送信期間（営業日）</label>
          <p className="field__hint" id="drill-windowDays-hint">開始日から N 営業日（土日・祝日・年末年始を除く）の9時〜17時に、一人ずつ無作為な時刻で送信します。</p>
          <input id="drill-windowDays" name="windowDays" type="number" min={1} max={20} defaultValue={values.windowDays} required aria-invalid={errors.windowDays ? true : undefined} aria-describedby={describedBy("drill-windowDays", errors, "windowDays", true)} />
          <FieldError id="drill-windowDays" error={errors.windowDays} />
        </div>
      </fieldset>
      <fieldset className="settings-group">
        <legend>リンクを開いた人へのフォローアップ</legend>
        <div className="field">
          <label htmlFor="drill-moduleId">再受講させる研修</label>
          <select id="drill-moduleId" name="moduleId" defaultValue={values.moduleId} aria-describedby={describedBy("drill-moduleId", errors, "moduleId")}>
            {options.modules.map((module) => <option key={module.id} value={module.id}>{module.title}</option>)}
          </select>
          <FieldError id="drill-moduleId" error={errors.moduleId} />
        </div>
        <div className="field">
          <label htmlFor="drill-followUpDays">受講期限（リンクを開いた日から何日後）</label>
          <input id="drill-followUpDays" name="followUpDays" type="number" min={1} max={180} defaultValue={values.followUpDays} required aria-invalid={errors.followUpDays ? true : undefined} aria-describedby={describedBy("drill-followUpDays", errors, "followUpDays")} />
          <FieldError id="drill-followUpDays" error={errors.followUpDays} />
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" name="intent" value="save" className="button">{submitLabel}</button>
      </div>
    </Form>
  );
}
