import { findMembers } from '../../../db/repositories/members';
import { insertNewbornNotification } from '../../../db/repositories/newbornNotifications';
import { JourneyChangedError, markJourneySubmitted } from '../../../db/repositories/journeys';
import { findProviderById, searchProviders, type Provider } from '../../../db/repositories/providers';
import { deliveringFacilityProblem, MAX_BABIES, motherProblem } from '../../../domain/newborn';
import { noProvidersMatch } from '../../../domain/providerSearch';
import { newReferenceNumber } from '../../../domain/referenceNumbers';
import { errorsOutcome, type ActionOutcome, type JourneyContext, type Step } from '../../engine/step';
import { babyFieldId, BABY_FIELDS, checkNotificationForm, facilityQueryProblem, inPageOrder, postedForm, type NewbornDraft } from '../form';
import { newbornFormView } from '../view';

export type NewbornContext = JourneyContext<NewbornDraft>;

export const notificationUrl = (reference: string) => `/prior-auth/newborn/notifications/${reference}`;

/** The facilities to offer: the last search's results, and the one chosen before if that search no longer lists it. */
async function facilitiesFor(ctx: NewbornContext): Promise<Provider[]> {
  const draft = ctx.journey;
  const results = draft.facilityQuery ? await searchProviders(ctx.db, draft.facilityQuery) : [];
  if (draft.facilityId !== undefined && !results.some((p) => p.id === draft.facilityId)) {
    const chosen = await findProviderById(ctx.db, draft.facilityId);
    if (chosen) results.unshift(chosen);
  }
  return results;
}

/** Every button keeps what was typed; a facility is kept only if it was among the results offered. */
async function keepTyped(ctx: NewbornContext, body: Record<string, unknown>) {
  const draft = ctx.journey;
  const form = postedForm(body);
  const offered = draft.facilityQuery ? await searchProviders(ctx.db, draft.facilityQuery) : [];
  const facilityId = Number(form.values.facilityId);
  if (offered.some((p) => p.id === facilityId)) draft.facilityId = facilityId;
  draft.values = form.values;
  draft.babies = form.babies;
  return { form, offered, facilityId };
}

async function submit(ctx: NewbornContext, body: Record<string, unknown>): Promise<ActionOutcome> {
  const draft = ctx.journey;
  const { form, offered, facilityId } = await keepTyped(ctx, body);
  const typedMemberId = form.values.motherMemberId?.trim() ?? '';
  const [mother] = typedMemberId ? await findMembers(ctx.db, { memberId: typedMemberId }, 1) : [];
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
  const facility = facilityChosen ? await findProviderById(ctx.db, facilityId) : undefined;
  const facilityRefused = facility && deliveringFacilityProblem(facility);
  if (facilityRefused) errors.push({ field: 'facilityId', message: facilityRefused });
  if (!facilityChosen) {
    errors.push(
      draft.facilityQuery === undefined && draft.facilityId === undefined
        ? { field: 'facilityQuery', message: 'Search for the delivering facility, then select one of the results' }
        : { field: 'facilityId', message: 'Select the delivering facility' },
    );
  }
  if (errors.length > 0 || !mother) return errorsOutcome(inPageOrder(errors, form.babies.length));

  let referenceNumber: string;
  try {
    referenceNumber = await insertNewbornNotification(
      ctx.db,
      {
        formId: ctx.record.id,
        organizationId: ctx.user.organizationId,
        submittedBy: ctx.user.id,
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
      (trx, reference) => markJourneySubmitted(trx, ctx.record.id, ctx.record.version, reference),
    );
  } catch (err) {
    if (err instanceof JourneyChangedError) return { kind: 'conflict' };
    throw err;
  }
  await ctx.audit('notification-submitted', { memberId: mother.id, referenceNumber });
  return { kind: 'finished', to: notificationUrl(referenceNumber) };
}

/**
 * "Newborn Delivery Notification": one page, every button on it posts to the same address. "Find
 * provider", "Add another baby" and "Remove baby N" keep what was typed and come back with
 * Post/Redirect/Get; "Submit notification" checks everything and stores it once.
 */
export const notificationStep: Step<NewbornContext> = {
  slug: 'notification',
  title: 'Newborn Delivery Notification',
  view: 'newborn/form',

  isComplete: () => false,

  storedValues(draft) {
    const values: Record<string, string> = { ...draft.values };
    draft.babies.forEach((baby, i) => {
      for (const field of BABY_FIELDS) values[babyFieldId(i, field)] = baby[field] ?? '';
    });
    if (draft.facilityId !== undefined) values.facilityId = String(draft.facilityId);
    return values;
  },

  async viewModel(ctx, form) {
    const posted = postedForm(form.values);
    return newbornFormView(ctx.journey, posted, form.errors, await facilitiesFor(ctx));
  },

  actions: {
    async find(ctx, body) {
      const { form } = await keepTyped(ctx, body);
      const query = form.values.facilityQuery?.trim() ?? '';
      const problem = facilityQueryProblem(query);
      const found = problem ? [] : await searchProviders(ctx.db, query);
      const message = problem ?? (found.length === 0 ? noProvidersMatch(query) : undefined);
      if (message) return errorsOutcome([{ field: 'facilityQuery', message }]);
      ctx.journey.facilityQuery = query;
      return { kind: 'stay', anchor: 'facilityId' };
    },

    async 'add-baby'(ctx, body) {
      await keepTyped(ctx, body);
      if (ctx.journey.babies.length < MAX_BABIES) ctx.journey.babies.push({});
      return { kind: 'stay', anchor: `baby-${ctx.journey.babies.length}` };
    },

    async 'remove-baby'(ctx, body, arg) {
      await keepTyped(ctx, body);
      const number = Number(arg);
      if (Number.isInteger(number) && number >= 2 && number <= ctx.journey.babies.length) ctx.journey.babies.splice(number - 1, 1);
      return { kind: 'stay', anchor: 'babies' };
    },

    submit,
    continue: submit,
  },
};
