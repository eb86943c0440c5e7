import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "~/db/client.server";

// NOTE: leases use the real wall clock, never MAMORI_NOW: a pinned clock would never let a lease
// expire.

/** A holder id unique to this process and call: host:pid:random. */
export function createHolderId(): string {
  return `${hostname()}:${process.pid}:${randomUUID()}`;
}

type LeaseRow = { holder: string; host: string; pid: number; expires_at: number };

/** True when the holder ran on this host and its process is gone (killed, crashed). */
function holderIsGone(row: LeaseRow): boolean {
  if (row.host !== hostname() || row.pid === process.pid) return false;
  try {
    process.kill(row.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Take the named lease for `ttlMs` unless someone else holds a live one. Atomic across processes:
 * the check and the write happen in one IMMEDIATE transaction.
 */
export function tryAcquireLease(db: Db, name: string, holder: string, ttlMs: number, now = Date.now()): boolean {
  const sqlite = db.$client;
  const take = sqlite.transaction(() => {
    const row = sqlite.prepare("SELECT holder, host, pid, expires_at FROM job_leases WHERE name = ?").get(name) as LeaseRow | undefined;
    if (row && row.holder !== holder && row.expires_at > now && !holderIsGone(row)) return false;
    sqlite
      .prepare(
        `INSERT INTO job_leases (name, holder, host, pid, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, host = excluded.host, pid = excluded.pid,
           acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
      )
      .run(name, holder, hostname(), process.pid, now, now + ttlMs);
    return true;
  });
  return take.immediate();
}

/** Extend a lease we hold. False when it was taken over (stop working at once). */
export function renewLease(db: Db, name: string, holder: string, ttlMs: number, now = Date.now()): boolean {
  return db.$client.prepare("UPDATE job_leases SET expires_at = ? WHERE name = ? AND holder = ?").run(now + ttlMs, name, holder).changes === 1;
}

export function releaseLease(db: Db, name: string, holder: string): void {
  db.$client.prepare("DELETE FROM job_leases WHERE name = ? AND holder = ?").run(name, holder);
}

/** Try to take a lease, polling until `waitMs` has passed. */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number, waitMs = 0): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (tryAcquireLease(db, name, holder, ttlMs)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
