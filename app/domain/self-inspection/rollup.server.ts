import type { Db } from "~/db/client.server";
import { loadDepartmentTree, organisationOf } from "../reports/organisation.server";
import { listCampaignAnswers, listResponses, type Campaign, type ResponseSummary } from "./campaigns.server";
import { calculateRollup, type Rollup } from "./rollup";

export type CampaignRollup = {
  campaign: Campaign;
  responses: (ResponseSummary & { organisationId: number; organisationName: string })[];
  answers: ReturnType<typeof listCampaignAnswers>;
  rollup: Rollup;
};

/** The whole campaign for HR and auditors: responses with their organisation, the answers, and the roll-up. */
export function getCampaignRollup(db: Db, campaign: Campaign, today: string): CampaignRollup {
  const tree = loadDepartmentTree(db);
  const responses = listResponses(db, campaign.id).map((response) => {
    const organisation = organisationOf(tree, response.departmentId);
    return { ...response, organisationId: organisation?.id ?? response.departmentId, organisationName: organisation?.name ?? response.departmentName };
  });
  const answers = listCampaignAnswers(db, campaign.id);
  return { campaign, responses, answers, rollup: calculateRollup({ items: campaign.checklist.items, responses, answers, today }) };
}
