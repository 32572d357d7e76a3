import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database';
import type { ApiClient } from '../db/repositories/apiClients';
import { findQuestionnaire, listCategories, listCoverageRules } from '../db/repositories/coverageRules';
import { findMembers } from '../db/repositories/members';
import { referenceForJourney, unitsRequested } from '../db/repositories/requests';
import { DuplicateSubmissionError, insertSubmittedRequest, nextCounterValue, type NewRequestLine } from '../db/repositories/requestSubmission';
import { insertAttachmentRows } from '../db/repositories/attachments';
import { organizationNpi, providerIdByNpi, recordApiClaim } from '../db/repositories/apiSubmissions';
import { assessLine, requestStatus, requestType, ruleFor } from '../domain/coverage';
import { eligibleThroughout } from '../domain/eligibility';
import { certificationNumber } from '../domain/lineDecisions';
import { formatAuthorizationNumber, newReferenceNumber } from '../domain/referenceNumbers';
import { decisionDue } from '../domain/reviewClock';
import { criteriaMet, toQuestionnaireResponse, type Answers, type Questionnaire } from '../domain/questionnaire';
import { answersFor, keptAsSubmitted } from '../domain/submittedAnswers';
import { SERVICE_TYPE_SYSTEM } from '../domain/serviceTypes';
import { mapPasRequest, type MappingIssue, type PasRequest } from './pasMapping';
import { answerRelatedClaim } from './relatedClaim';
import { attachmentsFrom } from './pasAttachments';
import { pasResponseForRequest } from './requestState';
import { careSettingFor, categoryFor, treatmentTypeFor } from './serviceContext';

/**
 * POST /fhir/Claim/$submit (issue 15): a PAS request Bundle becomes the same request the wizard makes,
 * with the same coverage rules, reference number and line statuses, submitted by the API client for
 * its organization. The Bundle's identifier makes it idempotent: the same Bundle from the same client
 * finds the request it made the first time (the database's unique key on the request's journey id).
 */
export type SubmitOutcome =
  | { status: 200; bundle: object; referenceNumber: string; warnings: MappingIssue[]; cancelledLines?: number[]; updated?: boolean }
  | { status: 400 | 404 | 409 | 422; issues: MappingIssue[] };

const C = 'Bundle.entry[0].resource.ofType(Claim)';

/** The request's key in place of a wizard journey's id: the client and the Bundle's identifier. */
function submissionKey(client: ApiClient, request: PasRequest): string {
  const id = crypto.createHash('sha256').update(`${request.bundleIdentifier.system ?? ''}|${request.bundleIdentifier.value}`).digest('hex');
  return `fhir:${client.id}:${id}`;
}

