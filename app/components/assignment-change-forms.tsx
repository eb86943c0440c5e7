import { Form } from "@remix-run/react";
import type { AssignmentStatus } from "~/domain/assignments/status";

export type ChangeIntent = "extend" | "exempt" | "reinstate";
export type ChangeFeedback = {
  intent: ChangeIntent;
  errors: Partial<Record<"reason" | "newDueDate" | "form", string>>;
  values: { newDueDate: string; reason: string };
};

type Props = {
  assignment: { status: AssignmentStatus; dueDate: string };
  /** Earliest date the date inputs offer (tomorrow); the server checks again. */
  minDate: string;
  suggestedDueDate: string;
  feedback?: ChangeFeedback | null;
  reasonMaxLength: number;
};

function ReasonField({ intent, feedback, label, hint, maxLength }: { intent: ChangeIntent; feedback?: ChangeFeedback | null; label: string; hint: string; maxLength: number }) {
  const mine = feedback?.intent === intent ? feedback : null;
  const id = `${intent}-reason`;
  const error = mine?.errors.reason;
  return (
    <div className="field">
      <label htmlFor={id}>{label}（必須）</label>
      <p className="field__hint" id={`${id}-hint`}>{hint}</p>
      <textarea
        id={id} name="reason" rows={3} required maxLength={maxLength} defaultValue={mine?.values.reason ?? ""}
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      {error ? <p className="field__error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

function DateField({ intent, feedback, label, hint, required, minDate, defaultValue }: { intent: ChangeIntent; feedback?: ChangeFeedback | null; label: string; hint: string; required: boolean; minDate: string; defaultValue: string }) {
  const mine = feedback?.intent === intent ? feedback : null;
  const id = `${intent}-due`;
  const error = mine?.errors.newDueDate;
  return (
    <div className="field field--date">
      <label htmlFor={id}>{label}{required ? "（必須）" : "（任意）"}</label>
      <p className="field__hint" id={`${id}-hint`}>{hint}</p>
      <input
        id={id} name="newDueDate" type="date" required={required} min={minDate} defaultValue={mine ? mine.values.newDueDate : defaultValue}
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      {error ? <p className="field__error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

function FormError({ intent, feedback }: { intent: ChangeIntent; feedback?: ChangeFeedback | null }) {
  const message = feedback?.intent === intent ? feedback.errors.form : undefined;
  return message ? <p className="form-error" role="alert">{message}</p> : null;
}

/**
 * 期限延長・免除・免除の取消 forms for one assignment. Plain POST forms (no JavaScript needed),
 * one `intent` each. Used by the manager's and HR's assignment pages.
 */
export function AssignmentChangeForms({ assignment, minDate, suggestedDueDate, feedback, reasonMaxLength }: Props) {
  if (assignment.status === "completed") {
    return <p className="card">この研修は修了済みのため、期限延長・免除はできません。</p>;
  }
  if (assignment.status === "exempt") {
    return (
      <Form method="post" className="card" aria-labelledby="reinstate-heading">
        <h2 id="reinstate-heading">免除を取り消す</h2>
        <FormError intent="reinstate" feedback={feedback} />
        <p>取り消すと、この研修は再び受講の対象となり、修了率の分母に戻ります。</p>
        <DateField intent="reinstate" feedback={feedback} label="新しい期限" hint="空欄なら元の期限のままです。元の期限が過ぎている場合は、明日以降の日付を指定してください。" required={false} minDate={minDate} defaultValue="" />
        <ReasonField intent="reinstate" feedback={feedback} label="取り消す理由" hint={`${reasonMaxLength}文字以内。記録され、人事担当も確認できます。`} maxLength={reasonMaxLength} />
        <button type="submit" name="intent" value="reinstate" className="button">免除を取り消す</button>
      </Form>
    );
  }
  return (
    <div className="change-forms">
      <Form method="post" className="card" aria-labelledby="extend-heading">
        <h2 id="extend-heading">期限を延長する</h2>
        <FormError intent="extend" feedback={feedback} />
        <DateField intent="extend" feedback={feedback} label="新しい期限" hint="現在の期限より後で、明日以降の日付を指定してください。" required minDate={minDate} defaultValue={suggestedDueDate} />
        <ReasonField intent="extend" feedback={feedback} label="延長の理由" hint={`${reasonMaxLength}文字以内。記録され、人事担当も確認できます。`} maxLength={reasonMaxLength} />
        <button type="submit" name="intent" value="extend" className="button">期限を延長する</button>
      </Form>
      <Form method="post" className="card" aria-labelledby="exempt-heading">
        <h2 id="exempt-heading">免除する</h2>
        <FormError intent="exempt" feedback={feedback} />
        <p>長期休職・育児休業などで受講できない場合に使います。免除した研修は修了率の分母から除かれます。</p>
        <ReasonField intent="exempt" feedback={feedback} label="免除の理由" hint={`${reasonMaxLength}文字以内。記録され、人事担当も確認できます。`} maxLength={reasonMaxLength} />
        <button type="submit" name="intent" value="exempt" className="button button--secondary">免除する</button>
      </Form>
    </div>
  );
}
