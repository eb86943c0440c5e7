import type { Db } from "~/db/client.server";
import { ancestry, loadDepartmentTree } from "../reports/organisation.server";
import { listCampaignAnswers, listResponses, type Campaign, type ResponseSummary } from "./campaigns.server";
import { calculateRollup, type Rollup, type RollupResponse } from "./rollup";

export type CampaignRollup = { campaign: Campaign; responses: (ResponseSummary & { organisationName: string })[]; rollup: Rollup };

/** The whole campaign for HR and auditors: responses with their organisation, and the roll-up. */
export function getCampaignRollup(db: Db, campaign: Campaign, today: string): CampaignRollup {
  const tree = loadDepartmentTree(db);
  const responses = listResponses(db, campaign.id).map((response) => {
    const organisation = ancestry(tree, response.departmentId)[0];
    return { ...response, organisationId: organisation?.id ?? response.departmentId, organisationName: organisation?.name ?? response.departmentName };
  });
  const rollupResponses: RollupResponse[] = responses.map((response) => ({
    id: response.id,
    departmentId: response.departmentId,
    departmentName: response.departmentName,
    organisationId: response.organisationId,
    organisationName: response.organisationName,
    status: response.status,
  }));
  const rollup = calculateRollup({ items: campaign.checklist.items, responses: rollupResponses, answers: listCampaignAnswers(db, campaign.id), today });
  return { campaign, responses, rollup };
}
