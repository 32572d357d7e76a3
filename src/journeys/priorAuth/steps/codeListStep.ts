import { findCode, DIAGNOSIS_SYSTEMS, PROCEDURE_SYSTEMS } from '../../../db/repositories/codes';
import { compactCode, type CodeSystem } from '../../../domain/codeFormats';
import { textOf, type FieldError } from '../../../validation';
import { checkCode, lookUpCode, searchResults, type CodeKind } from '../codeEntry';
import type { Journey } from '../journey';
import { errorsOutcome, type ActionOutcome, type Step, type StepContext } from '../step';

interface Entry {
  code: string;
  system: CodeSystem;
  units?: number;
}

interface CodeListConfig {
  slug: string;
  title: string;
  kind: CodeKind;
  /** Control id and name of the code field, and its label. */
  field: string;
  label: string;
  hint: string;
  addButton: string;
  /** X12 837 carries at most 12 diagnosis codes; a request keeps its procedure lines to a page. */
  max: number;
  withUnits: boolean;
  entries(journey: Journey): Entry[];
  setEntries(journey: Journey, entries: Entry[]): void;
  confirmed(journey: Journey): boolean;
  confirm(journey: Journey): void;
}

const UNITS_MESSAGE = 'Enter the units as a whole number from 1 to 9999';

/** The units typed beside a procedure code (shared with adding a line to an authorization, issue 14). */
export function readUnits(body: Record<string, unknown>): { units?: number; error?: FieldError } {
  const text = textOf(body.units).trim();
  if (text === '') return { error: { field: 'units', message: 'Enter the number of units requested, from 1 to 9999' } };
  if (!/^\d{1,4}$/.test(text) || Number(text) < 1) return { error: { field: 'units', message: UNITS_MESSAGE } };
  return { units: Number(text) };
}

/**
 * A page that builds a list of codes: type a code (or words to search for one) and "Add", remove a
 * code, make one primary, continue. Diagnoses and procedures are the same page with different words.
 */
export function codeListStep(config: CodeListConfig): Step {
  const startDate = (journey: Journey) => journey.answers.service?.startDate ?? journey.dateOfService;

  async function add(ctx: StepContext, body: Record<string, unknown>, lookup: Awaited<ReturnType<typeof lookUpCode>>): Promise<ActionOutcome> {
    if (lookup.kind === 'error') return errorsOutcome([{ field: config.field, message: lookup.message }]);
    const { journey } = ctx;
    if (lookup.kind === 'search') {
      journey.searches[config.kind] = lookup.text;
      if (config.withUnits) journey.searches.procedureUnits = textOf(body.units).trim().slice(0, 4);
      return { kind: 'stay', anchor: 'search-results' };
    }
    let units: number | undefined;
    if (config.withUnits) {
      const read = readUnits(body);
      if (read.error) return errorsOutcome([read.error]);
      units = read.units;
    }
    const entries = config.entries(journey);
    if (entries.some((e) => e.code === lookup.code.code)) {
      return errorsOutcome([{ field: config.field, message: `${lookup.code.code} is already on this request` }]);
    }
    if (entries.length >= config.max) {
      return errorsOutcome([{ field: config.field, message: `A request can have up to ${config.max} ${config.kind} codes` }]);
    }
    config.setEntries(journey, [...entries, { code: lookup.code.code, system: lookup.code.system, units }]);
    delete journey.searches[config.kind];
    delete journey.searches.procedureUnits;
    return { kind: 'stay', anchor: 'code-list' };
  }

  return {
    slug: config.slug,
    title: config.title,
    view: 'priorAuth/codeList',

    isComplete: (journey) => config.confirmed(journey) && config.entries(journey).length > 0,

    storedValues: (journey) => ({ [config.field]: '', units: config.withUnits ? (journey.searches.procedureUnits ?? '') : '' }),

    async viewModel(ctx, form) {
      const { journey, db } = ctx;
      const entries = config.entries(journey);
      const systems = config.kind === 'diagnosis' ? DIAGNOSIS_SYSTEMS : PROCEDURE_SYSTEMS;
      const rows = await Promise.all(
        entries.map(async (e, i) => ({
          code: e.code,
          units: e.units,
          description: (await findCode(db, systems, compactCode(e.code)))?.description ?? '',
          primary: i === 0,
        })),
      );
      const query = journey.searches[config.kind];
      const results = await searchResults(db, config.kind, query, startDate(journey));
      return {
        config: { kind: config.kind, field: config.field, label: config.label, hint: config.hint, addButton: config.addButton, withUnits: config.withUnits },
        rows,
        query,
        results: results.map((c) => ({ code: c.code, description: c.description ?? '', matched: c.matched, alreadyAdded: entries.some((e) => e.code === c.code) })),
        codeValue: form.values[config.field] ?? '',
        unitsValue: form.values.units ?? '',
      };
    },

    // Adding, removing or choosing the primary code depends on nothing but the list itself.
    reapplyOnConflict: ['add', 'remove', 'primary'],

    actions: {
      async add(ctx, body, arg) {
        const date = startDate(ctx.journey);
        const lookup = arg ? await checkCode(ctx.db, config.kind, compactCode(arg), date) : await lookUpCode(ctx.db, config.kind, textOf(body[config.field]), date);
        return add(ctx, body, lookup);
      },

      async remove(ctx, _body, arg) {
        config.setEntries(ctx.journey, config.entries(ctx.journey).filter((e) => e.code !== arg));
        delete ctx.journey.clinical[arg];
        return { kind: 'stay', anchor: 'code-list' };
      },

      async primary(ctx, _body, arg) {
        const entries = config.entries(ctx.journey);
        const chosen = entries.find((e) => e.code === arg);
        if (chosen) config.setEntries(ctx.journey, [chosen, ...entries.filter((e) => e !== chosen)]);
        return { kind: 'stay', anchor: 'code-list' };
      },

      async continue(ctx, body) {
        // A code typed and then "Continue" is added first, as the provider clearly meant.
        if (textOf(body[config.field]).trim() !== '') {
          const outcome = await add(ctx, body, await lookUpCode(ctx.db, config.kind, textOf(body[config.field]), startDate(ctx.journey)));
          if (outcome.kind === 'errors' || ctx.journey.searches[config.kind] !== undefined) return outcome;
        }
        if (config.entries(ctx.journey).length === 0) {
          return errorsOutcome([{ field: config.field, message: `Add at least one ${config.kind} code` }]);
        }
        config.confirm(ctx.journey);
        return { kind: 'next' };
      },
    },
  };
}

