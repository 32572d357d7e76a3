import crypto from 'node:crypto';
import Joi from 'joi';
import { today } from '../../domain/dates';
import {
  birthDateProblem, birthWeightProblem, clockTimeOf, deliveryDateProblem, deliveryTimeProblem, gestationalAgeProblem,
  MAX_BABIES, parseClockTime, parseWholeNumber, placeholderNameProblems, type DeliveryType, type Newborn, type Sex,
} from '../../domain/newborn';
import { choice, dateField, phoneField, requiredText, textOf, validate, type FieldError } from '../../validation';

/**
 * A newborn delivery notification in progress: the answers kept in its journey row, so that "Find
 * provider", "Add another baby" and "Remove baby N" answer with Post/Redirect/Get and lose nothing typed.
 */
export interface NewbornDraft {
  /** The journey's id, stored with the notification as its form id: the same form posted twice sends one. */
  formId: string;
  /** What was typed outside the baby blocks, to show it again. */
  values: Record<string, string>;
  /** What was typed in each baby block, one entry per block shown. */
  babies: Record<string, string>[];
  /** The last provider search that found something, so its results show again. */
  facilityQuery?: string;
  /** A facility chosen among results that were offered, kept when a later search no longer lists it. */
  facilityId?: number;
}

export interface PostedForm {
  values: Record<string, string>;
  babies: Record<string, string>[];
}

export interface NotificationForm {
  motherMemberId: string;
  deliveryDate: string;
  deliveryTime: string;
  deliveryType: DeliveryType;
  contactName: string;
  contactPhone: string;
  babies: Newborn[];
}

/** The fields outside the baby blocks, in the order the page shows them (and the error summary lists them). */
export const FIELDS = ['motherMemberId', 'motherConfirmed', 'deliveryDate', 'deliveryTime', 'facilityQuery', 'facilityId', 'deliveryType'] as const;
export const CONTACT_FIELDS = ['contactName', 'contactPhone'] as const;
export const BABY_FIELDS = ['firstName', 'lastName', 'sex', 'dateOfBirth', 'birthWeightGrams', 'gestationalAgeWeeks', 'nicuAdmission'] as const;

export const babyFieldId = (index: number, field: string): string => `babies-${index}-${field}`;

export function newDraft(): NewbornDraft {
  return { formId: crypto.randomUUID(), values: {}, babies: [{}] };
}

/** The text typed in a posted form (anything else a tampered post sent counts as empty), one entry per baby block posted. */
export function postedForm(body: Record<string, unknown>): PostedForm {
  const values = Object.fromEntries([...FIELDS, ...CONTACT_FIELDS].map((f) => [f, textOf(body[f])]));
  let count = 1;
  for (const key of Object.keys(body)) {
    const m = /^babies-(\d+)-/.exec(key);
    if (m) count = Math.max(count, Math.min(Number(m[1]) + 1, MAX_BABIES));
  }
  const babies = Array.from({ length: count }, (_, i) => Object.fromEntries(BABY_FIELDS.map((f) => [f, textOf(body[babyFieldId(i, f)])])));
  return { values, babies };
}

const wholeNumber = (label: string, notNumber: string) =>
  Joi.string()
    .trim()
    .required()
    .custom((text: string, helpers) => parseWholeNumber(text) ?? helpers.error('number.whole'))
    .messages({ 'any.required': `Enter the ${label}`, 'string.empty': `Enter the ${label}`, 'string.base': `Enter the ${label}`, 'number.whole': notNumber });

const schema = Joi.object({
  motherMemberId: requiredText("mother's member ID", 20)
    .pattern(/^[A-Za-z0-9-]+$/)
    .messages({ 'string.pattern.base': "Mother's member ID must contain only letters, numbers and hyphens" }),
  deliveryDate: dateField('delivery date'),
  deliveryTime: Joi.string()
    .trim()
    .required()
    .custom((text: string, helpers) => parseClockTime(text) ?? helpers.error('time.format'))
    .messages({
      'any.required': 'Enter the delivery time',
      'string.empty': 'Enter the delivery time',
      'string.base': 'Enter the delivery time',
      'time.format': 'Enter the delivery time as HH:MM on the 24-hour clock, like 14:30',
    }),
  deliveryType: choice('delivery type', ['vaginal', 'cesarean']),
  contactName: requiredText('contact name', 60),
  contactPhone: phoneField('contact phone'),
});

