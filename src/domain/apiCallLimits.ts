/**
 * The limit on an API client's calls (issue 15): at most `calls` in each fixed window of `windowSeconds`,
 * counted per client in the database so that every process of the portal counts in the same window.
 * A fixed window lets a client make up to twice the limit across a window's edge; that is the price of
 * one row per client and window, and the limit is there to stop a runaway EHR, not to meter it.
 */
export interface ApiCallLimit {
  calls: number;
  windowSeconds: number;
}

export const DEFAULT_API_CALL_LIMIT: ApiCallLimit = { calls: 600, windowSeconds: 60 };

/** The window `now` falls in (its start, as the key of the count) and how long until the next one. */
export function callWindow(now: Date, limit: ApiCallLimit): { start: string; retryAfterSeconds: number } {
  const windowMs = limit.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return { start: new Date(start).toISOString(), retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)) };
}

/** Whether the call counted as the `callsInWindow`-th of its window is over the limit. */
export function overLimit(callsInWindow: number, limit: ApiCallLimit): boolean {
  return callsInWindow > limit.calls;
}
