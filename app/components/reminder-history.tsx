import type { ReminderHistoryEntry } from "~/domain/reminders/history.server";
import { formatWareki } from "~/domain/time";

/** Reminders sent about one person (their own and their manager's digests), for the transcript and /team. */
export function ReminderHistory({ entries, headingId }: { entries: ReminderHistoryEntry[]; headingId: string }) {
  if (entries.length === 0) return <p className="muted">送信したリマインダーはありません。</p>;
  return (
    <div className="table-wrap">
      <table aria-labelledby={headingId}>
        <thead>
          <tr><th scope="col">日付</th><th scope="col">種類</th><th scope="col">宛先</th><th scope="col">研修（期限）</th><th scope="col">状態</th></tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={`${entry.runDate}-${entry.kind}-${entry.audience}`}>
              <td>{formatWareki(entry.runDate)}</td>
              <td>{entry.kindLabel}</td>
              <td>{entry.audience === "manager" ? `所属長${entry.recipientName ? `（${entry.recipientName}）` : ""}` : "本人"}</td>
              <td>
                <ul>{entry.modules.map((module) => <li key={module.assignmentId}>{module.title}（{formatWareki(module.dueDate)}）</li>)}</ul>
              </td>
              <td>{entry.statusLabel}{entry.error ? <><br /><span className="muted">{entry.error}</span></> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
