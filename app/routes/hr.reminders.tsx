import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { today } from "~/domain/clock.server";
import { runTask } from "~/domain/jobs/worker-pool.server";
import { getRun, listRecentRuns } from "~/domain/reminders/run.server";
import { requestDelivery } from "~/domain/reminders/scheduler.server";
import { parseSettingsForm, type ReminderSettings } from "~/domain/reminders/settings";
import { getReminderSettings, saveReminderSettings } from "~/domain/reminders/settings.server";
import { formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "リマインダー｜まもり" }];

const TRIGGER_LABELS: Record<string, string> = { scheduler: "自動（定時）", cli: "コマンド", hr: "人事が実行" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  const db = getDb();
  const url = new URL(request.url);
  const ranId = z.coerce.number().int().positive().safeParse(url.searchParams.get("ran"));
  return {
    // Planned over the whole organisation (seconds at 50,000 staff): on the background worker.
    preview: await runTask(db, "reminders.preview", { date: today() }),
    settings: getReminderSettings(db),
    runs: listRecentRuns(db, 10),
    ran: ranId.success ? getRun(db, ranId.data) : null,
  };
}

const IntentSchema = z.object({ intent: z.enum(["run", "settings"], { error: "操作を選んでください。" }) });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr");
  const form = await request.formData();
  const intent = IntentSchema.safeParse({ intent: form.get("intent") });
  if (!intent.success) return data({ intent: null, errors: { form: "操作を選んでください。" } as Record<string, string>, message: null }, { status: 400 });
  const db = getDb();
  const ip = context?.clientIp ?? null;
  if (intent.data.intent === "settings") {
    const parsed = parseSettingsForm(form);
    if (!parsed.ok) return data({ intent: "settings" as const, errors: parsed.errors, message: null }, { status: 400 });
    saveReminderSettings(db, parsed.settings, { accountId: user.accountId, ip });
    throw redirect("/hr/reminders?saved=1");
  }
  const result = await runTask(db, "reminders.run", { date: today(), trigger: "hr", actorAccountId: user.accountId, ip, waitForLeaseMs: 5_000 });
  if (result.status === "busy") {
    return data({ intent: "run" as const, errors: {} as Record<string, string>, message: "別の処理がリマインダーを実行中です。少し待ってから、もう一度実行してください。" }, { status: 409 });
  }
  if (result.status === "closed") {
    return data({ intent: "run" as const, errors: {} as Record<string, string>, message: `本日は休日（${result.closedReason}）のため、リマインダーは送信しません。` }, { status: 400 });
  }
  if (result.status !== "done") throw new Response("実行できませんでした。", { status: 409 });
  requestDelivery();
  throw redirect(`/hr/reminders?ran=${result.runId}`);
}

type FieldErrors = Record<string, string>;

function NumberField({ name, label, hint, value, errors, min, max }: { name: keyof ReminderSettings; label: string; hint: string; value: number; errors: FieldErrors; min: number; max: number }) {
  const error = errors[name];
  return (
    <div className="field">
      <label htmlFor={`setting-${name}`}>{label}</label>
      <p className="field__hint" id={`setting-${name}-hint`}>{hint}</p>
      <input
        id={`setting-${name}`} name={name} type="number" inputMode="numeric" min={min} max={max} defaultValue={value} required
        aria-invalid={error ? true : undefined} aria-describedby={`setting-${name}-hint${error ? ` setting-${name}-error` : ""}`}
      />
      {error ? <p className="field__error" id={`setting-${name}-error`}>{error}</p> : null}
    </div>
  );
}

