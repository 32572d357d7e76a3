import type { Db } from '../db/database';
import { apiSubmittedLines } from '../db/repositories/apiSubmissions';
import type { Identifier, MappingIssue } from './pasMapping';
import { pasResponseBundle } from './pasResponse';

/** What an answer echoes of the Bundle it answers. */
export interface ResponseEcho {
  bundleIdentifier: Identifier;
  claimIdentifiers: Identifier[];
  memberId: string;
  /** The member's identifier as the client sent it (system and value); the member id alone when absent. */
  memberIdentifier?: Identifier;
  providerNpi: string;
}

/**
 * A request's state as it stands, as a PAS response Bundle: the one answer of $submit (a new request,
 * the same Bundle again, a cancellation) and of $inquire. Each line keeps the item.sequence its Claim
 * gave it.
 */
export async function pasResponseForRequest(db: Db, referenceNumber: string, echo: ResponseEcho, base: string, now: Date, kind: 'response' | 'inquiry' = 'response', warnings: MappingIssue[] = []): Promise<object> {
  const lines = await apiSubmittedLines(db, referenceNumber);
  return pasResponseBundle({
    kind,
    bundleIdentifier: echo.bundleIdentifier,
    claimIdentifiers: echo.claimIdentifiers,
    referenceNumber,
    base,
    claimReference: `Claim/${referenceNumber}`,
    // FHIR ids are [A-Za-z0-9-.]{1,64}: a member id with other characters is spelled with dashes.
    patientReference: `Patient/${echo.memberId.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64)}`,
    requestorReference: `Organization/${echo.providerNpi}`,
    parties: { memberIdentifier: echo.memberIdentifier ?? { value: echo.memberId }, requestorNpi: echo.providerNpi },
    warnings,
    created: now.toISOString(),
    lines: lines.map((l) => ({ ...l, sequence: l.itemSequence })),
  });
}
