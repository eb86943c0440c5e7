import { sql } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import type { Db } from "~/db/client.server";
import type { LdapConfig } from "../auth/directory-config.server";
import { firstValue, searchDirectoryPeople } from "../auth/ldap.server";
import { japanDate } from "../time";
import { applyImport, planImport, type ApplyResult, type ParsedImport } from "./import.server";
import { ROSTER_COLUMNS } from "./columns";

// The directory is turned into the roster CSV that the import reads, so the sync goes through
// exactly the same checks, dry run, one-transaction apply and leaver handling as an uploaded
// file (and any normalisation added there later). Nothing here decides what changes.

export type DirectoryRoster = {
  /** The roster as CSV text (header + one row per person, in directory order). */
  text: string;
  /** Distinguished name of each data row; row i is line i + 2 of `text`. */
  dns: string[];
};

type Current = { nameKana: string; email: string | null; roleTier: string; hireDate: string | null; endDate: string | null };

/**
 * GeneralizedTime (AD: 20240401000000.0Z) or YYYY-MM-DD → YYYY-MM-DD. Anything else is passed
 * through unchanged so the roster check reports it against the person's row.
 */
function directoryDate(value: string | null): string | null {
  if (!value) return null;
  const generalized = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(value);
  if (generalized) {
    const [, year, month, day, hour, minute, second] = generalized.map(Number);
    // UTC instant → its calendar date in Japan.
    return japanDate(Date.UTC(year, month - 1, day, hour, minute, second));
  }
  return value;
}

/** Read the people the sync filter selects and write them as roster rows. */
export async function readDirectoryRoster(db: Db, ldap: LdapConfig, now: number): Promise<DirectoryRoster> {
  const attributes = ldap.sync.attributes;
  const requested = [ldap.employeeAttribute, ...Object.values(attributes).filter((name): name is string => name !== null)];
  const entries = await searchDirectoryPeople(ldap, [...new Set(requested)]);
  // Columns the directory does not carry keep what Mamori has (new people: empty → defaults).
  const current = new Map(
    db.all<Current & { employeeNo: string }>(sql`
      SELECT employee_no AS employeeNo, name_kana AS nameKana, email, role_tier AS roleTier, hire_date AS hireDate, end_date AS endDate FROM employees`)
      .map((row) => [row.employeeNo, row]),
  );
  const today = japanDate(now);
  const rows: string[][] = [];
  const dns: string[] = [];
  for (const entry of entries) {
    const employeeNo = firstValue(entry, ldap.employeeAttribute) ?? "";
    const before = current.get(employeeNo);
    const read = (attribute: string | null, fallback: string | null | undefined) =>
      attribute ? firstValue(entry, attribute) ?? "" : fallback ?? "";
    rows.push([
      employeeNo,
      read(attributes.name, null),
      read(attributes.nameKana, before?.nameKana),
      read(attributes.email, before?.email),
      read(attributes.categoryName, null),
      read(attributes.departmentCode, null),
      read(attributes.roleTier, before?.roleTier),
      attributes.hireDate ? directoryDate(firstValue(entry, attributes.hireDate)) ?? "" : before?.hireDate ?? "",
      // Someone the filter selects is in post: only a leaving date still ahead is kept.
      attributes.endDate ? directoryDate(firstValue(entry, attributes.endDate)) ?? "" : before?.endDate && before.endDate > today ? before.endDate : "",
    ]);
    dns.push(entry.dn);
  }
  // A directory with nobody in it is a wrong filter, not a city without staff: the import's
  // "no data rows" check refuses it, so a full batch cannot make everyone a leaver.
  return { text: stringify([[...ROSTER_COLUMNS], ...rows]), dns };
}

/** The dry run: the same plan as an uploaded roster. */
export function planDirectorySync(db: Db, roster: DirectoryRoster, options: { fullBatch: boolean; now: number }): ParsedImport {
  return planImport(db, roster.text, options);
}

/** Apply in one transaction through the import (audited as roster.imported, file name "LDAP …"). */
export function applyDirectorySync(
  db: Db, roster: DirectoryRoster, ldap: LdapConfig, options: { fullBatch: boolean; now: number; actorAccountId: number | null; ip?: string | null },
): ApplyResult {
  return applyImport(db, roster.text, { ...options, fileName: `LDAP ${ldap.url} ${ldap.sync.baseDn}` });
}

/** The directory entry behind a problem's line, for messages. */
export function dnOfLine(roster: DirectoryRoster, line: number): string | null {
  return roster.dns[line - 2] ?? null;
}
