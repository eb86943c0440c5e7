// The sender: delivers queued outbox messages over SMTP, one at a time, holding the sender lease.
//
// Exactly-once as far as SMTP allows:
//  1. Claim: the message is marked 'sending' with a fresh attempt id, committed, BEFORE the SMTP
//     conversation starts.
//  2. Send with the message's stable Message-ID.
//  3. On the server's 250 the row becomes 'sent' in the very next statement (synchronous SQLite,
//     synchronous=FULL); on a 4xx or a connection failure it goes back to 'queued' with a backoff;
//     on a 5xx it is 'failed' and never retried unless an admin asks.
// A sender that dies leaves its message 'sending'. The next sender takes the lease (expired, or
// its holder's process is gone) and re-queues such messages: a crash before the server accepted
// the message loses nothing. NOTE: the residual window is between the server's 250 and step 3's
// commit (microseconds); a crash exactly there sends that one message again, with the same
// Message-ID so that receiving systems can drop the duplicate.
// Drill mails (kind 'drill') go through the same path with their own From and no Mamori headers;
// the 'sent' update also swaps their body for the copy without the link token.
import nodemailer from "nodemailer";
import type { Db } from "~/db/client.server";
import { getMailConfig, type MailConfig } from "./config.server";
import { acquireLease, createHolderId, releaseLease, renewLease } from "./lease.server";

export const SENDER_LEASE = "outbox-sender";
const SENDER_LEASE_TTL_MS = 3 * 60_000;

export type OutgoingMail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  date: Date;
  headers: Record<string, string>;
};

/** The part of a nodemailer transport the sender uses (tests may pass their own). */
export type MailTransport = {
  sendMail(mail: OutgoingMail): Promise<{ response?: string }>;
  close?(): void;
};

