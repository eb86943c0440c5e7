import { Link } from "@remix-run/react";

/** Page links (first, last, two either side of the current one); nothing when there is one page. */
export function Pagination({ page, pages, hrefFor }: { page: number; pages: number; hrefFor: (page: number) => string }) {
  if (pages <= 1) return null;
  const current = Math.min(page, pages);
  const numbers = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, pages])].filter((value) => value >= 1 && value <= pages).sort((a, b) => a - b);
  return (
    <nav aria-label="ページ" className="pagination">
      <ul>
        {current > 1 ? <li><Link to={hrefFor(current - 1)} rel="prev">前へ</Link></li> : null}
        {numbers.map((value) => (
          <li key={value}>
            {value === current ? <span aria-current="page">{value}</span> : <Link to={hrefFor(value)} aria-label={`${value}ページ`}>{value}</Link>}
          </li>
        ))}
        {current < pages ? <li><Link to={hrefFor(current + 1)} rel="next">次へ</Link></li> : null}
      </ul>
    </nav>
  );
}
