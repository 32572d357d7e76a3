import { Router, type Response } from 'express';
import type { SessionData } from 'express-session';
import type { Db } from '../db/database';
import { findMembers } from '../db/repositories/members';
import { findNewbornNotificationForOrganization, insertNewbornNotification, referenceForFormId } from '../db/repositories/newbornNotifications';
import { findProviderById, searchProviders, type Provider } from '../db/repositories/providers';
import { deliveringFacilityProblem, MAX_BABIES, motherProblem } from '../domain/newborn';
import { newReferenceNumber } from '../domain/referenceNumbers';
import { currentUser } from '../middleware/signIn';
import { textOf, type FieldError } from '../validation';
import { checkNotificationForm, facilityQueryProblem, inPageOrder, newDraft, postedForm, type NewbornDraft, type PostedForm } from './newbornForm';
import { newbornFormView, notificationView } from './newbornView';
import { noProvidersMatch } from '../domain/providerSearch';
import { audit } from '../services/audit';
import { notFound } from '../middleware/errors';

const FORM_URL = '/prior-auth/newborn';
/** Each form in progress has its own address, so two tabs hold two notifications that never mix. */
const formUrl = (draft: NewbornDraft, anchor = '') => `${FORM_URL}?form=${draft.formId}${anchor}`;
const MAX_DRAFTS = 5;

function keepDraft(session: Partial<SessionData>, draft: NewbornDraft): void {
  const drafts = { ...(session.newbornDrafts ?? {}), [draft.formId]: draft };
  const ids = Object.keys(drafts);
  for (const old of ids.slice(0, Math.max(0, ids.length - MAX_DRAFTS))) delete drafts[old];
  session.newbornDrafts = drafts;
}
const notificationUrl = (reference: string) => `/prior-auth/newborn/notifications/${reference}`;

/** The facilities to offer: the last search's results, and the one chosen before if that search no longer lists it. */
async function facilitiesFor(db: Db, draft: NewbornDraft): Promise<Provider[]> {
  const results = draft.facilityQuery ? await searchProviders(db, draft.facilityQuery) : [];
  if (draft.facilityId !== undefined && !results.some((p) => p.id === draft.facilityId)) {
    const chosen = await findProviderById(db, draft.facilityId);
    if (chosen) results.unshift(chosen);
  }
  return results;
}

async function renderForm(db: Db, res: Response, draft: NewbornDraft, form: PostedForm, errors: FieldError[], status = 200): Promise<void> {
  res.status(status).render('newborn/form', newbornFormView(draft, form, errors, await facilitiesFor(db, draft)));
}

/**
 * The "Newborn Delivery Notification" tab: one form, every button on it posts to the same address.
 * "Find provider", "Add another baby" and "Remove baby N" keep what was typed in the session's draft
 * and come back with Post/Redirect/Get; "Submit notification" checks everything and stores it once.
 */
