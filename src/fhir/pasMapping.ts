import type { CodeSystem } from '../domain/codeFormats';
import { contactOf, supportingInfoOf, type PasContact, type SubmittedDocument, type SubmittedQuestionnaireResponse } from './pasSupportingInfo';

/**
 * Da Vinci PAS 2.2.1 request Bundle -> the request the wizard builds (issue 15). Pure: no database, no
 * Express. Every problem names its element by FHIRPath, for the OperationOutcome; the guide's examples'
 * known defects (no quantity, CPT under the HCPCS system, no diagnosis) are warnings, not refusals.
 * https://hl7.org/fhir/us/davinci-pas/STU2.2/
 */

export const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
export const SYSTEMS = {
  npi: 'http://hl7.org/fhir/sid/us-npi',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  hcpcs: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  cpt: 'http://www.ama-assn.org/go/cpt',
  placeOfService: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
  serviceType: 'https://codesystem.x12.org/005010/1365',
  levelOfService: 'https://codesystem.x12.org/005010/1338',
} as const;

export interface MappingIssue {
  severity: 'error' | 'warning';
  /** FHIR issue type (https://hl7.org/fhir/R4/valueset-issue-type.html). */
  code: 'required' | 'value' | 'invalid' | 'structure' | 'not-supported' | 'not-found' | 'multiple-matches' | 'business-rule' | 'conflict';
  diagnostics: string;
  expression: string;
}

/** A FHIR Identifier as a client sent it (system and value, and whatever else it carried). */
export interface Identifier {
  system?: string;
  value: string;
  [element: string]: unknown;
}

export interface PasRequestLine {
  /** Claim.item.sequence, echoed as itemSequence. */
  sequence: number;
  code: string;
  /** The code's system as the portal knows it; 'service-type' for an X12 service type (pended). */
  system: CodeSystem | 'service-type';
  units: number;
  startDate: string;
  endDate: string;
  /** The item gave its own dates (servicedDate or servicedPeriod); else the Claim's billable period or day stands in. */
  datesGiven: boolean;
  placeOfService?: string;
  /** X12 1365 service type code of item.category. */
  category?: string;
  /** In a Claim that points to an earlier one: the item is cancelled (infoCancelled, or certification type 3). */
  cancelled: boolean;
  /** In a Claim that points to an earlier one: the item is added or changed (infoChanged). */
  changed: boolean;
}

/** The earlier request a Claim.related names. */
export interface RelatedClaim {
  reference?: string;
  identifier?: Identifier;
}

export interface PasRequest {
  bundleIdentifier: Identifier;
  claimIdentifiers: Identifier[];
  /** The Claim resource's id as the client gave it: an update may name the request by it (Claim/<id>). */
  claimId?: string;
  memberId: string;
  /** The Patient's identifier as sent (system and all), echoed in the response. */
  memberIdentifier: Identifier;
  providerNpi: string;
  servicingNpi?: string;
  /** ICD-10-CM codes with the dot, the primary first. */
  diagnoses: string[];
  expedited: boolean;
  /** The earlier request this Claim changes (Claim.related): an update or a cancellation. */
  related?: RelatedClaim;
  /** The whole request is cancelled (the Claim's certification type is 3, cancel). */
  cancelsRequest: boolean;
  lines: PasRequestLine[];
  /** The requestor's contact person, when the Bundle names one (else the request has none). */
  contact?: PasContact;
  /** QuestionnaireResponses in Claim.supportingInfo: the clinical answers. */
  questionnaireResponses: SubmittedQuestionnaireResponse[];
  /** DocumentReference attachments in Claim.supportingInfo. */
  documents: SubmittedDocument[];
}

export type PasMapping = { request: PasRequest; warnings: MappingIssue[] } | { errors: MappingIssue[]; warnings: MappingIssue[] };

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Where a PAS Bundle's Claim is, for the FHIRPath of every issue. */
export const CLAIM_PATH = 'Bundle.entry[0].resource.ofType(Claim)';
/** X12 1322 certification type 3: the request, or an item, is cancelled. */
const CANCEL_CERTIFICATION = '3';

