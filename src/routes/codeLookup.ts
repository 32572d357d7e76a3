import { Router } from 'express';
import type { Db } from '../db/database';
import { DIAGNOSIS_SYSTEMS, findCode, PROCEDURE_SYSTEMS, searchCodes, type Code } from '../db/repositories/codes';
import { currentRuleSetVersion, listCategories, listCoverageRules, listQuestionnaireTitles } from '../db/repositories/coverageRules';
import { codeSearchTerms } from '../domain/codeSearch';
import { authorizationNotes, type AuthorizationNote } from '../domain/coverageLookup';
import { formatDate, today } from '../domain/dates';
import { textOf, type FieldError } from '../validation';

/** Rows shown at most; the page says when there are more. */
export const LOOKUP_LIMIT = 50;

/** Both kinds unless one is chosen: the page's own example, 72148, is a procedure code. */
const TYPES = {
  any: { label: 'Diagnosis or procedure', caption: 'Codes', systems: [...DIAGNOSIS_SYSTEMS, ...PROCEDURE_SYSTEMS], noun: 'codes' },
  diagnosis: { label: 'Diagnosis', caption: 'Diagnosis codes', systems: DIAGNOSIS_SYSTEMS, noun: 'diagnosis codes' },
  procedure: { label: 'Procedure', caption: 'Procedure codes', systems: PROCEDURE_SYSTEMS, noun: 'procedure codes' },
} as const;
type CodeType = keyof typeof TYPES;

function inForce(code: Code, on: string): string {
  if (code.effectiveTo && code.effectiveTo < on) return `Ended ${formatDate(code.effectiveTo)}`;
  if (code.effectiveFrom && code.effectiveFrom > on) return `From ${formatDate(code.effectiveFrom)}`;
  if (code.effectiveTo) return `Until ${formatDate(code.effectiveTo)}`;
  return code.effectiveFrom ? `Since ${formatDate(code.effectiveFrom)}` : 'Yes';
}

/**
 * "Code lookup": one search for diagnosis and procedure codes, by code (with or without the dot, or
 * its start) or by words of the description, the same search the request wizard's code fields use.
 * For a procedure code it tells, per care setting, whether prior authorization is required and under
 * which rule. A search is a GET form: the address can be bookmarked and Back works.
 */
export function codeLookupRouter(db: Db): Router {
  const router = Router();

  router.get('/codes', async (req, res) => {
    // Express parses the query string again on every read of req.query: once is enough.
    const query = req.query;
    const q = textOf(query.q).trim();
    const typeText = textOf(query.type) || 'any';
    const searched = 'q' in query;
    const errors: FieldError[] = [];
    if (searched && q === '') errors.push({ field: 'q', message: 'Enter a code or words of its description' });
    if (q.length > 100) errors.push({ field: 'q', message: 'Search codes must be 100 characters or fewer' });
    if (!Object.hasOwn(TYPES, typeText)) errors.push({ field: 'type', message: 'Select the code type' });
    const type: CodeType = Object.hasOwn(TYPES, typeText) ? (typeText as CodeType) : 'any';
    const { caption, systems, noun } = TYPES[type];

    let results;
    if (searched && errors.length === 0) {
      const on = today();
      const found = await searchCodes(db, systems, q, LOOKUP_LIMIT + 1);
      const exactCategory = await categoryTyped(db, systems, q);
      const isProcedure = (c: Code) => PROCEDURE_SYSTEMS.includes(c.system);
      const coverage = found.some(isProcedure) ? await coverageData(db) : undefined;
      results = {
        caption: `${caption} matching "${q}"`,
        empty: `No ${noun} match "${q}". Check the spelling, or search by the start of the code.`,
        more: found.length > LOOKUP_LIMIT ? `Showing the first ${LOOKUP_LIMIT} matches. Add words, or more of the code, to narrow the search.` : undefined,
        category: exactCategory ? `${exactCategory} is a category: a request needs one of the more specific codes below.` : undefined,
        rulesVersion: coverage
          ? coverage.version
            ? `Based on the coverage rules in force from ${formatDate(coverage.version.effectiveDate)}.`
            : 'No coverage rules are loaded: every procedure is pended for clinical review.'
          : undefined,
        rows: found.slice(0, LOOKUP_LIMIT).map((c) => ({
          code: c.code,
          description: c.description ?? '',
          matched: c.matched,
          inForce: inForce(c, on),
          authorization:
            coverage && isProcedure(c)
              ? notesFor(c.code, coverage).map((n) => ({
                  setting: n.categories ? `${n.careSetting} (${n.categories.join(', ')})` : n.careSetting,
                  summary: n.summary,
                  rule: n.ruleDescription ?? '',
                }))
              : [],
        })),
      };
    }

    res.status(errors.length > 0 ? 422 : 200).render('codes/lookup', {
      title: `${errors.length > 0 ? 'Error: ' : ''}Code lookup`,
      errors,
      values: { q: textOf(query.q), type },
      typeOptions: (Object.keys(TYPES) as CodeType[]).map((t) => ({ value: t, text: TYPES[t].label, selected: t === type })),
      procedure: Boolean(results?.rulesVersion),
      results,
    });
  });

  return router;
}

/** The code typed, when it is a category (F11.2): the results then list the codes under it. */
async function categoryTyped(db: Db, systems: readonly Code['system'][], q: string): Promise<string | undefined> {
  const { codePrefix } = codeSearchTerms(q);
  if (!codePrefix) return undefined;
  const code = await findCode(db, systems, codePrefix);
  return code && !code.billable ? code.code : undefined;
}

async function coverageData(db: Db) {
  const [rules, categories, titles, version] = await Promise.all([listCoverageRules(db), listCategories(db), listQuestionnaireTitles(db), currentRuleSetVersion(db)]);
  return { rules, categories, titles, version };
}

/**
 * A code's notes, worked out once for each set of rules, categories and questionnaire titles (the
 * objects kept in memory until any of them changes: cacheGenerations.ts) rather than for every row of
 * every search; a change gives new objects, so new notes.
 */
const notesMemo = new WeakMap<object, WeakMap<object, WeakMap<object, Map<string, AuthorizationNote[]>>>>();
const MAX_MEMO_CODES = 5000;
function notesFor(code: string, coverage: Awaited<ReturnType<typeof coverageData>>): AuthorizationNote[] {
  const { rules, categories, titles } = coverage;
  let byCategories = notesMemo.get(rules);
  if (!byCategories) notesMemo.set(rules, (byCategories = new WeakMap()));
  let byTitles = byCategories.get(categories);
  if (!byTitles) byCategories.set(categories, (byTitles = new WeakMap()));
  let byCode = byTitles.get(titles);
  if (!byCode) byTitles.set(titles, (byCode = new Map()));
  let notes = byCode.get(code);
  if (!notes) {
    notes = authorizationNotes(code, rules, categories, titles);
    if (byCode.size >= MAX_MEMO_CODES) byCode.clear();
    byCode.set(code, notes);
  }
  return notes;
}
