// The annual report as an Excel workbook (exceljs): the same tables as the page and the CSV.
import ExcelJS from "exceljs";
import { formatFiscalYear, formatWareki } from "../time";
import type { AnnualReport } from "./annual-report.server";
import { reportSubject, summarySentences } from "./annual-report-view";
import { COMPARISON_HEADER, ORGANISATION_HEADER, organisationRows, comparisonRows, QUESTION_HEADER, questionRows, type Cell } from "./annual-report-tables";
import type { ReportHeader } from "./report-settings.server";

function addTable(workbook: ExcelJS.Workbook, name: string, header: string[], rows: Cell[][]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  // Cells are written as values (numbers stay numbers), never as formulas.
  for (const row of rows) sheet.addRow(row.map((cell) => (cell === null ? "" : cell)));
  sheet.columns.forEach((column, index) => {
    column.width = Math.min(60, Math.max(10, header[index].length * 2 + 2));
  });
}

export async function annualReportWorkbook(report: AnnualReport, header: ReportHeader): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "まもり";
  workbook.created = new Date(report.computedAt);
  const cover = workbook.addWorksheet("報告");
  cover.columns = [{ width: 100 }];
  for (const line of [
    `${formatWareki(report.asOf)}`,
    header.addressee,
    header.issuer,
    reportSubject(report.fiscalYear),
    ...summarySentences(report),
    `${formatWareki(report.asOf)}現在・在職者のみ・所属は現在の所属`,
  ]) cover.addRow([line]);
  cover.getRow(4).font = { bold: true };
  addTable(workbook, "組織・区分別", ORGANISATION_HEADER, organisationRows(report));
  addTable(workbook, "前年度比較", COMPARISON_HEADER, comparisonRows(report));
  addTable(workbook, "問題別正答率", QUESTION_HEADER, questionRows(report));
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer);
}

export function workbookFileName(fiscalYear: number): string {
  return `研修実施状況報告_${formatFiscalYear(fiscalYear)}.xlsx`;
}
