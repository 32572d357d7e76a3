import { Router, type NextFunction, type Request, type Response } from 'express';
import Joi from 'joi';
import type { Db } from '../db/database';
import { endAnnouncement, findAnnouncement, insertAnnouncement, listAnnouncements, updateAnnouncement, type Announcement, type AnnouncementFields } from '../db/repositories/announcements';
import { ANNOUNCEMENT_KINDS, dateIn, isCurrent, type AnnouncementKind } from '../domain/announcements';
import { formatDate, parseDate } from '../domain/dates';
import { currentUser } from '../middleware/signIn';
import { notFound } from '../middleware/errors';
import { audit } from '../services/audit';
import { choice, dateField, requiredText, textOf, validate, type FieldError } from '../validation';

const KINDS = Object.keys(ANNOUNCEMENT_KINDS) as AnnouncementKind[];
const FIELDS = ['title', 'kind', 'body', 'startsOn', 'endsOn'] as const;
const ID = /^\d{1,9}$/;

const schema = Joi.object({
  title: requiredText('title', 120),
  kind: choice('kind of announcement', KINDS),
  body: requiredText('text', 2000),
  startsOn: dateField('start date'),
  endsOn: Joi.string().trim().allow(''),
});

/** The plan administrator only; for anyone else the pages do not exist. */
function requirePlanAdministrator(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.user?.role === 'plan_admin') return next();
  notFound(req, res);
}

/** The form's fields as stored, or what is wrong with them: the end date is optional, never before the start. */
function fieldsFrom(body: Record<string, unknown>): { fields: AnnouncementFields; errors: FieldError[] } {
  const { value, errors } = validate<{ title: string; kind: AnnouncementKind; body: string; startsOn: string; endsOn: string }>(schema, body);
  let endsOn: string | null = null;
  if (value.endsOn) {
    endsOn = parseDate(value.endsOn);
    if (!endsOn) errors.push({ field: 'endsOn', message: 'Enter the end date as MM/DD/YYYY, like 03/25/2026' });
    else if (!errors.some((e) => e.field === 'startsOn') && endsOn < value.startsOn) errors.push({ field: 'endsOn', message: 'End date must be on or after the start date' });
  }
  errors.sort((a, b) => FIELDS.indexOf(a.field as (typeof FIELDS)[number]) - FIELDS.indexOf(b.field as (typeof FIELDS)[number]));
  return { fields: { title: value.title, kind: value.kind, body: value.body, startsOn: value.startsOn, endsOn }, errors };
}

const formValues = (a: Announcement) => ({ title: a.title, kind: a.kind, body: a.body, startsOn: formatDate(a.startsOn), endsOn: formatDate(a.endsOn) });

/**
 * The plan's announcements (issue 13), kept by the plan administrator: shown on every office's home page
 * from the start date through the end date (the plan's calendar date), or until ended. The text is plain:
 * http and https addresses become links when shown (src/domain/announcements.ts), nothing else is markup.
 */
export function announcementsRouter(db: Db, planTimeZone: string, clock: () => Date): Router {
  const router = Router();
  router.use('/plan/announcements', requirePlanAdministrator);

  const render = (res: Response, view: 'list' | 'form', model: Record<string, unknown>, status = 200) => res.status(status).render(`announcements/${view}`, model);
  const kindItems = (checked: string) => KINDS.map((k, i) => ({ id: i === 0 ? 'kind' : `kind-${k}`, value: k, label: ANNOUNCEMENT_KINDS[k], checked: checked === k }));

  router.get('/plan/announcements', async (_req, res) => {
    const user = currentUser(res);
    const today = dateIn(clock(), planTimeZone);
    const rows = (await listAnnouncements(db, user.organizationId)).map((a) => ({
      id: a.id,
      title: a.title,
      kind: ANNOUNCEMENT_KINDS[a.kind],
      dates: `${formatDate(a.startsOn)} to ${a.endsOn ? formatDate(a.endsOn) : 'no end date'}`,
      status: a.endedAt ? 'Ended' : isCurrent(a, today) ? 'Shown now' : a.startsOn > today ? 'Starts later' : 'Past its end date',
      endable: a.endedAt === null && (a.endsOn === null || a.endsOn >= today),
    }));
    render(res, 'list', { title: 'Announcements', rows });
  });

  const showForm = (res: Response, values: Record<string, string>, errors: FieldError[], action: string, heading: string) =>
    render(res, 'form', { title: `${errors.length ? 'Error: ' : ''}${heading}`, heading, action, values, errors, kinds: kindItems(values.kind ?? '') }, errors.length ? 422 : 200);
  const typed = (body: Record<string, unknown>) => Object.fromEntries(FIELDS.map((f) => [f, textOf(body[f])]));

  router.get('/plan/announcements/new', (_req, res) => showForm(res, { startsOn: formatDate(dateIn(clock(), planTimeZone)) }, [], '/plan/announcements/new', 'Add an announcement'));

  router.post('/plan/announcements/new', async (req, res) => {
    const user = currentUser(res);
    const { fields, errors } = fieldsFrom(req.body);
    if (errors.length) return showForm(res, typed(req.body), errors, '/plan/announcements/new', 'Add an announcement');
    const id = await insertAnnouncement(db, user.organizationId, fields, user.id, clock());
    await audit(db, req, res, 'announcement-added', { detail: `#${id}: ${fields.title}`.slice(0, 200) });
    req.session.flash = `"${fields.title}" has been added.`;
    res.redirect(303, '/plan/announcements');
  });

  const announcementOf = async (req: Request, res: Response) => {
    const id = String(req.params.id);
    return ID.test(id) ? findAnnouncement(db, Number(id), currentUser(res).organizationId) : undefined;
  };

  router.get('/plan/announcements/:id', async (req, res) => {
    const a = await announcementOf(req, res);
    if (!a) return notFound(req, res);
    showForm(res, formValues(a), [], `/plan/announcements/${a.id}`, 'Change the announcement');
  });

  router.post('/plan/announcements/:id', async (req, res) => {
    const user = currentUser(res);
    const a = await announcementOf(req, res);
    if (!a) return notFound(req, res);
    const { fields, errors } = fieldsFrom(req.body);
    if (errors.length) return showForm(res, typed(req.body), errors, `/plan/announcements/${a.id}`, 'Change the announcement');
    await updateAnnouncement(db, a.id, user.organizationId, fields, user.id, clock());
    await audit(db, req, res, 'announcement-changed', { detail: `#${a.id}: ${fields.title}`.slice(0, 200) });
    req.session.flash = `"${fields.title}" has been changed.`;
    res.redirect(303, '/plan/announcements');
  });

  router.post('/plan/announcements/:id/end', async (req, res) => {
    const user = currentUser(res);
    const a = await announcementOf(req, res);
    if (!a) return notFound(req, res);
    if (await endAnnouncement(db, a.id, user.organizationId, user.id, clock())) await audit(db, req, res, 'announcement-ended', { detail: `#${a.id}: ${a.title}`.slice(0, 200) });
    req.session.flash = `"${a.title}" has ended: offices no longer see it.`;
    res.redirect(303, '/plan/announcements');
  });

  return router;
}
