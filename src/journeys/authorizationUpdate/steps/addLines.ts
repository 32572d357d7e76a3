import { addedLineProblem } from '../../../domain/authorizationUpdate';
import { compactCode } from '../../../domain/codeFormats';
import { clinicalAfterRemoval } from '../../../domain/updateClinical';
import { textOf } from '../../../validation';
import { checkCode, lookUpCode, searchResults, type CodeLookup } from '../../priorAuth/codeEntry';
import { readUnits } from '../../priorAuth/steps/codeListStep';
import { errorsOutcome, type ActionOutcome } from '../../engine/step';
import { currentLines, type UpdateContext, type UpdateStep } from '../step';

const FIELD = 'procedureCode';

/** Adds a line: the code checked by the request's own code look-up (in force on the start date of service), and its units. */
async function add(ctx: UpdateContext, body: Record<string, unknown>, lookup: CodeLookup): Promise<ActionOutcome> {
  if (lookup.kind === 'error') return errorsOutcome([{ field: FIELD, message: lookup.message }]);
  if (lookup.kind === 'search') {
    ctx.journey.search = { text: lookup.text, units: textOf(body.units).trim().slice(0, 4) };
    return { kind: 'stay', anchor: 'search-results' };
  }
  const units = readUnits(body);
  if (units.error || units.units === undefined) return errorsOutcome([units.error ?? { field: 'units', message: 'Enter the number of units requested, from 1 to 9999' }]);
  const problem = addedLineProblem(currentLines(ctx), ctx.journey.added, lookup.code.code);
  if (problem) return errorsOutcome([{ field: FIELD, message: problem }]);
  ctx.journey.added = [...ctx.journey.added, { code: lookup.code.code, system: lookup.code.system, units: units.units }];
  delete ctx.journey.search;
  return { kind: 'stay', anchor: 'added-lines' };
}

/** Lines to add, if any: a code (or words to search for one) and its units; then Continue. */
export const addLinesStep: UpdateStep = {
  slug: 'add-lines',
  title: 'Add a line',
  view: 'priorAuth/update/addLines',
  isComplete: (journey) => journey.addedConfirmed,
  storedValues: (journey) => ({ [FIELD]: '', units: journey.search?.units ?? '' }),

  async viewModel(ctx, form) {
    const query = ctx.journey.search?.text;
    const results = await searchResults(ctx.db, 'procedure', query, ctx.request.startDate);
    return {
      heading: `Add a line to request ${ctx.request.referenceNumber} (optional)`,
      added: ctx.journey.added,
      query,
      results: results.map((c) => ({ code: c.code, description: c.description ?? '', alreadyAdded: ctx.journey.added.some((a) => a.code === c.code) || ctx.request.lines.some((l) => l.code === c.code) })),
      codeValue: form.values[FIELD] ?? '',
      unitsValue: form.values.units ?? '',
    };
  },

  // Adding or removing a line depends on nothing but the list itself.
  reapplyOnConflict: ['add', 'remove'],

  actions: {
    async add(ctx, body, arg) {
      const lookup = arg ? await checkCode(ctx.db, 'procedure', compactCode(arg), ctx.request.startDate) : await lookUpCode(ctx.db, 'procedure', textOf(body[FIELD]), ctx.request.startDate);
      return add(ctx, body, lookup);
    },
    async remove(ctx, _body, arg) {
      if (ctx.journey.clinical) ctx.journey.clinical = clinicalAfterRemoval(currentLines(ctx), ctx.journey.added, arg ?? '', ctx.journey.clinical);
      ctx.journey.added = ctx.journey.added.filter((a) => a.code !== arg);
      return { kind: 'stay', anchor: 'added-lines' };
    },
    async continue(ctx) {
      ctx.journey.addedConfirmed = true;
      delete ctx.journey.search;
      return { kind: 'next' };
    },
  },
};
