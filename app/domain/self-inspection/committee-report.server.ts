// The yearly report to the 情報セキュリティ委員会 (basic policy 7; the MIC guideline asks the CISO
// to report training and self-inspection results every 年度): training completion per organisation
// and category, the 誓約, the self-inspection roll-up and its open improvement actions, with the
// previous 年度 beside each figure. It reuses the annual report (computed on the background worker
// and cached) and the report_summary table; nothing here reads the assignment rows.
import type { Db } from "~/db/client.server";
import type { TrainingModule } from "../content/load.server";
import { getAnnualReport } from "../reports/annual-report-cache.server";
import type { AnnualReport } from "../reports/annual-report.server";
import { loadDepartmentTree } from "../reports/organisation.server";
import { statement } from "../reports/statements.server";
import { getCampaign } from "./campaigns.server";
import { percentHalfUp, type Rollup } from "./rollup";
import { getCampaignRollup } from "./rollup.server";

export type AcknowledgementCounts = { assigned: number; acknowledged: number; percent: number | null };

export type YearFigures = {
  fiscalYear: number;
  training: AnnualReport;
  acknowledgements: { organisations: { id: number; name: string; counts: AcknowledgementCounts }[]; total: AcknowledgementCounts };
  inspection: { title: string; version: number; dueDate: string; rollup: Rollup } | null;
};

export type CommitteeReport = { current: YearFigures; previous: YearFigures; asOf: string };

/**
 * 誓約 per organisation, from report_summary: non-exempt acknowledgement assignments of active
 * staff (one per person and 年度) and how many are done.
 */
export function countAcknowledgements(db: Db, fiscalYear: number, modules: readonly TrainingModule[]): YearFigures["acknowledgements"] {
  const tree = loadDepartmentTree(db);
  const organisations = tree.children.get(null) ?? [];
  const ids = modules.filter((module) => module.kind === "acknowledgement").map((module) => module.id);
  const byOrganisation = new Map<number, { assigned: number; acknowledged: number }>();
  if (ids.length > 0 && organisations.length > 0) {
    const rows = statement(
      db,
      `SELECT department_id AS departmentId, state, SUM(assignments) AS n FROM report_summary
       WHERE fiscal_year = ? AND module_id IN (${ids.map(() => "?").join(", ")}) AND department_id IN (${organisations.map(() => "?").join(", ")})
       GROUP BY department_id, state`,
    ).all(fiscalYear, ...ids, ...organisations.map((organisation) => organisation.id)) as { departmentId: number; state: string; n: number }[];
    for (const row of rows) {
      const counts = byOrganisation.get(row.departmentId) ?? { assigned: 0, acknowledged: 0 };
      if (row.state !== "exempt") counts.assigned += row.n;
      if (row.state === "completed") counts.acknowledged += row.n;
      byOrganisation.set(row.departmentId, counts);
    }
  }
  const finish = (counts: { assigned: number; acknowledged: number }): AcknowledgementCounts => ({ ...counts, percent: percentHalfUp(counts.acknowledged, counts.assigned) });
  const total = { assigned: 0, acknowledged: 0 };
  const list = organisations.map((organisation) => {
    const counts = byOrganisation.get(organisation.id) ?? { assigned: 0, acknowledged: 0 };
    total.assigned += counts.assigned;
    total.acknowledged += counts.acknowledged;
    return { id: organisation.id, name: organisation.name, counts: finish(counts) };
  });
  return { organisations: list, total: finish(total) };
}

async function yearFigures(db: Db, fiscalYear: number, today: string, modules: TrainingModule[], refresh: boolean): Promise<YearFigures> {
  const training = await getAnnualReport(db, { fiscalYear, today, modules, refresh });
  const campaign = getCampaign(db, fiscalYear);
  return {
    fiscalYear,
    training,
    acknowledgements: countAcknowledgements(db, fiscalYear, modules),
    inspection: campaign ? { title: campaign.checklist.title, version: campaign.checklist.version, dueDate: campaign.dueDate, rollup: getCampaignRollup(db, campaign, today).rollup } : null,
  };
}

export async function getCommitteeReport(db: Db, input: { fiscalYear: number; today: string; modules: TrainingModule[]; refresh?: boolean }): Promise<CommitteeReport> {
  const [current, previous] = await Promise.all([
    yearFigures(db, input.fiscalYear, input.today, input.modules, input.refresh ?? false),
    yearFigures(db, input.fiscalYear - 1, input.today, input.modules, input.refresh ?? false),
  ]);
  return { current, previous, asOf: input.today };
}