export default function HrReminders() {
  const { preview, settings, runs, ran } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busyIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const errors: FieldErrors = actionData?.intent === "settings" ? actionData.errors : {};
  const counts = preview.counts;
  return (
    <>
      <h1>リマインダー</h1>
      <p className="lead">
        受講期限の通知メールと、所属長・人事への報告の状況です。通知は営業日（土日・祝日・年末年始を除く）の{preview.sendHour}時以降に、1人1日1通までにまとめて自動送信されます。
      </p>
      {ran ? (
        <p className="notice notice--ok" role="status">
          リマインダーを実行しました（{formatWareki(ran.runDate)}）。メール {ran.messagesQueued} 通を送信キューに入れ、通知 {ran.remindersRecorded} 件を記録しました。
          {ran.undeliverable > 0 ? ` メールで通知できない職員が ${ran.undeliverable} 名います（下の一覧）。` : ""}
        </p>
      ) : null}
      {searchParams.get("saved") ? <p className="notice notice--ok" role="status">通知スケジュールを保存しました。</p> : null}
      {actionData?.intent === "run" && actionData.message ? <p className="form-error" role="alert">{actionData.message}</p> : null}
      {!preview.smtpConfigured ? (
        <p className="notice notice--warn">メール送信（SMTP）が設定されていないため、メールは送信されず送信キューに保持されます。システム管理者が送信キューで内容を確認できます。</p>
      ) : null}

      <section aria-labelledby="preview-title" className="card">
        <h2 id="preview-title">本日（{formatWareki(preview.date)}）の通知予定</h2>
        {!preview.businessDay ? (
          <p>本日は休日（{preview.closedReason}）のため送信しません。次の営業日は{formatWareki(preview.nextBusinessDay)}です。</p>
        ) : (
          <>
            <ul className="summary-tiles" aria-label="本日の通知予定の件数">
              <li><span>送信するメール</span><strong>{counts.messages}</strong></li>
              <li><span>期限超過の通知</span><strong>{counts.overdue}</strong></li>
              <li><span>期限当日の通知</span><strong>{counts.due}</strong></li>
              <li><span>期限前の通知</span><strong>{counts.upcoming}</strong></li>
              <li><span>割り当ての通知</span><strong>{counts.assigned}</strong></li>
              <li><span>所属長への報告</span><strong>{counts.managerDigests}</strong></li>
              <li><span>人事への報告</span><strong>{counts.hrDigests}</strong></li>
              <li><span>メールで送れない人</span><strong>{counts.undeliverable}</strong></li>
            </ul>
            <p className="muted">
              {preview.ranToday ? "本日分は実行済みです。以下は、いま実行した場合に追加で送られる分です。" : "本日分はまだ実行されていません。"}
              {counts.deferred > 0 ? ` 本日すでにメールを受け取った ${counts.deferred} 名の分は翌営業日に送ります。` : ""}
              {counts.withoutManager > 0 ? ` 所属長が登録されていない所属の期限超過者が ${counts.withoutManager} 名います（人事への報告に含まれます）。` : ""}
            </p>
            {preview.warnings.map((warning) => <p key={warning} className="notice notice--warn">{warning}</p>)}
            <Form method="post" className="actions">
              <button type="submit" name="intent" value="run" className="button" disabled={busyIntent === "run"}>
                {busyIntent === "run" ? "実行しています…" : "今すぐ実行する"}
              </button>
              <span className="muted">同じ日に何度実行しても、同じ通知が二重に送られることはありません。</span>
            </Form>
            {preview.recipients.length > 0 ? (
              <details className="disclosure">
                <summary>本日メールを受け取る人を見る（{counts.messages > preview.recipients.length ? `${counts.messages}名のうち先頭${preview.recipients.length}名` : `${counts.messages}名`}）</summary>
                <div className="table-wrap">
                  <table className="table--wide">
                    <caption className="visually-hidden">本日メールを受け取る人（先頭100名）</caption>
                    <thead>
                      <tr><th scope="col">職員番号</th><th scope="col">氏名</th><th scope="col">メールアドレス</th><th scope="col">本人向け</th><th scope="col">所属長として</th><th scope="col">人事として</th></tr>
                    </thead>
                    <tbody>
                      {preview.recipients.map((recipient) => (
                        <tr key={recipient.employeeNo}>
                          <td>{recipient.employeeNo}</td><td>{recipient.name}</td><td className="break">{recipient.email}</td>
                          <td>{recipient.own || "—"}</td>
                          <td>{recipient.managerStaff === null ? "—" : `職員${recipient.managerStaff}名の報告`}</td>
                          <td>{recipient.hr ? "期限超過者の報告" : "—"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            ) : (
              <p>本日送るメールはありません。</p>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="unreachable-title">
        <h2 id="unreachable-title">メールで通知できない職員（{preview.unreachableTotal}名）</h2>
        {preview.unreachableTotal === 0 ? (
          <p className="card">メールアドレスの登録がない対象者はいません。</p>
        ) : (
          <>
            <p>期限超過または期限が近い研修があるのに、メールアドレスが未登録または不正な職員です。画面上のお知らせは表示されますが、メールは届きません。別の方法で連絡し、職員情報を更新してください（毎週の人事への報告にも含まれます）。</p>
            <div className="table-wrap">
              <table className="table--wide">
                <caption className="visually-hidden">メールで通知できない職員</caption>
                <thead><tr><th scope="col">職員番号</th><th scope="col">氏名</th><th scope="col">所属</th><th scope="col">理由</th><th scope="col">対象</th></tr></thead>
                <tbody>
                  {preview.unreachable.map((person) => (
                    <tr key={`${person.role}-${person.employeeNo}`}>
                      <td>{person.employeeNo}</td><td>{person.name}</td><td>{person.departmentName}</td>
                      <td>{person.reason === "no_email" ? "メールアドレス未登録" : "メールアドレスが不正"}</td>
                      <td>{person.role === "manager" ? `所属長として職員${person.items}件の報告` : `研修${person.items}件`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="runs-title">
        <h2 id="runs-title">最近の実行</h2>
        {runs.length === 0 ? (
          <p className="card">まだ実行されていません。</p>
        ) : (
          <div className="table-wrap">
            <table className="table--wide">
              <caption className="visually-hidden">最近の実行（新しい順）</caption>
              <thead><tr><th scope="col">対象日</th><th scope="col">実行</th><th scope="col">完了日時</th><th scope="col">メール</th><th scope="col">通知の記録</th><th scope="col">メール不可</th><th scope="col">持ち越し</th></tr></thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id}>
                    <td>{formatWareki(run.runDate)}</td>
                    <td>{TRIGGER_LABELS[run.trigger] ?? run.trigger}{run.actor ? `（${run.actor}）` : ""}</td>
                    <td>{formatJapanDateTime(run.finishedAt)}</td>
                    <td>{run.messagesQueued}</td><td>{run.remindersRecorded}</td><td>{run.undeliverable}</td><td>{run.deferred}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="settings-title">
        <h2 id="settings-title">通知スケジュール</h2>
        <Form method="post" className="card" noValidate aria-describedby={Object.keys(errors).length > 0 ? "settings-error" : undefined}>
          {Object.keys(errors).length > 0 ? <p className="form-error" id="settings-error" role="alert">入力内容を確認してください。</p> : null}
          <fieldset className="settings-group">
            <legend>本人への通知</legend>
            <div className="check-field">
              <input id="setting-onAssignment" name="onAssignment" type="checkbox" defaultChecked={settings.onAssignment} />
              <label htmlFor="setting-onAssignment">研修が割り当てられたときに通知する</label>
            </div>
            <div className="field">
              <label htmlFor="setting-daysBefore">期限の何日前に通知するか</label>
              <p className="field__hint" id="setting-daysBefore-hint">日数をカンマで区切って入力（例: 14, 7, 1）。空欄にすると期限前の通知はしません。</p>
              <input
                id="setting-daysBefore" name="daysBefore" type="text" inputMode="numeric" defaultValue={settings.daysBefore.join(", ")}
                aria-invalid={errors.daysBefore ? true : undefined} aria-describedby={`setting-daysBefore-hint${errors.daysBefore ? " setting-daysBefore-error" : ""}`}
              />
              {errors.daysBefore ? <p className="field__error" id="setting-daysBefore-error">{errors.daysBefore}</p> : null}
            </div>
            <div className="check-field">
              <input id="setting-onDueDate" name="onDueDate" type="checkbox" defaultChecked={settings.onDueDate} />
              <label htmlFor="setting-onDueDate">期限当日に通知する</label>
            </div>
            <div className="settings-grid">
              <NumberField name="overdueFirstDay" label="最初の期限超過通知（期限の何日後）" hint="1 = 期限の翌日" value={settings.overdueFirstDay} errors={errors} min={1} max={365} />
              <NumberField name="overdueRepeatDays" label="期限超過通知の間隔（日）" hint="7 = 毎週。0 にすると繰り返しません" value={settings.overdueRepeatDays} errors={errors} min={0} max={365} />
            </div>
          </fieldset>
          <fieldset className="settings-group">
            <legend>所属長・人事への報告</legend>
            <div className="settings-grid">
              <NumberField name="managerEscalationDays" label="所属長へ報告（期限超過の日数）" hint="この日数以上超過した職員を所属長に報告。0 で報告しない" value={settings.managerEscalationDays} errors={errors} min={0} max={365} />
              <NumberField name="hrEscalationDays" label="人事へ報告（期限超過の日数）" hint="この日数以上超過した職員を人事に報告。0 で報告しない" value={settings.hrEscalationDays} errors={errors} min={0} max={365} />
              <NumberField name="digestRepeatDays" label="報告の間隔（日）" hint="7 = 週1回まで" value={settings.digestRepeatDays} errors={errors} min={1} max={365} />
            </div>
          </fieldset>
          <fieldset className="settings-group">
            <legend>送信日時</legend>
            <div className="settings-grid">
              <NumberField name="sendHour" label="送信時刻（時）" hint="日本時間。9 = 午前9時以降に送信" value={settings.sendHour} errors={errors} min={0} max={23} />
            </div>
            <div className="check-field">
              <input id="setting-newYearHolidays" name="newYearHolidays" type="checkbox" defaultChecked={settings.newYearHolidays} />
              <label htmlFor="setting-newYearHolidays">年末年始（12月29日〜1月3日）は送信しない（土日・祝日は常に送信しません）。割り当ての期限も、同じ暦で閉庁日を避けて前倒しします</label>
            </div>
          </fieldset>
          <div className="actions">
            <button type="submit" name="intent" value="settings" className="button button--secondary" disabled={busyIntent === "settings"}>
              {busyIntent === "settings" ? "保存しています…" : "スケジュールを保存する"}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
