// The text of a reminder e-mail: Japanese subject and plain-text body (nodemailer encodes both
// as UTF-8: RFC 2047 for the subject, quoted-printable or base64 for the body). Pure.
import { earlierYearLabel, learnPath } from "../assignments/links";
import { fiscalYearOf, formatFiscalYear, formatWareki as formatWarekiUncached } from "../time";
import type { InspectionItem, LearnerKind, PlannedMessage, StaffItem, UnreachablePerson } from "./planner";

/** People listed in one digest e-mail; the rest is summarised with a link to the full list. */
export const DIGEST_LINE_LIMIT = 200;

export const KIND_LABELS: Record<string, string> = {
  assigned: "割り当て",
  upcoming: "期限前",
  due: "期限当日",
  overdue: "期限超過",
  escalation_manager: "所属長へ報告",
};

// Tens of thousands of messages name a few hundred distinct dates: format each once.
const warekiCache = new Map<string, string>();
function formatWareki(isoDate: string): string {
  let value = warekiCache.get(isoDate);
  if (value === undefined) {
    value = formatWarekiUncached(isoDate);
    if (warekiCache.size > 10_000) warekiCache.clear();
    warekiCache.set(isoDate, value);
  }
  return value;
}

export type ComposedMail = { subject: string; text: string };

function dueNote(daysLeft: number): string {
  if (daysLeft < 0) return `${-daysLeft}日超過`;
  if (daysLeft === 0) return "本日が期限";
  return `あと${daysLeft}日`;
}

function join(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}

const SECTION_TITLES: Record<LearnerKind, string> = {
  overdue: "■ 受講期限を過ぎている研修",
  due: "■ 本日が受講期限の研修",
  upcoming: "■ 受講期限が近づいている研修",
  assigned: "■ 新しく割り当てられた研修",
};

// HR recipients share one digest: its lines are built once per run, not once per recipient.
const staffLinesCache = new WeakMap<StaffItem[], Map<string, string[]>>();

function staffLines(items: StaffItem[], fullListUrl: string, currentFiscalYear: number): string[] {
  let byUrl = staffLinesCache.get(items);
  if (!byUrl) {
    byUrl = new Map();
    staffLinesCache.set(items, byUrl);
  }
  const key = `${currentFiscalYear} ${fullListUrl}`;
  let lines = byUrl.get(key);
  if (!lines) {
    lines = buildStaffLines(items, fullListUrl, currentFiscalYear);
    byUrl.set(key, lines);
  }
  return lines;
}

function mostOverdue(list: StaffItem[]): number {
  return Math.max(...list.map((item) => item.daysOverdue));
}

/** One entry per person (most overdue first), their overdue modules indented below. */
function buildStaffLines(items: StaffItem[], fullListUrl: string, currentFiscalYear: number): string[] {
  const people = new Map<number, StaffItem[]>();
  for (const item of items) {
    const list = people.get(item.employeeId) ?? [];
    list.push(item);
    people.set(item.employeeId, list);
  }
  const sorted = [...people.values()]
    // This 年度's items first, an earlier 年度's after them (they are the most overdue, not the most urgent).
    .map((list) => list.sort((a, b) => b.fiscalYear - a.fiscalYear || b.daysOverdue - a.daysOverdue || a.title.localeCompare(b.title)))
    .sort((a, b) => mostOverdue(b) - mostOverdue(a) || a[0].employeeNo.localeCompare(b[0].employeeNo));
  const lines: string[] = [];
  for (const list of sorted.slice(0, DIGEST_LINE_LIMIT)) {
    const first = list[0];
    lines.push(`・${first.employeeNo} ${first.name}（${first.departmentName}） ${list.length}件`);
    for (const item of list) {
      const year = item.fiscalYear === currentFiscalYear ? formatFiscalYear(item.fiscalYear) : `${earlierYearLabel(item.fiscalYear, currentFiscalYear)}の未修了`;
      lines.push(`    ［${year}］${item.title}（期限 ${formatWareki(item.dueDate)}、${item.daysOverdue}日超過）`);
    }
  }
  if (sorted.length > DIGEST_LINE_LIMIT) lines.push(`ほか ${sorted.length - DIGEST_LINE_LIMIT} 名。全員の一覧は ${fullListUrl} で確認できます。`);
  return lines;
}

