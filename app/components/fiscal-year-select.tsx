import { Form } from "@remix-run/react";
import { formatFiscalYear } from "~/domain/time";

/** A GET form choosing the 年度 of a page (`?fy=2026`); works without JavaScript. */
export function FiscalYearSelect({ years, value }: { years: number[]; value: number }) {
  return (
    <Form method="get" className="no-print inline-form">
      <label htmlFor="fy">年度</label>
      <select id="fy" name="fy" defaultValue={value}>
        {years.map((year) => <option key={year} value={year}>{formatFiscalYear(year)}</option>)}
      </select>
      <button type="submit" className="button button--quiet">表示</button>
    </Form>
  );
}
