import { Router, type NextFunction, type Request, type Response } from 'express';
import Joi from 'joi';
import type { Db } from '../db/database';
import { confirmProviderInformation, directoryEntryOfOrganization, findProviderInformation, lastConfirmation, organizationsByLastConfirmation } from '../db/repositories/providerInformation';
import { changesBetween, confirmationDue, csvCell, taxonomyCodesIn, type ProviderInformation } from '../domain/providerInformation';
import { formatDateTime } from '../domain/dates';
import { currentUser } from '../middleware/signIn';
import { notFound } from '../middleware/errors';
import { audit } from '../services/audit';
import { choice, phoneField, requiredText, textOf, validate, type FieldError } from '../validation';

const FIELDS = ['address', 'phone', 'specialties', 'acceptingNewPatients', 'languages', 'accessibility'] as const;

const schema = Joi.object({
  address: requiredText('address', 300),
  phone: phoneField('phone number'),
  specialties: requiredText('specialties', 500).messages({ 'any.required': 'Enter at least one specialty as a NUCC taxonomy code', 'string.empty': 'Enter at least one specialty as a NUCC taxonomy code' }),
  acceptingNewPatients: choice('answer', ['yes', 'no']).messages(Object.fromEntries(['any.required', 'string.empty', 'string.base', 'any.only'].map((k) => [k, 'Select whether the office is accepting new patients']))),
  languages: requiredText('languages', 300),
  accessibility: requiredText('accessibility', 1000),
});

function only(role: string) {
  return (req: Request, res: Response, next: NextFunction) => (res.locals.user?.role === role ? next() : notFound(req, res));
}

/**
 * Provider information (issue 13): the office's administrator reviews and confirms the organization's
 * directory information; each confirmation is recorded (who, when, what changed). The plan's
 * administrator lists the offices by last confirmation and downloads the list as CSV.
 */
export function providerInformationRouter(db: Db, days: number, clock: () => Date): Router {
  const router = Router();
  router.use('/provider-information', only('org_admin'));
  router.use('/plan/provider-information', only('plan_admin'));
  router.use('/plan/provider-information.csv', only('plan_admin'));

  const show = async (res: Response, values: Record<string, string>, errors: FieldError[]) => {
    const user = currentUser(res);
    const last = await lastConfirmation(db, user.organizationId);
    res.status(errors.length ? 422 : 200).render('providerInformation/confirm', {
      title: `${errors.length ? 'Error: ' : ''}Provider information`,
      errors,
      values,
      organizationName: user.organizationName,
      last: last ? { when: formatDateTime(last.confirmedAt), by: last.confirmedBy } : undefined,
      due: confirmationDue(last ? new Date(last.confirmedAt) : null, clock(), days),
      days,
      accepting: ['yes', 'no'].map((v, i) => ({ id: i === 0 ? 'acceptingNewPatients' : 'acceptingNewPatients-no', value: v, label: v === 'yes' ? 'Yes' : 'No', checked: values.acceptingNewPatients === v })),
    });
  };

  router.get('/provider-information', async (_req, res) => {
    const user = currentUser(res);
    const info = await findProviderInformation(db, user.organizationId);
    const directory = info ? undefined : await directoryEntryOfOrganization(db, user.organizationId);
    await show(
      res,
      info
        ? { ...info, specialties: info.specialties.join('\n'), acceptingNewPatients: info.acceptingNewPatients ? 'yes' : 'no' }
        : { address: directory?.address ?? '', specialties: directory?.taxonomyCode ?? '' },
      [],
    );
  });

  router.post('/provider-information', async (req, res) => {
    const user = currentUser(res);
    const values = Object.fromEntries(FIELDS.map((f) => [f, textOf(req.body[f])]));
    const { value, errors } = validate<Record<(typeof FIELDS)[number], string>>(schema, req.body);
    const { codes, wrong } = taxonomyCodesIn(value.specialties ?? '');
    if (!errors.some((e) => e.field === 'specialties') && wrong.length > 0) {
      errors.push({ field: 'specialties', message: `${wrong.join(', ')} ${wrong.length === 1 ? 'is not a NUCC taxonomy code' : 'are not NUCC taxonomy codes'}: a code has 10 characters and ends in X, like 207Q00000X` });
      errors.sort((a, b) => FIELDS.indexOf(a.field as (typeof FIELDS)[number]) - FIELDS.indexOf(b.field as (typeof FIELDS)[number]));
    }
    if (errors.length > 0) return show(res, values, errors);
    const info: ProviderInformation = { address: value.address, phone: value.phone, specialties: codes, acceptingNewPatients: value.acceptingNewPatients === 'yes', languages: value.languages, accessibility: value.accessibility };
    const changes = changesBetween(await findProviderInformation(db, user.organizationId), info);
    await confirmProviderInformation(db, user.organizationId, info, user.id, clock(), changes);
    await audit(db, req, res, 'provider-information-confirmed', { detail: changes.length ? `Changed: ${changes.join(', ')}` : 'No changes' });
    req.session.flash = 'Thank you: your provider information is confirmed.';
    res.redirect(303, '/');
  });

  const rows = async () => {
    const now = clock();
    return (await organizationsByLastConfirmation(db)).map((o) => ({
      name: o.name,
      npi: o.npi,
      lastConfirmed: o.lastConfirmedAt ? formatDateTime(o.lastConfirmedAt) : 'Never',
      by: o.confirmedBy ?? '',
      status: confirmationDue(o.lastConfirmedAt ? new Date(o.lastConfirmedAt) : null, now, days) ? 'Due' : 'Current',
    }));
  };

  router.get('/plan/provider-information', async (_req, res) => {
    res.render('providerInformation/organizations', { title: 'Provider information', rows: await rows(), days });
  });

  router.get('/plan/provider-information.csv', async (_req, res) => {
    const lines = [['Organization', 'NPI', 'Last confirmed', 'Confirmed by', 'Status'], ...(await rows()).map((r) => [r.name, r.npi, r.lastConfirmed, r.by, r.status])];
    res.type('text/csv').attachment('provider-information.csv').send(lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n');
  });

  return router;
}

/** The home page's notice, for an office whose provider information is due for confirmation. */
export async function providerInformationNotice(db: Db, organizationId: number, days: number, now: Date): Promise<{ lastConfirmed: string | null } | undefined> {
  const last = await lastConfirmation(db, organizationId);
  if (!confirmationDue(last ? new Date(last.confirmedAt) : null, now, days)) return undefined;
  return { lastConfirmed: last ? formatDateTime(last.confirmedAt) : null };
}
