// Server-rendered SVG charts: no chart library, no script, readable without JavaScript. Each has
// a title and a description for assistive technology; the tables next to them carry the numbers.
import { formatShare } from "./format";
import type { ReactNode } from "react";

/**
 * An SVG scales with its box, and its 14-unit text with it: on a phone (≈350 px for a 530-unit
 * chart) that was 9 px. The chart keeps a minimum width at which its text is at least 12 px
 * (CSS .chart--bars/.chart--progress) and scrolls sideways inside this box when the screen is
 * narrower; the box is focusable so the keyboard can scroll it too.
 */
function ChartScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="chart-scroll" role="group" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export type BarDatum = { label: string; completed: number; overdue: number; open: number; href?: string };

/** Horizontal stacked bars: completed / open / overdue share of each row's assigned total. */
export function CompletionBars({ id, title, data }: { id: string; title: string; data: BarDatum[] }) {
  const rowHeight = 30;
  const labelWidth = 150;
  const barWidth = 300;
  const height = data.length * rowHeight + 28;
  const description = data
    .map((datum) => {
      const total = datum.completed + datum.overdue + datum.open;
      return `${datum.label}：研修ごとの完了率 ${formatShare(datum.completed, total)}、期限超過 ${datum.overdue}件`;
    })
    .join("。");
  return (
    <ChartScroll label={title}>
    <svg className="chart chart--bars" viewBox={`0 0 ${labelWidth + barWidth + 80} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {data.map((datum, index) => {
        const total = datum.completed + datum.overdue + datum.open;
        const y = index * rowHeight + 4;
        const completedWidth = total === 0 ? 0 : (datum.completed / total) * barWidth;
        const openWidth = total === 0 ? 0 : (datum.open / total) * barWidth;
        const overdueWidth = total === 0 ? 0 : (datum.overdue / total) * barWidth;
        const label = datum.label.length > 10 ? `${datum.label.slice(0, 9)}…` : datum.label;
        return (
          <g key={datum.label + index}>
            <text x={labelWidth - 8} y={y + 15} textAnchor="end" className="chart__label">{label}</text>
            <rect x={labelWidth} y={y} width={barWidth} height={20} className="chart__track" />
            <rect x={labelWidth} y={y} width={completedWidth} height={20} className="chart__completed" />
            <rect x={labelWidth + completedWidth} y={y} width={openWidth} height={20} className="chart__open" />
            <rect x={labelWidth + completedWidth + openWidth} y={y} width={overdueWidth} height={20} className="chart__overdue" />
            <text x={labelWidth + barWidth + 8} y={y + 15} className="chart__value">{formatShare(datum.completed, total)}</text>
          </g>
        );
      })}
      <g transform={`translate(${labelWidth}, ${data.length * rowHeight + 8})`} className="chart__legend" aria-hidden="true">
        <rect width={12} height={12} className="chart__completed" /><text x={16} y={11}>完了</text>
        <rect x={52} width={12} height={12} className="chart__open" /><text x={68} y={11}>期限内</text>
        <rect x={130} width={12} height={12} className="chart__overdue" /><text x={146} y={11}>期限超過</text>
      </g>
    </svg>
    </ChartScroll>
  );
}

export type ProgressDatum = { label: string; completed: number; assigned: number };

/** Cumulative completion rate month by month over the 年度 (12 slots, April to March). */
export function ProgressChart({ id, title, points }: { id: string; title: string; points: ProgressDatum[] }) {
  const width = 560;
  const height = 240;
  const left = 44;
  const bottom = 28;
  const top = 12;
  const slots = Math.max(12, points.length);
  const step = (width - left - 16) / (slots - 1);
  const y = (rate: number) => top + (1 - rate) * (height - top - bottom);
  const coordinates = points.map((point, index) => ({ x: left + index * step, y: y(point.assigned === 0 ? 0 : point.completed / point.assigned), point }));
  const months = ["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"];
  const description = points.map((point) => `${point.label}末 ${formatShare(point.completed, point.assigned)}`).join("、");
  return (
    <ChartScroll label={title}>
    <svg className="chart chart--progress" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description || "この年度の修了はまだありません。"}</desc>
      {[0, 0.25, 0.5, 0.75, 1].map((rate) => (
        <g key={rate}>
          <line x1={left} x2={width - 8} y1={y(rate)} y2={y(rate)} className="chart__grid" />
          <text x={left - 6} y={y(rate) + 4} textAnchor="end" className="chart__axis">{rate * 100}%</text>
        </g>
      ))}
      {months.map((month, index) => (
        <text key={month} x={left + index * step} y={height - 8} textAnchor="middle" className="chart__axis">{month}</text>
      ))}
      {coordinates.length > 1 ? (
        <>
          <polygon
            className="chart__area"
            points={`${coordinates[0].x},${y(0)} ${coordinates.map((c) => `${c.x},${c.y}`).join(" ")} ${coordinates[coordinates.length - 1].x},${y(0)}`}
          />
          <polyline className="chart__line" points={coordinates.map((c) => `${c.x},${c.y}`).join(" ")} />
        </>
      ) : null}
      {coordinates.map((c) => (
        <circle key={c.point.label} cx={c.x} cy={c.y} r={4} className="chart__dot" />
      ))}
      {coordinates.length > 0 ? (
        <text
          x={coordinates[coordinates.length - 1].x}
          y={coordinates[coordinates.length - 1].y - 10}
          textAnchor="end"
          className="chart__value"
        >
          {formatShare(coordinates[coordinates.length - 1].point.completed, coordinates[coordinates.length - 1].point.assigned)}
        </text>
      ) : null}
    </svg>
    </ChartScroll>
  );
}

/** `label` is drawn beside the bar; `name` (the full wording) is read out. */
export type RateBar = { label: string; name?: string; tenths: number | null; previous?: boolean };

/**
 * One organisation's rates as a small horizontal bar chart (this 年度 and the previous one, people
 * and assignments). The numbers are also in the table next to it; the description reads them out.
 */
export function OrganisationRateChart({ id, title, bars }: { id: string; title: string; bars: RateBar[] }) {
  const rowHeight = 22;
  const labelWidth = 110;
  const barWidth = 260;
  const height = bars.length * rowHeight + 6;
  const text = (bar: RateBar) => (bar.tenths === null ? "—" : `${(bar.tenths / 10).toFixed(1)}%`);
  return (
    <svg className="chart chart--small" viewBox={`0 0 ${labelWidth + barWidth + 60} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{bars.map((bar) => `${bar.name ?? bar.label} ${text(bar)}`).join("、")}</desc>
      {bars.map((bar, index) => {
        const y = index * rowHeight + 3;
        return (
          <g key={bar.label}>
            <text x={labelWidth - 6} y={y + 13} textAnchor="end" className="chart__label">{bar.label}</text>
            <rect x={labelWidth} y={y} width={barWidth} height={16} className="chart__track" />
            <rect x={labelWidth} y={y} width={((bar.tenths ?? 0) / 1000) * barWidth} height={16} className={bar.previous ? "chart__previous" : "chart__completed"} />
            <text x={labelWidth + barWidth + 6} y={y + 13} className="chart__value">{text(bar)}</text>
          </g>
        );
      })}
    </svg>
  );
}
