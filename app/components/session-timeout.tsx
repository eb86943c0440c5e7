import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/** Show the warning this long before the session ends (half the idle time when that is shorter). */
const WARN_BEFORE_MS = 2 * 60_000;

type Props = { idleRemainingMs: number; absoluteRemainingMs: number; idleMs: number };
type ExtendResult = { ok: true; idleRemainingMs: number; absoluteRemainingMs: number };

function formatLeft(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}分${seconds % 60}秒` : `${seconds}秒`;
}

/**
 * The idle cut-off warning (WCAG 2.2.1 Timing Adjustable): two minutes before the session ends
 * for inactivity, a dialog says so and offers 「延長する」, which restarts the idle clock on the
 * server without leaving the page (a half-answered quiz stays as it is). Focus moves to the button
 * when it appears and back where it was after extending. When the absolute limit is what ends the
 * session, there is nothing to extend and the dialog says that instead. The times come from the
 * server as "remaining" so that the browser's clock does not matter.
 */
export function SessionTimeoutWarning({ idleRemainingMs, absoluteRemainingMs, idleMs }: Props) {
  const warnBefore = Math.min(WARN_BEFORE_MS, idleMs / 2);
  const location = useLocation();
  const fetcher = useFetcher<ExtendResult>();
  const [deadlines, setDeadlines] = useState<{ idleAt: number; absoluteAt: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const buttonRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    const start = Date.now();
    setDeadlines({ idleAt: start + idleRemainingMs, absoluteAt: start + absoluteRemainingMs });
  }, [idleRemainingMs, absoluteRemainingMs]);
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data?.ok) return;
    const start = Date.now();
    setDeadlines({ idleAt: start + data.idleRemainingMs, absoluteAt: start + data.absoluteRemainingMs });
  }, [fetcher.state, fetcher.data]);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  const endsAt = deadlines ? Math.min(deadlines.idleAt, deadlines.absoluteAt) : Number.POSITIVE_INFINITY;
  const absolute = deadlines !== null && deadlines.absoluteAt <= deadlines.idleAt;
  const left = endsAt - now;
  const warning = left <= warnBefore && left > 0;
  const ended = left <= 0;

  useEffect(() => {
    if (warning && !absolute) {
      if (!returnFocus.current) returnFocus.current = document.activeElement;
      buttonRef.current?.focus();
    } else if (!warning && returnFocus.current) {
      const previous = returnFocus.current;
      returnFocus.current = null;
      if (previous instanceof HTMLElement && document.contains(previous)) previous.focus();
    }
  }, [warning, absolute]);

  if (!deadlines || (!warning && !ended)) return null;
  const here = `${location.pathname}${location.search}`;
  if (ended) {
    const reason = absolute ? "expired" : "idle";
    return (
      <div className="session-warning" role="alert">
        <p className="session-warning__title">
          {absolute ? "ログインの有効期間が過ぎたため、ログアウトしました。" : "一定時間操作がなかったため、ログアウトしました。"}
        </p>
        <p>
          <a href={`/login?${new URLSearchParams({ redirectTo: here, reason }).toString()}`}>もう一度ログインする</a>
          （確認テストの回答は、このまま送信すればログイン後に採点されます）
        </p>
      </div>
    );
  }
  return (
    <div className="session-warning" role="alertdialog" aria-labelledby="session-warning-title" aria-describedby="session-warning-text">
      <p id="session-warning-title" className="session-warning__title">まもなく自動的にログアウトします</p>
      <p id="session-warning-text">
        {absolute
          ? "ログインの有効期間が終わります。作業を終えて、もう一度ログインしてください。"
          : "しばらく操作がないため、まもなく自動的にログアウトします。続ける場合は「延長する」を押してください。"}
        <span aria-hidden="true">（残り {formatLeft(left)}）</span>
      </p>
      {absolute ? null : (
        <fetcher.Form method="post" action="/session/extend">
          <input type="hidden" name="redirectTo" value={here} />
          <input type="hidden" name="mode" value="fetch" />
          <button ref={buttonRef} type="submit" className="button" disabled={fetcher.state !== "idle"}>延長する</button>
        </fetcher.Form>
      )}
    </div>
  );
}
