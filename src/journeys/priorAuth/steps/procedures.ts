import { listCategories, listCoverageRules } from '../../../db/repositories/coverageRules';
import { filedElsewhere, otherCategoryMessage } from '../assessment';
import { fileUnder } from '../category';
import type { Step } from '../step';
import { codeListStep } from './codeListStep';

const procedureList = codeListStep({
  slug: 'procedures',
  title: 'Procedure codes',
  kind: 'procedure',
  field: 'procedureCode',
  label: 'Procedure code',
  hint: 'A CPT or HCPCS code such as 80324 or G0480, or words of its description. The first code is the primary procedure.',
  addButton: 'Add procedure',
  max: 25,
  withUnits: true,
  entries: (journey) => journey.answers.procedures.map((p) => ({ code: p.code, system: p.system, units: p.units })),
  setEntries: (journey, entries) => {
    journey.answers.procedures = entries.map((e) => ({ code: e.code, system: e.system, units: e.units ?? 1 }));
  },
  confirmed: (journey) => journey.answers.proceduresConfirmed === true,
  confirm: (journey) => {
    journey.answers.proceduresConfirmed = true;
  },
});

/**
 * The procedure codes: the list of codes, and for a code whose coverage rule is filed under another
 * category than the request's, a message that says which, with a button to file the request under
 * that category (or the line's own Remove).
 */
export const proceduresStep: Step = {
  ...procedureList,

  async viewModel(ctx, form) {
    // The list looks each code up once, for its description; which category a code's rule is filed
    // under needs the rules alone, not the whole assessment (which looks every code up again).
    const model = (await procedureList.viewModel?.(ctx, form)) ?? {};
    const setting = ctx.journey.answers.careSetting;
    if (!setting) return model;
    const [rules, categories] = await Promise.all([listCoverageRules(ctx.db), listCategories(ctx.db)]);
    const categoryName = categories.find((c) => c.id === setting.categoryId)?.name ?? setting.categoryId;
    const rows = (model.rows as { code: string }[]).map((row) => {
      const belongsTo = filedElsewhere(rules, categories, row.code, setting);
      return belongsTo.length > 0 ? { ...row, elsewhere: { message: otherCategoryMessage(row.code, belongsTo, categoryName), categories: belongsTo } } : row;
    });
    return { ...model, rows };
  },

  actions: {
    ...procedureList.actions,

    /** "File under Advanced imaging": the request's category changes, and the rules apply afresh. */
    async category(ctx, _body, categoryId) {
      const category = (await listCategories(ctx.db)).find((c) => c.id === categoryId);
      if (category) await fileUnder(ctx, { careSetting: category.careSetting, categoryId: category.id });
      return { kind: 'stay', anchor: 'code-list' };
    },
  },
};
