import type { Response } from 'express';

/**
 * At most a few password checks at once. scrypt at the production cost takes 128 MiB and a quarter of a
 * second of CPU on libuv's thread pool, which the SQLite driver shares: 8 simultaneous sign-ins with
 * unknown usernames once stalled /healthz for 13 s. A check that finds every place taken is not queued
 * (a queue would only move the wait to the visitor and the memory to the server): the caller answers
 * "busy, try again" at once.
 */
export const BUSY = Symbol('password checks busy');

export class PasswordChecks {
  private running = 0;

  constructor(readonly atOnce = 2) {
    if (!Number.isInteger(atOnce) || atOnce < 1) throw new Error(`Password checks at once must be a whole number of at least 1, not ${atOnce}`);
  }

  /** Runs `work` (which checks or hashes a password) if a place is free, or answers BUSY at once. */
  async run<T>(work: () => Promise<T>): Promise<T | typeof BUSY> {
    if (this.running >= this.atOnce) return BUSY;
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
    }
  }
}

/** Seconds a visitor turned away as busy is asked to wait (the Retry-After header). */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/** The plain page for a visitor turned away while every password check is taken. */
export function busy(res: Response): void {
  res.set('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
  res.status(503).render('errors/problem', {
    title: 'The portal is busy',
    message: `Many people are signing in at this moment. Nothing was changed: wait ${BUSY_RETRY_AFTER_SECONDS} seconds, then try again.`,
  });
}
