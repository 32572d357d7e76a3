import { formatDate, parseDate } from './dates';

/**
 * Clinical questionnaires, shaped after FHIR R4 Questionnaire (items with linkId, text, type,
 * required, answerOption, enableWhen) so that answers can be stored and exchanged as a
 * QuestionnaireResponse (Da Vinci DTR). The criteria expression says when the plan's criteria are met.
 */
export type ItemType = 'boolean' | 'choice' | 'integer' | 'string' | 'date';
export type Answer = boolean | number | string;
export type Answers = Record<string, Answer>;

export interface EnableWhen {
  question: string;
  operator: '=' | '!=';
  answer: Answer;
}

export interface QuestionnaireItem {
  linkId: string;
  text: string;
  type: ItemType;
  required?: boolean;
  hint?: string;
  answerOption?: { code: string; display: string }[];
  enableWhen?: EnableWhen[];
  minValue?: number;
  maxValue?: number;
}

export type Criterion =
  | { all: Criterion[] }
  | { any: Criterion[] }
  | { question: string; equals: Answer }
  | { question: string; in: Answer[] }
  | { question: string; atLeast: number };

export interface Questionnaire {
  id: string;
  title: string;
  description?: string;
  items: QuestionnaireItem[];
  criteria: Criterion;
}

/** enableWhen: an item whose conditions are not all true is not asked, and its answer is ignored. */
export function isEnabled(item: QuestionnaireItem, answers: Answers): boolean {
  return (item.enableWhen ?? []).every((cond) => {
    const given = answers[cond.question];
    return cond.operator === '=' ? given === cond.answer : given !== cond.answer;
  });
}

export interface AnswerError {
  linkId: string;
  message: string;
}

/**
 * Reads the posted form (one field per linkId, strings as a browser sends them) into typed answers.
 * Items are read in order so that an enableWhen can depend on an earlier answer.
 */
export function readAnswers(questionnaire: Questionnaire, form: Record<string, unknown>): { answers: Answers; errors: AnswerError[] } {
  const answers: Answers = {};
  const errors: AnswerError[] = [];
  questionnaire.items.forEach((item, index) => {
    if (!isEnabled(item, answers)) return;
    const raw = typeof form[item.linkId] === 'string' ? (form[item.linkId] as string).trim() : '';
    const label = `question ${index + 1}`;
    if (raw === '') {
      if (item.required) errors.push({ linkId: item.linkId, message: requiredMessage(item, label) });
      return;
    }
    switch (item.type) {
      case 'boolean':
        if (raw === 'yes' || raw === 'no') answers[item.linkId] = raw === 'yes';
        else errors.push({ linkId: item.linkId, message: `Select Yes or No for ${label}` });
        break;
      case 'choice':
        if (item.answerOption?.some((o) => o.code === raw)) answers[item.linkId] = raw;
        else errors.push({ linkId: item.linkId, message: `Select one of the options for ${label}` });
        break;
      case 'integer': {
        const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
        if (!Number.isSafeInteger(n)) errors.push({ linkId: item.linkId, message: `Answer ${label} with a whole number` });
        else if (item.minValue !== undefined && n < item.minValue) errors.push({ linkId: item.linkId, message: `The answer to ${label} must be ${item.minValue} or more` });
        else if (item.maxValue !== undefined && n > item.maxValue) errors.push({ linkId: item.linkId, message: `The answer to ${label} must be ${item.maxValue} or less` });
        else answers[item.linkId] = n;
        break;
      }
      case 'date': {
        const iso = parseDate(raw);
        if (iso) answers[item.linkId] = iso;
        else errors.push({ linkId: item.linkId, message: `Enter the answer to ${label} as a real date, like 03/25/2026` });
        break;
      }
      case 'string':
        if (raw.length > 2000) errors.push({ linkId: item.linkId, message: `The answer to ${label} must be 2000 characters or fewer` });
        else answers[item.linkId] = raw;
        break;
    }
  });
  return { answers, errors };
}

function requiredMessage(item: QuestionnaireItem, label: string): string {
  switch (item.type) {
    case 'boolean':
      return `Select Yes or No for ${label}`;
    case 'choice':
      return `Select an answer for ${label}`;
    default:
      return `Answer ${label}`;
  }
}

export function criteriaMet(criterion: Criterion, answers: Answers): boolean {
  if ('all' in criterion) return criterion.all.every((c) => criteriaMet(c, answers));
  if ('any' in criterion) return criterion.any.some((c) => criteriaMet(c, answers));
  const given = answers[criterion.question];
  if (given === undefined) return false;
  if ('equals' in criterion) return given === criterion.equals;
  if ('in' in criterion) return criterion.in.includes(given);
  return typeof given === 'number' && given >= criterion.atLeast;
}

/** Answers as a FHIR R4 QuestionnaireResponse, the shape they are stored in. */
export function toQuestionnaireResponse(questionnaire: Questionnaire, answers: Answers, authored: string): object {
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: questionnaire.id,
    status: 'completed',
    authored,
    item: questionnaire.items
      .filter((item) => answers[item.linkId] !== undefined)
      .map((item) => ({ linkId: item.linkId, text: item.text, answer: [fhirAnswer(item, answers[item.linkId] as Answer)] })),
  };
}

function fhirAnswer(item: QuestionnaireItem, value: Answer): object {
  switch (item.type) {
    case 'boolean':
      return { valueBoolean: value };
    case 'integer':
      return { valueInteger: value };
    case 'date':
      return { valueDate: value };
    case 'choice': {
      const option = item.answerOption?.find((o) => o.code === value);
      return { valueCoding: { code: value, display: option?.display } };
    }
    default:
      return { valueString: value };
  }
}

/**
 * The questions and answers of a stored QuestionnaireResponse, as a person reads them (Yes/No, the
 * option's display, a date as MM/DD/YYYY), in the order they were asked. Anything unreadable is skipped.
 */
export function answeredQuestions(response: unknown): { question: string; answer: string }[] {
  const items = (response as { item?: unknown } | null)?.item;
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: { text?: unknown; answer?: unknown }) => {
    const [first] = Array.isArray(item.answer) ? (item.answer as Record<string, unknown>[]) : [];
    const answer = first ? readableAnswer(first) : undefined;
    return typeof item.text === 'string' && answer !== undefined ? [{ question: item.text, answer }] : [];
  });
}

function readableAnswer(a: Record<string, unknown>): string | undefined {
  if (typeof a.valueBoolean === 'boolean') return a.valueBoolean ? 'Yes' : 'No';
  if (typeof a.valueInteger === 'number') return String(a.valueInteger);
  if (typeof a.valueDate === 'string') return formatDate(a.valueDate);
  if (typeof a.valueString === 'string') return a.valueString;
  const coding = a.valueCoding as { code?: unknown; display?: unknown } | undefined;
  if (coding) return typeof coding.display === 'string' ? coding.display : typeof coding.code === 'string' ? coding.code : undefined;
  return undefined;
}
