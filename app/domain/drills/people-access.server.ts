import { z } from "zod";
import type { Db } from "~/db/client.server";
import { requireHrWriter } from "../auth/hr-access.server";
import type { SessionUser } from "../auth/session.server";
import { getCampaign, type Campaign } from "./campaigns.server";
import { hrMaySeeIndividuals } from "./results.server";

/**
 * Individual drill results: HR only (auditors and managers never), and only while the
 * administrators' setting allows it. Anything else is a 403 / 404 before anything is read.
 */
export async function requireIndividualResults(request: Request, db: Db, campaignId: unknown): Promise<{ user: SessionUser; campaign: Campaign }> {
  const user = await requireHrWriter(request);
  if (!hrMaySeeIndividuals(db)) throw new Response("職員ごとの結果の閲覧は、システム管理者の設定により制限されています。", { status: 403, statusText: "Forbidden" });
  const id = z.coerce.number().int().positive().safeParse(campaignId);
  const campaign = id.success ? getCampaign(db, id.data) : null;
  if (!campaign) throw new Response("訓練が見つかりません。", { status: 404, statusText: "Not Found" });
  return { user, campaign };
}
