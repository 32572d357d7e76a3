import type { Db } from '../../db/database';
import { purgeJourneysBefore } from '../../db/repositories/journeys';
import { KEEP_DAYS } from './controller';

/** How often each portal process removes the journeys kept past their time. */
export const REMOVAL_INTERVAL_MS = 60 * 60 * 1000;

/** Journeys untouched since this moment are past their time (controller.ts's removalDate()). */
export function keptSince(now: Date): Date {
  return new Date(now.getTime() - KEEP_DAYS * 86_400_000);
}

/**
 * Removes the journeys untouched for longer than they are kept, as of `now`. Until it has run, such
 * a journey is already neither listed (journeysInProgress) nor reachable (the controller's load()).
 */
export function removeExpiredJourneys(db: Db, now: Date): Promise<number> {
  return purgeJourneysBefore(db, keptSince(now));
}

export interface JourneyRemoval {
  /** Stops the timer (SIGTERM); a removal already running finishes on its own. */
  stop(): void;
}

/**
 * Each process removes expired journeys once an hour (and once at start), off the request path: the
 * Prior Authorization page used to run the DELETE on every view. The timer is unref'd, so it keeps no
 * process alive, and nothing waits on a removal; one that fails is tried again an hour later.
 */
export function scheduleJourneyRemoval(db: Db, options: { clock?: () => Date; intervalMs?: number; onError: (err: unknown) => void }): JourneyRemoval {
  const clock = options.clock ?? (() => new Date());
  const run = () => void removeExpiredJourneys(db, clock()).catch(options.onError);
  const timer = setInterval(run, options.intervalMs ?? REMOVAL_INTERVAL_MS).unref();
  const first = setImmediate(run).unref();
  return {
    stop() {
      clearImmediate(first);
      clearInterval(timer);
    },
  };
}
