import type { Request, Response, Router } from 'express';
import type { Schema } from 'joi';
import type { Db } from '../../db/database';
import { discardJourneyRow, findJourneyById, updateJourneyIfUnchanged } from '../../db/repositories/journeys';
import { formatDate } from '../../domain/dates';
import { notFound } from '../../middleware/errors';
import { currentUser } from '../../middleware/signIn';
import { textOf, validate, type FieldError, type FormState } from '../../validation';
import { journeyUrl, type JourneyKind } from './journeyKind';
import { actionNamed, errorsOutcome, type Action, type ActionOutcome, type JourneyContext, type Step } from './step';

const JOURNEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** How many times an action that is safe to apply again is retried when other tabs keep saving first. */
const MAX_REAPPLY = 10;
/** Journeys in progress are kept this long after their last change, then removed. */
export const KEEP_DAYS = 30;

export function removalDate(updatedAt: string): Date {
  return new Date(Date.parse(updatedAt) + KEEP_DAYS * 86_400_000);
}

/** The schema's fields in order, for sorting errors; describe() is slow, and a step may keep its schema. */
const fieldOrders = new WeakMap<object, string[]>();
function fieldOrder(schema: Schema): string[] {
  let order = fieldOrders.get(schema);
  if (!order) {
    order = Object.keys(schema.describe().keys ?? {});
    fieldOrders.set(schema, order);
  }
  return order;
}

/** Only text values go back into the form: anything else a tampered post sent is dropped. */
function postedValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => typeof v === 'string' && k !== '_csrf' && k !== 'action')) as Record<string, string>;
}

/**
 * The one controller of every journey: load the journey named in the URL, check its owner, check the
 * step is reachable, run the button's action (validate, save), and redirect (303) or show the page
 * again (422). Each save is a compare-and-set on the journey's version: when another tab or request
 * saved first, an action that does not depend on the rest of the answers is applied again to the
 * fresh answers, and any other is refused with the current answers and a message that says so.
 */
