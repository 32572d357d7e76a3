import { newVersionLines } from '../../../domain/authorizationUpdate';
import { questionnaireForAddedLine } from '../../../services/authorizationUpdate';
import { documentClinicalStepOf } from '../../priorAuth/documentClinical';
import type { UpdateJourney } from '../journey';
import { currentLines, type UpdateContext } from '../step';

/** Where an update's review is: the clinical answers go back there. */
export const updateReviewHref = (journeyId: string) => `/prior-auth/updates/${journeyId}/review`;

/**
 * The wizard's Document Clinical step for a line the update adds (issue 14): its code's questionnaire
 * in the request's setting, the answers kept by code in the update, back to the update's review.
 */
export const documentClinicalStep = documentClinicalStepOf<UpdateContext, UpdateJourney>({
  async find(ctx, code) {
    const line = newVersionLines(currentLines(ctx), ctx.journey.changes, ctx.journey.added).find((l) => l.kind === 'new' && l.code === code);
    const questionnaire = line ? await questionnaireForAddedLine(ctx.db, ctx.request, code) : undefined;
    return line && questionnaire ? { questionnaire, code, lineNumber: line.lineNumber } : undefined;
  },
  saved: (journey, code) => journey.clinical?.[code],
  save(journey, code, answers) {
    journey.clinical = { ...journey.clinical, [code]: answers };
  },
  reviewHref: (ctx) => updateReviewHref(ctx.record.id),
});
