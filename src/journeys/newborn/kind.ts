import crypto from 'node:crypto';
import type { Request } from 'express';
import type { Db } from '../../db/database';
import { insertJourney } from '../../db/repositories/journeys';
import { notificationSentFromForm } from '../../db/repositories/newbornNotifications';
import type { UserRecord } from '../../db/repositories/users';
import { audit } from '../../services/audit';
import { Flow } from '../engine/flow';
import { journeyUrl, type JourneyKind } from '../engine/journeyKind';
import { newDraft, postedForm, type NewbornDraft } from './form';
import { notificationStep, notificationUrl, type NewbornContext } from './steps/notification';

export const NEWBORN = 'newborn';

/** The newborn delivery notification as a journey: one page, kept in its row like any other. */
export const newbornKind: JourneyKind<NewbornContext, NewbornDraft> = {
  kind: NEWBORN,
  noun: 'notification',
  flow: new Flow<NewbornContext, NewbornDraft>([notificationStep]),
  basePath: '/prior-auth/newborn',
  homeHref: '/prior-auth/newborn',
  cancelledAudit: 'notification-discarded',

  async context(db, record, user, req, res) {
    return { db, journey: record.state, record, user, audit: (action, details) => audit(db, req, res, action, details) };
  },

  commonView() {
    return {};
  },

  async submitted(db, journeyId, organizationId) {
    const sent = await notificationSentFromForm(db, organizationId, journeyId);
    return sent && { ...sent, href: notificationUrl(sent.reference), resultHref: notificationUrl(sent.reference) };
  },

  rescuePost: keepTypedInNewForm,

  async describe(_db, record) {
    const v = record.state.values;
    const babies = record.state.babies.length;
    return {
      title: 'Newborn delivery notification',
      member: v.motherMemberId ? `Mother's member ID ${v.motherMemberId}` : 'Mother not yet entered',
      detail: [v.deliveryDate ? `Delivered ${v.deliveryDate}` : 'Delivery date not yet entered', `${babies} ${babies === 1 ? 'baby' : 'babies'}`].join(', '),
    };
  },
};

/** A post from a form that is not in progress: what it typed goes into a new form, to check and send again. */
export async function keepTypedInNewForm(db: Db, user: UserRecord, body: Record<string, unknown>, req: Request): Promise<string> {
  const typed = postedForm(body);
  req.session.flash = 'This form had expired. Check the details below, then press the button again.';
  return startNewbornForm(db, user, { ...newDraft(), values: typed.values, babies: typed.babies });
}

/** A new notification in progress (empty, or with what an expired form had typed); its address. */
export async function startNewbornForm(db: Db, user: UserRecord, draft: NewbornDraft): Promise<string> {
  const id = crypto.randomUUID();
  await insertJourney(db, { id, kind: NEWBORN, userId: user.id, organizationId: user.organizationId, state: { ...draft, formId: id } });
  return journeyUrl(newbornKind, id, newbornKind.flow.first.slug);
}
