// 修了証: one per completed assignment (its completion row carries the verification code) and one
// per completed 年度 track (issued on first view, stored in track_certificates). Every query is
// scoped by the employee the caller may see: a learner passes their own id, HR a looked-up one.
// /verify/:code shows exactly what the certificate shows, nothing more.
import type { Db } from "~/db/client.server";
import { getSiteSettings } from "../admin/site-settings.server";
import { createVerificationCode } from "../assignments/learner.server";
import { japanDate } from "../time";
import { statement } from "./statements.server";

export type Certificate = {
  kind: "module" | "track";
  name: string;
  /** Module title, or 「令和7年度 情報セキュリティ研修」 style wording built by the page. */
  title: string;
  /** Titles of the modules of a track certificate (empty for a module certificate). */
  modules: string[];
  moduleVersion: number | null;
  fiscalYear: number;
  /** Japan-time calendar date of completion. */
  completedOn: string;
  verificationCode: string;
  /** The person's 所属 (部 課 係) on the completion date (department history), else their current one. */
  department: string;
  /** Who issues it (admin setting, as it is now): e.g. 七尾市長 and a name; empty = no line. */
  issuer: { title: string; name: string };
};

type BaseCertificate = Omit<Certificate, "department" | "issuer">;

/** Add the 所属 on the completion date and the issuer to a certificate read from the database. */
function withContext(db: Db, employeeId: number, certificate: BaseCertificate): Certificate {
  const department = statement(
    db,
    `WITH dept(id) AS (
       SELECT coalesce(
         (SELECT h.department_id FROM department_history h
          WHERE h.employee_id = @employeeId AND h.from_date <= @date AND (h.to_date IS NULL OR h.to_date > @date)
          ORDER BY h.from_date DESC, h.id DESC LIMIT 1),
         (SELECT e.department_id FROM employees e WHERE e.id = @employeeId)))
     -- 部 課 係 from the materialised path; the organisation (内部部局 …) only when it is all there is.
     SELECT (SELECT group_concat(name, ' ') FROM (
               SELECT a.name FROM departments d JOIN json_each('[' || replace(trim(d.path, '/'), '/', ',') || ']') j
               JOIN departments a ON a.id = j.value
               WHERE d.id = (SELECT id FROM dept) AND (j.key > 0 OR d.parent_id IS NULL)
               ORDER BY j.key)) AS name`,
  ).get({ employeeId, date: certificate.completedOn }) as { name: string | null } | undefined;
  const site = getSiteSettings(db);
  return { ...certificate, department: department?.name ?? "", issuer: { title: site.issuerTitle, name: site.issuerName } };
}

/** A certificate code: 10 characters of 23456789ABCDEFGHJKMNPQRSTUVWXYZ. */
export const VERIFICATION_CODE = /^[2-9A-HJKMNP-Z]{10}$/;

/**
 * The certificate of a completed assignment of this employee, from its latest completion, or null
 * (not theirs, not completed, or no such assignment).
 */
export function getModuleCertificate(db: Db, input: { assignmentId: number; employeeId: number }): Certificate | null {
  const row = statement(
    db,
    `SELECT e.id AS employeeId, e.name, coalesce(v.title, m.title) AS title, c.module_version AS moduleVersion, a.fiscal_year AS fiscalYear,
       c.completed_at AS completedAt, c.verification_code AS verificationCode
     FROM assignments a
     JOIN employees e ON e.id = a.employee_id
     JOIN completions c ON c.assignment_id = a.id
     JOIN training_modules m ON m.id = a.module_id
     LEFT JOIN module_versions v ON v.module_id = a.module_id AND v.version = c.module_version
     WHERE a.id = ? AND a.employee_id = ? AND a.completed_at IS NOT NULL AND a.exempted_at IS NULL
     ORDER BY c.completed_at DESC, c.id DESC LIMIT 1`,
  ).get(input.assignmentId, input.employeeId) as
    | { employeeId: number; name: string; title: string; moduleVersion: number; fiscalYear: number; completedAt: number; verificationCode: string }
    | undefined;
  if (!row) return null;
  return withContext(db, row.employeeId, {
    kind: "module",
    name: row.name,
    title: row.title,
    modules: [],
    moduleVersion: row.moduleVersion,
    fiscalYear: row.fiscalYear,
    completedOn: japanDate(row.completedAt),
    verificationCode: row.verificationCode,
  });
}

type TrackState = { name: string; complete: boolean; modules: string[]; lastCompletedAt: number | null };

function readTrack(db: Db, employeeId: number, fiscalYear: number): TrackState | null {
  const rows = statement(
    db,
    `SELECT e.name, m.title, a.completed_at AS completedAt, a.exempted_at AS exemptedAt
     FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN training_modules m ON m.id = a.module_id
     WHERE a.employee_id = ? AND a.fiscal_year = ?
     ORDER BY m.sort_order, a.module_id`,
  ).all(employeeId, fiscalYear) as { name: string; title: string; completedAt: number | null; exemptedAt: number | null }[];
  const counted = rows.filter((row) => row.exemptedAt === null);
  if (rows.length === 0) return null;
  return {
    name: rows[0].name,
    complete: counted.length > 0 && counted.every((row) => row.completedAt !== null),
    // A refresher is another cycle of a module already listed: name each module once.
    modules: [...new Set(counted.map((row) => row.title))],
    lastCompletedAt: counted.reduce<number | null>((latest, row) => (row.completedAt !== null && (latest === null || row.completedAt > latest) ? row.completedAt : latest), null),
  };
}