export function journeyController<C extends JourneyContext<S>, S>(db: Db, kind: JourneyKind<C, S>, sideSteps: readonly Step<C, S>[] = []) {
  const stepUrl = (ctx: C, step: Step<C, S>) => journeyUrl(kind, ctx.record.id, ctx.param ? `${step.slug}/${encodeURIComponent(ctx.param)}` : step.slug);

  /**
   * The journey in progress named in the URL, for its owner. Anything else gets its answer here:
   * a submitted journey's addresses lead every user of its organization to what it became; an
   * unknown, discarded or expired one, or another user's, gets a page that says it is not in progress.
   */
  async function load(req: Request, res: Response, rescue = false): Promise<C | undefined> {
    const user = currentUser(res);
    const id = String(req.params.journeyId);
    const record = JOURNEY_ID.test(id) ? await findJourneyById<S>(db, id, kind.kind) : undefined;
    if (record?.status === 'in-progress' && record.userId === user.id && removalDate(record.updatedAt) > new Date()) {
      const ctx = await kind.context(db, record, user, req, res);
      if (ctx) {
        if (req.params.param !== undefined) ctx.param = String(req.params.param);
        return ctx;
      }
    }
    const submitted = JOURNEY_ID.test(id) ? await kind.submitted(db, id, user.organizationId, record) : undefined;
    if (submitted && req.method === 'POST') {
      // A second press of Submit, or any button of a page sent already: what it became, nothing sent again.
      res.redirect(303, submitted.resultHref);
    } else if (rescue && kind.rescuePost) {
      // The same answer whether the journey never existed, was removed, or is someone else's: a new one of the user's own.
      res.redirect(303, await kind.rescuePost(db, user, (req.body ?? {}) as Record<string, unknown>, req));
    } else if (submitted) {
      res.render('journeys/submitted', {
        title: `This ${kind.noun} has been submitted`,
        noun: kind.noun,
        reference: submitted.reference,
        submittedOn: formatDate(submitted.submittedAt.slice(0, 10)),
        href: submitted.href,
      });
    } else {
      res.status(404).render('journeys/notFound', { title: `This ${kind.noun} is no longer in progress`, noun: kind.noun, homeHref: kind.homeHref });
    }
    return undefined;
  }

  function findStep(slug: string): Step<C, S> | undefined {
    return kind.flow.bySlug(slug) ?? sideSteps.find((s) => s.slug === slug);
  }

  /** Where to send the provider instead of this step, when it cannot be shown yet. */
  async function redirectFor(ctx: C, step: Step<C, S>): Promise<string | undefined> {
    if (sideSteps.includes(step)) {
      // A side step (Document Clinical) is reached from the last page, once every other step is answered.
      const next = kind.flow.firstIncomplete(ctx.journey);
      if (next !== kind.flow.last) return stepUrl({ ...ctx, param: undefined }, next);
    } else {
      const blocking = kind.flow.blockingStep(ctx.journey, step);
      if (blocking) return stepUrl(ctx, blocking);
    }
    return step.guard?.(ctx);
  }

  async function render(res: Response, ctx: C, step: Step<C, S>, form: FormState, status = 200): Promise<void> {
    const back = kind.flow.previous(ctx.journey, step);
    const model = (await step.viewModel?.(ctx, form)) ?? {};
    const heading = typeof model.heading === 'string' ? model.heading : step.title;
    res.status(status).render(step.view, {
      ...kind.commonView(ctx, form),
      backHref: back ? stepUrl(ctx, back) : kind.homeHref,
      formAction: stepUrl(ctx, step),
      fields: step.fields ?? [],
      values: form.values,
      errors: form.errors,
      ...model,
      heading,
      title: form.errors.length > 0 ? `Error: ${heading}` : heading,
    });
  }

  /** "Continue" on a question page: the step's schema, then its rules across fields, then save. */
  function validateAndSave(step: Step<C, S>): Action<C> | undefined {
    const { schema, save } = step;
    if (!schema || !save) return undefined;
    return async (ctx, body) => {
      const joiSchema = await schema(ctx);
      const { value, errors } = validate<Record<string, unknown>>(joiSchema, body);
      const more = (await step.check?.(ctx, value, errors)) ?? [];
      const order = fieldOrder(joiSchema);
      const rank = (e: FieldError) => (order.indexOf(e.field) === -1 ? order.length : order.indexOf(e.field));
      const all = [...errors, ...more.filter((m) => !errors.some((e) => e.field === m.field))].sort((a, b) => rank(a) - rank(b));
      if (all.length > 0) return errorsOutcome(all);
      await save(ctx.journey, value, ctx);
      return { kind: 'next' };
    };
  }

  function redirectAfter(res: Response, ctx: C, step: Step<C, S>, outcome: Exclude<ActionOutcome, { kind: 'errors' } | { kind: 'conflict' }>): void {
    if (outcome.kind === 'stay') return res.redirect(303, `${stepUrl(ctx, step)}${outcome.anchor ? `#${outcome.anchor}` : ''}`);
    if (outcome.kind === 'redirect' || outcome.kind === 'finished') return res.redirect(303, outcome.to);
    const named = step.next?.(ctx.journey);
    const target = named ? kind.flow.bySlug(named) : undefined;
    res.redirect(303, stepUrl({ ...ctx, param: undefined }, target && !target.isComplete(ctx.journey) ? target : kind.flow.firstIncomplete(ctx.journey)));
  }

  return {
    load,
    stepUrl,

    /**
     * The journey's pages under its kind's basePath, the same for every kind: "Cancel" (for kinds that
     * offer it), each step, and each step given a parameter (Document Clinical for one code), for kinds
     * that have such a step.
     */
    mount(router: Router, pages: { cancel: boolean; withParam: boolean }): void {
      const base = `${kind.basePath}/:journeyId`;
      if (pages.cancel) {
        router.get(`${base}/cancel`, this.confirmCancel);
        router.post(`${base}/cancel`, this.cancel);
      }
      if (pages.withParam) {
        router.get(`${base}/:slug/:param`, this.get);
        router.post(`${base}/:slug/:param`, this.post);
      }
      router.get(`${base}/:slug`, this.get);
      router.post(`${base}/:slug`, this.post);
    },

    /** "Cancel this request?": a page that asks, then the journey is discarded. */
    async confirmCancel(req: Request, res: Response): Promise<void> {
      const ctx = await load(req, res);
      if (!ctx) return;
      const back = kind.flow.firstIncomplete(ctx.journey);
      res.render('journeys/cancel', { title: `Cancel this ${kind.noun}?`, noun: kind.noun, backHref: stepUrl(ctx, back), formAction: journeyUrl(kind, ctx.record.id, 'cancel') });
    },

    async cancel(req: Request, res: Response): Promise<void> {
      const ctx = await load(req, res);
      if (!ctx) return;
      await discardJourneyRow(db, ctx.record.id);
      await ctx.audit(kind.cancelledAudit);
      req.session.flash = `The ${kind.noun} was cancelled. Nothing was sent to the plan.`;
      res.redirect(303, kind.homeHref);
    },

    async get(req: Request, res: Response): Promise<void> {
      const step = findStep(String(req.params.slug));
      if (!step) return notFound(req, res);
      const ctx = await load(req, res);
      if (!ctx) return;
      const elsewhere = await redirectFor(ctx, step);
      if (elsewhere) return res.redirect(303, elsewhere);
      await render(res, ctx, step, { values: step.storedValues(ctx.journey, ctx.param), errors: [] });
    },

    async post(req: Request, res: Response): Promise<void> {
      const step = findStep(String(req.params.slug));
      if (!step) return notFound(req, res);
      let ctx = await load(req, res, true);
      if (!ctx) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const [name = 'continue', ...rest] = (textOf(body.action) || 'continue').split(':');
      const action = actionNamed(step, name) ?? (name === 'continue' ? validateAndSave(step) : undefined);
      if (!action) {
        return void res.status(400).render('errors/problem', { title: 'The form could not be read', message: 'That button is not on this page. Go back and try again.' });
      }
      for (let attempt = 1; ; attempt++) {
        const elsewhere = await redirectFor(ctx, step);
        if (elsewhere) return res.redirect(303, elsewhere);
        const outcome = await action(ctx, body, rest.join(':'));
        if (outcome.kind === 'errors') return render(res, ctx, step, { values: postedValues(body), errors: outcome.errors }, 422);
        if (outcome.kind === 'finished') return redirectAfter(res, ctx, step, outcome);
        if (outcome.kind !== 'conflict' && (await updateJourneyIfUnchanged(db, ctx.record.id, ctx.record.version, ctx.journey))) return redirectAfter(res, ctx, step, outcome);

        // Another tab or request saved this journey first.
        const fresh = await load(req, res);
        if (!fresh) return;
        if (!step.reapplyOnConflict?.includes(name) || attempt >= MAX_REAPPLY) {
          res.locals.warning = `This ${kind.noun} was changed in another tab or window, so what you just sent was not saved. The page now shows the ${kind.noun} as it was saved: check it and try again.`;
          return render(res, fresh, step, { values: step.storedValues(fresh.journey, fresh.param), errors: [] }, 409);
        }
        ctx = fresh;
      }
    },
  };
}

export type JourneyController = ReturnType<typeof journeyController>;
