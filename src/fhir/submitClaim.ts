import crypto from 'node:crypto';
import type { Db } from '../db/database';
import type { ApiClient } from '../db/repositories/apiClients';
import { listCategories, listCoverageRules } from '../db/repositories/coverageRules';
import { findMembers } from '../db/repositories/members';
import { referenceForJourney, unitsRequested } from '../db/repositories/requests';
import { DuplicateSubmissionError, insertSubmittedRequest, nextCounterValue, type NewRequestLine } from '../db/repositories/requestSubmission';
import { apiSubmittedLines, organizationNpi, providerIdByNpi } from '../db/repositories/apiSubmissions';
import { assessLine, requestStatus, requestType, ruleFor } from '../domain/coverage';
import { eligibleThroughout } from '../domain/eligibility';
import { certificationNumber } from '../domain/lineDecisions';
import { formatAuthorizationNumber, newReferenceNumber } from '../domain/referenceNumbers';
import { decisionDue } from '../domain/reviewClock';
import { SERVICE_TYPE_SYSTEM } from '../domain/serviceTypes';
import { mapPasRequest, type MappingIssue, type PasRequest } from './pasMapping';
import { pasResponseBundle } from './pasResponse';
import { careSettingFor, categoryFor, treatmentTypeFor } from './serviceContext';

/**
 * POST /fhir/Claim/$submit (issue 15): a PAS request Bundle becomes the same request the wizard makes,
 * with the same coverage rules, reference number and line statuses, submitted by the API client for
 * its organization. The Bundle's identifier makes it idempotent: the same Bundle from the same client
 * finds the request it made the first time (the database's unique key on the request's journey id).
 */
export type SubmitOutcome = { status: 200; bundle: object; referenceNumber: string; warnings: MappingIssue[] } | { status: 400 | 422; issues: MappingIssue[] };

const C = 'Bundle.entry[0].resource.ofType(Claim)';

/** The request's key in place of a wizard journey's id: the client and the Bundle's identifier. */
function submissionKey(client: ApiClient, request: PasRequest): string {
  const id = crypto.createHash('sha256').update(`${request.bundleIdentifier.system ?? ''}|${request.bundleIdentifier.value}`).digest('hex');
  return `fhir:${client.id}:${id}`;
}

