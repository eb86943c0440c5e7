import type { Db } from "~/db/client.server";
import { csvDateTime, type CsvCell } from "../csv.server";
import { ANSWER_LABELS } from "./checklist";
import type { Campaign } from "./campaigns.server";
import { getCampaignRollup } from "./rollup.server";

export type CsvTable = { name: string; filename: string; header: string[]; rows: CsvCell[][] };
export const INSPECTION_TABLES = ["departments", "answers", "items", "actions"] as const;
export type InspectionTable = (typeof INSPECTION_TABLES)[number];

const percent = (value: number | null) => (value === null ? "" : value);

/** The campaign's tables as CSV rows: the roll-up page, the CSV exports and the evidence pack share them. */
export function inspectionTables(db: Db, campaign: Campaign, today: string): Record<InspectionTable, CsvTable> {
  const { responses, answers: rawAnswers, rollup } = getCampaignRollup(db, campaign, today);
  const fy = campaign.fiscalYear;
  const items = new Map(campaign.checklist.items.map((item) => [item.id, item]));
  const position = new Map(campaign.checklist.items.map((item, index) => [item.id, index]));
  const byResponse = new Map(responses.map((response) => [response.id, response]));
  const answers = rawAnswers
    .map((answer) => ({ answer, response: byResponse.get(answer.responseId)!, item: items.get(answer.itemId) }))
    .filter((row) => row.response && row.item)
    .sort((a, b) => a.response.departmentPath.localeCompare(b.response.departmentPath) || position.get(a.item!.id)! - position.get(b.item!.id)!);
  return {
    departments: {
      name: "departments",
      filename: `自己点検_所属別提出状況_${fy}年度.csv`,
      header: ["年度", "組織", "所属コード", "所属", "所属長", "状況", "回答数", "項目数", "いいえ", "未完了の改善予定", "提出日時", "提出者"],
      rows: responses.map((response) => [
        fy, response.organisationName, response.departmentCode, response.departmentName, response.headName ?? "",
        response.status === "submitted" ? "提出済み" : "未提出", response.answered, response.items, response.no, response.openActions,
        csvDateTime(response.submittedAt), response.submittedByName ?? "",
      ]),
    },
    answers: {
      name: "answers",
      filename: `自己点検_回答一覧_${fy}年度.csv`,
      header: ["年度", "組織", "所属コード", "所属", "状況", "基本方針", "項目ID", "項目", "回答", "コメント", "改善予定", "改善予定日", "改善完了日時", "改善完了の内容"],
      rows: answers.map(({ answer, response, item }) => [
        fy, response.organisationName, response.departmentCode, response.departmentName, response.status === "submitted" ? "提出済み" : "未提出",
        item!.section, item!.id, item!.text, answer.answer ? ANSWER_LABELS[answer.answer] : "", answer.comment ?? "", answer.improvementPlan ?? "",
        answer.improvementDue ?? "", csvDateTime(answer.improvementClosedAt), answer.improvementClosedNote ?? "",
      ]),
    },
    items: {
      name: "items",
      filename: `自己点検_項目別集計_${fy}年度.csv`,
      header: ["年度", "基本方針", "項目ID", "項目", "はい", "いいえ", "該当なし", "いいえの割合(%)"],
      rows: rollup.items.map((item) => [fy, item.section, item.id, item.text, item.yes, item.no, item.na, percent(item.noPercent)]),
    },
    actions: {
      name: "actions",
      filename: `自己点検_改善予定_${fy}年度.csv`,
      header: ["年度", "組織", "所属", "基本方針", "項目", "改善予定", "改善予定日", "状況", "改善完了日時"],
      rows: rollup.actions.map((action) => [
        fy, action.organisationName, action.departmentName, action.section, action.text, action.plan, action.due,
        action.closedAt ? "改善済み" : action.late ? "期日超過" : "未完了", csvDateTime(action.closedAt),
      ]),
    },
  };
}
