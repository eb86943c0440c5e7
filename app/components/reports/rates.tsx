// Both completion rates, always together and always labelled (see domain/reports/rates.ts).
import { formatCount, formatRatio, RATE_LABELS, type CompletionRates } from "./format";
import { RATE_EXPLANATIONS } from "~/domain/reports/rates";

/** Two tiles: 対象者の修了率（人） and 研修ごとの完了率（件）, with the counts behind each. */
export function RateTiles({ rates, peopleHref, assignmentsHref }: { rates: CompletionRates; peopleHref?: string; assignmentsHref?: string }) {
  return (
    <>
      <li className="summary-tiles__rate">
        <span>{RATE_LABELS.people}</span>
        <strong>{formatRatio(rates.people)}</strong>
        <small>
          修了 {formatCount(rates.people.part)} / 対象 {peopleHref ? <a href={peopleHref}>{formatCount(rates.people.whole)}</a> : formatCount(rates.people.whole)} 人
        </small>
      </li>
      <li className="summary-tiles__rate">
        <span>{RATE_LABELS.assignments}</span>
        <strong>{formatRatio(rates.assignments)}</strong>
        <small>
          完了 {formatCount(rates.assignments.part)} / 対象 {assignmentsHref ? <a href={assignmentsHref}>{formatCount(rates.assignments.whole)}</a> : formatCount(rates.assignments.whole)} 件
        </small>
      </li>
    </>
  );
}

/** One line for table headers and leads: "対象者の修了率（人） 2.9%（1/35人）・研修ごとの完了率（件） 51.6%（…件）". */
export function RateLine({ rates }: { rates: CompletionRates }) {
  return (
    <span className="rate-line">
      {RATE_LABELS.people} <strong>{formatRatio(rates.people)}</strong>（{formatCount(rates.people.part)}/{formatCount(rates.people.whole)}人）・
      {RATE_LABELS.assignments} <strong>{formatRatio(rates.assignments)}</strong>（{formatCount(rates.assignments.part)}/{formatCount(rates.assignments.whole)}件）
    </span>
  );
}

/** The short explanation printed under every pair of rates. */
export function RateExplanation() {
  return (
    <dl className="rate-explanation muted small">
      <dt>{RATE_LABELS.people}</dt>
      <dd>{RATE_EXPLANATIONS.people}</dd>
      <dt>{RATE_LABELS.assignments}</dt>
      <dd>{RATE_EXPLANATIONS.assignments}</dd>
    </dl>
  );
}
