import type { Db } from '../db/database';
import { apiSubmittedLines } from '../db/repositories/apiSubmissions';
import type { Identifier } from './pasMapping';
import { pasResponseBundle } from './pasResponse';

/** What an answer echoes of the Bundle it answers. */
export interface ResponseEcho {
  bundleIdentifier: Identifier;
  claimIdentifiers: Identifier[];
  memberId: string;
  providerNpi: string;
}

/**
 * A request's state as it stands, as a PAS response Bundle: the one answer of $submit (a new request,
 * the same Bundle again, a cancellation) and of $inquire. Each line keeps the item.sequence its Claim
 * gave it.
 */
export async function pasResponseForRequest(db: Db, referenceNumber: string, echo: ResponseEcho, base: string, now: Date, kind: 'response' | 'inquiry' = 'response'): Promise<object> {
  const lines = await apiSubmittedLines(db, referenceNumber);
  return pasResponseBundle({
    kind,
    bundleIdentifier: echo.bundleIdentifier,
    claimIdentifiers: echo.claimIdentifiers,
    referenceNumber,
    base,
    claimReference: `Claim/${referenceNumber}`,
    patientReference: `Patient/${echo.memberId}`,
    requestorReference: `Organization/${echo.providerNpi}`,
    created: now.toISOString(),
    lines: lines.map((l) => ({ ...l, sequence: l.itemSequence })),
  });
}