const babySchema = Joi.object({
  firstName: requiredText('first name', 60),
  lastName: requiredText('last name', 60),
  sex: choice('sex', ['female', 'male']),
  dateOfBirth: dateField('date of birth'),
  birthWeightGrams: wholeNumber('birth weight in grams', 'Birth weight must be a whole number of grams, like 3250'),
  gestationalAgeWeeks: wholeNumber('gestational age in weeks', 'Gestational age must be a whole number of weeks, like 39'),
  nicuAdmission: Joi.string().required().valid('yes', 'no').messages({
    'any.required': 'Select yes if the baby was admitted to the NICU',
    'string.empty': 'Select yes if the baby was admitted to the NICU',
    'string.base': 'Select yes if the baby was admitted to the NICU',
    'any.only': 'Select yes if the baby was admitted to the NICU',
  }),
});

type BabyValues = Omit<Newborn, 'nicuAdmission'> & { nicuAdmission: 'yes' | 'no' };

/**
 * Checks everything that needs no database: the shape of each field, then the domain rules on the
 * fields that have the right shape. Baby messages start with the baby ("Baby 2: ..."). The mother's
 * last name, when she was found, is for the "Baby Girl" / "Baby Boy" rule.
 */
export function checkNotificationForm(form: PostedForm, context: { now: Date; motherLastName?: string }): { value: NotificationForm; errors: FieldError[] } {
  const todayIso = today(context.now);
  const top = validate<Omit<NotificationForm, 'babies'>>(schema, form.values);
  const errors = [...top.errors];
  const ok = (field: string) => !errors.some((e) => e.field === field);
  const add = (field: string, message: string | undefined) => {
    if (message && ok(field)) errors.push({ field, message });
  };
  if (ok('deliveryDate')) add('deliveryDate', deliveryDateProblem(top.value.deliveryDate, todayIso));
  if (ok('deliveryDate') && ok('deliveryTime')) add('deliveryTime', deliveryTimeProblem(top.value.deliveryDate, top.value.deliveryTime, todayIso, clockTimeOf(context.now)));
  const deliveryDate = ok('deliveryDate') ? top.value.deliveryDate : undefined;

  const babies = form.babies.map((typed, i): Newborn => {
    const { value, errors: babyErrors } = validate<BabyValues>(babySchema, typed);
    const fine = (field: string) => !babyErrors.some((e) => e.field === field);
    const problems: FieldError[] = [...babyErrors];
    const rule = (field: string, message: string | undefined) => {
      if (message) problems.push({ field, message });
    };
    if (fine('birthWeightGrams')) rule('birthWeightGrams', birthWeightProblem(value.birthWeightGrams));
    if (fine('gestationalAgeWeeks')) rule('gestationalAgeWeeks', gestationalAgeProblem(value.gestationalAgeWeeks));
    if (fine('dateOfBirth')) rule('dateOfBirth', birthDateProblem(value.dateOfBirth, deliveryDate, todayIso));
    if (fine('firstName')) {
      const named = { firstName: value.firstName, lastName: fine('lastName') ? value.lastName : undefined, sex: fine('sex') ? (value.sex as Sex) : undefined };
      for (const p of placeholderNameProblems(named, context.motherLastName)) rule(p.field, p.message);
    }
    for (const e of problems) add(babyFieldId(i, e.field), `Baby ${i + 1}: ${e.message}`);
    return { ...value, nicuAdmission: value.nicuAdmission === 'yes' };
  });
  return { value: { ...top.value, babies }, errors };
}

/** Errors in the order of the page: the summary reads top to bottom, like the form. */
export function inPageOrder(errors: FieldError[], babyCount: number): FieldError[] {
  const order: string[] = [...FIELDS];
  for (let i = 0; i < babyCount; i++) order.push(...BABY_FIELDS.map((f) => babyFieldId(i, f)));
  order.push(...CONTACT_FIELDS);
  const rank = (field: string) => (order.indexOf(field) === -1 ? order.length : order.indexOf(field));
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field));
}

export { providerSearchProblem as facilityQueryProblem } from '../../domain/providerSearch';
