import type { Request, Response } from 'express';
import type { Db } from '../../db/database';
import { findMemberById } from '../../db/repositories/members';
import { formatDate } from '../../domain/dates';
import { currentUser } from '../../middleware/signIn';
import { audit } from '../../services/audit';
import { textOf, type FormState } from '../../validation';
import { findJourney, type Journey } from './journey';
import { keepJourney } from './keepJourney';
import { firstIncompleteStep, previousStep, redirectIfUnreachable, stepBySlug, stepUrl } from './flow';
import type { Step, StepContext } from './step';
import { notFound } from '../../middleware/errors';

/**
 * The journey named in the URL, for the signed-in user. An unknown or expired one gets a page that
 * says so and offers to start again; a submitted one goes to its results page. Returns undefined
 * when the response has been sent.
 */
export async function journeyContext(db: Db, req: Request, res: Response): Promise<StepContext | undefined> {
  const user = currentUser(res);
  const journey = findJourney(req.session, String(req.params.journeyId), user.id);
  if (!journey) {
    res.status(404).render('priorAuth/journeyNotFound', { title: 'This request is no longer in progress' });
    return undefined;
  }
  if (journey.submittedReference) {
    res.redirect(303, `/prior-auth/requests/${journey.submittedReference}/submitted`);
    return undefined;
  }
  const member = await findMemberById(db, journey.memberId);
  if (!member) {
    res.status(404).render('priorAuth/journeyNotFound', { title: 'This request is no longer in progress' });
    return undefined;
  }
  return { db, journey, member, user, audit: (action, details) => audit(db, req, res, action, { memberId: member.id, ...details }) };
}

/** What every wizard page shows around its own fields. */
export function commonView(ctx: StepContext, title: string, backHref: string, form: FormState) {
  return {
    title: form.errors.length > 0 ? `Error: ${title}` : title,
    heading: title,
    backHref,
    values: form.values,
    errors: form.errors,
    journeyId: ctx.journey.id,
    patient: {
      name: `${ctx.member.firstName} ${ctx.member.lastName}`,
      memberId: ctx.member.memberId,
      dateOfBirth: formatDate(ctx.member.dateOfBirth),
    },
  };
}

async function render(res: Response, ctx: StepContext, step: Step, form: FormState, status = 200): Promise<void> {
  const back = previousStep(step);
  const model = await step.viewModel(ctx, form);
  res.status(status).render(step.view, {
    ...commonView(ctx, step.title, back ? stepUrl(ctx.journey, back) : '/prior-auth', form),
    formAction: stepUrl(ctx.journey, step),
    ...model,
  });
}

/** Only text values go back into the form: anything else a tampered post sent is dropped. */
function postedValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => typeof v === 'string' && k !== '_csrf' && k !== 'action')) as Record<string, string>;
}

export function stepController(db: Db) {
  return {
    async get(req: Request, res: Response): Promise<void> {
      const step = stepBySlug(String(req.params.slug));
      if (!step) return notFound(req, res);
      const ctx = await journeyContext(db, req, res);
      if (!ctx) return;
      const blocking = redirectIfUnreachable(ctx.journey, step);
      if (blocking) return res.redirect(303, stepUrl(ctx.journey, blocking));
      await render(res, ctx, step, { values: step.storedValues(ctx.journey), errors: [] });
    },

    async post(req: Request, res: Response): Promise<void> {
      const step = stepBySlug(String(req.params.slug));
      if (!step) return notFound(req, res);
      const ctx = await journeyContext(db, req, res);
      if (!ctx) return;
      const blocking = redirectIfUnreachable(ctx.journey, step);
      if (blocking) return res.redirect(303, stepUrl(ctx.journey, blocking));

      const body = (req.body ?? {}) as Record<string, unknown>;
      const [name = 'continue', ...rest] = (textOf(body.action) || 'continue').split(':');
      const action = step.actions[name] ?? step.actions.continue;
      if (!action) return void res.status(400).render('errors/problem', { title: 'The form could not be read', message: 'Go back and try again.' });

      const outcome = await action(ctx, body, rest.join(':'));
      if (outcome.kind === 'errors') {
        return render(res, ctx, step, { values: postedValues(body), errors: outcome.errors }, 422);
      }
      await keepJourney(db, req.session, ctx.journey);
      if (outcome.kind === 'stay') return res.redirect(303, `${stepUrl(ctx.journey, step)}${outcome.anchor ? `#${outcome.anchor}` : ''}`);
      if (outcome.kind === 'redirect') return res.redirect(303, outcome.to);
      res.redirect(303, stepUrl(ctx.journey, firstIncompleteStep(ctx.journey)));
    },
  };
}

export type { Journey };
