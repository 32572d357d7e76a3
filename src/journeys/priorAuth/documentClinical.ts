import { findQuestionnaire } from '../../db/repositories/coverageRules';
import { criteriaMet, isEnabled, readAnswers, type Answer, type Questionnaire } from '../../domain/questionnaire';
import type { FormState } from '../../validation';
import { assessJourney } from './assessment';
import { stepUrl } from './urls';
import { errorsOutcome, type Step, type StepContext } from './step';

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

/** The questionnaire of the line named by the step's parameter, when its coverage rule has one. */
type LineQuestionnaire = { questionnaire: Questionnaire; code: string; lineNumber: number } | undefined;

/** Looked up once per request: the guard, the page and the answer all ask for it, and it takes a whole assessment. */
const lookedUp = new WeakMap<StepContext, Promise<LineQuestionnaire>>();

function lineQuestionnaire(ctx: StepContext): Promise<LineQuestionnaire> {
  let found = lookedUp.get(ctx);
  if (!found) {
    found = findLineQuestionnaire(ctx);
    lookedUp.set(ctx, found);
  }
  return found;
}

async function findLineQuestionnaire(ctx: StepContext): Promise<LineQuestionnaire> {
  const code = ctx.param ?? '';
  const line = (await assessJourney(ctx.db, ctx.journey)).lines.find((l) => l.entry.code === code);
  const questionnaireId = line?.assessment.rule?.requirement === 'questionnaire' ? line.assessment.rule.questionnaire : undefined;
  const questionnaire = questionnaireId ? await findQuestionnaire(ctx.db, questionnaireId) : undefined;
  return line && questionnaire ? { questionnaire, code, lineNumber: line.lineNumber } : undefined;
}

/**
 * "Document Clinical": the questionnaire of a line's coverage rule, a step with a parameter (the
 * procedure code). Reached from the review page once every step is answered; the answers go back to
 * the review, which then says whether the criteria were met.
 */
export const documentClinicalStep: Step = {
  slug: 'document-clinical',
  title: 'Document Clinical',
  view: 'priorAuth/documentClinical',

  // Never a step of the flow: the side step is always open again to change the answers.
  isComplete: () => true,

  storedValues(journey, code = '') {
    const saved = journey.clinical[code];
    return Object.fromEntries(Object.entries(saved?.answers ?? {}).map(([linkId, answer]) => [linkId, asFormValue(answer)]));
  },

  async guard(ctx) {
    return (await lineQuestionnaire(ctx)) ? undefined : `${stepUrl(ctx.journey, 'review')}`;
  },

  async viewModel(ctx, form) {
    const loaded = await lineQuestionnaire(ctx);
    if (!loaded) throw new Error('Document Clinical shown for a line without a questionnaire');
    const { questionnaire, code } = loaded;
    const saved = ctx.journey.clinical[code];
    // Answers to another questionnaire (the rule changed since) are not offered again.
    const values = form.errors.length === 0 && saved?.questionnaireId !== questionnaire.id ? {} : form.values;
    return {
      heading: `Document Clinical: ${questionnaire.title}`,
      backHref: stepUrl(ctx.journey, 'review'),
      code,
      description: questionnaire.description ?? '',
      items: itemsView(questionnaire, { values, errors: form.errors }),
    };
  },

  actions: {
    async continue(ctx, body) {
      const loaded = await lineQuestionnaire(ctx);
      if (!loaded) return { kind: 'redirect', to: stepUrl(ctx.journey, 'review') };
      const { questionnaire, code, lineNumber } = loaded;
      const { answers, errors } = readAnswers(questionnaire, body);
      if (errors.length > 0) return errorsOutcome(errors.map((e) => ({ field: e.linkId, message: e.message })));
      // Only enabled items were read; keep exactly those answers.
      const kept = Object.fromEntries(Object.entries(answers).filter(([linkId]) => questionnaire.items.some((i) => i.linkId === linkId && isEnabled(i, answers))));
      ctx.journey.clinical[code] = { questionnaireId: questionnaire.id, answers: kept, criteriaMet: criteriaMet(questionnaire.criteria, kept) };
      ctx.journey.clinicalAgain = (ctx.journey.clinicalAgain ?? []).filter((c) => c !== code);
      return { kind: 'redirect', to: `${stepUrl(ctx.journey, 'review')}#line-${lineNumber}` };
    },
  },
};
