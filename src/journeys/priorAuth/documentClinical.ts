import { findQuestionnaire } from '../../db/repositories/coverageRules';
import { criteriaMet, isEnabled, readAnswers, type Answer, type Answers, type Questionnaire } from '../../domain/questionnaire';
import type { FormState } from '../../validation';
import { errorsOutcome, type JourneyContext, type Step as EngineStep } from '../engine/step';
import { assessJourney } from './assessment';
import type { Journey } from './journey';
import { stepUrl } from './urls';
import type { Step, StepContext } from './step';

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
export type LineQuestionnaire = { questionnaire: Questionnaire; code: string; lineNumber: number } | undefined;

/** A line's clinical answers as a journey keeps them, with whether they meet the rule's criteria. */
export interface SavedClinical {
  questionnaireId: string;
  answers: Answers;
  criteriaMet: boolean;
}

/**
 * What the Document Clinical step needs from the journey it serves (the request wizard, an update of
 * an authorization): the questionnaire of the line the step's parameter names (the wizard names a line
 * by its code, an update by its line number), where its answers are kept under that parameter, and
 * the page they go back to.
 */
export interface ClinicalAnswersOf<C, S> {
  find(ctx: C, param: string): Promise<LineQuestionnaire>;
  saved(journey: S, param: string): SavedClinical | undefined;
  save(journey: S, param: string, answers: SavedClinical): void;
  reviewHref(ctx: C): string;
}

/**
 * "Document Clinical": the questionnaire of a line's coverage rule, a step with a parameter (the
 * procedure code). Reached from the journey's review once every step is answered; the answers go back
 * to the review, which then says whether the criteria were met.
 */
export function documentClinicalStepOf<C extends JourneyContext<S>, S>(of: ClinicalAnswersOf<C, S>): EngineStep<C, S> {
  /** Looked up once per request: the guard, the page and the answer all ask for it, and it may take a whole assessment. */
  const lookedUp = new WeakMap<C, Promise<LineQuestionnaire>>();
  const lineQuestionnaire = (ctx: C): Promise<LineQuestionnaire> => {
    let found = lookedUp.get(ctx);
    if (!found) {
      found = of.find(ctx, ctx.param ?? '');
      lookedUp.set(ctx, found);
    }
    return found;
  };

  return {
    slug: 'document-clinical',
    title: 'Document Clinical',
    view: 'priorAuth/documentClinical',

    // Never a step of the flow: the side step is always open again to change the answers.
    isComplete: () => true,

    storedValues(journey, param = '') {
      const saved = of.saved(journey, param);
      return Object.fromEntries(Object.entries(saved?.answers ?? {}).map(([linkId, answer]) => [linkId, asFormValue(answer)]));
    },

    async guard(ctx) {
      return (await lineQuestionnaire(ctx)) ? undefined : of.reviewHref(ctx);
    },

    async viewModel(ctx, form) {
      const loaded = await lineQuestionnaire(ctx);
      if (!loaded) throw new Error('Document Clinical shown for a line without a questionnaire');
      const { questionnaire, code } = loaded;
      const saved = of.saved(ctx.journey, ctx.param ?? '');
      // Answers to another questionnaire (the rule changed since) are not offered again.
      const values = form.errors.length === 0 && saved?.questionnaireId !== questionnaire.id ? {} : form.values;
      return {
        heading: `Document Clinical: ${questionnaire.title}`,
        backHref: of.reviewHref(ctx),
        code,
        description: questionnaire.description ?? '',
        items: itemsView(questionnaire, { values, errors: form.errors }),
      };
    },

    actions: {
      async continue(ctx, body) {
        const loaded = await lineQuestionnaire(ctx);
        if (!loaded) return { kind: 'redirect', to: of.reviewHref(ctx) };
        const { questionnaire, lineNumber } = loaded;
        const { answers, errors } = readAnswers(questionnaire, body);
        if (errors.length > 0) return errorsOutcome(errors.map((e) => ({ field: e.linkId, message: e.message })));
        // Only enabled items were read; keep exactly those answers.
        const kept = Object.fromEntries(Object.entries(answers).filter(([linkId]) => questionnaire.items.some((i) => i.linkId === linkId && isEnabled(i, answers))));
        of.save(ctx.journey, ctx.param ?? '', { questionnaireId: questionnaire.id, answers: kept, criteriaMet: criteriaMet(questionnaire.criteria, kept) });
        return { kind: 'redirect', to: `${of.reviewHref(ctx)}#line-${lineNumber}` };
      },
    },
  };
}

async function findLineQuestionnaire(ctx: StepContext, code: string): Promise<LineQuestionnaire> {
  const line = (await assessJourney(ctx.db, ctx.journey)).lines.find((l) => l.entry.code === code);
  const questionnaireId = line?.assessment.rule?.requirement === 'questionnaire' ? line.assessment.rule.questionnaire : undefined;
  const questionnaire = questionnaireId ? await findQuestionnaire(ctx.db, questionnaireId) : undefined;
  return line && questionnaire ? { questionnaire, code, lineNumber: line.lineNumber } : undefined;
}

/** The request wizard's Document Clinical: the answers kept by code in the journey, back to its review. */
export const documentClinicalStep: Step = documentClinicalStepOf<StepContext, Journey>({
  find: findLineQuestionnaire,
  saved: (journey, code) => journey.clinical[code],
  save(journey, code, answers) {
    journey.clinical[code] = answers;
    journey.clinicalAgain = (journey.clinicalAgain ?? []).filter((c) => c !== code);
  },
  reviewHref: (ctx) => stepUrl(ctx.journey, 'review'),
});