/**
 * The certificate for a completed 年度 track, issued (stored with a new code) the first time it is
 * asked for, and again only if the set of modules changed since. Null when not complete.
 */
export function getOrIssueTrackCertificate(db: Db, input: { employeeId: number; fiscalYear: number }, now = Date.now()): Certificate | null {
  return db.transaction(() => {
    const track = readTrack(db, input.employeeId, input.fiscalYear);
    if (!track || !track.complete || track.lastCompletedAt === null) return null;
    const modules = JSON.stringify(track.modules);
    const completedOn = japanDate(track.lastCompletedAt);
    let issued = statement(
      db,
      `SELECT verification_code AS verificationCode FROM track_certificates
       WHERE employee_id = ? AND fiscal_year = ? AND modules = ? AND completed_on = ? ORDER BY id DESC LIMIT 1`,
    ).get(input.employeeId, input.fiscalYear, modules, completedOn) as { verificationCode: string } | undefined;
    if (!issued) {
      let code = createVerificationCode();
      // Module certificates use the same alphabet: keep the two sets of codes apart.
      while (statement(db, "SELECT 1 FROM completions WHERE verification_code = ?").get(code)) code = createVerificationCode();
      statement(
        db,
        "INSERT INTO track_certificates (employee_id, fiscal_year, verification_code, completed_on, modules, issued_at) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(input.employeeId, input.fiscalYear, code, completedOn, modules, now);
      issued = { verificationCode: code };
    }
    return withContext(db, input.employeeId, {
      kind: "track" as const,
      name: track.name,
      title: "",
      modules: track.modules,
      moduleVersion: null,
      fiscalYear: input.fiscalYear,
      completedOn,
      verificationCode: issued.verificationCode,
    });
  });
}

/** What /verify/:code confirms: the certificate with that code, or null. */
export function findCertificateByCode(db: Db, code: string): Certificate | null {
  if (!VERIFICATION_CODE.test(code)) return null;
  const row = statement(
    db,
    `SELECT e.id AS employeeId, e.name, coalesce(v.title, m.title) AS title, c.module_version AS moduleVersion, a.fiscal_year AS fiscalYear, c.completed_at AS completedAt
     FROM completions c JOIN assignments a ON a.id = c.assignment_id JOIN employees e ON e.id = a.employee_id
     JOIN training_modules m ON m.id = a.module_id
     LEFT JOIN module_versions v ON v.module_id = a.module_id AND v.version = c.module_version
     WHERE c.verification_code = ?`,
  ).get(code) as { employeeId: number; name: string; title: string; moduleVersion: number; fiscalYear: number; completedAt: number } | undefined;
  if (row) {
    return withContext(db, row.employeeId, {
      kind: "module",
      name: row.name,
      title: row.title,
      modules: [],
      moduleVersion: row.moduleVersion,
      fiscalYear: row.fiscalYear,
      completedOn: japanDate(row.completedAt),
      verificationCode: code,
    });
  }
  const track = statement(
    db,
    `SELECT e.id AS employeeId, e.name, t.fiscal_year AS fiscalYear, t.completed_on AS completedOn, t.modules
     FROM track_certificates t JOIN employees e ON e.id = t.employee_id WHERE t.verification_code = ?`,
  ).get(code) as { employeeId: number; name: string; fiscalYear: number; completedOn: string; modules: string } | undefined;
  if (!track) return null;
  const modules: unknown = JSON.parse(track.modules);
  return withContext(db, track.employeeId, {
    kind: "track",
    name: track.name,
    title: "",
    modules: Array.isArray(modules) ? modules.filter((item): item is string => typeof item === "string") : [],
    moduleVersion: null,
    fiscalYear: track.fiscalYear,
    completedOn: track.completedOn,
    verificationCode: code,
  });
}

/** The 年度 in which this employee has completed their whole track (for /learn). */
export function listCompletedTrackYears(db: Db, employeeId: number): number[] {
  const rows = statement(
    db,
    `SELECT fiscal_year AS fiscalYear FROM assignments WHERE employee_id = ?
     GROUP BY fiscal_year
     HAVING sum(exempted_at IS NULL) > 0 AND sum(exempted_at IS NULL AND completed_at IS NULL) = 0
     ORDER BY fiscal_year DESC`,
  ).all(employeeId) as { fiscalYear: number }[];
  return rows.map((row) => row.fiscalYear);
}

/** Where a certificate is verified: APP_BASE_URL when set (behind a proxy), else this request's origin. */
export function verifyUrl(request: Request, code: string): string {
  const base = process.env.APP_BASE_URL?.replace(/\/$/, "") || new URL(request.url).origin;
  return `${base}/verify/${code}`;
}

/** The employee id for a 職員番号 (HR pages), or null. */
export function findEmployeeId(db: Db, employeeNo: string): number | null {
  const row = statement(db, "SELECT id FROM employees WHERE employee_no = ?").get(employeeNo) as { id: number } | undefined;
  return row?.id ?? null;
}
