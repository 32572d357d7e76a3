import Joi from 'joi';
import { optionalText, phoneField, requiredText } from '../../../validation';
import type { Step } from '../step';

const schema = Joi.object({
  contactName: requiredText('contact name', 100),
  contactPhone: phoneField('contact phone'),
  contactPhoneExt: optionalText('phone extension', 6).pattern(/^\d*$/).messages({ 'string.pattern.base': 'Phone extension must contain only numbers' }),
  contactFax: phoneField('contact fax'),
  contactEmail: optionalText('contact email', 254)
    .email({ tlds: false })
    .messages({ 'string.email': 'Enter the contact email in the right format, like name@example.com' }),
});

type ContactForm = { contactName: string; contactPhone: string; contactPhoneExt?: string; contactFax: string; contactEmail?: string };

export const contactStep: Step = {
  slug: 'contact',
  title: 'Contact details',
  view: 'priorAuth/contact',

  isComplete: (journey) => journey.answers.contact !== undefined,

  storedValues: (journey) => ({ ...journey.answers.contact }),

  schema: () => schema,

  save(journey, value) {
    const v = value as ContactForm;
    journey.answers.contact = { ...v, contactPhoneExt: v.contactPhoneExt ?? '', contactEmail: v.contactEmail ?? '' };
  },

  summary(ctx) {
    const c = ctx.journey.answers.contact;
    if (!c) return [];
    return [{ key: 'Contact', value: [c.contactName, `Phone ${c.contactPhone}${c.contactPhoneExt ? ` ext. ${c.contactPhoneExt}` : ''}`, `Fax ${c.contactFax}`, c.contactEmail].filter(Boolean).join(' · ') }];
  },
};
