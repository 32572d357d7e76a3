import { newVersionLines } from '../../../domain/authorizationUpdate';
import { assessUpdate } from '../../../services/authorizationUpdate';
import { documentClinicalStepOf } from '../../priorAuth/documentClinical';
import type { UpdateJourney } from '../journey';
import { currentLines, type UpdateContext } from '../step';

/** Where an update's review is: the clinical answers go back there. */
export const updateReviewHref = (journeyId: string) => `/prior-auth/updates/${journeyId}/review`;

/** The update's Document Clinical page for a line of the new version. */
export const updateClinicalHref = (journeyId: string, lineNumber: number) => `/prior-auth/updates/${journeyId}/document-clinical/${lineNumber}`;

/** The lines of the new version the update's Document Clinical asks about, each with its questionnaire and the answers given. */
export async function clinicalLines(ctx: UpdateContext) {
  const planned = newVersionLines(currentLines(ctx), ctx.journey.changes, ctx.journey.added);
  const { assessed, asked } = await assessUpdate(ctx.db, ctx.request, planned, ctx.journey.clinical);
  return assessed.flatMap((a) => {
    const questions = asked.get(a.line.lineNumber);
    return questions ? [{ line: a.line, ...questions }] : [];
  });
}

/**
 * The wizard's Document Clinical step for a line the update adds or changes whose coverage rule asks
 * questions nothing answers yet (issue 14): the step's parameter is the new version's line number
 * (a request sent through the API may have two lines with one code), the answers kept by it in the
 * update, back to the update's review.
 */
export const documentClinicalStep = documentClinicalStepOf<UpdateContext, UpdateJourney>({
  async find(ctx, lineNumber) {
    const found = (await clinicalLines(ctx)).find((c) => String(c.line.lineNumber) === lineNumber);
    return found && { questionnaire: found.questionnaire, code: found.line.code, lineNumber: found.line.lineNumber };
  },
  saved: (journey, lineNumber) => journey.clinical?.[lineNumber],
  save(journey, lineNumber, answers) {
    journey.clinical = { ...journey.clinical, [lineNumber]: answers };
  },
  reviewHref: (ctx) => updateReviewHref(ctx.record.id),
});
