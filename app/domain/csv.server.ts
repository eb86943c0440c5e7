// CSV for Excel users: UTF-8 with a BOM (so Excel reads Japanese correctly), CRLF, quoting by
// csv-stringify, and formula injection neutralised.
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null | undefined;

// A cell starting with one of these is run as a formula by Excel/LibreOffice (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefix a text cell that Excel would read as a formula with an apostrophe. */
export function neutraliseCell(value: CsvCell): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The whole file as a string: BOM, header row, then the rows. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  // NOTE: with a CRLF record delimiter csv-stringify no longer quotes a lone "\n" by itself;
  // quoted_match keeps multi-line cells (reasons) in one cell.
  return stringify([header, ...rows].map((row) => row.map(neutraliseCell)), { bom: true, record_delimiter: "windows", quoted_match: /[\r\n]/ });
}

/** A download response; `filename` is ASCII, `displayName` may be Japanese (RFC 6266/5987). */
export function csvResponse(body: string, filename: string, displayName = filename): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(displayName)}`,
      "Cache-Control": "no-store",
    },
  });
}
