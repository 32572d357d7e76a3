import crypto from 'node:crypto';

/**
 * A request's reference number: nine random digits, zero-padded, so that one reference number tells
 * nothing about the next (a provider cannot guess another office's). Clashes are caught by the
 * database's unique constraint and the caller draws again.
 */
export function newReferenceNumber(random: (max: number) => number = (max) => crypto.randomInt(max)): string {
  return String(random(1_000_000_000)).padStart(9, '0');
}

/** EPS-00001952: the plan's authorization number, from a counter. */
export function formatAuthorizationNumber(sequence: number): string {
  return `EPS-${String(sequence).padStart(8, '0')}`;
}