/** "12名・20件" */
function staffCount(items: StaffItem[]): string {
  return `${new Set(items.map((item) => item.employeeId)).size}名・${items.length}件`;
}

function unreachableLines(people: UnreachablePerson[]): string[] {
  const lines = people.slice(0, DIGEST_LINE_LIMIT).map((person) => {
    const why = person.reason === "no_email" ? "メールアドレス未登録" : "メールアドレスの形式が不正";
    const what = person.role === "manager" ? `所属長として職員${person.items}件の報告を受け取れません` : `対象の研修${person.items}件`;
    return `・${person.employeeNo} ${person.name}（${person.departmentName}）: ${why}、${what}`;
  });
  if (people.length > DIGEST_LINE_LIMIT) lines.push(`ほか ${people.length - DIGEST_LINE_LIMIT} 名`);
  return lines;
}

function subjectOf(message: PlannedMessage): string {
  const parts: string[] = [];
  const kinds = new Set(message.own.map((item) => item.kind));
  if (kinds.has("overdue")) parts.push("受講期限を過ぎた研修があります");
  else if (kinds.has("due")) parts.push("本日が研修の受講期限です");
  else if (kinds.has("upcoming")) parts.push("研修の受講期限が近づいています");
  else if (kinds.has("assigned")) parts.push("新しい研修が割り当てられました");
  const inspectionKinds = new Set(message.inspections.map((item) => item.kind));
  if (inspectionKinds.has("overdue")) parts.push("自己点検の提出期限を過ぎています");
  else if (inspectionKinds.has("due")) parts.push("本日が自己点検の提出期限です");
  else if (inspectionKinds.has("upcoming")) parts.push("自己点検の提出期限が近づいています");
  else if (inspectionKinds.has("assigned")) parts.push("自己点検の回答をお願いします");
  if (message.managerDigest) parts.push("所属職員の研修期限超過のお知らせ");
  if (message.inspectionDigest) parts.push("所属の自己点検の提出遅れのお知らせ");
  if (message.hrDigest && (message.hrDigest.overdue.length > 0 || message.hrDigest.unreachable.length > 0)) parts.push("研修期限超過者の報告（人事）");
  if (message.hrDigest && message.hrDigest.inspections.length > 0) parts.push("自己点検の提出遅れの報告（人事）");
  return `【まもり】${parts.join("／")}`;
}

function inspectionLines(items: InspectionItem[]): string[] {
  return items
    .slice(0, DIGEST_LINE_LIMIT)
    .map((item) => `・${item.departmentName}（所属長 ${item.headName}、提出期限 ${formatWareki(item.dueDate)}、${dueNote(item.daysLeft)}）`)
    .concat(items.length > DIGEST_LINE_LIMIT ? [`ほか ${items.length - DIGEST_LINE_LIMIT} 所属`] : []);
}

