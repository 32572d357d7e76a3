import { readSubmissionNumber } from '../domain/referenceNumbers';
import { arrayOf, CLAIM_PATH, codings, identifierOf, isObject, PAS, readClaimBundle, text, type Identifier, type IssueLog, type MappingIssue } from './pasMapping';

/**
 * A PAS inquiry Bundle (Claim/$inquire, issue 15) -> what names the request asked about: its reference
 * or authorization number (Claim.insurance.preAuthRef, an item's authorizationNumber or
 * administrationReferenceNumber, or a Claim.identifier that is one), or the Claim identifier it was
 * submitted with, together with the member's id and the requesting provider's NPI. The inquiry's items,
 * when it has any, narrow the search to requests with one of their codes (query by example, as the
 * X12 278 inquiry). Pure.
 * https://hl7.org/fhir/us/davinci-pas/STU2.2/OperationDefinition-Claim-inquiry.html
 */
export interface PasInquiry {
  bundleIdentifier: Identifier;
  claimIdentifiers: Identifier[];
  memberId: string;
  providerNpi: string;
  referenceNumbers: string[];
  authorizationNumbers: string[];
  codes: string[];
}

export type PasInquiryMapping = { inquiry: PasInquiry; warnings: MappingIssue[] } | { errors: MappingIssue[]; warnings: MappingIssue[] };

export function mapPasInquiry(input: unknown): PasInquiryMapping {
  const log: IssueLog = { errors: [], warnings: [] };
  const read = readClaimBundle(input, log);
  if ('severity' in read) return { errors: [...log.errors, read], warnings: log.warnings };
  const { claim, bundleIdentifier, claimIdentifiers, memberId, providerNpi } = read;
  const C = CLAIM_PATH;

  const numbers = [
    ...claimIdentifiers.map((i) => i.value),
    ...arrayOf(claim.insurance).flatMap((i) => (isObject(i) ? arrayOf(i.preAuthRef).flatMap((r) => text(r) ?? []) : [])),
    ...arrayOf(claim.item).flatMap((item) =>
      isObject(item) ? arrayOf(item.extension).flatMap((e) => (isObject(e) && (e.url === `${PAS}/extension-authorizationNumber` || e.url === `${PAS}/extension-administrationReferenceNumber`) ? text(e.valueString) ?? identifierOf(e.valueIdentifier)?.value ?? [] : [])) : [],
    ),
  ].flatMap((t) => readSubmissionNumber(t) ?? []);
  const referenceNumbers = numbers.flatMap((n) => (n.kind === 'reference' ? [n.reference] : []));
  const authorizationNumbers = numbers.flatMap((n) => (n.kind === 'authorization' ? [n.authorizationNumber] : []));
  if (claimIdentifiers.length === 0 && numbers.length === 0) {
    log.errors.push({ severity: 'error', code: 'required', expression: `${C}.identifier`, diagnostics: 'Name the request asked about: its reference or authorization number (Claim.insurance.preAuthRef), or the Claim identifier it was submitted with' });
  }
  const codes = [...new Set(arrayOf(claim.item).flatMap((item) => (isObject(item) ? codings(item.productOrService).map((c) => c.code.toUpperCase()) : [])))];

  if (log.errors.length > 0 || !bundleIdentifier || !providerNpi) return { errors: log.errors, warnings: log.warnings };
  return { inquiry: { bundleIdentifier, claimIdentifiers, memberId, providerNpi, referenceNumbers, authorizationNumbers, codes }, warnings: log.warnings };
}
