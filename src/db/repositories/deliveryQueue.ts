import type { Knex } from 'knex';
import type { Db } from '../database';

/**
 * The one claim-and-retry mechanism of the portal's delivery queues: the e-mail outbox and the
 * Subscription notifications (issue 15). A queue is a table with `status` (queued | sending | sent |
 * failed ...), `attempts`, `next_attempt_at`, `last_error` and `sent_at`. Several processes run a
 * worker on the same table; a compare-and-set on `attempts` makes each row theirs alone.
 */
export type QueueTable = 'outbox' | 'subscription_notifications';

/** A claimed row: its columns as selected, and its attempts including this one. */
export type Claimed<T> = T & { id: number; attempts: number };

/**
 * Claims up to `limit` rows of `table` due at `now`: each by a compare-and-set on its attempt count,
 * so of several processes seeing the same row only one claims it. A claim is a lease: the row is due
 * again at `leaseUntil` (a process that died while sending frees it then).
 */
export async function claimDue<T extends Record<string, unknown>>(db: Db, table: QueueTable, columns: readonly string[], now: Date, leaseUntil: Date, limit: number): Promise<Claimed<T>[]> {
  const due = await db(table)
    .whereIn('status', ['queued', 'sending'])
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .select('id', 'attempts', ...columns);
  const claimed: Claimed<T>[] = [];
  for (const row of due) {
    const updated = await db(table)
      .where({ id: row.id, attempts: row.attempts })
      .whereIn('status', ['queued', 'sending'])
      .where('next_attempt_at', '<=', now.toISOString())
      .update({ status: 'sending', attempts: row.attempts + 1, next_attempt_at: leaseUntil.toISOString() });
    if (updated === 1) claimed.push({ ...row, id: Number(row.id), attempts: Number(row.attempts) + 1 });
  }
  return claimed;
}

/** The claimed row was delivered (only if this worker's claim still holds); `also` sets more columns. */
export async function markDelivered(db: Db, table: QueueTable, id: number, attempts: number, now: Date, also: Record<string, unknown | Knex.Raw> = {}): Promise<boolean> {
  const updated = await db(table).where({ id, attempts, status: 'sending' }).update({ status: 'sent', sent_at: now.toISOString(), last_error: null, ...also });
  return updated === 1;
}

/**
 * The claimed row failed: queued again for `retryAt`, or given up (failed) when there is none.
 * Returns whether this worker's claim still held (so the caller acts on a give-up only once).
 */
export async function markAttemptFailed(db: Db, table: QueueTable, id: number, attempts: number, error: string, retryAt: Date | undefined): Promise<boolean> {
  const updated = await db(table)
    .where({ id, attempts, status: 'sending' })
    .update(retryAt ? { status: 'queued', next_attempt_at: retryAt.toISOString(), last_error: error } : { status: 'failed', last_error: error });
  return updated === 1;
}
