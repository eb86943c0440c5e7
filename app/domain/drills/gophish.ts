// GoPhish's campaign results export ("Export CSV" → results): one row per target with the
// furthest status reached. Columns: id, status, ip, latitude, longitude, send_date, reported,
// modified_date, email, first_name, last_name, position. The export has no time per event, so a
// click, a submission or a report is dated by modified_date (the row's last change).
import { parse } from "csv-parse/sync";

export const GOPHISH_REQUIRED_COLUMNS = ["email", "status", "send_date", "reported", "modified_date"] as const;

export type GophishRow = {
  line: number;
  email: string;
  status: string;
  sentAt: number | null;
  modifiedAt: number | null;
  clicked: boolean;
  entered: boolean;
  reported: boolean;
};

export type GophishParse = { ok: true; rows: GophishRow[] } | { ok: false; problems: string[] };

const NOT_SENT = new Set(["scheduled", "queued", "sending", "error", "retrying"]);
const CLICKED = new Set(["clicked link", "submitted data"]);

/** Go's zero time (0001-01-01) and anything unreadable are "no time". */
function parseTime(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value.trim());
  return Number.isFinite(ms) && ms > Date.UTC(2000, 0, 1) ? ms : null;
}

export function parseGophishCsv(text: string): GophishParse {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    return { ok: false, problems: [`CSV として読めません: ${(error as Error).message}`] };
  }
  if (records.length === 0) return { ok: false, problems: ["ファイルが空です。"] };
  const header = records[0].map((cell) => cell.trim().toLowerCase());
  const missing = GOPHISH_REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) return { ok: false, problems: [`GoPhish の結果 CSV ではありません（列 ${missing.join(", ")} がありません）。`] };
  const at = (record: string[], column: string) => (record[header.indexOf(column)] ?? "").trim();
  const rows: GophishRow[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, index) => {
    const line = index + 2;
    const email = at(record, "email").toLowerCase();
    const status = at(record, "status");
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      problems.push(`${line}行目: email: メールアドレスではありません（${email || "空"}）`);
      return;
    }
    const earlier = seen.get(email);
    if (earlier) {
      problems.push(`${line}行目: email: ${earlier}行目と同じアドレスです（${email}）`);
      return;
    }
    seen.set(email, line);
    const normalised = status.toLowerCase();
    const sentAt = NOT_SENT.has(normalised) ? null : parseTime(at(record, "send_date"));
    const reported = at(record, "reported").toLowerCase() === "true" || normalised === "email reported";
    rows.push({
      line,
      email,
      status,
      sentAt,
      modifiedAt: parseTime(at(record, "modified_date")) ?? sentAt,
      clicked: sentAt !== null && CLICKED.has(normalised),
      entered: sentAt !== null && normalised === "submitted data",
      reported: sentAt !== null && reported,
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  if (rows.length === 0) return { ok: false, problems: ["結果の行がありません。"] };
  return { ok: true, rows };
}
