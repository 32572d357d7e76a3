import Joi from 'joi';
import { extendReview } from '../../../db/repositories/reviewQueue';
import { decisionDue, extensionProblem, MAX_EXTENSION_DAYS } from '../../../domain/reviewClock';
import { requiredText, validate } from '../../../validation';
import { errorsOutcome } from '../../engine/step';
import type { DecisionStep } from '../step';

const schema = Joi.object({
  extensionDays: Joi.string().trim().required().messages({ 'any.required': 'Enter the extension in days', 'string.empty': 'Enter the extension in days', 'string.base': 'Enter the extension in days' }),
  extensionReason: requiredText('reason for the extension', 1000),
});

/** "Extend review": once, up to 14 calendar days, with its reason (extensionProblem); the due time moves. */
export const extendStep: DecisionStep = {
  slug: 'extend',
  title: 'Extend review',
  view: 'plan/extend',
  isComplete: () => false,
  storedValues: () => ({}),
  async viewModel(ctx) {
    return { decideHref: `/plan/decisions/${ctx.record.id}/lines`, reference: ctx.request.referenceNumber, maxDays: MAX_EXTENSION_DAYS };
  },
  actions: {
    async continue(ctx, body) {
      const { value, errors } = validate<{ extensionDays: string; extensionReason: string }>(schema, body);
      if (errors.length > 0) return errorsOutcome(errors);
      const days = /^\d{1,3}$/.test(value.extensionDays) ? Number(value.extensionDays) : Number.NaN;
      const { request } = ctx;
      const earlier = request.extensionDays ? [{ days: request.extensionDays, reason: request.extensionReason ?? '' }] : [];
      const problem = extensionProblem({ days, reason: value.extensionReason }, earlier);
      if (problem) return errorsOutcome([{ field: problem.includes('reason') && !problem.includes('extended already') ? 'extensionReason' : 'extensionDays', message: problem }]);
      // Under reconsideration the clock runs from the reconsideration's receipt, not the request's.
      const receivedAt = ctx.reconsiderations[0]?.requestedAt ?? request.submittedAt;
      const dueAt = decisionDue(new Date(receivedAt), request.priority, { days }).toISOString();
      const extended = await extendReview(ctx.db, { requestId: request.id, days, reason: value.extensionReason, dueAt, userId: ctx.user.id, at: ctx.now.toISOString() });
      if (!extended) return errorsOutcome([{ field: 'extensionDays', message: 'The review has been extended already: a review can be extended once' }]);
      return { kind: 'redirect', to: `/plan/decisions/${ctx.record.id}/lines` };
    },
  },
};