/** Where the portal keeps clinical files (UPLOAD_DIR): a DocumentReference's data becomes one. */
export async function submitPasBundle(db: Db, client: ApiClient, body: unknown, base: string, now: Date, timeZone: string, uploadDir: string): Promise<SubmitOutcome> {
  const mapped = mapPasRequest(body);
  if ('errors' in mapped) return { status: 400, issues: [...mapped.errors, ...mapped.warnings] };
  const { request, warnings } = mapped;
  const refuse = (code: MappingIssue['code'], expression: string, diagnostics: string): SubmitOutcome => ({ status: 422, issues: [{ severity: 'error', code, expression, diagnostics }, ...warnings] });

  if ((await organizationNpi(db, client.organizationId)) !== request.providerNpi) return refuse('value', `${C}.provider`, `NPI ${request.providerNpi} is not the NPI of this client's organization`);
  const { related } = request;
  if (related) {
    const answered = await answerRelatedClaim(db, client, { ...request, related }, base, now, timeZone, warnings);
    return answered.status === 200 ? { ...answered, warnings } : answered;
  }
  const servicingNpi = request.servicingNpi ?? request.providerNpi;
  const servicingProviderId = await providerIdByNpi(db, servicingNpi);
  if (servicingProviderId === undefined) return refuse('value', request.servicingNpi ? `${C}.careTeam[0].provider` : `${C}.provider`, `No provider with NPI ${servicingNpi} is known to the plan`);
  const [member] = await findMembers(db, { memberId: request.memberId }, 1);
  if (!member) return refuse('value', 'Bundle.entry.resource.ofType(Patient).identifier', `No member with id ${request.memberId}`);

  const key = submissionKey(client, request);
  const respond = async (referenceNumber: string): Promise<SubmitOutcome> => ({ status: 200, bundle: await pasResponseForRequest(db, referenceNumber, request, base, now, 'response', warnings), referenceNumber, warnings });
  const existing = await referenceForJourney(db, key);
  if (existing) return respond(existing);
  const files = attachmentsFrom(request.documents);
  if (files.errors.length > 0) return { status: 422, issues: [...files.errors, ...warnings] };
  warnings.push(...files.warnings);

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

  // The clinical answers: a QuestionnaireResponse that answers the questionnaire a line's rule asks for
  // counts as the wizard's answers (criteria met or not); any other is kept as sent, on the first line.
  const answered = new Map<string, { questionnaire: Questionnaire; answers: Answers }>();
  const answeredBy = new Set<number>();
  for (const l of request.lines) {
    const questionnaireId = ruleFor(rules, l.code, context)?.questionnaire;
    const questionnaire = questionnaireId ? await findQuestionnaire(db, questionnaireId) : undefined;
    if (!questionnaire || answered.has(questionnaire.id)) continue;
    const index = request.questionnaireResponses.findIndex((r) => answersFor(questionnaire, r) !== undefined);
    const answers = index >= 0 ? answersFor(questionnaire, request.questionnaireResponses[index]!) : undefined;
    if (answers) {
      answered.set(questionnaire.id, { questionnaire, answers });
      answeredBy.add(index);
    }
  }
  const asSent = request.questionnaireResponses.filter((_, i) => !answeredBy.has(i));
  for (const r of asSent) warnings.push({ severity: 'warning', code: 'value', expression: r.expression, diagnostics: "The QuestionnaireResponse does not answer the plan's questionnaire for these services: it is kept as sent, for the reviewer" });
  const criteriaMetFor = (_code: string, questionnaireId: string) => {
    const a = answered.get(questionnaireId);
    return a ? criteriaMet(a.questionnaire.criteria, a.answers) : undefined;
  };

  // What the wizard would ask about, or refuse, goes to review (pended); so does a line named by an
  // X12 service type (no procedure code for the rules to read); a request without a diagnosis is pended whole.
  const assessments = request.lines.map((l) => assessLine({ code: l.code, units: l.units, fromDate: l.startDate }, { rules, context, unitsUsed: (code, y) => used.get(`${code}|${y}`) ?? 0, criteriaMetFor }));
  const authorizationNumber = formatAuthorizationNumber(await nextCounterValue(db, 'authorization-number', 1950));
  const submittedOn = now.toISOString().slice(0, 10);
  const lines: NewRequestLine[] = request.lines.map((l, i) => {
    const a = assessments[i];
    const status = request.diagnoses.length === 0 || l.system === 'service-type' ? 'Pended' : (a?.statusAtSubmit ?? 'Pended');
    const questionnaireId = a?.rule?.questionnaire;
    const clinical = questionnaireId ? answered.get(questionnaireId) : undefined;
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
      questionnaire: clinical ? { id: clinical.questionnaire.id, criteriaMet: criteriaMet(clinical.questionnaire.criteria, clinical.answers), response: toQuestionnaireResponse(clinical.questionnaire, clinical.answers, now.toISOString()) } : undefined,
      answersAsSent: i === 0 ? asSent.map((r) => ({ id: r.questionnaire ?? 'Questionnaire sent with the request', response: keptAsSubmitted(r, now.toISOString()) })) : undefined,
    };
  });
  const categoryName = categories.find((c) => c.id === categoryId)?.name ?? categoryId;
  const priority = request.expedited ? 'expedited' : 'standard';
  // The files are written first, under fresh names, and their rows committed with the request: a file
  // whose request was not stored (a failure, or the same Bundle stored by a simultaneous call) is removed.
  const stored = files.attachments.map((f) => ({ ...f, storedName: `${crypto.randomUUID()}.${f.fileType}`, sizeBytes: f.content.length }));
  const written: string[] = [];
  const removeWritten = () => written.forEach((file) => fs.rmSync(file, { force: true }));
  try {
    for (const f of stored) {
      const target = path.join(uploadDir, f.storedName);
      fs.writeFileSync(target, f.content, { flag: 'wx', mode: 0o600 });
      written.push(target);
    }
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
        // The requestor's contact when the Bundle names one; else the request has none (the API client
        // is the submitter, and the request's page says no contact was given).
        contactName: request.contact?.name ?? '',
        contactPhone: request.contact?.phone ?? '',
        contactPhoneExt: null,
        contactFax: request.contact?.fax ?? '',
        contactEmail: request.contact?.email ?? null,
        status: requestStatus(lines.map((l) => l.status)),
        submittedAt: now.toISOString(),
        priority,
        expeditedReason: request.expedited ? 'Urgent level of service in the PAS request' : null,
        dueAt: decisionDue(now, priority).toISOString(),
        diagnoses: request.diagnoses,
        lines,
      },
      () => newReferenceNumber(),
      async (trx, referenceNumber) => {
        await recordApiClaim(trx, referenceNumber, request, new Map(request.lines.map((l, i) => [i + 1, l.sequence])));
        if (stored.length === 0) return;
        const row = await trx('auth_requests').where({ reference_number: referenceNumber }).first('id');
        await insertAttachmentRows(trx, Number(row.id), { apiClientId: client.id }, stored, now.toISOString());
      },
    );
    return respond(referenceNumber);
  } catch (err) {
    removeWritten();
    if (err instanceof DuplicateSubmissionError) {
      const referenceNumber = await referenceForJourney(db, key);
      if (referenceNumber) return respond(referenceNumber);
    }
    throw err;
  }
}
