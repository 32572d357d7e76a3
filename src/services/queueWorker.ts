/**
 * The timer every delivery worker runs on (the e-mail outbox, the Subscription notifications): one
 * round now, then one `everyMs` after each round ends, never two at once. The timer never keeps the
 * process alive; server.ts stops workers on SIGTERM before closing the database. The clock is the
 * worker's: a test calls the round itself with the time it wants, and never waits on this timer.
 */
export interface QueueWorker {
  /** Stops looking for work and waits for a round in progress to finish. */
  stop(): Promise<void>;
}

export function startQueueWorker(round: (now: Date) => Promise<unknown>, options: { everyMs: number; onError: (err: unknown) => void; clock?: () => Date; onStop?: () => void }): QueueWorker {
  const clock = options.clock ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const next = () => {
    running = Promise.resolve()
      .then(() => round(clock()))
      .then(() => undefined, options.onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(next, options.everyMs).unref();
      });
  };
  // The first round starts now: what was left from before a restart goes at once.
  next();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      options.onStop?.();
    },
  };
}
