import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { requireIndividualResults } from "~/domain/drills/people-access.server";
import { auditExport } from "~/domain/admin/export-audit.server";
import { csvDateTime, csvResponse } from "~/domain/csv.server";
import { campaignPeople } from "~/domain/drills/results.server";

/** Individual results as CSV (HR only, audited). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = getDb();
  const { user, campaign } = await requireIndividualResults(request, db, params.campaignId);
  auditExport(db, { actorAccountId: user.accountId, ip: context?.clientIp ?? null, format: "csv", name: "hr.drill_people", details: { campaignId: campaign.id } });
  const time = (value: number | null) => csvDateTime(value);
  return csvResponse(
    `訓練結果_${campaign.id}.csv`,
    ["訓練", "職員番号", "氏名", "所属（送信時）", "送信日時", "リンクを開いた日時", "入力した日時", "報告した日時", "報告の方法", "フォローアップ"],
    campaignPeople(db, campaign.id).map((person) => [
      campaign.name, person.employeeNo, person.name, person.departmentName, time(person.sentAt), time(person.clickedAt), time(person.enteredAt), time(person.reportedAt),
      person.reportChannel ?? "", person.followUp ?? "",
    ]),
    `drill-${campaign.id}.csv`,
  );
}
