import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { employees } from "./schema";

// The HR dashboard's counts (`report_summary`) are derived data kept by SQLite triggers; the
// table and its triggers are created by app/domain/reports/summary-maintenance.server.ts (not by
// migrations), so that a new version of them can drop and rebuild both.

/**
 * A 修了証 for a completed 年度 track (every non-exempt assignment of the 年度 completed). The
 * module titles are a snapshot: the certificate states what was true when it was issued.
 */
export const trackCertificates = sqliteTable(
  "track_certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    employeeId: integer("employee_id")
      .notNull()
      .references(() => employees.id),
    fiscalYear: integer("fiscal_year").notNull(),
    verificationCode: text("verification_code").notNull().unique(),
    /** Japan-time date of the last completion of the track. */
    completedOn: text("completed_on").notNull(),
    /** JSON: string[] of module titles, in display order. */
    modules: text("modules").notNull(),
    issuedAt: integer("issued_at").notNull(),
  },
  (table) => [index("track_certificates_employee_year_idx").on(table.employeeId, table.fiscalYear)],
);
