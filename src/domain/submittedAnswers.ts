import { isEnabled, type Answers, type Questionnaire } from './questionnaire';

/**
 * Clinical answers that arrive through the Prior Authorization API (issue 15) as a FHIR
 * QuestionnaireResponse instead of the wizard's form: read as the plan's questionnaire's answers when
 * they answer it, else kept as the text the office sent. Pure.
 */
export interface SubmittedAnswers {
  /** The Questionnaire the response names (a canonical URL, perhaps with |version, or an id). */
  questionnaire?: string;
  answers: { linkId: string; text?: string; value: boolean | number | string; valueType: string }[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether the response names this questionnaire: its id, or a canonical URL ending in /Questionnaire/<id>. */
function names(submitted: SubmittedAnswers, questionnaire: Questionnaire): boolean {
  const named = submitted.questionnaire?.split('|')[0];
  return named === questionnaire.id || named?.endsWith(`/Questionnaire/${questionnaire.id}`) === true;
}

/**
 * The answers to the plan's questionnaire, when the response answers it: it names the questionnaire, or
 * names none and answers only its questions; and every answer has the type its question asks for (a
 * choice one of its options, a whole number within its limits, a date as YYYY-MM-DD). Undefined otherwise.
 */
export function answersFor(questionnaire: Questionnaire, submitted: SubmittedAnswers): Answers | undefined {
  const items = new Map(questionnaire.items.map((i) => [i.linkId, i]));
  if (submitted.answers.length === 0) return undefined;
  if (!names(submitted, questionnaire) && (submitted.questionnaire !== undefined || submitted.answers.some((a) => !items.has(a.linkId)))) return undefined;
  const answers: Answers = {};
  for (const a of submitted.answers) {
    const item = items.get(a.linkId);
    if (!item) return undefined;
    const v = a.value;
    const fits =
      item.type === 'boolean' ? typeof v === 'boolean'
      : item.type === 'integer' ? Number.isSafeInteger(v) && (item.minValue === undefined || (v as number) >= item.minValue) && (item.maxValue === undefined || (v as number) <= item.maxValue)
      : item.type === 'choice' ? typeof v === 'string' && (item.answerOption ?? []).some((o) => o.code === v)
      : item.type === 'date' ? typeof v === 'string' && DATE.test(v)
      : typeof v === 'string' && v.length <= 2000;
    if (!fits) return undefined;
    answers[a.linkId] = v;
  }
  // As the form does: an answer to a question that its enableWhen would not ask is ignored; a required
  // question that is asked but unanswered makes the answers incomplete.
  for (const item of questionnaire.items) {
    if (!isEnabled(item, answers)) delete answers[item.linkId];
    else if (item.required && answers[item.linkId] === undefined) return undefined;
  }
  return answers;
}

/**
 * A response the plan's questionnaires do not match, kept as sent: each question's text (else its
 * linkId) with its answer, shaped like the QuestionnaireResponse the request page shows.
 */
export function keptAsSubmitted(submitted: SubmittedAnswers, authored: string): object {
  return {
    resourceType: 'QuestionnaireResponse',
    ...(submitted.questionnaire ? { questionnaire: submitted.questionnaire } : {}),
    status: 'completed',
    authored,
    item: submitted.answers.map((a) => ({
      linkId: a.linkId,
      text: a.text ?? a.linkId,
      answer: [typeof a.value === 'boolean' ? { valueBoolean: a.value } : Number.isInteger(a.value) ? { valueInteger: a.value } : { valueString: String(a.value) }],
    })),
  };
}
