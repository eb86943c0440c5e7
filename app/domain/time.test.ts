import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  fiscalYearOf,
  formatFiscalYear,
  formatJapanDateTime,
  formatWareki,
  isIsoDate,
  japanDate,
} from "./time";

describe("japanDate", () => {
  it("rolls over at midnight Japan time, not UTC", () => {
    expect(japanDate(Date.parse("2026-03-31T14:59:59Z"))).toBe("2026-03-31");
    expect(japanDate(Date.parse("2026-03-31T15:00:00Z"))).toBe("2026-04-01");
  });
});

describe("fiscalYearOf", () => {
  it("starts the 年度 on 1 April", () => {
    expect(fiscalYearOf("2026-03-31")).toBe(2025);
    expect(fiscalYearOf("2026-04-01")).toBe(2026);
    expect(fiscalYearOf("2026-12-31")).toBe(2026);
    expect(fiscalYearOf("2027-01-01")).toBe(2026);
  });
  it("rejects impossible dates", () => {
    expect(() => fiscalYearOf("2025-02-29")).toThrow();
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2024-13-01")).toBe(false);
    expect(isIsoDate("2024-1-01")).toBe(false);
  });
});

describe("date arithmetic", () => {
  it("adds days across month, year and leap day", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-02-28", 1)).toBe("2025-03-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(daysBetween("2026-11-20", "2026-11-25")).toBe(5);
    expect(daysBetween("2026-11-25", "2026-11-20")).toBe(-5);
  });
});

describe("和暦", () => {
  it("formats dates in the Reiwa era", () => {
    expect(formatWareki("2025-04-01")).toBe("令和7年4月1日");
    expect(formatWareki("2019-05-01")).toBe("令和元年5月1日");
    expect(formatWareki("2019-04-30")).toBe("平成31年4月30日");
  });
  it("names the 年度 by the era year of its 1 April", () => {
    expect(formatFiscalYear(2025)).toBe("令和7年度");
    expect(formatFiscalYear(2026)).toBe("令和8年度");
    expect(formatFiscalYear(2019)).toBe("平成31年度");
  });
  it("shows instants in Japan time", () => {
    expect(formatJapanDateTime(Date.parse("2026-03-31T15:05:00Z"))).toBe("令和8年4月1日 0:05");
  });
});
