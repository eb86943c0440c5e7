import { describe, expect, it } from "vitest";
import { createBusinessCalendar, publicHolidayName } from "./calendar";

const calendar = createBusinessCalendar({ newYearHolidays: true });

describe("the business calendar", () => {
  it("skips weekends", () => {
    expect(calendar.isBusinessDay("2026-11-25")).toBe(true); // Wednesday
    expect(calendar.closedReason("2026-11-28")).toBe("土曜日");
    expect(calendar.closedReason("2026-11-29")).toBe("日曜日");
    expect(calendar.businessDayOnOrAfter("2026-11-28")).toBe("2026-11-30");
  });

  it("skips Japanese public holidays, substitute holidays included, from the holiday library", () => {
    expect(calendar.closedReason("2026-11-23")).toBe("勤労感謝の日");
    expect(publicHolidayName("2026-05-06")).toBe("こどもの日 振替休日");
    expect(calendar.isBusinessDay("2026-05-06")).toBe(false);
    // Saturday 21 Nov → Sunday → Monday 23 Nov is a holiday → Tuesday.
    expect(calendar.businessDayOnOrAfter("2026-11-21")).toBe("2026-11-24");
  });

  it("finds the business day on or before a date (due dates)", () => {
    expect(calendar.businessDayOnOrBefore("2026-11-25")).toBe("2026-11-25");
    expect(calendar.businessDayOnOrBefore("2026-11-23")).toBe("2026-11-20");
    expect(calendar.businessDayOnOrBefore("2027-01-03")).toBe("2026-12-28");
    expect(calendar.businessDayOnOrBefore("2026-05-06")).toBe("2026-05-01");
  });

  it("closes over the New Year (12/29–1/3) by default, and not when turned off", () => {
    for (const date of ["2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"]) {
      expect(calendar.isBusinessDay(date), date).toBe(false);
    }
    expect(calendar.closedReason("2026-12-30")).toBe("年末年始");
    expect(calendar.closedReason("2027-01-01")).toBe("元日");
    expect(calendar.businessDayOnOrAfter("2026-12-29")).toBe("2027-01-04");
    expect(calendar.isBusinessDay("2026-12-28")).toBe(true);
    const open = createBusinessCalendar({ newYearHolidays: false });
    expect(open.isBusinessDay("2026-12-30")).toBe(true);
    expect(open.isBusinessDay("2027-01-01")).toBe(false);
  });

  it("knows Golden Week 2027: 4/29 and 5/3–5/5 closed, 4/30 open", () => {
    expect(calendar.closedReason("2027-04-29")).toBe("昭和の日");
    expect(calendar.isBusinessDay("2027-04-30")).toBe(true);
    expect(calendar.closedReason("2027-05-03")).toBe("憲法記念日");
    expect(calendar.closedReason("2027-05-04")).toBe("みどりの日");
    expect(calendar.closedReason("2027-05-05")).toBe("こどもの日");
    expect(calendar.businessDayOnOrAfter("2027-05-01")).toBe("2027-05-06");
  });
});
