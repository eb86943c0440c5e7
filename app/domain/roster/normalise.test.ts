import { describe, expect, it } from "vitest";
import { ERAS, parseRosterDate, toCanonicalWidth } from "./normalise";

const iso = (raw: string) => {
  const parsed = parseRosterDate(raw);
  return parsed.ok ? `${parsed.iso} ${parsed.kind}` : `× ${parsed.message}`;
};

describe("parseRosterDate", () => {
  it("reads the Western forms systems export", () => {
    expect(iso("2026-04-01")).toBe("2026-04-01 iso");
    expect(iso("2026-4-1")).toBe("2026-04-01 date");
    expect(iso("2026/4/1")).toBe("2026-04-01 date");
    expect(iso("2026/04/01")).toBe("2026-04-01 date");
    expect(iso("2026.4.1")).toBe("2026-04-01 date");
    expect(iso("2026年4月1日")).toBe("2026-04-01 date");
    expect(iso("20260401")).toBe("2026-04-01 date");
    expect(iso("２０２６／４／１")).toBe("2026-04-01 date");
    expect(iso("２０２６－０４－０１")).toBe("2026-04-01 iso");
  });

  it("reads 和暦 in kanji, letters and full width, 元年 included", () => {
    expect(iso("令和8年4月1日")).toBe("2026-04-01 wareki");
    expect(iso("令和８年４月１日")).toBe("2026-04-01 wareki");
    expect(iso("R8.4.1")).toBe("2026-04-01 wareki");
    expect(iso("R08.04.01")).toBe("2026-04-01 wareki");
    expect(iso("r8/4/1")).toBe("2026-04-01 wareki");
    expect(iso("Ｒ８．４．１")).toBe("2026-04-01 wareki");
    expect(iso("㋿8.4.1")).toBe("2026-04-01 wareki");
    expect(iso("令和元年5月1日")).toBe("2019-05-01 wareki");
    expect(iso("H31.4.30")).toBe("2019-04-30 wareki");
    expect(iso("平成元年1月8日")).toBe("1989-01-08 wareki");
    expect(iso("S64.1.7")).toBe("1989-01-07 wareki");
    expect(iso("昭和50年4月1日")).toBe("1975-04-01 wareki");
    expect(iso("T15.12.24")).toBe("1926-12-24 wareki");
  });

  it("refuses an era date outside its era, and impossible dates", () => {
    expect(iso("H31.5.1")).toBe("× 「H31.5.1」（平成31年5月1日）は平成の期間外です（平成は1989年1月8日〜2019年4月30日）。");
    expect(iso("R1.4.30")).toMatch(/^× 「R1\.4\.30」（令和元年4月30日）は令和の期間外です（令和は2019年5月1日〜）。$/);
    expect(iso("平成元年1月7日")).toMatch(/平成の期間外/);
    expect(iso("S64.1.8")).toMatch(/昭和の期間外/);
    expect(iso("H0.4.1")).toMatch(/平成0年はありません/);
    expect(iso("R8.2.30")).toBe("× 「R8.2.30」（令和8年2月30日）は存在しない日付です。");
    expect(iso("2026/2/30")).toBe("× 「2026/2/30」は存在しない日付です。");
    expect(iso("20261301")).toMatch(/存在しない日付/);
    expect(iso("X8.4.1")).toMatch(/日付として読めません/);
    expect(iso("4/1")).toMatch(/日付として読めません/);
  });

  it("has era boundaries that agree with Intl's Japanese calendar", () => {
    const eraOf = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", { era: "long", year: "numeric", timeZone: "UTC" });
    for (const [index, era] of ERAS.entries()) {
      if (index === 0) continue; // ICU starts 明治 at its own date; no roster goes back that far.
      const first = new Date(`${era.start}T00:00:00Z`);
      const dayBefore = new Date(first.getTime() - 86_400_000);
      expect(eraOf.format(first)).toMatch(new RegExp(`^${era.name}(元|1)年$`));
      expect(eraOf.format(dayBefore)).toMatch(new RegExp(`^${ERAS[index - 1].name}`));
    }
  });
});

describe("toCanonicalWidth", () => {
  it("turns full-width 英数字 half-width and 半角カナ full-width", () => {
    expect(toCanonicalWidth("Ｅ００１２")).toBe("E0012");
    expect(toCanonicalWidth("ｽｽﾞ ﾐｻｷ")).toBe("スズ ミサキ");
  });
});
