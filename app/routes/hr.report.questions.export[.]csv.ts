import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { now, today } from "~/domain/clock.server";
import { getCatalog } from "~/domain/content/catalog.server";
import { csvResponse } from "~/domain/csv.server";
import { percentValue, ratio } from "~/domain/reports/rates";
import { parseQuestionReportQuery } from "~/domain/reports/question-report-query.server";
import { FLAG_LABELS } from "~/domain/reports/question-stats";
import { getQuestionStatistics } from "~/domain/reports/question-stats-cache.server";
import { fiscalYearOf } from "~/domain/time";

/** The question statistics as CSV (one row per question), audited as an export of data. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireHrReader(request);
  const url = new URL(request.url);
  const modules = getCatalog().modules;
  const { fiscalYear, moduleId } = parseQuestionReportQuery(url.searchParams, fiscalYearOf(today()), modules);
  const db = getDb();
  const report = await getQuestionStatistics(db, { fiscalYear, modules });
  const rows = report.modules
    .filter((module) => moduleId === null || module.moduleId === moduleId)
    .flatMap((module) =>
      module.questions.map((question) => [
        fiscalYear, module.moduleId, module.title, module.version, question.id, question.prompt, question.attempts, question.correct,
        percentValue(ratio(question.correct, question.attempts)) ?? "",
        question.discrimination === null ? "" : Number(question.discrimination.toFixed(4)),
        question.flags.map((flag) => FLAG_LABELS[flag]).join("、"),
      ]),
    );
  auditExport(db, { actorAccountId: user.accountId, ip: context?.clientIp ?? null, format: "csv", name: "hr.questions", details: { fiscalYear, moduleId, rows: rows.length } }, now());
  return csvResponse(
    `問題の統計_${fiscalYear}年度${moduleId ? `_${moduleId}` : ""}.csv`,
    ["年度", "モジュールID", "モジュール", "版", "問題ID", "問題", "出題数", "正答数", "正答率(%)", "識別力", "要確認"],
    rows,
    `question-statistics-${fiscalYear}${moduleId ? `-${moduleId}` : ""}.csv`,
  );
}

export const action = refuseHrPost;