/** ICD-10-CM with its dot after the third character, whichever way the Bundle wrote it. */
export function icd10WithDot(code: string): string {
  const compact = code.replace(/[.\s]/g, '').toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, 3)}.${compact.slice(3)}` : compact;
}

export function identifierOf(v: unknown): Identifier | undefined {
  if (!isObject(v)) return undefined;
  const value = text(v.value);
  return value ? { system: text(v.system), value } : undefined;
}

export function codings(concept: unknown): { system?: string; code: string }[] {
  return arrayOf(isObject(concept) ? concept.coding : undefined).flatMap((c) => (isObject(c) && text(c.code) ? [{ system: text(c.system), code: text(c.code) as string }] : []));
}

/** Whether an element carries the PAS certification type "cancel" (X12 1322 code 3). */
function certifiesCancel(element: Json): boolean {
  const ext = arrayOf(element.extension).find((e) => isObject(e) && e.url === `${PAS}/extension-certificationType`);
  return isObject(ext) && codings(ext.valueCodeableConcept).some((c) => c.code === CANCEL_CERTIFICATION);
}

/** What every PAS Bundle with a Claim first says the same way: a request's, an inquiry's. */
export interface ClaimBundle {
  /** Missing only when an error says so. */
  bundleIdentifier?: Identifier;
  claim: Json;
  claimIdentifiers: Identifier[];
  memberId: string;
  /** The member's identifier as sent (system and value); missing only when an error says so. */
  memberIdentifier?: Identifier;
  /** The requesting provider's entry; missing only when an error says so. */
  provider?: { resource: Json; index: number };
  /** Missing only when an error says so. */
  providerNpi?: string;
  /** The Bundle's resource a reference points to: by fullUrl, or by "Type/id". */
  resolve: (reference: unknown) => { resource: Json; index: number } | undefined;
}

export type IssueLog = { errors: MappingIssue[]; warnings: MappingIssue[] };

/**
 * The Bundle, its Claim first (use preauthorization), the member's id of the Patient it names and the
 * requesting provider's NPI. A problem that stops the reading is returned; the others are logged.
 */
export function readClaimBundle(input: unknown, log: IssueLog): ClaimBundle | MappingIssue {
  const error = (code: MappingIssue['code'], expression: string, diagnostics: string) => void log.errors.push({ severity: 'error', code, expression, diagnostics });
  const fatal = (code: MappingIssue['code'], expression: string, diagnostics: string): MappingIssue => ({ severity: 'error', code, expression, diagnostics });
  if (!isObject(input)) return fatal('structure', 'Bundle', 'The body must be a FHIR Bundle (a JSON object)');
  if (input.resourceType !== 'Bundle') return fatal('invalid', 'Bundle.resourceType', `resourceType must be Bundle, not ${JSON.stringify(input.resourceType ?? null)}`);
  if (input.type !== 'collection') return fatal('value', 'Bundle.type', 'A PAS request Bundle has type collection');
  const bundleIdentifier = identifierOf(input.identifier);
  if (!bundleIdentifier) error('required', 'Bundle.identifier', 'The Bundle needs an identifier (the submitter transaction identifier): it makes a second submission of the same Bundle find the first');
  const entries = arrayOf(input.entry);
  const first = entries[0];
  const claim = isObject(first) && isObject(first.resource) ? first.resource : undefined;
  if (!claim || claim.resourceType !== 'Claim') return fatal('structure', 'Bundle.entry[0].resource', 'The first entry of a PAS request Bundle must be the Claim');
  const C = CLAIM_PATH;
  if (claim.use !== 'preauthorization') return fatal('value', `${C}.use`, `Claim.use must be preauthorization, not ${JSON.stringify(claim.use ?? null)}`);

  const resolve = (reference: unknown): { resource: Json; index: number } | undefined => {
    const ref = isObject(reference) ? text(reference.reference) : undefined;
    if (!ref) return undefined;
    for (const [index, e] of entries.entries()) {
      if (!isObject(e) || !isObject(e.resource)) continue;
      const r = e.resource;
      if (e.fullUrl === ref || `${String(r.resourceType)}/${String(r.id)}` === ref || (typeof e.fullUrl === 'string' && e.fullUrl.endsWith(`/${ref}`))) return { resource: r, index };
    }
    return undefined;
  };

  // Echoed as sent (assigner and all), as the guide's responses do.
  const claimIdentifiers = arrayOf(claim.identifier).filter((i): i is Identifier => identifierOf(i) !== undefined);

  const patient = resolve(claim.patient);
  let memberId = '';
  let memberIdentifier: Identifier | undefined;
  if (!patient || patient.resource.resourceType !== 'Patient') error('required', `${C}.patient`, 'Claim.patient must reference a Patient in the Bundle');
  else {
    memberIdentifier = arrayOf(patient.resource.identifier).map(identifierOf).find((i) => i !== undefined);
    memberId = memberIdentifier?.value ?? '';
    if (!memberId) error('required', `Bundle.entry[${patient.index}].resource.ofType(Patient).identifier`, "The Patient needs the member's id as an identifier");
  }

  const provider = resolve(claim.provider);
  const providerNpi = provider ? npiOf(provider.resource) : undefined;
  if (!provider) error('required', `${C}.provider`, 'Claim.provider must reference the requesting Organization or Practitioner in the Bundle');
  else if (!providerNpi) error('required', `Bundle.entry[${provider.index}].resource.identifier`, `The requesting provider needs an NPI (identifier system ${SYSTEMS.npi})`);
  return { bundleIdentifier, claim, claimIdentifiers, memberId, memberIdentifier, provider, providerNpi, resolve };
}

const npiOf = (r: Json) => arrayOf(r.identifier).map(identifierOf).find((i) => i?.system === SYSTEMS.npi)?.value;

/** The earlier request a Claim.related points to: by reference ("Claim/<reference number>") or identifier. */
function relatedClaimOf(claim: Json, log: IssueLog): RelatedClaim | undefined {
  const related = arrayOf(claim.related);
  if (related.length === 0) return undefined;
  const first = related[0];
  const ref = isObject(first) && isObject(first.claim) ? first.claim : undefined;
  const reference = ref ? text(ref.reference) : undefined;
  const identifier = ref ? identifierOf(ref.identifier) : undefined;
  if (!reference && !identifier) {
    log.errors.push({ severity: 'error', code: 'required', expression: `${CLAIM_PATH}.related[0].claim`, diagnostics: 'Claim.related.claim must name the earlier request: its identifier as sent, or Claim/<reference number>' });
    return undefined;
  }
  return { reference, identifier };
}

export function mapPasRequest(input: unknown): PasMapping {
  const log: IssueLog = { errors: [], warnings: [] };
  const { errors, warnings } = log;
  const error = (code: MappingIssue['code'], expression: string, diagnostics: string) => void errors.push({ severity: 'error', code, expression, diagnostics });
  const warn = (code: MappingIssue['code'], expression: string, diagnostics: string) => void warnings.push({ severity: 'warning', code, expression, diagnostics });

  const read = readClaimBundle(input, log);
  if ('severity' in read) return { errors: [...errors, read], warnings };
  const { claim, bundleIdentifier, claimIdentifiers, memberId, memberIdentifier, provider, providerNpi, resolve } = read;
  const C = CLAIM_PATH;

  let servicingNpi: string | undefined;
  const careTeam = arrayOf(claim.careTeam)[0];
  if (isObject(careTeam)) {
    const member = resolve(careTeam.provider);
    const practitioner = member?.resource.resourceType === 'PractitionerRole' ? resolve(member.resource.practitioner) : member;
    servicingNpi = practitioner ? npiOf(practitioner.resource) : undefined;
    if (!servicingNpi) warn('required', `${C}.careTeam[0].provider`, 'The servicing provider has no NPI in the Bundle: the requesting provider is taken as servicing');
  }

  const diagnoses = arrayOf(claim.diagnosis)
    .map((d, i) => ({ d: isObject(d) ? d : {}, i }))
    .sort((a, b) => Number(a.d.sequence ?? a.i) - Number(b.d.sequence ?? b.i))
    .flatMap(({ d, i }) => {
      const coding = codings(d.diagnosisCodeableConcept).find((c) => c.system === SYSTEMS.icd10cm);
      if (!coding) {
        error('value', `${C}.diagnosis[${i}].diagnosisCodeableConcept`, `A diagnosis must be an ICD-10-CM code (system ${SYSTEMS.icd10cm})`);
        return [];
      }
      return [icd10WithDot(coding.code)];
    });
  if (arrayOf(claim.diagnosis).length === 0) warn('required', `${C}.diagnosis`, 'The request has no diagnosis: accepted, and pended for review');

  const priorityCode = codings(claim.priority)[0]?.code;
  const levelOfService = arrayOf(claim.extension).find((e) => isObject(e) && e.url === `${PAS}/extension-levelOfServiceCode`);
  const expedited = priorityCode === 'stat' || (isObject(levelOfService) && codings(levelOfService.valueCodeableConcept).some((c) => c.code === 'U'));

  const items = arrayOf(claim.item);
  if (items.length === 0) error('required', `${C}.item`, 'The Claim has no item: name at least one service');
  const lines: PasRequestLine[] = [];
  const sequences = new Set<number>();
  for (const [i, raw] of items.entries()) {
    const I = `${C}.item[${i}]`;
    const item = isObject(raw) ? raw : {};
    const sequence = item.sequence;
    if (typeof sequence !== 'number' || !Number.isInteger(sequence) || sequence < 1) {
      error('required', `${I}.sequence`, 'Each item needs a sequence, a whole number from 1');
      continue;
    }
    if (sequences.has(sequence)) error('value', `${I}.sequence`, `Item sequence ${sequence} is used twice`);
    sequences.add(sequence);
    const category = codings(item.category).find((c) => c.system === SYSTEMS.serviceType)?.code;
    const product = codings(item.productOrService)[0];
    let code = product?.code ?? '';
    let system: PasRequestLine['system'] = 'HCPCS';
    if (!product) {
      error('required', `${I}.productOrService`, 'Each item needs a procedure code (CPT or HCPCS) in productOrService');
      continue;
    } else if (product.system === SYSTEMS.cpt) system = 'CPT';
    else if (product.system === SYSTEMS.hcpcs) {
      // A known defect of two of the guide's examples: five digits is CPT, whatever the system says.
      if (/^\d{4}[0-9FTU]$/.test(code)) {
        system = 'CPT';
        warn('value', `${I}.productOrService.coding[0].system`, `${code} is a CPT code under the HCPCS system: read as CPT`);
      }
    } else if (product.system === SYSTEMS.serviceType) {
      system = 'service-type';
      warn('value', `${I}.productOrService`, `${code} is an X12 service type, not a procedure code: accepted as a service type and pended for review`);
    } else {
      error('value', `${I}.productOrService.coding[0].system`, `The procedure code's system must be CPT (${SYSTEMS.cpt}) or HCPCS (${SYSTEMS.hcpcs})`);
      continue;
    }
    code = code.toUpperCase();

    let units = 1;
    const quantity = isObject(item.quantity) ? item.quantity.value : undefined;
    if (quantity === undefined) warn('required', `${I}.quantity`, 'The item has no quantity: 1 unit is assumed');
    else if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 9999) {
      error('value', `${I}.quantity.value`, 'The quantity must be a whole number of units from 1 to 9999');
      continue;
    } else units = quantity;

    const period = isObject(item.servicedPeriod) ? item.servicedPeriod : undefined;
    let startDate = text(item.servicedDate) ?? text(period?.start)?.slice(0, 10);
    let endDate = text(item.servicedDate) ?? text(period?.end)?.slice(0, 10) ?? startDate;
    if (!item.servicedDate && !period) {
      // Most of the guide's examples give an item no dates: the Claim's billable period, else the day
      // it was created, stands in, with a warning.
      const billable = isObject(claim.billablePeriod) ? claim.billablePeriod : undefined;
      const created = text(claim.created)?.slice(0, 10);
      startDate = text(billable?.start)?.slice(0, 10) ?? created;
      endDate = text(billable?.end)?.slice(0, 10) ?? startDate;
      if (startDate) warn('required', `${I}.serviced`, `The item has no dates of service: ${billable ? "the Claim's billable period" : "the day the Claim was created"} (${startDate}) is taken`);
    }
    if (!startDate || !DATE.test(startDate) || !endDate || !DATE.test(endDate)) {
      error('required', `${I}.serviced`, 'Each item needs its dates of service: servicedDate or servicedPeriod (YYYY-MM-DD)');
      continue;
    }
    if (endDate < startDate) {
      error('value', `${I}.servicedPeriod.end`, 'The end of the service period must be on or after its start');
      continue;
    }
    const placeOfService = codings(item.locationCodeableConcept).find((c) => c.system === SYSTEMS.placeOfService)?.code;
    const cancelled = certifiesCancel(item) || arrayOf(item.modifierExtension).some((e) => isObject(e) && e.url === `${PAS}/modifierextension-infoCancelled` && e.valueBoolean === true);
    const changed = arrayOf(item.extension).some((e) => isObject(e) && e.url === `${PAS}/extension-infoChanged`);
    lines.push({ sequence, code, system, units, startDate, endDate, datesGiven: Boolean(item.servicedDate || period), placeOfService, category, cancelled, changed });
  }

  const related = relatedClaimOf(claim, log);
  if (errors.length > 0 || !bundleIdentifier || !providerNpi || !memberIdentifier) return { errors, warnings };
  const contact = contactOf(provider?.resource, resolve);
  const { questionnaireResponses, documents } = supportingInfoOf(claim, resolve);
  // A FHIR id is at most 64 characters; a longer one is not remembered (the request is found by its numbers).
  const claimId = text(claim.id);
  return {
    request: { bundleIdentifier, claimIdentifiers, ...(claimId && claimId.length <= 64 ? { claimId } : {}), memberId, memberIdentifier, providerNpi, servicingNpi, diagnoses, expedited, related, cancelsRequest: certifiesCancel(claim), lines, ...(contact ? { contact } : {}), questionnaireResponses, documents },
    warnings,
  };
}