export function newbornRouter(db: Db): Router {
  const router = Router();

  router.get(FORM_URL, async (req, res) => {
    const draft = req.session.newbornDrafts?.[textOf(req.query.form)];
    if (!draft) {
      const fresh = newDraft();
      keepDraft(req.session, fresh);
      return res.redirect(303, formUrl(fresh));
    }
    await renderForm(db, res, draft, { values: draft.values, babies: draft.babies }, []);
  });

  router.post(FORM_URL, async (req, res) => {
    const user = currentUser(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const formId = textOf(body.formId);
    // A form already sent (a double click, or Back and then any button) shows what it sent and sends nothing more.
    const sent = formId ? await referenceForFormId(db, user.organizationId, formId) : undefined;
    if (sent) return res.redirect(303, notificationUrl(sent));

    const form = postedForm(body);
    const draft = req.session.newbornDrafts?.[formId];
    if (!draft) {
      // Not a form this session has in progress (a forged or very old post): keep what was typed in a new form.
      const fresh = { ...newDraft(), values: form.values, babies: form.babies };
      keepDraft(req.session, fresh);
      req.session.flash = 'This form had expired. Check the details below, then press the button again.';
      return res.redirect(303, formUrl(fresh));
    }
    const offered = draft.facilityQuery ? await searchProviders(db, draft.facilityQuery) : [];
    const facilityId = Number(form.values.facilityId);
    if (offered.some((p) => p.id === facilityId)) draft.facilityId = facilityId;
    draft.values = form.values;
    draft.babies = form.babies;

    const [action = 'submit', arg = ''] = (textOf(body.action) || 'submit').split(':');
    if (action === 'find') {
      const query = form.values.facilityQuery?.trim() ?? '';
      const problem = facilityQueryProblem(query);
      const found = problem ? [] : await searchProviders(db, query);
      const message = problem ?? (found.length === 0 ? noProvidersMatch(query) : undefined);
      if (message) return renderForm(db, res, draft, form, [{ field: 'facilityQuery', message }], 422);
      draft.facilityQuery = query;
      return res.redirect(303, formUrl(draft, '#facilityId'));
    }
    if (action === 'add-baby') {
      if (draft.babies.length < MAX_BABIES) draft.babies.push({});
      return res.redirect(303, formUrl(draft, `#baby-${draft.babies.length}`));
    }
    if (action === 'remove-baby') {
      const number = Number(arg);
      if (Number.isInteger(number) && number >= 2 && number <= draft.babies.length) draft.babies.splice(number - 1, 1);
      return res.redirect(303, formUrl(draft, '#babies'));
    }

    const typedMemberId = form.values.motherMemberId?.trim() ?? '';
    const [mother] = typedMemberId ? await findMembers(db, { memberId: typedMemberId }, 1) : [];
    const { value, errors } = checkNotificationForm(form, { now: new Date(), motherLastName: mother?.lastName });
    const fine = (field: string) => !errors.some((e) => e.field === field);
    if (fine('motherMemberId')) {
      if (!mother) {
        errors.push({ field: 'motherMemberId', message: `No member has member ID ${typedMemberId}` });
      } else {
        const problem = motherProblem(mother, fine('deliveryDate') ? value.deliveryDate : undefined, form.values.motherConfirmed ?? '');
        if (problem) errors.push(problem);
      }
    }
    const facilityChosen = form.values.facilityId !== '' && (offered.some((p) => p.id === facilityId) || draft.facilityId === facilityId);
    const facility = facilityChosen ? await findProviderById(db, facilityId) : undefined;
    const facilityRefused = facility && deliveringFacilityProblem(facility);
    if (facilityRefused) errors.push({ field: 'facilityId', message: facilityRefused });
    if (!facilityChosen) {
      errors.push(
        draft.facilityQuery === undefined && draft.facilityId === undefined
          ? { field: 'facilityQuery', message: 'Search for the delivering facility, then select one of the results' }
          : { field: 'facilityId', message: 'Select the delivering facility' },
      );
    }
    if (errors.length > 0 || !mother) return renderForm(db, res, draft, form, inPageOrder(errors, form.babies.length), 422);

    const referenceNumber = await insertNewbornNotification(
      db,
      {
        formId: draft.formId,
        organizationId: user.organizationId,
        submittedBy: user.id,
        motherId: mother.id,
        deliveryDate: value.deliveryDate,
        deliveryTime: value.deliveryTime,
        facilityProviderId: facilityId,
        deliveryType: value.deliveryType,
        contactName: value.contactName,
        contactPhone: value.contactPhone,
        submittedAt: new Date().toISOString(),
        babies: value.babies,
      },
      () => newReferenceNumber(),
    );
    if (req.session.newbornDrafts) delete req.session.newbornDrafts[draft.formId];
    await audit(db, req, res, 'notification-submitted', { memberId: mother.id, referenceNumber });
    res.redirect(303, notificationUrl(referenceNumber));
  });

  // Only the organization that sent a notification can see it; for anyone else it does not exist (404).
  router.get('/prior-auth/newborn/notifications/:reference', async (req, res) => {
    const user = currentUser(res);
    const reference = String(req.params.reference);
    const notification = /^\d{9}$/.test(reference) ? await findNewbornNotificationForOrganization(db, user.organizationId, reference) : undefined;
    if (!notification) return notFound(req, res);
    await audit(db, req, res, 'notification-viewed', { memberId: notification.motherId, referenceNumber: reference });
    res.render('newborn/notification', notificationView(notification));
  });

  return router;
}