export async function submitPasBundle(db: Db, client: ApiClient, body: unknown, base: string, now: Date): Promise<SubmitOutcome> {
  const mapped = mapPasRequest(body);
  if ('errors' in mapped) return { status: 400, issues: [...mapped.errors, ...mapped.warnings] };
  const { request, warnings } = mapped;
  const refuse = (code: MappingIssue['code'], expression: string, diagnostics: string): SubmitOutcome => ({ status: 422, issues: [{ severity: 'error', code, expression, diagnostics }, ...warnings] });

  if (request.updatesEarlierClaim) return refuse('not-supported', `${C}.related`, 'Updates and cancellations (a Claim with related) are not accepted yet: nothing was changed');
  if ((await organizationNpi(db, client.organizationId)) !== request.providerNpi) return refuse('value', `${C}.provider`, `NPI ${request.providerNpi} is not the NPI of this client's organization`);
  const servicingNpi = request.servicingNpi ?? request.providerNpi;
  const servicingProviderId = await providerIdByNpi(db, servicingNpi);
  if (servicingProviderId === undefined) return refuse('value', request.servicingNpi ? `${C}.careTeam[0].provider` : `${C}.provider`, `No provider with NPI ${servicingNpi} is known to the plan`);
  const [member] = await findMembers(db, { memberId: request.memberId }, 1);
  if (!member) return refuse('value', 'Bundle.entry.resource.ofType(Patient).identifier', `No member with id ${request.memberId}`);

  const key = submissionKey(client, request);
  const respond = async (referenceNumber: string): Promise<SubmitOutcome> => {
    const lines = await apiSubmittedLines(db, referenceNumber);
    const bundle = pasResponseBundle({
      bundleIdentifier: request.bundleIdentifier,
      claimIdentifiers: request.claimIdentifiers,
      referenceNumber,
      base,
      claimReference: `Claim/${referenceNumber}`,
      // FHIR ids are [A-Za-z0-9-.]{1,64}: a member id with other characters is spelled with dashes.
      patientReference: `Patient/${request.memberId.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64)}`,
      requestorReference: `Organization/${request.providerNpi}`,
      parties: { memberIdentifier: request.memberIdentifier, requestorNpi: request.providerNpi },
      warnings,
      created: now.toISOString(),
      lines: lines.map((l) => ({ ...l, sequence: request.lines[l.lineNumber - 1]?.sequence ?? l.lineNumber })),
    });
    return { status: 200, bundle, referenceNumber, warnings };
  };
  const existing = await referenceForJourney(db, key);
  if (existing) return respond(existing);

  const startDate = request.lines.map((l) => l.startDate).sort()[0] ?? '';
  const endDate = request.lines.map((l) => l.endDate).sort().at(-1) ?? '';
  if (!eligibleThroughout(member.eligibility, startDate, endDate)) return refuse('value', `${C}.item`, `Member ${request.memberId} is not eligible from ${startDate} to ${endDate}`);

  const [rules, categories] = await Promise.all([listCoverageRules(db), listCategories(db)]);
  const first = request.lines[0];
  const careSetting = careSettingFor(first?.placeOfService);
  const categoryId = categoryFor(categories, rules, careSetting, first?.code);
  if (!categoryId) return refuse('not-supported', `${C}.item[0].locationCodeableConcept`, `The plan has no ${careSetting} category to file the request under`);
  const context = { careSetting, categoryId };
  const year = Number(startDate.slice(0, 4));
  const used = new Map<string, number>();
  for (const l of request.lines) if (ruleFor(rules, l.code, context)?.unitLimit) used.set(`${l.code}|${year}`, await unitsRequested(db, member.id, l.code, year));

  // What the wizard would ask about, or refuse, goes to review (pended); so does a line named by an
  // X12 service type (no procedure code for the rules to read); a request without a diagnosis is pended whole.
  const assessments = request.lines.map((l) => assessLine({ code: l.code, units: l.units, fromDate: l.startDate }, { rules, context, unitsUsed: (code, y) => used.get(`${code}|${y}`) ?? 0, criteriaMetFor: () => undefined }));
  const authorizationNumber = formatAuthorizationNumber(await nextCounterValue(db, 'authorization-number', 1950));
  const submittedOn = now.toISOString().slice(0, 10);
  const lines: NewRequestLine[] = request.lines.map((l, i) => {
    const a = assessments[i];
    const status = request.diagnoses.length === 0 || l.system === 'service-type' ? 'Pended' : (a?.statusAtSubmit ?? 'Pended');
    return {
      lineNumber: i + 1,
      code: l.code,
      codeSystem: l.system === 'service-type' ? SERVICE_TYPE_SYSTEM : l.system === 'CPT' ? 'CPT' : 'HCPCS',
      units: l.units,
      fromDate: l.startDate,
      toDate: l.endDate,
      ruleId: a?.rule?.id ?? null,
      status,
      authorizedUnits: status === 'Approved' ? l.units : null,
      authorizedDate: status === 'Approved' ? submittedOn : null,
    };
  });
  const categoryName = categories.find((c) => c.id === categoryId)?.name ?? categoryId;
  const priority = request.expedited ? 'expedited' : 'standard';
  try {
    const referenceNumber = await insertSubmittedRequest(
      db,
      {
        journeyId: key,
        authorizationNumber,
        organizationId: client.organizationId,
        submittedBy: null,
        apiClientId: client.id,
        memberId: member.id,
        careSetting,
        categoryId,
        requestType: requestType(categoryName, assessments),
        servicingProviderId,
        startDate,
        endDate,
        treatmentType: treatmentTypeFor(first?.category),
        placeOfService: first?.placeOfService ?? (careSetting === 'inpatient' ? '21' : '11'),
        // The Bundle carries no contact yet: the request has none (the API client is the submitter).
        contactName: '',
        contactPhone: '',
        contactPhoneExt: null,
        contactFax: '',
        contactEmail: null,
        status: requestStatus(lines.map((l) => l.status)),
        submittedAt: now.toISOString(),
        priority,
        expeditedReason: request.expedited ? 'Urgent level of service in the PAS request' : null,
        dueAt: decisionDue(now, priority).toISOString(),
        diagnoses: request.diagnoses,
        lines,
      },
      () => newReferenceNumber(),
    );
    return respond(referenceNumber);
  } catch (err) {
    if (err instanceof DuplicateSubmissionError) {
      const referenceNumber = await referenceForJourney(db, key);
      if (referenceNumber) return respond(referenceNumber);
    }
    throw err;
  }
}
