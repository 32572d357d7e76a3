import Joi from 'joi';
import { listPlacesOfService } from '../../../db/repositories/codes';
import { formatDate } from '../../../domain/dates';
import { serviceDatesProblem } from '../../../domain/serviceDates';
import { TREATMENT_TYPES } from '../../../domain/treatmentTypes';
import { choice, dateField } from '../../../validation';
import type { Step } from '../step';

interface ServiceForm {
  startDate: string;
  endDate: string;
  treatmentType: string;
  placeOfService: string;
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

  async schema(ctx) {
    const places = await listPlacesOfService(ctx.db);
    return Joi.object({
      startDate: dateField('start date'),
      endDate: dateField('end date'),
      treatmentType: choice('treatment type', TREATMENT_TYPES),
      placeOfService: choice('place of service', places.map((p) => p.code)),
    });
  },

  check(ctx, value, fieldErrors) {
    if (fieldErrors.some((e) => e.field === 'startDate' || e.field === 'endDate')) return [];
    const problem = serviceDatesProblem(ctx.member, String(value.startDate), String(value.endDate));
    return problem ? [problem] : [];
  },

  save(journey, value) {
    journey.answers.service = value as unknown as ServiceForm;
  },

  async summary(ctx) {
    const s = ctx.journey.answers.service;
    if (!s) return [];
    const place = (await listPlacesOfService(ctx.db)).find((p) => p.code === s.placeOfService);
    return [
      { key: 'Dates of service', value: `${formatDate(s.startDate)} to ${formatDate(s.endDate)}` },
      { key: 'Treatment type', value: s.treatmentType },
      { key: 'Place of service', value: place ? `${place.code} - ${place.name}` : s.placeOfService },
    ];
  },
};
