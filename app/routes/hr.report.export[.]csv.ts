import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { refuseHrPost, requireHrReader } from "~/domain/auth/hr-access.server";
import { today } from "~/domain/clock.server";
import { getCatalog } from "~/domain/content/catalog.server";
import { getAnnualReport } from "~/domain/reports/annual-report-cache.server";
import type { PeopleCounts } from "~/domain/reports/annual-report.server";
import { ratePercent } from "~/domain/reports/counts";
import { csvResponse } from "~/domain/csv.server";
import { badFilter, parseReportFilters } from "~/domain/reports/filters.server";
import { fiscalYearOf } from "~/domain/time";

const ratio = (part: number, whole: number) => (whole === 0 ? "" : ratePercent(part / whole) ?? "");
const peopleRow = (counts: PeopleCounts | undefined) => {
  const value = counts ?? { people: 0, completed: 0, overdue: 0, exempt: 0, assignments: 0, completedAssignments: 0 };
  return [value.people, value.completed, ratio(value.completed, value.people), value.overdue, value.exempt, value.assignments, value.completedAssignments, ratio(value.completedAssignments, value.assignments)];
};

/** The annual report's tables as CSV: ?table=organisations (default) or ?table=questions. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireHrReader(request);
  const date = today();
  const url = new URL(request.url);
  const { fiscalYear } = parseReportFilters(url.searchParams, fiscalYearOf(date));
  const table = url.searchParams.get("table") ?? "organisations";
  if (table !== "organisations" && table !== "questions") throw badFilter("table", "organisations か questions を指定してください");
  const report = await getAnnualReport(getDb(), { fiscalYear, today: date, modules: getCatalog().modules });
  if (table === "questions") {
    return csvResponse(
      `研修実施状況報告_問題別正答率_${fiscalYear}年度.csv`,
      ["年度", "モジュールID", "モジュール", "問題ID", "問題", "回答数", "正答数", "正答率(%)"],
      report.modules.flatMap((module) =>
        module.questions.map((question) => [fiscalYear, module.moduleId, module.title, question.id, question.prompt, question.answered, question.correct, ratio(question.correct, question.answered)]),
      ),
    );
  }
  const rows = report.organisations.flatMap((organisation) => [
    ...report.categories.map((category) => [fiscalYear, organisation.name, category.name, ...peopleRow(organisation.byCategory[category.id])]),
    [fiscalYear, organisation.name, "計", ...peopleRow(organisation.total)],
  ]);
  rows.push(...report.categories.map((category) => [fiscalYear, "合計", category.name, ...peopleRow(report.byCategory[category.id])]));
  rows.push([fiscalYear, "合計", "計", ...peopleRow(report.total)]);
  return csvResponse(
    `研修実施状況報告_組織区分別_${fiscalYear}年度.csv`,
    ["年度", "組織", "区分", "対象者数", "修了者数", "修了率(%)", "期限超過者数", "免除者数", "対象件数", "完了件数", "件数ベース修了率(%)"],
    rows,
  );
}

export const action = refuseHrPost;
