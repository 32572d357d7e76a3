import Joi from 'joi';
import type { CareSetting, CoverageRule } from './coverage';
import type { Criterion, Questionnaire } from './questionnaire';
import { parseDate } from './dates';

/**
 * A rules file: the plan's coverage rules, the service categories a request is filed under, and the
 * clinical questionnaires, as versioned data (src/seed/data/coverage-rules.json is the demo one).
 * parseRuleSet checks a file's shape and its cross-references before anything is loaded, and says
 * what is wrong in terms of the file ("rules[2] (lumbar-spine-mri): ...").
 */
export interface ServiceCategory {
  id: string;
  careSetting: CareSetting;
  name: string;
}

export interface RuleSet {
  version: string;
  effectiveDate: string;
  categories: ServiceCategory[];
  questionnaires: Questionnaire[];
  rules: CoverageRule[];
}

export class RuleSetError extends Error {
  constructor(readonly problems: string[]) {
    super(`The rules file has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
}

const id = Joi.string().pattern(/^[a-z0-9][a-z0-9-]*$/).max(80).messages({ 'string.pattern.base': '{{#label}} must be lower case letters, digits and hyphens' });
const answer = Joi.alternatives(Joi.boolean(), Joi.number(), Joi.string());
const codePattern = Joi.string().pattern(/^[A-Z0-9]{3,7}(-[A-Z0-9]{3,7})?$/).messages({ 'string.pattern.base': '{{#label}} must be a code (72148) or a range of codes (80320-80377)' });

const criterion: Joi.Schema = Joi.alternatives()
  .try(
    Joi.object({ all: Joi.array().items(Joi.link('#criterion')).min(1).required() }),
    Joi.object({ any: Joi.array().items(Joi.link('#criterion')).min(1).required() }),
    Joi.object({ question: Joi.string().required(), equals: answer.required() }),
    Joi.object({ question: Joi.string().required(), in: Joi.array().items(answer).min(1).required() }),
    Joi.object({ question: Joi.string().required(), atLeast: Joi.number().required() }),
  )
  .id('criterion')
  .messages({ 'alternatives.match': '{{#label}} must have all, any, or a question with equals, in or atLeast' });

const item = Joi.object({
  linkId: Joi.string().pattern(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/).max(80).required(),
  text: Joi.string().trim().min(1).max(1000).required(),
  type: Joi.string().valid('boolean', 'choice', 'integer', 'string', 'date').required(),
  required: Joi.boolean(),
  hint: Joi.string().max(1000),
  answerOption: Joi.array().items(Joi.object({ code: Joi.string().required(), display: Joi.string().required() })).min(1),
  enableWhen: Joi.array().items(Joi.object({ question: Joi.string().required(), operator: Joi.string().valid('=', '!=').required(), answer: answer.required() })).min(1),
  minValue: Joi.number().integer(),
  maxValue: Joi.number().integer(),
});

const schema = Joi.object({
  version: Joi.string().trim().min(1).max(40).required(),
  effectiveDate: Joi.string().required(),
  categories: Joi.array()
    .items(Joi.object({ id: id.required(), careSetting: Joi.string().valid('inpatient', 'outpatient').required(), name: Joi.string().trim().min(1).max(100).required() }))
    .min(1)
    .unique('id')
    .required(),
  questionnaires: Joi.array()
    .items(Joi.object({ id: id.required(), title: Joi.string().trim().min(1).max(200).required(), description: Joi.string().max(2000), items: Joi.array().items(item).min(1).unique('linkId').required(), criteria: criterion.required() }))
    .unique('id')
    .required(),
  rules: Joi.array()
    .items(
      Joi.object({
        id: id.required(),
        description: Joi.string().trim().min(1).max(1000).required(),
        codes: Joi.array().items(codePattern).min(1),
        careSetting: Joi.string().valid('inpatient', 'outpatient'),
        categories: Joi.array().items(Joi.string()).min(1),
        requirement: Joi.string().valid('none', 'questionnaire', 'review', 'not-covered').required(),
        questionnaire: Joi.string(),
        unitLimit: Joi.object({ units: Joi.number().integer().min(1).required(), per: Joi.string().valid('calendar-year').required() }),
      }),
    )
    .unique('id')
    .required(),
});

/** Reads a rules file (parsed JSON) into a RuleSet, or throws a RuleSetError listing every problem. */
export function parseRuleSet(data: unknown): RuleSet {
  const { value, error } = schema.validate(data, { abortEarly: false, convert: false });
  if (error) throw new RuleSetError(error.details.map((d) => `${pathOf(d.path)}: ${d.message.replace(/^"[^"]*" /, '')}`));
  const ruleSet = value as RuleSet;
  const problems = crossReferenceProblems(ruleSet);
  if (problems.length > 0) throw new RuleSetError(problems);
  return ruleSet;
}

function pathOf(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`)).join('') || 'the file';
}

function crossReferenceProblems(ruleSet: RuleSet): string[] {
  const problems: string[] = [];
  if (!parseDate(ruleSet.effectiveDate) || !/^\d{4}-\d{2}-\d{2}$/.test(ruleSet.effectiveDate)) problems.push(`effectiveDate: "${ruleSet.effectiveDate}" is not a date as YYYY-MM-DD`);
  const categoryIds = new Set(ruleSet.categories.map((c) => c.id));
  const questionnaires = new Map(ruleSet.questionnaires.map((q) => [q.id, q]));

  ruleSet.questionnaires.forEach((q, qi) => {
    const where = `questionnaires[${qi}] (${q.id})`;
    const seen = new Set<string>();
    q.items.forEach((it, ii) => {
      if (it.type === 'choice' && !it.answerOption) problems.push(`${where}.items[${ii}] (${it.linkId}): a choice question needs answerOption`);
      if (it.type !== 'choice' && it.answerOption) problems.push(`${where}.items[${ii}] (${it.linkId}): answerOption is only for a choice question`);
      for (const cond of it.enableWhen ?? []) {
        if (!seen.has(cond.question)) problems.push(`${where}.items[${ii}] (${it.linkId}): enableWhen refers to "${cond.question}", which is not an earlier question`);
      }
      seen.add(it.linkId);
    });
    for (const question of questionsIn(q.criteria)) {
      if (!seen.has(question)) problems.push(`${where}.criteria refers to "${question}", which is not a question of ${q.id}`);
    }
  });

  ruleSet.rules.forEach((rule, ri) => {
    const where = `rules[${ri}] (${rule.id})`;
    if (rule.requirement === 'questionnaire') {
      if (!rule.questionnaire) problems.push(`${where}: a questionnaire rule needs "questionnaire"`);
      else if (!questionnaires.has(rule.questionnaire)) problems.push(`${where}: questionnaire "${rule.questionnaire}" is not one of the questionnaires in the file`);
    } else if (rule.questionnaire) {
      problems.push(`${where}: "questionnaire" is only for a rule whose requirement is questionnaire`);
    }
    if (rule.unitLimit && rule.requirement !== 'none') problems.push(`${where}: a unit limit is only for a rule whose requirement is none`);
    for (const c of rule.categories ?? []) {
      if (!categoryIds.has(c)) problems.push(`${where}: category "${c}" is not one of the categories in the file`);
    }
    for (const pattern of rule.codes ?? []) {
      const [from, to] = pattern.split('-');
      if (to !== undefined && from !== undefined && (from.length !== to.length || from > to)) {
        problems.push(`${where}: the range ${pattern} must run from a lower to a higher code of the same length`);
      }
    }
  });
  return problems;
}

function questionsIn(criterion: Criterion): string[] {
  if ('all' in criterion) return criterion.all.flatMap(questionsIn);
  if ('any' in criterion) return criterion.any.flatMap(questionsIn);
  return [criterion.question];
}
