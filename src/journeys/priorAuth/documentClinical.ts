import type { Request, Response } from 'express';
import type { Db } from '../../db/database';
import { findQuestionnaire } from '../../db/repositories/coverageRules';
import { criteriaMet, isEnabled, readAnswers, type Answer, type Questionnaire } from '../../domain/questionnaire';
import type { FormState } from '../../validation';
import { assessJourney } from './assessment';
import { commonView, journeyContext } from './controller';
import { firstIncompleteStep, stepUrl } from './flow';
import { keepJourney } from './keepJourney';
import type { StepContext } from './step';

function asFormValue(answer: Answer | undefined): string {
  if (answer === undefined) return '';
  if (typeof answer === 'boolean') return answer ? 'yes' : 'no';
  return String(answer);
}

function itemsView(questionnaire: Questionnaire, form: FormState) {
  const errorFor = new Map(form.errors.map((e) => [e.field, e.message]));
  return questionnaire.items.map((item, index) => {
    const value = typeof form.values[item.linkId] === 'string' ? (form.values[item.linkId] as string) : '';
    const options =
      item.type === 'boolean'
        ? [{ code: 'yes', display: 'Yes' }, { code: 'no', display: 'No' }]
        : item.type === 'choice'
          ? (item.answerOption ?? [])
          : [];
    const condition = item.enableWhen?.map((c) => {
      const source = questionnaire.items.findIndex((q) => q.linkId === c.question) + 1;
      const answer = typeof c.answer === 'boolean' ? (c.answer ? 'Yes' : 'No') : String(c.answer);
      return `Answer only if the answer to question ${source} is ${c.operator === '=' ? '' : 'not '}${answer}.`;
    });
    return {
      linkId: item.linkId,
      number: index + 1,
      text: item.text,
      hint: [item.hint, ...(condition ?? [])].filter(Boolean).join(' '),
      type: item.type,
      optional: !item.required || Boolean(item.enableWhen?.length),
      options: options.map((o, i) => ({ id: i === 0 ? item.linkId : `${item.linkId}-${o.code}`, value: o.code, label: o.display, checked: value === o.code })),
      value,
      error: errorFor.get(item.linkId),
    };
  });
}

/**
 * "Document Clinical": the questionnaire of a line's coverage rule. Reached from the review page once
 * every step is answered; the answers go back to the review, which then says whether the criteria were met.
 */
export function documentClinicalController(db: Db) {
  async function load(req: Request, res: Response): Promise<{ ctx: StepContext; questionnaire: Questionnaire; code: string; lineNumber: number } | undefined> {
    const ctx = await journeyContext(db, req, res);
    if (!ctx) return undefined;
    const next = firstIncompleteStep(ctx.journey);
    if (next.slug !== 'review') {
      res.redirect(303, stepUrl(ctx.journey, next));
      return undefined;
    }
    const code = String(req.params.code);
    const line = (await assessJourney(db, ctx.journey)).lines.find((l) => l.entry.code === code);
    const questionnaireId = line?.assessment.rule?.requirement === 'questionnaire' ? line.assessment.rule.questionnaire : undefined;
    const questionnaire = questionnaireId ? await findQuestionnaire(db, questionnaireId) : undefined;
    if (!line || !questionnaire) {
      res.redirect(303, stepUrl(ctx.journey, 'review'));
      return undefined;
    }
    return { ctx, questionnaire, code, lineNumber: line.lineNumber };
  }

  function render(res: Response, loaded: NonNullable<Awaited<ReturnType<typeof load>>>, form: FormState, status = 200): void {
    const { ctx, questionnaire, code } = loaded;
    res.status(status).render('priorAuth/documentClinical', {
      ...commonView(ctx, `Document Clinical: ${questionnaire.title}`, stepUrl(ctx.journey, 'review'), form),
      code,
      description: questionnaire.description ?? '',
      items: itemsView(questionnaire, form),
      formAction: `/prior-auth/${ctx.journey.id}/document-clinical/${encodeURIComponent(code)}`,
    });
  }

  return {
    async get(req: Request, res: Response): Promise<void> {
      const loaded = await load(req, res);
      if (!loaded) return;
      const saved = loaded.ctx.journey.clinical[loaded.code];
      const answers = saved?.questionnaireId === loaded.questionnaire.id ? saved.answers : {};
      render(res, loaded, { values: Object.fromEntries(loaded.questionnaire.items.map((i) => [i.linkId, asFormValue(answers[i.linkId])])), errors: [] });
    },

    async post(req: Request, res: Response): Promise<void> {
      const loaded = await load(req, res);
      if (!loaded) return;
      const { ctx, questionnaire, code, lineNumber } = loaded;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { answers, errors } = readAnswers(questionnaire, body);
      if (errors.length > 0) {
        const values = Object.fromEntries(questionnaire.items.map((i) => [i.linkId, typeof body[i.linkId] === 'string' ? body[i.linkId] : '']));
        return render(res, loaded, { values, errors: errors.map((e) => ({ field: e.linkId, message: e.message })) }, 422);
      }
      // Only enabled items were read; keep exactly those answers.
      const kept = Object.fromEntries(Object.entries(answers).filter(([linkId]) => questionnaire.items.some((i) => i.linkId === linkId && isEnabled(i, answers))));
      ctx.journey.clinical[code] = { questionnaireId: questionnaire.id, answers: kept, criteriaMet: criteriaMet(questionnaire.criteria, kept) };
      await keepJourney(db, req.session, ctx.journey);
      res.redirect(303, `${stepUrl(ctx.journey, 'review')}#line-${lineNumber}`);
    },
  };
}