/** nodemailer over SMTP_URL, or null when no relay is configured (messages stay in the outbox). */
export function createSmtpTransport(config: MailConfig = getMailConfig()): MailTransport | null {
  if (!config.smtpUrl) return null;
  return nodemailer.createTransport({
    url: config.smtpUrl,
    pool: true,
    maxConnections: 1,
    // Well under the sender lease, so a live sender never loses its lease mid-message.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  }) as unknown as MailTransport;
}

/** Minutes to wait after the n-th failed attempt: 1, 5, 15, 30, then hourly. */
export function backoffMs(attempts: number): number {
  const minutes = [1, 5, 15, 30][attempts - 1] ?? 60;
  return minutes * 60_000;
}

type SmtpError = Error & { responseCode?: number; response?: string; code?: string };

// Problems with the relay itself, not with one message: a failed login or TLS handshake must not
// mark every message failed one by one; they wait (queued) until the configuration is fixed.
const RELAY_ERRORS = new Set(["EAUTH", "ETLS", "EDNS", "ECONNECTION", "ETIMEDOUT", "ESOCKET"]);

/**
 * 5xx replies to a message are permanent; 4xx replies and relay problems (connection refused,
 * timeouts, TLS, authentication) are temporary. `connection` means: stop this batch.
 */
export function classifySmtpError(error: unknown): { permanent: boolean; connection: boolean; message: string } {
  const smtp = error as SmtpError;
  const code = typeof smtp?.responseCode === "number" ? smtp.responseCode : null;
  const text = (smtp?.response ?? smtp?.message ?? String(error)).replace(/\s+/g, " ").trim().slice(0, 500);
  const relay = typeof smtp?.code === "string" && RELAY_ERRORS.has(smtp.code);
  if (code !== null) {
    const message = `${smtp.code && relay ? `${smtp.code}: ` : ""}${text.startsWith(String(code)) ? text : `${code} ${text}`}`;
    return { permanent: code >= 500 && !relay, connection: relay || code === 421, message };
  }
  return { permanent: false, connection: true, message: `${smtp?.code ? `${smtp.code}: ` : ""}${smtp?.message ?? String(error)}`.slice(0, 500) };
}

type ClaimedRow = {
  id: number;
  message_id: string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: number;
  attempts: number;
  kind: string;
  from_address: string | null;
};

export type DeliveryResult = {
  status: "done" | "busy";
  sent: number;
  failed: number;
  retrying: number;
  /** Messages that were left 'sending' by a dead sender and were re-queued. */
  recovered: number;
  errors: string[];
};

/**
 * Deliver every queued message whose time has come. Returns when the queue is empty, the relay
 * is unreachable (the rest wait for the next call), or `limit` messages were tried.
 */
export async function deliverOutbox(
  db: Db,
  transport: MailTransport,
  options: { from?: string; now?: () => number; limit?: number; waitForLeaseMs?: number; onSent?: (outboxId: number) => void } = {},
): Promise<DeliveryResult> {
  const from = options.from ?? getMailConfig().from;
  const now = options.now ?? Date.now;
  const result: DeliveryResult = { status: "done", sent: 0, failed: 0, retrying: 0, recovered: 0, errors: [] };
  const holder = createHolderId();
  if (!(await acquireLease(db, SENDER_LEASE, holder, SENDER_LEASE_TTL_MS, options.waitForLeaseMs ?? 0))) {
    return { ...result, status: "busy" };
  }
  const sqlite = db.$client;
  try {
    // We hold the only sender lease: a 'sending' row now belongs to a sender that died.
    result.recovered = sqlite
      .prepare(
        `UPDATE outbox SET status = 'queued', sending_attempt_id = NULL, next_attempt_at = ?, updated_at = ?,
           last_error = coalesce(last_error || ' / ', '') || '送信中に中断されたため再送します'
         WHERE status = 'sending'`,
      )
      .run(now(), now()).changes;

    const claim = sqlite.prepare(
      `UPDATE outbox SET status = 'sending', sending_attempt_id = ?, sending_started_at = ?, attempts = attempts + 1, updated_at = ?
       WHERE id = (SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1)
       RETURNING id, message_id, to_address, subject, body_text, created_at, attempts, kind, from_address`,
    );
    const markSent = sqlite.prepare(
      `UPDATE outbox SET status = 'sent', sent_at = ?, smtp_response = ?, sending_attempt_id = NULL, last_error = NULL, updated_at = ?,
         body_text = coalesce(redacted_body_text, body_text)
       WHERE id = ? AND sending_attempt_id = ?`,
    );
    const markRetry = sqlite.prepare(
      `UPDATE outbox SET status = 'queued', next_attempt_at = ?, last_error = ?, sending_attempt_id = NULL, updated_at = ?
       WHERE id = ? AND sending_attempt_id = ?`,
    );
    const markFailed = sqlite.prepare(
      `UPDATE outbox SET status = 'failed', last_error = ?, sending_attempt_id = NULL, updated_at = ?
       WHERE id = ? AND sending_attempt_id = ?`,
    );

    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    for (let tried = 0; tried < limit; tried += 1) {
      if (!renewLease(db, SENDER_LEASE, holder, SENDER_LEASE_TTL_MS)) break;
      const attemptId = createHolderId();
      const startedAt = now();
      const row = claim.get(attemptId, startedAt, startedAt, startedAt) as ClaimedRow | undefined;
      if (!row) break;
      try {
        const info = await transport.sendMail({
          from: row.from_address ?? from,
          to: row.to_address,
          subject: row.subject,
          text: row.body_text,
          messageId: row.message_id,
          date: new Date(row.created_at),
          // A drill mail must look like any other mail: no header names the training system.
          headers:
            row.kind === "drill"
              ? {}
              : { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All", "X-Mamori-Outbox-Id": String(row.id) },
        });
        // Immediately, before anything else can happen: this is the at-least-once window.
        markSent.run(now(), String(info?.response ?? "").slice(0, 500), now(), row.id, attemptId);
        result.sent += 1;
        options.onSent?.(row.id);
      } catch (error) {
        const problem = classifySmtpError(error);
        if (problem.permanent) {
          markFailed.run(problem.message, now(), row.id, attemptId);
          result.failed += 1;
        } else {
          markRetry.run(now() + backoffMs(row.attempts), problem.message, now(), row.id, attemptId);
          result.retrying += 1;
        }
        result.errors.push(`#${row.id} ${row.to_address}: ${problem.message}`);
        // The relay is unreachable: the rest would fail the same way; they stay queued untouched.
        if (problem.connection) break;
      }
    }
  } finally {
    releaseLease(db, SENDER_LEASE, holder);
  }
  return result;
}
