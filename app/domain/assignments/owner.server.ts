import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { assignments, employees } from "~/db/schema";

/** Whose assignment this is (HR's organisation-wide lookups; managers use team/scope.server.ts). */
export function getAssignmentOwner(db: Db, assignmentId: number) {
  return (
    db
      .select({ assignmentId: assignments.id, employeeId: employees.id, employeeNo: employees.employeeNo, name: employees.name })
      .from(assignments)
      .innerJoin(employees, eq(employees.id, assignments.employeeId))
      .where(eq(assignments.id, assignmentId))
      .get() ?? null
  );
}
