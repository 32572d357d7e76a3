import Joi from 'joi';
import { optionalText, phoneField, requiredText, validate } from '../../../validation';
import { errorsOutcome, type Step } from '../step';

const schema = Joi.object({
  contactName: requiredText('contact name', 100),
  contactPhone: phoneField('contact phone'),
  contactPhoneExt: optionalText('phone extension', 6).pattern(/^\d*$/).messages({ 'string.pattern.base': 'Phone extension must contain only numbers' }),
  contactFax: phoneField('contact fax'),
  contactEmail: optionalText('contact email', 254)
    .email({ tlds: false })
    .messages({ 'string.email': 'Enter the contact email in the right format, like name@example.com' }),
});

type ContactForm = { contactName: string; contactPhone: string; contactPhoneExt: string; contactFax: string; contactEmail: string };

export const contactStep: Step = {
  slug: 'contact',
  title: 'Contact details',
  view: 'priorAuth/contact',

  isComplete: (journey) => journey.answers.contact !== undefined,

  storedValues: (journey) => ({ ...journey.answers.contact }),

  async viewModel() {
    return {};
  },

  actions: {
    async continue(ctx, body) {
      const { value, errors } = validate<ContactForm>(schema, body);
      if (errors.length > 0) return errorsOutcome(errors);
      ctx.journey.answers.contact = { ...value, contactPhoneExt: value.contactPhoneExt ?? '', contactEmail: value.contactEmail ?? '' };
      return { kind: 'next' };
    },
  },
};

