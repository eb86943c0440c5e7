// CSV for Excel users in Japanese offices: UTF-8 with a BOM (so Excel does not read it as
// Shift_JIS), CRLF line ends, RFC 4180 quoting by csv-stringify, and every text cell that Excel
// could take for a formula neutralised with a leading apostrophe (OWASP "CSV injection").
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null | undefined;

const BOM = "\uFEFF";
// = + - @ start formulas; tab and CR can hide them; full-width forms are converted by some Excel
// input paths, so they are treated the same.
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/** A text cell Excel could evaluate gets a leading apostrophe; numbers are left as they are. */
export function neutraliseCell(value: CsvCell): string | number {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? value : "";
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Rows (no BOM) as CSV text. */
export function csvRows(rows: CsvCell[][]): string {
  return stringify(
    rows.map((row) => row.map(neutraliseCell)),
    // NOTE: with a CRLF record delimiter csv-stringify no longer quotes a lone "\n" or "\r" by
    // itself; quoted_match keeps a multi-line cell (a reason, an address) in one cell for Excel.
    { record_delimiter: "windows", quoted_match: /[\r\n]/, cast: { number: (value) => String(value) } },
  );
}

/** A whole small CSV document: BOM, header, rows. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return BOM + csvRows([header, ...rows]);
}

function contentDisposition(filename: string, asciiName?: string): string {
  // ASCII fallback plus the UTF-8 name (RFC 6266 / 5987) so Japanese file names survive.
  const ascii = (asciiName ?? filename).replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const HEADERS = (filename: string, asciiName?: string) => ({
  "Content-Type": "text/csv; charset=utf-8",
  "Content-Disposition": contentDisposition(filename, asciiName),
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
});

/** A download; `filename` may be Japanese, `asciiName` is what browsers without RFC 5987 see. */
export function csvResponse(filename: string, header: string[], rows: CsvCell[][], asciiName?: string): Response {
  return new Response(toCsv(header, rows), { headers: HEADERS(filename, asciiName) });
}

/**
 * A CSV streamed chunk by chunk: each chunk is one short query, and the stream yields to other
 * requests between chunks, so a 700,000-row export never holds the event loop for long.
 */
export function csvStreamResponse(filename: string, header: string[], chunks: Iterator<CsvCell[][]>): Response {
  const encoder = new TextEncoder();
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(BOM + csvRows([header])));
        return;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      const next = chunks.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(csvRows(next.value)));
    },
    cancel() {
      chunks.return?.(undefined);
    },
  });
  return new Response(stream, { headers: HEADERS(filename) });
}

/**
 * A moment as ISO 8601 in Japan time with its offset, "2026-09-03T10:15:00+09:00": Excel and
 * every sort keep the order, and nobody has to guess the time zone. Empty for null.
 */
export function csvDateTime(instantMs: number | null | undefined): string {
  if (instantMs === null || instantMs === undefined) return "";
  return `${new Date(instantMs + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;
}
