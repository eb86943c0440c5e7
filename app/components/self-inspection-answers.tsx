import { Form } from "@remix-run/react";
import type { AnswerRow } from "~/domain/self-inspection/campaigns.server";
import { ANSWER_LABELS, ANSWERS, groupBySection, type ChecklistItem } from "~/domain/self-inspection/checklist";
import { formatJapanDateTime, formatWareki } from "~/domain/time";

export type AnswerItem = ChecklistItem & AnswerRow;

type Values = Record<string, string>;

/** The department's answers, read-only, grouped by policy section, with improvement actions. */
export function AnswerTable({ items, closeAction }: { items: AnswerItem[]; closeAction?: { errors: Values } | true }) {
  return (
    <>
      {groupBySection(items).map((group) => (
        <section key={group.section} className="card" aria-labelledby={`section-${group.section}`}>
          <h2 id={`section-${group.section}`}>基本方針 {group.section}</h2>
          <dl className="inspection-answers">
            {group.items.map((item) => (
              <div key={item.id} className="inspection-answer">
                <dt>{item.text}</dt>
                <dd>
                  <strong className={`answer answer--${item.answer ?? "none"}`}>{item.answer ? ANSWER_LABELS[item.answer] : "未回答"}</strong>
                  {item.comment ? <p className="prewrap small">コメント：{item.comment}</p> : null}
                  {item.answer === "no" ? (
                    <div className="improvement">
                      <p className="prewrap small">改善予定：{item.improvementPlan ?? "—"}（{item.improvementDue ? `${formatWareki(item.improvementDue)}まで` : "期日なし"}）</p>
                      {item.improvementClosedAt ? (
                        <p className="small"><span className="status status--completed">改善済み</span> {formatJapanDateTime(item.improvementClosedAt)} {item.improvementClosedNote}</p>
                      ) : closeAction ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="close" />
                          <input type="hidden" name="itemId" value={item.id} />
                          <label htmlFor={`close-${item.id}`}>実施した内容</label>
                          <input id={`close-${item.id}`} name="note" type="text" maxLength={2000} required aria-invalid={closeAction !== true && closeAction.errors[`${item.id}.closeNote`] ? true : undefined} aria-describedby={closeAction !== true && closeAction.errors[`${item.id}.closeNote`] ? `close-${item.id}-error` : undefined} />
                          {closeAction !== true && closeAction.errors[`${item.id}.closeNote`] ? <span id={`close-${item.id}-error`} className="field__error">{closeAction.errors[`${item.id}.closeNote`]}</span> : null}
                          <button type="submit" className="button button--quiet">改善済みにする</button>
                        </Form>
                      ) : (
                        <p className="small"><span className="status status--overdue">未完了</span></p>
                      )}
                    </div>
                  ) : null}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}

/** The answer form of the department head: works without JavaScript; drafts and submission. */
export function AnswerForm({ items, values, errors }: { items: AnswerItem[]; values: Values | null; errors: Values }) {
  const value = (name: string, fallback: string | null) => (values ? (values[name] ?? "") : (fallback ?? ""));
  const errorList = Object.entries(errors).filter(([key]) => key !== "form");
  return (
    <Form method="post" noValidate>
      {errors.form ? <p className="form-error" role="alert">{errors.form}</p> : null}
      {errorList.length > 0 ? (
        <div className="form-error" role="alert">
          <p>入力に誤りがあります（{errorList.length}件）。各項目のメッセージを確認してください。何も保存していません。</p>
        </div>
      ) : null}
      {groupBySection(items).map((group) => (
        <section key={group.section} className="card" aria-labelledby={`section-${group.section}`}>
          <h2 id={`section-${group.section}`}>基本方針 {group.section}</h2>
          {group.items.map((item) => {
            const answer = value(`answer:${item.id}`, item.answer);
            const error = (field: string) => errors[`${item.id}.${field}`];
            return (
              <fieldset key={item.id} className="inspection-item" aria-describedby={error("answer") ? `guidance-${item.id} answer-${item.id}-error` : `guidance-${item.id}`}>
                <legend>{item.text}</legend>
                <input type="hidden" name="item" value={item.id} />
                <p id={`guidance-${item.id}`} className="small muted">{item.guidance}</p>
                <div className="radio-row">
                  {ANSWERS.map((option) => (
                    <label key={option} className="check">
                      <input type="radio" name={`answer:${item.id}`} value={option} defaultChecked={answer === option} />
                      {ANSWER_LABELS[option]}
                    </label>
                  ))}
                </div>
                {error("answer") ? <p id={`answer-${item.id}-error`} className="field__error">{error("answer")}</p> : null}
                <div className="field">
                  <label htmlFor={`comment-${item.id}`}>コメント（任意）</label>
                  <textarea id={`comment-${item.id}`} name={`comment:${item.id}`} rows={2} maxLength={2000} defaultValue={value(`comment:${item.id}`, item.comment)} aria-invalid={error("comment") ? true : undefined} aria-describedby={error("comment") ? `comment-${item.id}-error` : undefined} />
                  {error("comment") ? <p id={`comment-${item.id}-error`} className="field__error">{error("comment")}</p> : null}
                </div>
                <div className="improvement-fields">
                  <div className="field">
                    <label htmlFor={`plan-${item.id}`}>改善予定（「いいえ」の場合は必須）</label>
                    <textarea id={`plan-${item.id}`} name={`plan:${item.id}`} rows={2} maxLength={2000} defaultValue={value(`plan:${item.id}`, item.improvementPlan)} aria-invalid={error("improvementPlan") ? true : undefined} aria-describedby={error("improvementPlan") ? `plan-${item.id}-error` : undefined} />
                    {error("improvementPlan") ? <p id={`plan-${item.id}-error`} className="field__error">{error("improvementPlan")}</p> : null}
                  </div>
                  <div className="field">
                    <label htmlFor={`due-${item.id}`}>改善予定日（「いいえ」の場合は必須）</label>
                    <input id={`due-${item.id}`} type="date" name={`due:${item.id}`} defaultValue={value(`due:${item.id}`, item.improvementDue)} aria-invalid={error("improvementDue") ? true : undefined} aria-describedby={error("improvementDue") ? `due-${item.id}-error` : undefined} />
                    {error("improvementDue") ? <p id={`due-${item.id}-error`} className="field__error">{error("improvementDue")}</p> : null}
                  </div>
                </div>
              </fieldset>
            );
          })}
        </section>
      ))}
      <div className="actions">
        <button type="submit" name="intent" value="save" className="button button--secondary">下書きを保存</button>
        <button type="submit" name="intent" value="submit" className="button">提出する</button>
      </div>
      <p className="small muted">提出すると変更できません。提出には全項目の回答が必要です。</p>
    </Form>
  );
}
