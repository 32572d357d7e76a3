import { findQuestionnaire } from '../../db/repositories/coverageRules';
import { JourneyChangedError, markJourneySubmitted } from '../../db/repositories/journeys';
import { DuplicateSubmissionError, insertSubmittedRequest, type NewRequestLine } from '../../db/repositories/requestSubmission';
import { referenceForJourney } from '../../db/repositories/requests';
import { requestStatus } from '../../domain/coverage';
import { decisionDue, type Priority } from '../../domain/reviewClock';
import { eligibleThroughout } from '../../domain/eligibility';
import { formatDate, today } from '../../domain/dates';
import { newReferenceNumber } from '../../domain/referenceNumbers';
import { toQuestionnaireResponse } from '../../domain/questionnaire';
import type { FieldError } from '../../validation';
import { assessJourney } from './assessment';
import type { StepContext } from './step';
import { journeyDuplicates } from './duplicates';
import { duplicateMessage, duplicateRequests, unacknowledged, type DuplicateAcknowledged } from '../../domain/duplicates';
import { liveLinesFor, lockMemberForSubmit, recordDuplicateReason } from '../../db/repositories/duplicates';

/** A duplicate the office had not continued past was submitted by someone else meanwhile: nothing was stored. */
class DuplicateSubmittedMeanwhile extends Error {}

export type SubmitResult =
  | { kind: 'submitted'; referenceNumber: string }
  | { kind: 'refused'; errors: FieldError[] }
  /** Another tab saved the request while it was being submitted: nothing was sent. */
  | { kind: 'changed' };

/**
 * Submits a journey: one transaction stores the request and everything under it, and marks the
 * journey as submitted. A journey is submitted at most once: a second submit (double click, refresh,
 * Back then Submit, a second tab) finds the first one's reference number, through the database's
 * unique key on the journey.
 */
export type RequestPriority = { priority: Extract<Priority, 'standard'> } | { priority: Extract<Priority, 'expedited'>; expeditedReason: string };

export async function submitJourney(ctx: StepContext, priority: RequestPriority = { priority: 'standard' }): Promise<SubmitResult> {
  const { db, journey, member, user } = ctx;
  const existing = await referenceForJourney(db, journey.id);
  if (existing) return { kind: 'submitted', referenceNumber: existing };

  const { careSetting, provider, service, contact } = journey.answers;
  if (!careSetting || !provider || !service || !contact) throw new Error('submitJourney reached with an incomplete journey');

  if (!eligibleThroughout(member.eligibility, service.startDate, service.endDate)) {
    return { kind: 'refused', errors: [{ field: 'dates', message: `${member.firstName} ${member.lastName} is not eligible from ${formatDate(service.startDate)} to ${formatDate(service.endDate)}: change the dates of service` }] };
  }
  const assessment = await assessJourney(db, journey);
  if (assessment.blockers.length > 0) {
    return {
      kind: 'refused',
      errors: assessment.blockers,
    };
  }

  // The duplicate warning is checked again at submit: a request submitted since the review page was read counts too.
  const acknowledged = journey.answers.duplicateAcknowledged as DuplicateAcknowledged | undefined;
  const duplicates = unacknowledged(await journeyDuplicates(db, user.organizationId, journey), acknowledged);
  const memberName = `${member.firstName} ${member.lastName}`;
  if (duplicates.length > 0) return { kind: 'refused', errors: [{ field: 'duplicateReason', message: duplicateMessage(memberName, duplicates) }] };

  const submittedOn = today();
  const lines: NewRequestLine[] = [];
  for (const line of assessment.lines) {
    const status = line.assessment.statusAtSubmit ?? 'Pended';
    const clinical = journey.clinical[line.entry.code];
    const questionnaire = clinical ? await findQuestionnaire(db, clinical.questionnaireId) : undefined;
    lines.push({
      lineNumber: line.lineNumber,
      code: line.entry.code,
      codeSystem: line.entry.system,
      units: line.entry.units,
      fromDate: service.startDate,
      toDate: service.endDate,
      ruleId: line.assessment.rule?.id ?? null,
      status,
      authorizedUnits: status === 'Approved' ? line.entry.units : null,
      authorizedDate: status === 'Approved' ? submittedOn : null,
      questionnaire:
        clinical && questionnaire
          ? { id: questionnaire.id, criteriaMet: clinical.criteriaMet, response: toQuestionnaireResponse(questionnaire, clinical.answers, new Date().toISOString()) }
          : undefined,
    });
  }

  // The decision clock starts when the plan receives the request (CMS-0057-F).
  const submittedAt = new Date();
  try {
    const referenceNumber = await insertSubmittedRequest(
      db,
      {
        journeyId: journey.id,
        authorizationNumber: journey.authorizationNumber,
        organizationId: user.organizationId,
        submittedBy: user.id,
        memberId: member.id,
        careSetting: careSetting.careSetting,
        categoryId: careSetting.categoryId,
        requestType: assessment.requestType,
        servicingProviderId: provider.providerId,
        startDate: service.startDate,
        endDate: service.endDate,
        treatmentType: service.treatmentType,
        placeOfService: service.placeOfService,
        contactName: contact.contactName,
        contactPhone: contact.contactPhone,
        contactPhoneExt: contact.contactPhoneExt || null,
        contactFax: contact.contactFax,
        contactEmail: contact.contactEmail || null,
        status: requestStatus(lines.map((l) => l.status)),
        submittedAt: submittedAt.toISOString(),
        priority: priority.priority,
        expeditedReason: priority.priority === 'expedited' ? priority.expeditedReason : null,
        dueAt: decisionDue(submittedAt, priority.priority).toISOString(),
        diagnoses: journey.answers.diagnoses,
        lines,
      },
      () => newReferenceNumber(),
      async (trx, reference) => {
        // Once more inside the transaction, after any other submit for this member has committed.
        await lockMemberForSubmit(trx, member.id);
        const codes = journey.answers.procedures.map((p) => p.code);
        const found = duplicateRequests({ codes, startDate: service.startDate, endDate: service.endDate }, await liveLinesFor(trx, user.organizationId, member.id, codes, reference));
        if (unacknowledged(found, acknowledged).length > 0) throw new DuplicateSubmittedMeanwhile();
        if (acknowledged && found.length > 0) await recordDuplicateReason(trx, reference, acknowledged.reason);
        await markJourneySubmitted(trx, journey.id, ctx.record.version, reference);
      },
    );
    await ctx.audit('request-submitted', { referenceNumber });
    return { kind: 'submitted', referenceNumber };
  } catch (err) {
    if (err instanceof JourneyChangedError) return { kind: 'changed' };
    if (err instanceof DuplicateSubmittedMeanwhile) {
      const meanwhile = unacknowledged(await journeyDuplicates(db, user.organizationId, journey), acknowledged);
      return { kind: 'refused', errors: [{ field: 'duplicateReason', message: duplicateMessage(memberName, meanwhile) }] };
    }
    if (err instanceof DuplicateSubmissionError) {
      const referenceNumber = await referenceForJourney(db, journey.id);
      if (referenceNumber) return { kind: 'submitted', referenceNumber };
    }
    throw err;
  }
}

