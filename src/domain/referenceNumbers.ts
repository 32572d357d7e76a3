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

export type SubmissionNumber = { kind: 'reference'; reference: string } | { kind: 'authorization'; authorizationNumber: string };

/**
 * What a provider typed to find a request: its 9-digit reference number or its authorization number
 * (EPS-00001951, any case, with or without the hyphen or spaces); undefined when it is neither.
 */
export function readSubmissionNumber(text: string): SubmissionNumber | undefined {
  const t = text.trim();
  if (/^\d{9}$/.test(t)) return { kind: 'reference', reference: t };
  const m = /^EPS[\s-]*(\d{1,8})$/i.exec(t);
  return m?.[1] ? { kind: 'authorization', authorizationNumber: formatAuthorizationNumber(Number(m[1])) } : undefined;
}
