import { describe, expect, it } from "vitest";
import { calculateStatus } from "./status";

const base = { dueDate: "2026-12-31", startedAt: null, readAt: null, completedAt: null, exemptedAt: null };

describe("calculateStatus", () => {
  it("is 未着手 until opened, 受講中 once opened or read", () => {
    expect(calculateStatus(base, "2026-11-25")).toBe("not_started");
    expect(calculateStatus({ ...base, startedAt: 1 }, "2026-11-25")).toBe("in_progress");
    expect(calculateStatus({ ...base, readAt: 1 }, "2026-11-25")).toBe("in_progress");
  });
  it("is still due on the due date and overdue the day after", () => {
    expect(calculateStatus(base, "2026-12-31")).toBe("not_started");
    expect(calculateStatus(base, "2027-01-01")).toBe("overdue");
    expect(calculateStatus({ ...base, startedAt: 1 }, "2027-01-01")).toBe("overdue");
  });
  it("completed and exempt win over overdue", () => {
    expect(calculateStatus({ ...base, completedAt: 5 }, "2027-02-01")).toBe("completed");
    expect(calculateStatus({ ...base, completedAt: 5, exemptedAt: 6 }, "2027-02-01")).toBe("exempt");
  });
});
