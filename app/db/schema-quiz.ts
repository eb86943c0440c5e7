import { index, integer, sqliteTable } from "drizzle-orm/sqlite-core";
import { assignments } from "./schema";

/**
 * 読了 pressed again because the attempt policy asked for it (too many failed quiz attempts in a
 * row). The first 読了 stays `assignments.read_at`; each later one is a row here, so the history
 * of when a learner was sent back to the text is kept.
 */
export const moduleRereads = sqliteTable(
  "module_rereads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    readAt: integer("read_at").notNull(),
    /** Failed attempts in a row that made the re-read necessary. */
    failures: integer("failures").notNull(),
  },
  (table) => [index("module_rereads_assignment_idx").on(table.assignmentId)],
);
