import crypto from 'node:crypto';
import type { Db } from '../db/database';
import type { ApiClient } from '../db/repositories/apiClients';
import { apiSubmittedLines, currentVersions, findEarlierRequests, type SubmittedLine } from '../db/repositories/apiSubmissions';
import { referenceForJourney } from '../db/repositories/requests';
import { readSubmissionNumber } from '../domain/referenceNumbers';
import { cancelPasClaim } from './cancelClaim';
import { CLAIM_PATH, type MappingIssue, type PasRequest, type RelatedClaim } from './pasMapping';
import { pasResponseForRequest } from './requestState';
import { updatePasClaim } from './updateClaim';

/**
 * A Claim whose `related` names an earlier request (issue 15), as the guide defines it
 * (https://hl7.org/fhir/us/davinci-pas/STU2.2/StructureDefinition-profile-claim-update.html): when it
 * only cancels (the whole request by the Claim's certification type 3, or some items by infoCancelled
 * or the item's certification type 3) it is the portal's Withdraw; when it changes an item
 * (infoChanged) or adds one (a sequence the earlier request does not have), with or without items
 * cancelled beside, it is the portal's Update or extend (issue 14): a new version of the authorization.
 * Either applies to the version of the authorization that stands now.
 */
export type RelatedOutcome =
  | { status: 200; bundle: object; referenceNumber: string; cancelledLines?: number[]; updated?: boolean }
  | { status: 404 | 409 | 422; issues: MappingIssue[] };

export type RelatedRequest = PasRequest & { related: RelatedClaim };

const RELATED = `${CLAIM_PATH}.related[0].claim`;

/** Which of the earlier request's keys a Claim.related names: Claim/<reference or authorization number, or the Claim's own id>, or an identifier. */
export function relatedKeys(related: RelatedClaim): { referenceNumbers: string[]; authorizationNumbers: string[]; claimIdentifiers: { system?: string; value: string }[]; claimIds: string[] } {
  const keys = { referenceNumbers: [] as string[], authorizationNumbers: [] as string[], claimIdentifiers: [] as { system?: string; value: string }[], claimIds: [] as string[] };
  const add = (value: string) => {
    const n = readSubmissionNumber(value);
    if (n?.kind === 'reference') keys.referenceNumbers.push(n.reference);
    if (n?.kind === 'authorization') keys.authorizationNumbers.push(n.authorizationNumber);
    return n !== undefined && n !== null;
  };
  const ref = related.reference?.match(/^(?:.*\/)?Claim\/([^/]+)$/)?.[1];
  // Not one of the plan's numbers: the id the client gave its earlier Claim (the guide's update example).
  if (ref && !add(ref)) keys.claimIds.push(ref);
  if (related.identifier) {
    add(related.identifier.value);
    keys.claimIdentifiers.push({ system: related.identifier.system, value: related.identifier.value });
  }
  return keys;
}

/** An update's submit-once key: the client and the Bundle's identifier (the same Bundle twice makes one version). */
export function updateKey(client: ApiClient, request: PasRequest): string {
  const id = crypto.createHash('sha256').update(`${request.bundleIdentifier.system ?? ''}|${request.bundleIdentifier.value}`).digest('hex');
  return `fhir-update:${client.id}:${id}`;
}

/** Whether the Claim changes or adds an item (an update), rather than only cancelling (a withdrawal). */
export function isUpdate(request: Pick<PasRequest, 'cancelsRequest' | 'lines'>, earlierLines: readonly Pick<SubmittedLine, 'itemSequence'>[]): boolean {
  if (request.cancelsRequest) return false;
  const known = new Set(earlierLines.map((l) => l.itemSequence));
  const cancels = request.lines.some((l) => l.cancelled);
  const changes = request.lines.some((l) => !l.cancelled && (l.changed || !known.has(l.sequence)));
  // Naming the request and changing nothing is an update with no change, refused as the portal refuses it.
  return changes || !cancels;
}

export async function answerRelatedClaim(db: Db, client: ApiClient, request: RelatedRequest, base: string, now: Date, timeZone: string, warnings: MappingIssue[]): Promise<RelatedOutcome> {
  const refuse = (status: 404 | 422, code: MappingIssue['code'], diagnostics: string): RelatedOutcome => ({ status, issues: [{ severity: 'error', code, expression: RELATED, diagnostics }, ...warnings] });
  const key = updateKey(client, request);
  const made = await referenceForJourney(db, key);
  if (made) return { status: 200, bundle: await pasResponseForRequest(db, made, request, base, now, 'response', warnings), referenceNumber: made, updated: true };

  const found = await findEarlierRequests(db, { organizationId: client.organizationId, memberId: request.memberId, ...relatedKeys(request.related) });
  const matches = await currentVersions(db, client.organizationId, found);
  const earlier = matches[0];
  // Another organization's request is not found, exactly as an unknown one.
  if (!earlier) return refuse(404, 'not-found', `No request of this organization for member ${request.memberId} matches Claim.related`);
  if (matches.length > 1) return refuse(422, 'multiple-matches', `${matches.length} requests match Claim.related: name the earlier request by its reference number (Claim/<reference number>)`);
  const lines = await apiSubmittedLines(db, earlier.referenceNumber);
  if (isUpdate(request, lines)) return updatePasClaim(db, client, request, { earlier, lines, key }, base, now, warnings);
  return cancelPasClaim(db, client, request, { earlier, lines }, base, now, timeZone, warnings);
}
