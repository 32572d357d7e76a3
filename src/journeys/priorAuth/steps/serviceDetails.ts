import Joi from 'joi';
import { listPlacesOfService } from '../../../db/repositories/codes';
import { formatDate } from '../../../domain/dates';
import { eligibilityOn } from '../../../domain/eligibility';
import { TREATMENT_TYPES } from '../../../domain/treatmentTypes';
import { choice, dateField, validate, type FieldError } from '../../../validation';
import { errorsOutcome, type Step, type StepContext } from '../step';

interface ServiceForm {
  startDate: string;
  endDate: string;
  treatmentType: string;
  placeOfService: string;
}

/** A request covers at most a year of service. */
const MAX_DAYS = 365;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function eligibilityErrors(ctx: StepContext, value: ServiceForm): FieldError[] {
  const errors: FieldError[] = [];
  const name = `${ctx.member.firstName} ${ctx.member.lastName}`;
  const spans = ctx.member.eligibility.map((s) => `${formatDate(s.startDate)} to ${formatDate(s.endDate)}`).join(', ');
  const start = eligibilityOn(ctx.member.eligibility, value.startDate);
  if (!start) errors.push({ field: 'startDate', message: `${name} is not eligible on ${formatDate(value.startDate)}: the start date must be inside their eligibility (${spans})` });
  else if (value.endDate > start.endDate) {
    errors.push({ field: 'endDate', message: `${name} is eligible until ${formatDate(start.endDate)}: the end date must be on or before that date` });
  }
  return errors;
}

export const serviceDetailsStep: Step = {
  slug: 'service-details',
  title: 'Service details',
  view: 'priorAuth/serviceDetails',

  isComplete: (journey) => journey.answers.service !== undefined,

  storedValues(journey) {
    const s = journey.answers.service;
    return {
      startDate: formatDate(s?.startDate ?? journey.dateOfService),
      endDate: formatDate(s?.endDate ?? journey.dateOfService),
      treatmentType: s?.treatmentType ?? '',
      placeOfService: s?.placeOfService ?? '',
    };
  },

  async viewModel(ctx, form) {
    const places = await listPlacesOfService(ctx.db);
    return {
      treatmentTypes: TREATMENT_TYPES.map((t) => ({ value: t, text: t, selected: form.values.treatmentType === t })),
      placesOfService: places.map((p) => ({ value: p.code, text: `${p.code} - ${p.name}`, selected: form.values.placeOfService === p.code })),
    };
  },

  actions: {
    async continue(ctx, body) {
      const places = await listPlacesOfService(ctx.db);
      const schema = Joi.object({
        startDate: dateField('start date'),
        endDate: dateField('end date'),
        treatmentType: choice('treatment type', TREATMENT_TYPES),
        placeOfService: choice('place of service', places.map((p) => p.code)),
      });
      const { value, errors } = validate<ServiceForm>(schema, body);
      if (!errors.some((e) => e.field === 'startDate' || e.field === 'endDate')) {
        if (value.endDate < value.startDate) errors.push({ field: 'endDate', message: 'End date must be on or after the start date' });
        else if (daysBetween(value.startDate, value.endDate) > MAX_DAYS) errors.push({ field: 'endDate', message: 'End date must be within a year of the start date' });
        else errors.push(...eligibilityErrors(ctx, value));
      }
      if (errors.length > 0) return errorsOutcome(sortErrors(errors));
      ctx.journey.answers.service = value;
      return { kind: 'next' };
    },
  },
};

const ORDER = ['startDate', 'endDate', 'treatmentType', 'placeOfService'];
function sortErrors(errors: FieldError[]): FieldError[] {
  return [...errors].sort((a, b) => ORDER.indexOf(a.field) - ORDER.indexOf(b.field));
}
