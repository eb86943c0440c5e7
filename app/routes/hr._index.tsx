import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { requireRole } from "~/domain/auth/session.server";
import { today } from "~/domain/clock.server";
import { getStatusCounts } from "~/domain/reports/summary.server";
import { STATUS_LABELS, STATUSES } from "~/domain/assignments/status";
import { fiscalYearOf, formatFiscalYear } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "人事ダッシュボード｜まもり" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "hr", "auditor");
  const date = today();
  const fiscalYear = fiscalYearOf(date);
  return { fiscalYear, counts: getStatusCounts(getDb(), fiscalYear, date) };
}

export default function HrDashboard() {
  const { fiscalYear, counts } = useLoaderData<typeof loader>();
  const denominator = counts.total - counts.exempt;
  const rate = denominator === 0 ? 0 : Math.round((counts.completed / denominator) * 1000) / 10;
  return (
    <>
      <h1>人事ダッシュボード</h1>
      <p className="lead">{formatFiscalYear(fiscalYear)}の受講状況（在職者のみ。免除は分母から除外）</p>
      <ul className="summary-tiles" aria-label="状況別の件数">
        <li><span>修了率</span><strong>{rate}%</strong></li>
        {STATUSES.map((status) => (
          <li key={status}><span>{STATUS_LABELS[status]}</span><strong>{counts[status]}</strong></li>
        ))}
      </ul>
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
