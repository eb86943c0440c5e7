import { renderToStaticMarkup } from "react-dom/server";
import { CommitteeReportDocument } from "~/components/committee-report";
import type { CommitteeReport } from "./committee-report.server";
import type { Letterhead } from "./letterhead.server";

// The evidence pack's report.html: a standalone document (no scripts, no outside resources) that
// prints on A4 like the page.
const STYLE = `
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; color: #1a1f24; line-height: 1.6; font-size: 10.5pt; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 14pt; text-align: center; margin: 1.5em 0 1em; }
h2 { font-size: 12pt; margin: 1.5em 0 0.5em; }
h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid #6b7685; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
.numeric { text-align: right; white-space: nowrap; }
.small { font-size: 9pt; }
.report-meta { margin: 0; text-align: right; }
.report-meta--to { text-align: left; }
.prewrap { white-space: pre-wrap; }
.nowrap { white-space: nowrap; }
section { break-inside: avoid; }
`;

export function renderCommitteeReportHtml(report: CommitteeReport, letterhead: Letterhead): string {
  const body = renderToStaticMarkup(<CommitteeReportDocument report={report} addressee={letterhead.addressee} sender={letterhead.sender} cityName={letterhead.cityName} />);
  return `<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8"><title>情報セキュリティ研修及び自己点検の実施状況（${report.current.fiscalYear}年度）</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
}
