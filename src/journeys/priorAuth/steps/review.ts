import { DIAGNOSIS_SYSTEMS, findCode } from '../../../db/repositories/codes';
import { compactCode } from '../../../domain/codeFormats';
import { formatDate } from '../../../domain/dates';
import { eligibilityOn } from '../../../domain/eligibility';
import { EXPEDITED_WORDING, expeditedProblem } from '../../../domain/reviewClock';
import { textOf } from '../../../validation';
import { assessJourney, otherCategoryMessage } from '../assessment';
import { stepUrl } from '../urls';
import { submitJourney } from '../submit';
import { errorsOutcome, type Step } from '../step';
import { journeyDuplicates } from '../duplicates';
import { duplicateReasonProblem, unacknowledged, type DuplicateAcknowledged } from '../../../domain/duplicates';

/** "Authorization Request": everything entered, each line's coverage outcome, and Submit. */
export const reviewStep: Step = {
  slug: 'review',
  title: 'Authorization Request',
  view: 'priorAuth/review',

  isComplete: () => false,

  storedValues: () => ({}),

  async viewModel(ctx) {
    const { db, journey, member } = ctx;
    const { service } = journey.answers;
    if (!service) throw new Error('review reached with an incomplete journey');
    const assessment = await assessJourney(db, journey);
    // Every step before this one says what it asked, with a link back to change it.
    const details = [];
    for (const step of ctx.flow.path(journey)) {
      for (const row of (await step.summary?.(ctx)) ?? []) details.push({ ...row, href: stepUrl(journey, step) });
    }
    const span = eligibilityOn(member.eligibility, service.startDate);
    const diagnoses = await Promise.all(
      journey.answers.diagnoses.map(async (code, i) => ({
        code,
        description: (await findCode(db, DIAGNOSIS_SYSTEMS, compactCode(code)))?.description ?? '',
        primary: i === 0,
      })),
    );
    const link = (slug: string) => stepUrl(journey, slug);
    const acknowledged = journey.answers.duplicateAcknowledged as DuplicateAcknowledged | undefined;
    const duplicates = await journeyDuplicates(db, ctx.user.organizationId, journey);
    const waiting = unacknowledged(duplicates, acknowledged);
    return {
      duplicate: duplicates.length === 0 ? undefined : {
        memberName: `${member.firstName} ${member.lastName}`,
        requests: duplicates.map((d) => ({
          reference: d.referenceNumber,
          href: `/prior-auth/requests/${d.referenceNumber}`,
          // The warning's other way out (issue 14): update the request already made instead of asking twice.
          updateHref: `/prior-auth/requests/${d.referenceNumber}/update`,
          what: `${d.codes.join(', ')}, ${formatDate(d.fromDate)} to ${formatDate(d.toDate)}, ${d.statuses.join(', ').toLowerCase()}`,
        })),
        // Continued past every one of them: the reason stays shown; a new one asks again.
        continued: waiting.length === 0 && acknowledged ? acknowledged.reason : '',
      },
      authorizationNumber: journey.authorizationNumber,
      requestType: assessment.requestType,
      status: 'No decision yet',
      patientMore: [
        { key: 'Medicaid ID', value: member.medicaidId ?? '' },
        { key: 'Eligibility', value: span ? `${span.planName}, ${formatDate(span.startDate)} to ${formatDate(span.endDate)}` : 'Not eligible on the start date' },
      ],
      gender: member.gender,
      details,
      diagnosesHref: link('diagnoses'),
      proceduresHref: link('procedures'),
      diagnoses,
      lines: assessment.lines.map((l) => {
        const kind = l.assessment.outcome.kind;
        const documented = kind === 'criteria-met' || kind === 'criteria-not-met';
        return {
          id: `line-${l.lineNumber}`,
          lineNumber: l.lineNumber,
          code: l.entry.code,
          description: l.description,
          units: l.entry.units,
          fromDate: formatDate(service.startDate),
          toDate: formatDate(service.endDate),
          primary: l.lineNumber === 1,
          disclaimer: l.assessment.disclaimer,
          elsewhere: l.belongsTo.length > 0 ? `${otherCategoryMessage(l.entry.code, l.belongsTo, assessment.categoryName)}.` : undefined,
          // The category changed since this line's questions were answered: they must be answered again.
          answerAgain: kind === 'needs-documentation' && (journey.clinicalAgain ?? []).includes(l.entry.code),
          tone: kind === 'needs-documentation' || kind === 'not-covered' ? 'warning' : kind === 'criteria-met' || kind === 'not-required' ? 'ok' : 'info',
          documentClinical: kind === 'needs-documentation' || documented ? { href: `/prior-auth/${journey.id}/document-clinical/${encodeURIComponent(l.entry.code)}`, label: documented ? 'Change clinical answers' : 'Document Clinical' } : undefined,
        };
      }),
      cancelHref: `/prior-auth/${journey.id}/cancel`,
      expeditedWording: EXPEDITED_WORDING,
    };
  },

  actions: {
    async submit(ctx, body) {
      // The priority is asked on this page only and kept with the request when it is submitted.
      const expedited = textOf(body.expedited) === 'yes';
      const expeditedReason = textOf(body.expeditedReason).trim();
      const problem = expeditedProblem(expedited, expeditedReason);
      if (problem) return errorsOutcome([{ field: 'expeditedReason', message: problem }]);
      const result = await submitJourney(ctx, expedited ? { priority: 'expedited', expeditedReason } : { priority: 'standard' });
      if (result.kind === 'refused') return errorsOutcome(result.errors);
      if (result.kind === 'changed') return { kind: 'conflict' };
      return { kind: 'finished', to: `/prior-auth/requests/${result.referenceNumber}/submitted` };
    },
    async continueAnyway(ctx, body) {
      const reason = textOf(body.duplicateReason).trim();
      const problem = duplicateReasonProblem(reason);
      if (problem) return errorsOutcome([{ field: 'duplicateReason', message: problem }]);
      const duplicates = await journeyDuplicates(ctx.db, ctx.user.organizationId, ctx.journey);
      const acknowledged: DuplicateAcknowledged = { references: duplicates.map((d) => d.referenceNumber), reason };
      ctx.journey.answers.duplicateAcknowledged = acknowledged;
      return { kind: 'stay', anchor: 'priority' };
    },
    async cancel(ctx) {
      return { kind: 'redirect', to: `/prior-auth/${ctx.journey.id}/cancel` };
    },
    async continue(ctx) {
      return { kind: 'redirect', to: stepUrl(ctx.journey, 'review') };
    },
  },
};
