import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { StatusBadge } from "~/components/status-badge";
import { getDb } from "~/db/client.server";
import { listMyAssignments } from "~/domain/assignments/learner.server";
import { earlierYearLabel, learnPath } from "~/domain/assignments/links";
import { requireUser } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { AttemptLockNotice } from "~/components/attempt-lock-notice";
import { getAttemptLocks } from "~/domain/quiz/attempt-policy.server";
import { getModule } from "~/domain/content/catalog.server";
import { buildLearnerNotices } from "~/domain/reminders/notices";
import { getReminderSettings } from "~/domain/reminders/settings.server";
import { listCompletedTrackYears } from "~/domain/reports/certificates.server";
import { daysBetween, fiscalYearOf, formatFiscalYear, formatJapanDateTime, formatWareki } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "マイ研修｜まもり" }];

const SOURCE_LABELS: Record<string, string> = { rule: "年度研修", refresher: "所属長からの再受講", hr: "人事からの指定", remedial: "補習" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const date = today();
  const db = getDb();
  const items = listMyAssignments(db, user.employeeId, date).map((item) => ({
    ...item,
    minutes: getModule(item.moduleId)?.minutes ?? null,
    summary: getModule(item.moduleId)?.summary ?? "",
    daysLeft: daysBetween(date, item.dueDate),
  }));
  const fiscalYear = fiscalYearOf(date);
  // The tiles count this 年度; earlier years' unfinished items are listed (and counted) apart.
  const counts = { total: 0, completed: 0, overdue: 0, open: 0 };
  for (const item of items) {
    if (item.status === "exempt" || item.fiscalYear !== fiscalYear) continue;
    counts.total += 1;
    if (item.status === "completed") counts.completed += 1;
    else if (item.status === "overdue") counts.overdue += 1;
    else counts.open += 1;
  }
  const notices = buildLearnerNotices(items, date, getReminderSettings(db));
  // Scoped: the ids come from this learner's own list.
  const locks = getAttemptLocks(db, items.filter((item) => getModule(item.moduleId)?.quiz && item.status !== "completed" && item.status !== "exempt").map((item) => item.id), now());
  return {
    name: user.name, fiscalYear, counts, notices, trackYears: listCompletedTrackYears(db, user.employeeId),
    items: items.map((item) => ({ ...item, lock: locks.get(item.id) ?? null })),
  };
}

