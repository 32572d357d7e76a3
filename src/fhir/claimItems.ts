import type { SubmittedLine } from '../db/repositories/apiSubmissions';
import { CLAIM_PATH, type MappingIssue, type PasRequestLine } from './pasMapping';

/**
 * The earlier request's line a cancelled or changed item of a Claim with `related` names, by its
 * item.sequence; its code may not change (issue 14: the original lines' codes stay).
 */
export function earlierLineOf(lines: readonly SubmittedLine[], item: PasRequestLine, index: number, referenceNumber: string): { line: SubmittedLine } | { issue: MappingIssue } {
  const I = `${CLAIM_PATH}.item[${index}]`;
  const line = lines.find((x) => x.itemSequence === item.sequence);
  if (!line) return { issue: { severity: 'error', code: 'value', expression: `${I}.sequence`, diagnostics: `Request ${referenceNumber} has no item with sequence ${item.sequence}` } };
  if (line.code !== item.code) return { issue: { severity: 'error', code: 'value', expression: `${I}.productOrService`, diagnostics: `Item ${item.sequence} of request ${referenceNumber} is ${line.code}, not ${item.code}: the code of a requested service cannot change (send a new request for ${item.code})` } };
  return { line };
}
