import type { NewbornNotificationDetail } from '../../db/repositories/newbornNotifications';
import type { Provider } from '../../db/repositories/providers';
import { formatDate } from '../../domain/dates';
import { DELIVERY_TYPE_LABELS, MAX_BABIES, SEX_LABELS } from '../../domain/newborn';
import { providerDetails } from '../../domain/providerSearch';
import type { FieldError } from '../../validation';
import { babyFieldId, type NewbornDraft, type PostedForm } from './form';

const TITLE = 'Newborn Delivery Notification';
const YES_NO = { yes: 'Yes', no: 'No' };

const messageFor = (errors: FieldError[], id: string) => errors.find((e) => e.field === id)?.message;

/** Radio buttons whose first one carries the group's id, so the error summary's link lands on the group. */
function radioItems(id: string, options: Record<string, string>, checked: string | undefined) {
  return Object.entries(options).map(([value, label], i) => ({ id: i === 0 ? id : `${id}-${value}`, value, label, checked: checked === value }));
}

function facilityOption(p: Provider, checked: boolean, first: boolean) {
  return {
    id: first ? 'facilityId' : `facilityId-${p.id}`,
    value: String(p.id),
    label: `${p.name} (NPI ${p.npi})`,
    hint: providerDetails(p),
    checked,
  };
}

function babyView(typed: Record<string, string>, index: number, errors: FieldError[]) {
  const field = (name: string) => {
    const id = babyFieldId(index, name);
    return { id, value: typed[name] ?? '', error: messageFor(errors, id) };
  };
  const radios = (name: string, options: Record<string, string>) => {
    const id = babyFieldId(index, name);
    return { name: id, error: messageFor(errors, id), items: radioItems(id, options, typed[name]) };
  };
  const number = index + 1;
  return {
    legend: `Baby ${number}`,
    anchor: `baby-${number}`,
    firstName: field('firstName'),
    lastName: field('lastName'),
    sex: radios('sex', SEX_LABELS),
    dateOfBirth: field('dateOfBirth'),
    birthWeightGrams: field('birthWeightGrams'),
    gestationalAgeWeeks: field('gestationalAgeWeeks'),
    nicuAdmission: radios('nicuAdmission', YES_NO),
    remove: index > 0 ? { value: `remove-baby:${number}`, label: `Remove baby ${number}` } : undefined,
  };
}

/**
 * The "I confirm ..." box, shown once the plan has warned that the mother's sex is not recorded (and
 * kept while it is ticked). It confirms the member ID shown when it was ticked, not whatever is typed later.
 */
function motherConfirmation(values: Record<string, string>, error: string | undefined) {
  const memberId = (values.motherMemberId ?? '').trim();
  const confirmed = values.motherConfirmed ?? '';
  if (!error && confirmed === '') return undefined;
  return { id: 'motherConfirmed', value: memberId, checked: confirmed !== '' && confirmed === memberId, error, label: `I confirm that member ${memberId} is the mother of the babies in this notification` };
}

/** The form page: what was typed, the facilities found, one block per baby, and the errors if any. */
export function newbornFormView(draft: NewbornDraft, form: PostedForm, errors: FieldError[], facilities: Provider[]) {
  return {
    title: errors.length > 0 ? `Error: ${TITLE}` : TITLE,
    values: form.values,
    errors,
    formId: draft.formId,
    motherConfirmation: motherConfirmation(form.values, messageFor(errors, 'motherConfirmed')),
    searched: draft.facilityQuery !== undefined,
    facilityError: messageFor(errors, 'facilityId'),
    // A search that failed shows its message alone, not the results of the search before it.
    facilityOptions: messageFor(errors, 'facilityQuery') ? [] : facilities.map((p, i) => facilityOption(p, form.values.facilityId === String(p.id), i === 0)),
    deliveryTypes: radioItems('deliveryType', DELIVERY_TYPE_LABELS, form.values.deliveryType),
    babies: form.babies.map((typed, i) => babyView(typed, i, errors)),
    canAddBaby: form.babies.length < MAX_BABIES,
  };
}

/** The confirmation page of a notification that was sent. */
export function notificationView(n: NewbornNotificationDetail) {
  return {
    title: `Newborn delivery notification ${n.referenceNumber} sent`,
    referenceNumber: n.referenceNumber,
    details: [
      { key: 'Mother', value: `${n.mother.firstName} ${n.mother.lastName}, member ID ${n.mother.memberId}, born ${formatDate(n.mother.dateOfBirth)}` },
      { key: 'Delivery date', value: formatDate(n.deliveryDate) },
      { key: 'Delivery time', value: n.deliveryTime },
      { key: 'Delivering facility', value: `${n.facility.name} (NPI ${n.facility.npi})` },
      { key: 'Delivery type', value: DELIVERY_TYPE_LABELS[n.deliveryType] },
      { key: 'Contact', value: `${n.contactName}, ${n.contactPhone}` },
      { key: 'Sent by', value: `${n.submittedBy} on ${formatDate(n.submittedAt.slice(0, 10))}` },
    ],
    babies: n.babies.map((b, i) => ({
      number: i + 1,
      firstName: b.firstName,
      lastName: b.lastName,
      sex: SEX_LABELS[b.sex],
      dateOfBirth: formatDate(b.dateOfBirth),
      birthWeightGrams: b.birthWeightGrams,
      gestationalAgeWeeks: b.gestationalAgeWeeks,
      nicuAdmission: b.nicuAdmission ? 'Yes' : 'No',
    })),
  };
}
