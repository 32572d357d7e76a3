import type { Db } from '../../db/database';
import { DIAGNOSIS_SYSTEMS, findCode, PROCEDURE_SYSTEMS } from '../../db/repositories/codes';
import { listCategories, listCoverageRules } from '../../db/repositories/coverageRules';
import { unitsRequested } from '../../db/repositories/requests';
import { assessLine, categoriesElsewhere, requestType, ruleFor, submitBlockers, type CoverageRule, type LineAssessment, type ServiceContext } from '../../domain/coverage';
import type { Journey, ProcedureEntry } from './journey';
import { compactCode } from '../../domain/codeFormats';
import { formatDate } from '../../domain/dates';
import type { FieldError } from '../../validation';

export interface AssessedLine {
  lineNumber: number;
  entry: ProcedureEntry;
  description: string;
  /** Whether the code is in force on the start date of service. */
  inForce: boolean;
  assessment: LineAssessment;
  /** The categories the code's coverage rule is filed under, when the request is filed under another. */
  belongsTo: { id: string; name: string }[];
}

export interface JourneyAssessment {
  categoryName: string;
  requestType: string;
  lines: AssessedLine[];
  /** Why the request cannot be submitted yet, each tied to the part of the review page concerned; empty when it can. */
  blockers: FieldError[];
}

/**
 * Applies the coverage rules to every procedure line of a journey: what the review page shows, and
 * what submitting stores. Units already requested for the member (by submitted requests) count
 * towards unit limits.
 */
export async function assessJourney(db: Db, journey: Journey): Promise<JourneyAssessment> {
  const setting = journey.answers.careSetting;
  const service = journey.answers.service;
  if (!setting || !service) throw new Error('assessJourney needs the care setting and service details');
  const [rules, categories] = await Promise.all([listCoverageRules(db), listCategories(db)]);
  const categoryName = categories.find((c) => c.id === setting.categoryId)?.name ?? setting.categoryId;

  const used = await unitsAlreadyRequested(db, rules, setting, journey.memberId, journey.answers.procedures.map((p) => ({ code: p.code, fromDate: service.startDate })));

  const lines: AssessedLine[] = [];
  for (const [i, entry] of journey.answers.procedures.entries()) {
    const assessment = assessLine(
      { code: entry.code, units: entry.units, fromDate: service.startDate },
      {
        rules,
        context: setting,
        unitsUsed: (code, year) => used.get(`${code}|${year}`) ?? 0,
        criteriaMetFor: (code, questionnaireId) => {
          // Answers to another questionnaire (the care setting changed since) do not count.
          const clinical = journey.clinical[code];
          return clinical?.questionnaireId === questionnaireId ? clinical.criteriaMet : undefined;
        },
      },
    );
    // One look-up in the usual case: the code as in force on the date; only a code no longer in force is looked up again for its description.
    const inForce = await findCode(db, PROCEDURE_SYSTEMS, compactCode(entry.code), service.startDate);
    const code = inForce ?? (await findCode(db, PROCEDURE_SYSTEMS, compactCode(entry.code)));
    const belongsTo = filedElsewhere(rules, categories, entry.code, setting);
    lines.push({ lineNumber: i + 1, entry, description: code?.description ?? '', inForce: Boolean(inForce), assessment, belongsTo });
  }
  return {
    categoryName,
    requestType: requestType(categoryName, lines.map((l) => l.assessment)),
    lines,
    blockers: [...(await codesNotInForce(db, journey, service.startDate, lines)), ...otherCategoryBlockers(lines, categoryName), ...ruleBlockers(lines)],
  };
}

/**
 * Units of each code already requested for the member in the line's calendar year, keyed `code|year`,
 * for the coverage rules' unit limits: only where a rule limits them (one query per limited code, no
 * more). An update leaves out its own authorization, whose new version replaces those units.
 */
export async function unitsAlreadyRequested(db: Db, rules: readonly CoverageRule[], setting: ServiceContext, memberId: number, lines: readonly { code: string; fromDate: string }[], exceptAuthorization?: string): Promise<Map<string, number>> {
  const used = new Map<string, number>();
  for (const l of lines) {
    const year = Number(l.fromDate.slice(0, 4));
    if (ruleFor(rules, l.code, setting)?.unitLimit) used.set(`${l.code}|${year}`, await unitsRequested(db, memberId, l.code, year, exceptAuthorization));
  }
  return used;
}

/** The categories (id and name) a code's coverage rule is filed under, when the request is filed under another. */
export function filedElsewhere(rules: readonly CoverageRule[], categories: readonly { id: string; name: string }[], code: string, setting: ServiceContext): { id: string; name: string }[] {
  return categoriesElsewhere(rules, code, setting).map((id) => ({ id, name: categories.find((c) => c.id === id)?.name ?? id }));
}

/** What to say of a line whose code belongs to another category than the request's. */
export function otherCategoryMessage(code: string, belongsTo: readonly { name: string }[], categoryName: string): string {
  const names = belongsTo.map((c) => c.name).join(' or ');
  return `${code} is filed under ${names}, not ${categoryName}: change the request's category, or remove this line`;
}

function otherCategoryBlockers(lines: AssessedLine[], categoryName: string): FieldError[] {
  return lines.filter((l) => l.belongsTo.length > 0).map((l) => ({ field: `line-${l.lineNumber}`, message: otherCategoryMessage(l.entry.code, l.belongsTo, categoryName) }));
}

function ruleBlockers(lines: AssessedLine[]): FieldError[] {
  return lines.flatMap((l) => submitBlockers([{ code: l.entry.code, assessment: l.assessment }]).map((message) => ({ field: `line-${l.lineNumber}`, message })));
}

/**
 * Codes are checked against the date of service when they are added; the dates can change after
 * that, so submitting checks them again.
 */
async function codesNotInForce(db: Db, journey: Journey, startDate: string, lines: AssessedLine[]): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  const message = (code: string) => `${code} is not in force on ${formatDate(startDate)}, the start date of service: change the code or the dates of service`;
  for (const code of journey.answers.diagnoses) {
    if (!(await findCode(db, DIAGNOSIS_SYSTEMS, compactCode(code), startDate))) problems.push({ field: 'diagnoses', message: message(code) });
  }
  for (const l of lines) if (!l.inForce) problems.push({ field: `line-${l.lineNumber}`, message: message(l.entry.code) });
  return problems;
}
