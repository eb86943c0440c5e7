import { Link } from "@remix-run/react";
import { describeAttemptLock, type AttemptLock } from "~/domain/quiz/attempt-policy";

/** When the next quiz attempt opens, or that the module must be read again (learner pages). */
export function AttemptLockNotice({ lock, moduleId, title, showReadLink = true }: { lock: AttemptLock; moduleId: string; title?: string; showReadLink?: boolean }) {
  return (
    <div className="notice notice--warn attempt-lock" role="status">
      {describeAttemptLock(lock).map((line) => <p key={line} className="attempt-lock__line">{line}</p>)}
      {lock.rereadRequired && showReadLink ? (
        <p className="attempt-lock__line"><Link to={`/learn/${moduleId}`}>本文を読み直す{title ? <span className="visually-hidden">（{title}）</span> : null}</Link></p>
      ) : null}
    </div>
  );
}
