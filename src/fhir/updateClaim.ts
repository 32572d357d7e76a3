import type { Db } from '../db/database';
import type { ApiClient } from '../db/repositories/apiClients';
import { recordApiClaim, type EarlierRequest, type SubmittedLine } from '../db/repositories/apiSubmissions';
import { addedLineProblem, versionPeriod, type AddedLine, type LineChange, type UpdateProblem } from '../domain/authorizationUpdate';
import { submitAuthorizationUpdate } from '../services/authorizationUpdate';
import { earlierLineOf } from './claimItems';
import { CLAIM_PATH, type MappingIssue, type PasRequest } from './pasMapping';
import { pasResponseForRequest } from './requestState';

/**
 * A Claim with `related` that changes items (infoChanged: the new total units, a later end date) or adds
 * them (a sequence the earlier request does not have), perhaps cancelling others beside (issue 15): the
 * portal's Update or extend (issue 14) with the API client as the submitter. The update itself, its
 * rules and its refusals are submitAuthorizationUpdate's; this only reads the Claim into its changes and
 * its answers into an OperationOutcome naming the item. The answer is the new version's state, each of
 * its lines under the item.sequence the client gave it.
 * https://hl7.org/fhir/us/davinci-pas/STU2.2/StructureDefinition-profile-claim-update.html
 */
export type UpdateOutcome = { status: 200; bundle: object; referenceNumber: string; updated: true } | { status: 404 | 409 | 422; issues: MappingIssue[] };

const C = CLAIM_PATH;

/** The update a Claim asks for, against the current version's lines; or the first item that cannot be read as one. */
export function claimChanges(request: Pick<PasRequest, 'lines'>, lines: readonly SubmittedLine[], referenceNumber: string): { changes: Record<string, LineChange>; added: AddedLine[]; itemOfLine: Map<number, number>; addedItems: number[] } | { issue: MappingIssue } {
  const changes: Record<string, LineChange> = {};
  const added: AddedLine[] = [];
  const itemOfLine = new Map<number, number>();
  const addedItems: number[] = [];
  const known = new Set(lines.map((l) => l.itemSequence));
  const datedAdditions: { item: PasRequest['lines'][number]; at: string }[] = [];
  for (const [i, item] of request.lines.entries()) {
    const I = `${C}.item[${i}]`;
    if (!item.cancelled && !known.has(item.sequence)) {
      if (item.system === 'service-type') return { issue: { severity: 'error', code: 'value', expression: `${I}.productOrService`, diagnostics: `An added item needs a procedure code (CPT or HCPCS), not the X12 service type ${item.code}` } };
      const problem = addedLineProblem(lines, added, item.code);
      if (problem) return { issue: { severity: 'error', code: 'business-rule', expression: I, diagnostics: `Item ${item.sequence}: ${problem}` } };
      added.push({ code: item.code, system: item.system === 'CPT' ? 'CPT' : 'HCPCS', units: item.units });
      addedItems.push(item.sequence);
      if (item.datesGiven) datedAdditions.push({ item, at: I });
      continue;
    }
    const named = earlierLineOf(lines, item, i, referenceNumber);
    if ('issue' in named) return named;
    const { line } = named;
    itemOfLine.set(line.lineNumber, i);
    // An item sent again as it was is no change; one cancelled already stays so (as a withdrawal sent twice).
    if (item.cancelled) {
      if (line.outcome !== 'Cancelled') changes[String(line.lineNumber)] = { cancel: true };
    } else if (item.changed) {
      // An item sent without dates keeps the line's own (the Claim's billable period only stands in for a new request's).
      if (!item.datesGiven) changes[String(line.lineNumber)] = { units: item.units };
      else {
        if (item.startDate !== line.startDate) return { issue: { severity: 'error', code: 'business-rule', expression: `${I}.serviced`, diagnostics: `Item ${item.sequence} (${line.code}) starts on ${line.startDate}: an update may change its units and extend its end date, not move its start (send a new request for other dates)` } };
        changes[String(line.lineNumber)] = { units: item.units, toDate: item.endDate };
      }
    }
  }
  // An added service takes the authorization's dates of service, as in the portal: other dates asked for
  // are refused rather than silently replaced.
  const { start, end } = versionPeriod(lines.map((l) => ({ fromDate: l.startDate, toDate: changes[String(l.lineNumber)]?.toDate ?? l.endDate })));
  const misdated = datedAdditions.find(({ item }) => item.startDate !== start || item.endDate !== end);
  if (misdated) {
    const { item, at } = misdated;
    return { issue: { severity: 'error', code: 'business-rule', expression: `${at}.serviced`, diagnostics: `Item ${item.sequence} (${item.code}) asks for ${item.startDate} to ${item.endDate}: a service added by an update takes the authorization's dates of service, ${start} to ${end} (send a new request for other dates)` } };
  }
  return { changes, added, itemOfLine, addedItems };
}

