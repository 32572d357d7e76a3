import Joi from 'joi';
import { listCategories, type ServiceCategory } from '../../../db/repositories/coverageRules';
import type { CareSetting } from '../../../domain/coverage';
import { choice } from '../../../validation';
import { fileUnder } from '../category';
import type { Step } from '../step';

const schemas = new WeakMap<readonly ServiceCategory[], Joi.ObjectSchema>();

function careSettingSchema(categories: readonly ServiceCategory[]): Joi.ObjectSchema {
  return Joi.object({
    careSetting: choice('care setting', ['inpatient', 'outpatient']).messages({
      'any.required': 'Select Inpatient or Outpatient',
      'string.empty': 'Select Inpatient or Outpatient',
      'any.only': 'Select Inpatient or Outpatient',
      'string.base': 'Select Inpatient or Outpatient',
    }),
    categoryId: choice('category', categories.map((c) => c.id)),
  });
}

const SETTINGS: { value: CareSetting; label: string }[] = [
  { value: 'inpatient', label: 'Inpatient' },
  { value: 'outpatient', label: 'Outpatient' },
];

export const careSettingStep: Step = {
  slug: 'care-setting',
  title: 'Care setting and category',
  view: 'priorAuth/careSetting',

  isComplete: (journey) => journey.answers.careSetting !== undefined,

  storedValues: (journey) => ({ careSetting: journey.answers.careSetting?.careSetting ?? '', categoryId: journey.answers.careSetting?.categoryId ?? '' }),

  async viewModel(ctx, form) {
    const categories = await listCategories(ctx.db);
    return {
      settings: SETTINGS.map((s) => ({ ...s, checked: form.values.careSetting === s.value })),
      categoryGroups: SETTINGS.map((s) => ({
        label: s.label,
        options: categories.filter((c) => c.careSetting === s.value).map((c) => ({ value: c.id, text: c.name, selected: form.values.categoryId === c.id })),
      })),
    };
  },

  async schema(ctx) {
    // Built once for each list of categories (the same list while no rules file is loaded): Joi
    // takes longer to build a schema than to validate a form with it.
    const categories = await listCategories(ctx.db);
    let schema = schemas.get(categories);
    if (!schema) {
      schema = careSettingSchema(categories);
      schemas.set(categories, schema);
    }
    return schema;
  },

  async check(ctx, value, fieldErrors) {
    if (fieldErrors.length > 0) return [];
    const category = (await listCategories(ctx.db)).find((c) => c.id === value.categoryId);
    if (category && category.careSetting === value.careSetting) return [];
    const setting = value.careSetting === 'inpatient' ? 'inpatient' : 'outpatient';
    return [{ field: 'categoryId', message: `${category?.name ?? 'That category'} is not an ${setting} category: choose an ${setting} category, or change the care setting` }];
  },

  async save(_journey, value, ctx) {
    await fileUnder(ctx, value as { careSetting: CareSetting; categoryId: string });
  },

  async summary(ctx) {
    const chosen = ctx.journey.answers.careSetting;
    const category = (await listCategories(ctx.db)).find((c) => c.id === chosen?.categoryId);
    return [
      { key: 'Care setting', value: chosen?.careSetting === 'inpatient' ? 'Inpatient' : 'Outpatient' },
      { key: 'Category', value: category?.name ?? chosen?.categoryId ?? '' },
    ];
  },
};
