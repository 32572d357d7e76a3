import { REVIEW_ACTION_CODES, type LineOutcome } from '../domain/lineDecisions';
import { PAS, type Identifier, type MappingIssue } from './pasMapping';

/**
 * A PAS response Bundle (issue 15): the ClaimResponse first, echoing the request's identifiers and
 * each item's sequence, each item with its X12 306 review action (the desk's REVIEW_ACTION_CODES),
 * approved items with their certification number, authorized period and quantity, pended ones with
 * the 9-digit reference as their administration reference number. Pure.
 * https://hl7.org/fhir/us/davinci-pas/STU2.2/StructureDefinition-profile-claimresponse.html
 */

const REVIEW_ACTION_SYSTEM = 'https://codesystem.x12.org/005010/306';
const REVIEW_ACTION_DISPLAY: Readonly<Record<string, string>> = { A1: 'Certified in total', A2: 'Certified - partial', A3: 'Not Certified', A4: 'Pending', A6: 'Modified', C: 'Cancelled', NA: 'No action required' };

export interface DecidedLine {
  sequence: number;
  outcome: LineOutcome;
  certificationNumber?: string | null;
  authorizedUnits?: number | null;
  authorizedFrom?: string | null;
  authorizedTo?: string | null;
  startDate: string;
  endDate: string;
}

export interface PasResponseInput {
  bundleIdentifier: Identifier;
  claimIdentifiers: Identifier[];
  referenceNumber: string;
  /** Where the response lives (the portal's FHIR base), for fullUrl. */
  base: string;
  /** The ids the response's references use (the request's Claim, Patient, requestor; the plan). */
  claimReference: string;
  patientReference: string;
  requestorReference: string;
  created: string;
  lines: DecidedLine[];
  /** A response to $submit (the default) or to $inquire: the same content under the inquiry response's profiles. */
  kind?: 'response' | 'inquiry';
  /**
   * The member and the requesting provider, as entries of the Bundle the ClaimResponse's patient and
   * requestor references resolve to (profile-pas-response-bundle); the plan is always one, as insurer.
   */
  parties?: { memberIdentifier: Identifier; requestorNpi: string };
  /**
   * What was accepted with a warning (no quantity, CPT under the HCPCS system, no diagnosis, a service
   * type): an OperationOutcome entry after the ClaimResponse's parties, each issue naming its element.
   */
  warnings?: MappingIssue[];
}

const PROFILES = {
  response: { bundle: `${PAS}/profile-pas-response-bundle`, claimResponse: `${PAS}/profile-claimresponse` },
  inquiry: { bundle: `${PAS}/profile-pas-inquiry-response-bundle`, claimResponse: `${PAS}/profile-claiminquiryresponse` },
} as const;

export const INSURER_ID = 'openpa-plan';
const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';

/** The id part of a "Type/id" reference, where the response's entries take their ids. */
const idOf = (reference: string) => reference.split('/').at(-1) ?? reference;

export function pasResponseBundle(r: PasResponseInput): object {
  const id = `pas-${r.referenceNumber}`;
  const profiles = PROFILES[r.kind ?? 'response'];
  const item = r.lines.map((line) => {
    const code = REVIEW_ACTION_CODES[line.outcome];
    const approved = line.outcome === 'Approved' || line.outcome === 'Partially approved';
    const pending = code === 'A4';
    const extension: object[] = [{ url: `${PAS}/extension-itemRequestedServiceDate`, valuePeriod: { start: line.startDate, end: line.endDate } }];
    if (approved && line.authorizedFrom && line.authorizedTo) extension.push({ url: `${PAS}/extension-itemPreAuthPeriod`, valuePeriod: { start: line.authorizedFrom, end: line.authorizedTo } });
    if (approved && line.authorizedUnits) extension.push({ url: `${PAS}/extension-itemAuthorizedDetail`, extension: [{ url: 'quantity', valueQuantity: { value: line.authorizedUnits } }] });
    if (pending) extension.push({ url: `${PAS}/extension-administrationReferenceNumber`, valueString: r.referenceNumber });
    const reviewAction: object[] = [];
    if (approved && line.certificationNumber) reviewAction.push({ url: 'number', valueString: line.certificationNumber });
    reviewAction.push({ url: `${PAS}/extension-reviewActionCode`, valueCodeableConcept: { coding: [{ system: REVIEW_ACTION_SYSTEM, code, display: REVIEW_ACTION_DISPLAY[code] ?? code }] } });
    return {
      extension,
      itemSequence: line.sequence,
      adjudication: [
        {
          extension: [{ url: `${PAS}/extension-reviewAction`, extension: reviewAction }],
          category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'submitted' }] },
        },
      ],
    };
  });
  const claimResponse = {
    resourceType: 'ClaimResponse',
    id,
    meta: { profile: [profiles.claimResponse] },
    identifier: r.claimIdentifiers,
    status: 'active',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
    use: 'preauthorization',
    patient: { reference: r.patientReference },
    created: r.created,
    insurer: { reference: `Organization/${INSURER_ID}`, display: 'OpenPA health plan' },
    requestor: { reference: r.requestorReference },
    request: { reference: r.claimReference },
    outcome: 'complete',
    preAuthRef: r.referenceNumber,
    item,
  };
  return {
    resourceType: 'Bundle',
    meta: { profile: [profiles.bundle] },
    identifier: r.bundleIdentifier,
    type: 'collection',
    timestamp: r.created,
    entry: [
      { fullUrl: `${r.base}/ClaimResponse/${id}`, resource: claimResponse },
      { fullUrl: `${r.base}/Organization/${INSURER_ID}`, resource: { resourceType: 'Organization', id: INSURER_ID, meta: { profile: [`${PAS}/profile-insurer`] }, active: true, type: [{ coding: [{ system: 'https://codesystem.x12.org/005010/98', code: 'PR' }] }], name: 'OpenPA health plan' } },
      ...(r.parties
        ? [
            { fullUrl: `${r.base}/${r.patientReference}`, resource: { resourceType: 'Patient', id: idOf(r.patientReference), meta: { profile: [`${PAS}/profile-beneficiary`] }, identifier: [r.parties.memberIdentifier] } },
            { fullUrl: `${r.base}/${r.requestorReference}`, resource: { resourceType: 'Organization', id: idOf(r.requestorReference), meta: { profile: [`${PAS}/profile-requestor`] }, identifier: [{ system: NPI_SYSTEM, value: r.parties.requestorNpi }] } },
          ]
        : []),
      ...(r.warnings && r.warnings.length > 0
        ? [{ fullUrl: `${r.base}/OperationOutcome/${id}-warnings`, resource: { resourceType: 'OperationOutcome', id: `${id}-warnings`, issue: r.warnings.map((w) => ({ severity: w.severity, code: w.code, diagnostics: w.diagnostics, expression: [w.expression] })) } }]
        : []),
    ],
  };
}
