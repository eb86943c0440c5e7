import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS, auditActionLabel, auditTargetLabel, EXPORT_LABELS } from "./audit-labels";

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [file] : [];
  });
}

describe("audit labels", () => {
  it("has a Japanese label for every action code (and export name) the app records", () => {
    // Every dotted literal in a file that writes the audit log is an action code, an export name,
    // or one of the few other keys listed here.
    const notActions = new Set(["report.annual.header", "report.committee.header", "roster.category_aliases", "report.html"]);
    const missing: string[] = [];
    for (const file of sourceFiles("app")) {
      const text = readFileSync(file, "utf8");
      if (!/recordAudit\(|auditExport\(/.test(text) || file.endsWith(path.join("domain", "audit.server.ts"))) continue;
      for (const [, literal] of text.matchAll(/"([a-z_]+\.[a-z_]+(?:\.[a-z_]+)?)"/g)) {
        if (!(literal in AUDIT_ACTION_LABELS) && !(literal in EXPORT_LABELS) && !notActions.has(literal)) missing.push(`${file}: ${literal}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("shows unknown codes as stored, and names export targets", () => {
    expect(auditActionLabel("auth.login")).toBe("ログイン");
    expect(auditActionLabel("account.activation_issued")).toBe("有効化コード発行");
    expect(auditActionLabel("something.new")).toBe("something.new");
    expect(auditTargetLabel("export", "hr.people")).toBe("職員一覧");
    expect(auditTargetLabel("department", "12")).toBe("所属 12");
    expect(auditTargetLabel("mystery", "1")).toBe("mystery 1");
  });
});