export async function updatePasClaim(db: Db, client: ApiClient, request: PasRequest, found: { earlier: EarlierRequest; lines: SubmittedLine[]; key: string }, base: string, now: Date, warnings: MappingIssue[]): Promise<UpdateOutcome> {
  const { earlier, lines, key } = found;
  const read = claimChanges(request, lines, earlier.referenceNumber);
  if ('issue' in read) return { status: 422, issues: [read.issue, ...warnings] };
  const { changes, added, itemOfLine, addedItems } = read;
  // The added lines follow the current ones, in the Claim's order (newVersionLines numbers them so).
  const next = Math.max(0, ...lines.map((l) => l.lineNumber));
  const sequences = new Map(addedItems.map((sequence, i) => [next + i + 1, sequence]));
  const result = await submitAuthorizationUpdate(db, {
    organizationId: client.organizationId,
    reference: earlier.referenceNumber,
    seen: Object.fromEntries(lines.map((l) => [String(l.lineNumber), l.decisionCount])),
    changes,
    added,
    submissionKey: key,
    submitter: { apiClientId: client.id },
    now,
    alsoInTransaction: (trx, reference) => recordApiClaim(trx, reference, request, sequences),
  });
  const issue = (status: 404 | 409 | 422, code: MappingIssue['code'], expression: string, diagnostics: string): UpdateOutcome => ({ status, issues: [{ severity: 'error', code, expression, diagnostics }, ...warnings] });
  switch (result.kind) {
    case 'submitted':
      return { status: 200, bundle: await pasResponseForRequest(db, result.referenceNumber, request, base, now, 'response', warnings), referenceNumber: result.referenceNumber, updated: true };
    case 'not-found':
      return issue(404, 'not-found', `${C}.related[0].claim`, `No request of this organization for member ${request.memberId} matches Claim.related`);
    case 'changed':
      return issue(409, 'conflict', C, `${result.message.replace(/ while you were updating it, so your update was not sent\./, ' first, so this update was not stored.').replace(/start the update again/, 'inquire for its state, then send the update again')}`);
    case 'refused':
      return { status: 422, issues: [...result.problems.map((p) => problemIssue(p, lines, itemOfLine)), ...warnings] };
  }
}

/** One of the update's refusals as the API says it: on the item it concerns, in the API's words for what to do. */
function problemIssue(problem: UpdateProblem, lines: readonly SubmittedLine[], itemOfLine: ReadonlyMap<number, number>): MappingIssue {
  const diagnostics = problem.message.replace(/: copy it to a new request$/, ': a new request is needed');
  const lineNumber = Number(problem.field.match(/^units-(\d+)$/)?.[1]);
  const index = itemOfLine.get(lineNumber);
  const line = lines.find((l) => l.lineNumber === lineNumber);
  if (index === undefined || !line) return { severity: 'error', code: 'business-rule', expression: problem.field === 'lines' && /cannot be updated/.test(problem.message) ? `${C}.related[0].claim` : `${C}.item`, diagnostics };
  return { severity: 'error', code: 'business-rule', expression: `${C}.item[${index}]`, diagnostics: diagnostics.replace(/^Line \d+ \(/, `Item ${line.itemSequence} (`) };
}