/** Compose one merged message. `baseUrl` is APP_BASE_URL: every link is absolute. */
export function composeMail(message: PlannedMessage, options: { baseUrl: string; date: string }): ComposedMail {
  const { baseUrl } = options;
  const lines: string[] = [`${message.name} 様`, "", `情報セキュリティ研修システム「まもり」からのお知らせです（${formatWareki(options.date)}）。`, ""];

  const currentFiscalYear = fiscalYearOf(options.date);
  if (message.own.length > 0) {
    const ownLines = (item: PlannedMessage["own"][number]) => [
      `・［${formatFiscalYear(item.fiscalYear)}］${item.title}（期限 ${formatWareki(item.dueDate)}、${dueNote(item.daysLeft)}）`,
      `  ${join(baseUrl, learnPath({ moduleId: item.moduleId, id: item.assignmentId }))}`,
    ];
    for (const kind of ["overdue", "due", "upcoming", "assigned"] as const) {
      const items = message.own.filter((item) => item.kind === kind && item.fiscalYear >= currentFiscalYear);
      if (items.length === 0) continue;
      lines.push(SECTION_TITLES[kind]);
      for (const item of items) lines.push(...ownLines(item));
      lines.push("");
    }
    // An earlier 年度's unfinished items: apart, under their 年度, so they are not taken for this year's.
    const earlierYears = [...new Set(message.own.filter((item) => item.fiscalYear < currentFiscalYear).map((item) => item.fiscalYear))].sort((a, b) => b - a);
    for (const year of earlierYears) {
      lines.push(`■ ${earlierYearLabel(year, currentFiscalYear)}の未修了の研修`);
      for (const item of message.own.filter((candidate) => candidate.fiscalYear === year)) lines.push(...ownLines(item));
      lines.push("");
    }
    lines.push(`受講状況の一覧: ${join(baseUrl, "/learn")}`, "");
  }

  if (message.inspections.length > 0) {
    for (const fiscalYear of [...new Set(message.inspections.map((item) => item.fiscalYear))].sort()) {
      lines.push(`■ 自己点検（${formatFiscalYear(fiscalYear)}）`);
      for (const item of message.inspections.filter((inspection) => inspection.fiscalYear === fiscalYear)) {
        lines.push(`・${item.departmentName}（提出期限 ${formatWareki(item.dueDate)}、${dueNote(item.daysLeft)}）`);
        lines.push(`  ${join(baseUrl, `/team/self-inspection/${item.responseId}`)}`);
      }
    }
    lines.push("所属長として、所属の情報セキュリティの取組を点検して回答してください（基本方針 7）。", "");
  }

  if (message.inspectionDigest) {
    lines.push(`■ 提出期限を過ぎた自己点検（${message.inspectionDigest.length}所属）`);
    lines.push(...inspectionLines(message.inspectionDigest));
    lines.push(`自己点検の状況: ${join(baseUrl, "/team/self-inspection")}`, "");
  }

  if (message.managerDigest) {
    lines.push(`■ 所属職員の研修期限超過（${staffCount(message.managerDigest)}）`);
    lines.push("次の職員の研修が受講期限を過ぎています。受講を促してください。");
    lines.push(...staffLines(message.managerDigest, join(baseUrl, "/team"), currentFiscalYear));
    lines.push(`所属の状況: ${join(baseUrl, "/team")}`, "");
  }

  if (message.hrDigest) {
    const { overdue, unreachable } = message.hrDigest;
    lines.push(`■ 人事向け報告: 受講期限を過ぎている研修（${staffCount(overdue)}）`);
    lines.push(...(overdue.length > 0 ? staffLines(overdue, join(baseUrl, "/hr/reminders"), currentFiscalYear) : ["・該当はありません。"]));
    lines.push("");
    if (unreachable.length > 0) {
      lines.push(`■ メールで通知できない職員（${unreachable.length}名）`);
      lines.push("メールアドレスが未登録または不正のため、次の職員には通知メールを送れません。画面上のお知らせは表示されています。別の方法で連絡し、職員情報を更新してください。");
      lines.push(...unreachableLines(unreachable));
      lines.push("");
    }
    if (message.hrDigest.inspections.length > 0) {
      lines.push(`■ 人事向け報告: 提出期限を過ぎた自己点検（${message.hrDigest.inspections.length}所属）`);
      lines.push(...inspectionLines(message.hrDigest.inspections));
      lines.push(`自己点検の集計: ${join(baseUrl, "/hr/self-inspection")}`, "");
    }
    lines.push(`リマインダーの状況: ${join(baseUrl, "/hr/reminders")}`, "");
  }

  lines.push("――", "このメールは「まもり」から自動で送信しています。返信はできません。", "受講済みの場合は、このメールと行き違いになっている可能性があります。");
  return { subject: subjectOf(message), text: lines.join("\n") };
}