function dueNote(status: string, daysLeft: number): string | null {
  if (status === "completed" || status === "exempt") return null;
  if (daysLeft < 0) return `${-daysLeft}日超過`;
  if (daysLeft === 0) return "本日が期限";
  return `あと${daysLeft}日`;
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function AssignmentItem({ item, currentFiscalYear }: { item: Item; currentFiscalYear: number }) {
  const note = dueNote(item.status, item.daysLeft);
  const yearLabel = formatFiscalYear(item.fiscalYear);
  return (
    <li className={`assignment${item.status === "overdue" ? " assignment--overdue" : ""}`}>
      <h3>
        <Link to={learnPath(item)}>
          {item.title}
          {item.cycle > 1 ? <span className="assignment__cycle">（再受講）</span> : null}
          {item.fiscalYear !== currentFiscalYear ? <span className="visually-hidden">（{yearLabel}）</span> : null}
        </Link>
      </h3>
      <StatusBadge status={item.status} />
      {item.summary ? <p className="assignment__reason muted">{item.summary}</p> : null}
      <dl className="assignment__meta">
        <div><dt>年度</dt><dd>{yearLabel}</dd></div>
        <div><dt>期限</dt><dd>{formatWareki(item.dueDate)}{note ? `（${note}）` : ""}</dd></div>
        {item.minutes ? <div><dt>目安</dt><dd>{item.minutes}分</dd></div> : null}
        <div><dt>種別</dt><dd>{SOURCE_LABELS[item.source] ?? item.source}{item.cycle > 1 ? `（${item.cycle}回目）` : ""}</dd></div>
        {item.completedAt ? <div><dt>修了日時</dt><dd>{formatJapanDateTime(item.completedAt)}</dd></div> : null}
      </dl>
      {item.reason ? <p className="assignment__reason">理由：{item.reason}</p> : null}
      {item.lock ? <AttemptLockNotice lock={item.lock} moduleId={item.moduleId} title={item.title} /> : null}
      {item.extension ? (
        <p className="assignment__reason">
          期限が延長されました{item.extension.previousDueDate ? `（元の期限 ${formatWareki(item.extension.previousDueDate)}）` : ""}：{item.extension.reason}
        </p>
      ) : null}
      {item.status === "completed" ? (
        <p className="assignment__reason">
          <Link to={`/learn/certificates/${item.id}`}>修了証<span className="visually-hidden">（{item.title}{item.cycle > 1 ? "・再受講" : ""}）</span></Link>
        </p>
      ) : null}
    </li>
  );
}

export default function Learn() {
  const { name, fiscalYear, items, counts, notices, trackYears } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const completedModule = searchParams.get("completed");
  const overdueNotices = notices.filter((notice) => notice.kind === "overdue");
  const soonNotices = notices.filter((notice) => notice.kind !== "overdue");
  const completedTitle = items.find((item) => item.moduleId === completedModule && item.status === "completed")?.title;
  // Refresher training a manager assigned and the learner has not opened yet.
  const current = items.filter((item) => item.fiscalYear === fiscalYear);
  const earlierYears = [...new Set(items.filter((item) => item.fiscalYear < fiscalYear).map((item) => item.fiscalYear))].sort((a, b) => b - a);
  const yearNote = (year: number) => (year === fiscalYear ? "" : `［${formatFiscalYear(year)}］`);
  const fresh = items.filter((item) => item.source === "refresher" && item.startedAt === null && (item.status === "not_started" || item.status === "overdue"));
  return (
    <>
      <h1>マイ研修</h1>
      <p className="lead">{name} さんの{formatFiscalYear(fiscalYear)}の研修です。期限までに各モジュールを読み、確認テストに合格してください。</p>
      {completedTitle ? (
        <p className="notice notice--ok" role="status">「{completedTitle}」を修了しました。お疲れさまでした。</p>
      ) : null}
      {notices.length > 0 ? (
        <section aria-labelledby="notices-title" className="notices">
          <h2 id="notices-title" className="visually-hidden">お知らせ</h2>
          {overdueNotices.length > 0 ? (
            <div className="notice notice--bad">
              <p className="notice__title">受講期限を過ぎた研修が{overdueNotices.length}件あります。早めに受講してください。</p>
              <ul>
                {overdueNotices.map((notice) => (
                  <li key={notice.assignmentId}>{yearNote(notice.fiscalYear)}「{notice.title}」 期限 {formatWareki(notice.dueDate)}（{notice.days}日超過）</li>
                ))}
              </ul>
            </div>
          ) : null}
          {soonNotices.length > 0 ? (
            <div className="notice notice--warn">
              <p className="notice__title">受講期限が近い研修が{soonNotices.length}件あります。</p>
              <ul>
                {soonNotices.map((notice) => (
                  <li key={notice.assignmentId}>{yearNote(notice.fiscalYear)}「{notice.title}」 期限 {formatWareki(notice.dueDate)}（{notice.kind === "due_today" ? "本日が期限" : `あと${notice.days}日`}）</li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}
      {fresh.length > 0 ? (
        <section className="notice notice--new" aria-labelledby="fresh-heading">
          <h2 id="fresh-heading" className="notice__heading">新しく割り当てられた研修</h2>
          <ul>
            {fresh.map((item) => (
              <li key={item.id}>
                <Link to={learnPath(item)}>{item.title}{item.cycle > 1 ? "（再受講）" : ""}</Link>（期限 {formatWareki(item.dueDate)}）
                {item.reason ? <span className="notice__detail">所属長からの理由：{item.reason}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="actions actions--top">
        <Link className="button button--secondary" to="/learn/report">不審メールを報告</Link>
      </p>
      <ul className="summary-tiles" aria-label="受講状況のまとめ">
        <li><span>割り当て</span><strong>{counts.total}</strong></li>
        <li><span>完了</span><strong>{counts.completed}</strong></li>
        <li><span>未完了</span><strong>{counts.open}</strong></li>
        <li><span>期限超過</span><strong>{counts.overdue}</strong></li>
      </ul>
      <h2>研修一覧（{formatFiscalYear(fiscalYear)}）</h2>
      {current.length === 0 ? (
        <p className="card">現在、割り当てられている研修はありません。</p>
      ) : (
        <ul className="assignment-list">
          {current.map((item) => <AssignmentItem key={item.id} item={item} currentFiscalYear={fiscalYear} />)}
        </ul>
      )}
      {earlierYears.map((year) => (
        <section key={year} aria-labelledby={`earlier-${year}`}>
          <h2 id={`earlier-${year}`}>{earlierYearLabel(year, fiscalYear)}の未修了</h2>
          <p className="muted">{formatFiscalYear(year)}の研修で、まだ修了していないものです。</p>
          <ul className="assignment-list">
            {items.filter((item) => item.fiscalYear === year).map((item) => <AssignmentItem key={item.id} item={item} currentFiscalYear={fiscalYear} />)}
          </ul>
        </section>
      ))}
      {trackYears.length > 0 ? (
        <section aria-labelledby="track-certificates">
          <h2 id="track-certificates">年度の修了証</h2>
          <ul className="link-list">
            {trackYears.map((year) => (
              <li key={year}><Link to={`/learn/certificates/track/${year}`}>{formatFiscalYear(year)}の研修をすべて修了しました（修了証）</Link></li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
