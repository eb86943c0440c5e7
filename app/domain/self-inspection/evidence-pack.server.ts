// The evidence pack of a 年度: one ZIP (fflate) holding the committee report (HTML), the CSV files
// behind it and a SHA-256 manifest in `sha256sum` format, so an auditor can check later that
// nothing changed. The manifest's own hash goes to the audit log with the generation.
import { createHash } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import type { Db } from "~/db/client.server";
import { recordAudit } from "../audit.server";
import { csvDateTime, toCsv, type CsvCell } from "../csv.server";
import type { CommitteeReport, YearFigures } from "./committee-report.server";
import { getCampaign } from "./campaigns.server";
import { inspectionTables } from "./export.server";

export type PackFile = { name: string; bytes: Uint8Array };
export type EvidencePack = { filename: string; zip: Uint8Array; manifest: string; manifestSha256: string; files: { name: string; sha256: string; bytes: number }[] };

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** `sha256sum -c` format: "<hex>  <name>" per line. */
export function formatManifest(files: readonly { name: string; sha256: string }[]): string {
  return files.map((file) => `${file.sha256}  ${file.name}\n`).join("");
}

/** Parse a manifest and check every listed file against its bytes; returns the problems. */
export function verifyManifest(manifest: string, files: ReadonlyMap<string, Uint8Array>): string[] {
  const problems: string[] = [];
  for (const line of manifest.split("\n").filter(Boolean)) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!match) {
      problems.push(`読めない行: ${line}`);
      continue;
    }
    const bytes = files.get(match[2]);
    if (!bytes) problems.push(`${match[2]}: ファイルがありません`);
    else if (sha256Hex(bytes) !== match[1]) problems.push(`${match[2]}: SHA-256 が一致しません`);
  }
  return problems;
}

function csvFile(name: string, header: string[], rows: CsvCell[][]): PackFile {
  return { name, bytes: strToU8(toCsv(header, rows)) };
}

function trainingCsv(year: YearFigures): PackFile {
  const { training } = year;
  const row = (organisation: string, category: string, counts: { people: number; completed: number; overdue: number; exempt: number } | undefined) => [
    year.fiscalYear, organisation, category, counts?.people ?? 0, counts?.completed ?? 0, counts?.overdue ?? 0, counts?.exempt ?? 0,
  ];
  const rows = training.organisations.flatMap((organisation) => [
    ...training.categories.map((category) => row(organisation.name, category.name, organisation.byCategory[category.id])),
    row(organisation.name, "計", organisation.total),
  ]);
  rows.push(...training.categories.map((category) => row("合計", category.name, training.byCategory[category.id])), row("合計", "計", training.total));
  return csvFile(`training-by-organisation-${year.fiscalYear}.csv`, ["年度", "組織", "区分", "対象者数", "修了者数", "期限超過者数", "免除者数"], rows);
}

function acknowledgementCsv(year: YearFigures): PackFile {
  const rows: CsvCell[][] = year.acknowledgements.organisations.map((organisation) => [year.fiscalYear, organisation.name, organisation.counts.assigned, organisation.counts.acknowledged, organisation.counts.percent ?? ""]);
  rows.push([year.fiscalYear, "合計", year.acknowledgements.total.assigned, year.acknowledgements.total.acknowledged, year.acknowledgements.total.percent ?? ""]);
  return csvFile(`pledge-by-organisation-${year.fiscalYear}.csv`, ["年度", "組織", "対象者数", "誓約済み", "誓約率(%)"], rows);
}

/**
 * Build the pack for the report's 年度 and record its generation (who, when, the manifest's hash)
 * in the audit log. `reportHtml` is the rendered report page.
 */
export function createEvidencePack(
  db: Db,
  input: { report: CommitteeReport; reportHtml: string; today: string; actorAccountId: number; ip?: string | null },
  now: number,
): EvidencePack {
  const { report } = input;
  const fy = report.current.fiscalYear;
  const files: PackFile[] = [
    { name: "report.html", bytes: strToU8(input.reportHtml) },
    trainingCsv(report.current),
    trainingCsv(report.previous),
    acknowledgementCsv(report.current),
    acknowledgementCsv(report.previous),
  ];
  for (const fiscalYear of [fy, fy - 1]) {
    const campaign = getCampaign(db, fiscalYear);
    if (!campaign) continue;
    for (const table of Object.values(inspectionTables(db, campaign, input.today))) {
      files.push(csvFile(`self-inspection-${table.name}-${fiscalYear}.csv`, table.header, table.rows));
    }
  }
  const listed = files.map((file) => ({ name: file.name, sha256: sha256Hex(file.bytes), bytes: file.bytes.length }));
  const manifest = formatManifest(listed);
  const manifestSha256 = sha256Hex(strToU8(manifest));
  const readme = [
    `${fy}年度 情報セキュリティ研修・自己点検 証跡パッケージ`,
    `作成日時: ${csvDateTime(now)}`,
    "",
    "MANIFEST.sha256 に各ファイルの SHA-256 を記載しています。次のコマンドで改変がないことを確認できます:",
    "  sha256sum -c MANIFEST.sha256",
    `MANIFEST.sha256 自体の SHA-256 は ${manifestSha256} で、まもりの監査ログ（証跡パッケージの作成）に記録しています。`,
    "",
    "CSV は UTF-8（BOM付き）です。",
    ...listed.map((file) => `  ${file.name}（${file.bytes} バイト）`),
    "",
  ].join("\r\n");
  const entries: Record<string, Uint8Array> = { "README.txt": strToU8(readme), "MANIFEST.sha256": strToU8(manifest) };
  for (const file of files) entries[file.name] = file.bytes;
  // A fixed timestamp per pack keeps the ZIP's own bytes reproducible from its contents.
  const zip = zipSync(entries, { level: 6, mtime: new Date(now) });
  db.transaction((tx) => {
    recordAudit(
      tx,
      {
        actorAccountId: input.actorAccountId,
        action: "export.evidence_pack",
        targetType: "fiscal_year",
        targetId: fy,
        details: { manifestSha256, zipSha256: sha256Hex(zip), files: listed.length },
        ip: input.ip ?? null,
      },
      now,
    );
  });
  return { filename: `evidence-pack-${fy}.zip`, zip, manifest, manifestSha256, files: listed };
}
