import Joi from 'joi';
import { parseDate } from './domain/dates';
import { normalizeUsPhone } from './domain/phone';

export interface FieldError {
  /** The id of the control in error, for the error summary's link and the inline message. */
  field: string;
  message: string;
}

export interface FormState {
  values: Record<string, unknown>;
  errors: FieldError[];
}

/** Validates a posted form: every message, one per field, in the order of the schema's keys. */
export function validate<T>(schema: Joi.ObjectSchema, body: unknown): { value: T; errors: FieldError[] } {
  const { value, error } = schema.validate(body ?? {}, { abortEarly: false, stripUnknown: true, convert: true });
  const errors: FieldError[] = [];
  for (const detail of error?.details ?? []) {
    const field = String(detail.path[0] ?? detail.context?.key ?? 'form');
    if (!errors.some((e) => e.field === field)) errors.push({ field, message: detail.message });
  }
  return { value: value as T, errors };
}

/** A text field the provider must fill: "Enter the contact name" when empty, trimmed, at most `max` characters. */
export function requiredText(label: string, max = 100): Joi.StringSchema {
  return Joi.string()
    .trim()
    .max(max)
    .required()
    .messages({
      'any.required': `Enter the ${label}`,
      'string.empty': `Enter the ${label}`,
      'string.base': `Enter the ${label}`,
      'string.max': `${capitalise(label)} must be ${max} characters or fewer`,
    });
}

export function optionalText(label: string, max = 100): Joi.StringSchema {
  return Joi.string()
    .trim()
    .max(max)
    .allow('')
    .messages({ 'string.max': `${capitalise(label)} must be ${max} characters or fewer`, 'string.base': `Enter the ${label}` });
}

/** A date typed as MM/DD/YYYY (M/D/YYYY and YYYY-MM-DD are accepted too), converted to YYYY-MM-DD. */
export function dateField(label: string): Joi.StringSchema {
  return Joi.string()
    .trim()
    .required()
    .custom((text: string, helpers) => {
      const iso = parseDate(text);
      if (iso) return iso;
      const shaped = /^\d{1,2}\/\d{1,2}\/\d{4}$|^\d{4}-\d{2}-\d{2}$/.test(text);
      return helpers.error(shaped ? 'date.real' : 'date.format');
    })
    .messages({
      'any.required': `Enter the ${label}`,
      'string.empty': `Enter the ${label}`,
      'string.base': `Enter the ${label}`,
      'date.format': `Enter the ${label} as MM/DD/YYYY, like 03/25/2026`,
      'date.real': `${capitalise(label)} must be a real date`,
    });
}

/** One choice among known values (a drop-down or radios): "Select the category" when missing or unknown. */
export function choice(label: string, values: readonly string[], verb = 'Select'): Joi.StringSchema {
  return Joi.string()
    .required()
    .valid(...values)
    .messages({
      'any.required': `${verb} the ${label}`,
      'string.empty': `${verb} the ${label}`,
      'string.base': `${verb} the ${label}`,
      'any.only': `${verb} the ${label}`,
    });
}

/** A required US phone or fax number, stored as (312) 555-0142. */
export function phoneField(label: string): Joi.StringSchema {
  return requiredText(label, 30)
    .custom((text: string, helpers) => normalizeUsPhone(text) ?? helpers.error('phone.format'))
    .messages({ 'phone.format': `Enter the ${label} as a 10-digit US number, like 312-555-0142` });
}

/** A password typed in a form: never trimmed; "Enter your current password" when empty. */
export function passwordField(what: string): Joi.StringSchema {
  const message = `Enter ${what}`;
  return Joi.string().max(1000).required().messages({ 'any.required': message, 'string.empty': message, 'string.base': message, 'string.max': message });
}

/** An e-mail address, required or not: "Enter the email address in the right format, like name@example.com". */
export function emailField(label: string, required: boolean): Joi.StringSchema {
  const text = required ? requiredText(label, 254) : optionalText(label, 254);
  return text.email({ tlds: false }).messages({ 'string.email': `Enter the ${label} in the right format, like name@example.com` });
}

/** An optional US phone number, stored as (312) 555-0142; empty stays empty. */
export function optionalPhoneField(label: string): Joi.StringSchema {
  return optionalText(label, 30)
    .custom((text: string, helpers) => (text === '' ? text : (normalizeUsPhone(text) ?? helpers.error('phone.format'))))
    .messages({ 'phone.format': `Enter the ${label} as a 10-digit US number, like 312-555-0142` });
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A single form value as text: arrays and objects (from a tampered form) count as empty. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
