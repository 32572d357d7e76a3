import type { Db } from '../db/database';
import type { ApiClient } from '../db/repositories/apiClients';
import { apiSubmittedLines, findEarlierRequests, type EarlierRequest } from '../db/repositories/apiSubmissions';
import { withdrawLines } from '../db/repositories/withdrawals';
import { readSubmissionNumber } from '../domain/referenceNumbers';
import { dateInTimeZone } from '../domain/reviewClock';
import { isWithdrawable, withdrawalNote } from '../domain/withdrawal';
import { CLAIM_PATH, type MappingIssue, type PasRequest, type RelatedClaim } from './pasMapping';
import { pasResponseForRequest } from './requestState';

/**
 * A Claim whose `related` names an earlier request (issue 15): PAS's cancellation of the whole request
 * (the Claim's certification type 3, cancel) or of some items (infoCancelled, or the item's certification
 * type 3) becomes the portal's Withdraw (issue 14), with the same rule for what may still be withdrawn and
 * the same all-or-nothing repository function, the API client as the actor. Anything else that points to
 * an earlier request (added or changed items) is an update, which the API does not take yet.
 * https://hl7.org/fhir/us/davinci-pas/STU2.2/StructureDefinition-profile-claim-update.html
 */
export type CancelOutcome = { status: 200; bundle: object; referenceNumber: string; cancelledLines: number[] } | { status: 404 | 409 | 422; issues: MappingIssue[] };

const C = CLAIM_PATH;
const RELATED = `${C}.related[0].claim`;

/** Which of the earlier request's keys a Claim.related names: Claim/<reference or authorization number>, or an identifier. */
export function relatedKeys(related: RelatedClaim): { referenceNumbers: string[]; authorizationNumbers: string[]; claimIdentifiers: { system?: string; value: string }[] } {
  const keys = { referenceNumbers: [] as string[], authorizationNumbers: [] as string[], claimIdentifiers: [] as { system?: string; value: string }[] };
  const add = (value: string) => {
    const n = readSubmissionNumber(value);
    if (n?.kind === 'reference') keys.referenceNumbers.push(n.reference);
    if (n?.kind === 'authorization') keys.authorizationNumbers.push(n.authorizationNumber);
  };
  const ref = related.reference?.match(/^(?:.*\/)?Claim\/([^/]+)$/)?.[1];
  if (ref) add(ref);
  if (related.identifier) {
    add(related.identifier.value);
    keys.claimIdentifiers.push({ system: related.identifier.system, value: related.identifier.value });
  }
  return keys;
}

export async function cancelPasClaim(db: Db, client: ApiClient, request: PasRequest & { related: RelatedClaim }, base: string, now: Date, timeZone: string, warnings: MappingIssue[]): Promise<CancelOutcome> {
  const refuse = (status: 404 | 409 | 422, code: MappingIssue['code'], expression: string, diagnostics: string): CancelOutcome => ({ status, issues: [{ severity: 'error', code, expression, diagnostics }, ...warnings] });
  const cancelledItems = request.lines.map((l, i) => ({ l, i })).filter(({ l }) => l.cancelled);
  const changed = request.lines.findIndex((l) => l.changed && !l.cancelled);
  if (changed >= 0) return refuse(422, 'not-supported', `${C}.item[${changed}]`, 'Updates are not supported yet: this Claim adds or changes items of the earlier request, and nothing was changed. Cancel items, or the whole request, and submit a new request for what changed');
  if (!request.cancelsRequest && cancelledItems.length === 0) return refuse(422, 'not-supported', `${C}.related`, 'Updates are not supported yet: this Claim names an earlier request but cancels nothing, and nothing was changed');

  const matches: EarlierRequest[] = await findEarlierRequests(db, { organizationId: client.organizationId, memberId: request.memberId, ...relatedKeys(request.related) });
  const earlier = matches[0];
  // Another organization's request is not found, exactly as an unknown one.
  if (!earlier) return refuse(404, 'not-found', RELATED, `No request of this organization for member ${request.memberId} matches Claim.related`);
  if (matches.length > 1) return refuse(422, 'multiple-matches', RELATED, `${matches.length} requests match Claim.related: name the earlier request by its reference number (Claim/<reference number>)`);

  const lines = await apiSubmittedLines(db, earlier.referenceNumber);
  const targets = request.cancelsRequest
    ? lines.filter((l) => l.outcome !== 'Cancelled').map((line) => ({ line, expression: C }))
    : [];
  if (!request.cancelsRequest) {
    for (const { l, i } of cancelledItems) {
      const line = lines.find((x) => x.itemSequence === l.sequence);
      if (!line) return refuse(422, 'value', `${C}.item[${i}].sequence`, `Request ${earlier.referenceNumber} has no item with sequence ${l.sequence}`);
      if (line.code !== l.code) return refuse(422, 'value', `${C}.item[${i}].productOrService`, `Item ${l.sequence} of request ${earlier.referenceNumber} is ${line.code}, not ${l.code}`);
      if (line.outcome !== 'Cancelled') targets.push({ line, expression: `${C}.item[${i}]` });
    }
  }
  const today = dateInTimeZone(now, timeZone);
  const final = targets.find((t) => !isWithdrawable({ status: t.line.outcome, fromDate: t.line.startDate }, today));
  if (final) return refuse(422, 'business-rule', final.expression, `Item ${final.line.itemSequence} (${final.line.code}) can no longer be cancelled: it is ${final.line.outcome.toLowerCase()}${final.line.outcome === 'Approved' || final.line.outcome === 'Partially approved' ? ' and its service has started' : ''}`);

  if (targets.length > 0) {
    const note = withdrawalNote('other', `Cancelled through the Prior Authorization API by ${client.name} (client ${client.clientId})`);
    const result = await withdrawLines(db, { requestId: earlier.id, userId: null, note, at: now.toISOString() }, targets.map((t) => ({ lineId: t.line.lineId, seenDecisions: t.line.decisionCount, seenStatus: t.line.outcome })));
    if (result.kind === 'changed') return refuse(409, 'conflict', C, 'The plan decided an item of this request at the same moment: nothing was cancelled. Inquire for its state, then cancel again');
  }
  const bundle = await pasResponseForRequest(db, earlier.referenceNumber, request, base, now);
  return { status: 200, bundle, referenceNumber: earlier.referenceNumber, cancelledLines: targets.map((t) => t.line.lineNumber) };
}
