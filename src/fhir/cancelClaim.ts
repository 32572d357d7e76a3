import type { Db } from '../db/database';
import type { ApiClient } from '../db/repositories/apiClients';
import type { EarlierRequest, SubmittedLine } from '../db/repositories/apiSubmissions';
import { withdrawLines } from '../db/repositories/withdrawals';
import { dateInTimeZone } from '../domain/reviewClock';
import { isWithdrawable, withdrawalNote } from '../domain/withdrawal';
import { earlierLineOf } from './claimItems';
import { CLAIM_PATH, type MappingIssue, type PasRequest } from './pasMapping';
import { pasResponseForRequest } from './requestState';

/**
 * A Claim that only cancels (issue 15): PAS's cancellation of the whole request (the Claim's
 * certification type 3, cancel) or of some items (infoCancelled, or the item's certification type 3)
 * becomes the portal's Withdraw (issue 14), with the same rule for what may still be withdrawn and the
 * same all-or-nothing repository function, the API client as the actor. (A Claim that also changes or
 * adds items is an update: updateClaim.ts.)
 * https://hl7.org/fhir/us/davinci-pas/STU2.2/StructureDefinition-profile-claim-update.html
 */
export type CancelOutcome = { status: 200; bundle: object; referenceNumber: string; cancelledLines: number[] } | { status: 409 | 422; issues: MappingIssue[] };

const C = CLAIM_PATH;

export async function cancelPasClaim(db: Db, client: ApiClient, request: PasRequest, found: { earlier: EarlierRequest; lines: SubmittedLine[] }, base: string, now: Date, timeZone: string, warnings: MappingIssue[]): Promise<CancelOutcome> {
  const refuse = (status: 409 | 422, code: MappingIssue['code'], expression: string, diagnostics: string): CancelOutcome => ({ status, issues: [{ severity: 'error', code, expression, diagnostics }, ...warnings] });
  const cancelledItems = request.lines.map((l, i) => ({ l, i })).filter(({ l }) => l.cancelled);
  const { earlier, lines } = found;
  const targets = request.cancelsRequest
    ? lines.filter((l) => l.outcome !== 'Cancelled').map((line) => ({ line, expression: C }))
    : [];
  if (!request.cancelsRequest) {
    for (const { l, i } of cancelledItems) {
      const named = earlierLineOf(lines, l, i, earlier.referenceNumber);
      if ('issue' in named) return { status: 422, issues: [named.issue, ...warnings] };
      const { line } = named;
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
