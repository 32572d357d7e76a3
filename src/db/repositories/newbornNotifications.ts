import type { Db } from '../database';
import { insertedId } from '../results';
import type { DeliveryType, Newborn, Sex } from '../../domain/newborn';
import { isUniqueViolation, withFreshReference } from './uniqueReference';

export interface NewNewbornNotification {
  formId: string;
  organizationId: number;
  submittedBy: number;
  /** members.id of the mother, not her member ID. */
  motherId: number;
  deliveryDate: string;
  deliveryTime: string;
  facilityProviderId: number;
  deliveryType: DeliveryType;
  contactName: string;
  contactPhone: string;
  submittedAt: string;
  babies: Newborn[];
}

/**
 * Stores a notification and its babies in one transaction and returns its reference number, drawn by
 * `drawReference` and drawn again on the (rare) clash with an existing one. A second notification
 * from the same form is never stored: the form id is unique, and the first one's reference comes back.
 */
export async function insertNewbornNotification(
  db: Db,
  n: NewNewbornNotification,
  drawReference: () => string,
  /** More to write in the same transaction (the journey marked as submitted). */
  alsoInTransaction?: (trx: Db, referenceNumber: string) => Promise<void>,
): Promise<string> {
  try {
    return await withFreshReference('newborn_notifications', drawReference, (referenceNumber) =>
      db.transaction(async (trx) => {
        const notificationId = insertedId(await trx('newborn_notifications').insert({
          reference_number: referenceNumber,
          form_id: n.formId,
          organization_id: n.organizationId,
          submitted_by: n.submittedBy,
          mother_member_id: n.motherId,
          delivery_date: n.deliveryDate,
          delivery_time: n.deliveryTime,
          facility_provider_id: n.facilityProviderId,
          delivery_type: n.deliveryType,
          contact_name: n.contactName,
          contact_phone: n.contactPhone,
          submitted_at: n.submittedAt,
        }).returning('id'));
        await trx('newborns').insert(
          n.babies.map((b, i) => ({
            notification_id: notificationId,
            position: i + 1,
            first_name: b.firstName,
            last_name: b.lastName,
            sex: b.sex,
            date_of_birth: b.dateOfBirth,
            birth_weight_grams: b.birthWeightGrams,
            gestational_age_weeks: b.gestationalAgeWeeks,
            nicu_admission: b.nicuAdmission,
          })),
        );
        await alsoInTransaction?.(trx, referenceNumber);
      }),
    );
  } catch (err) {
    if (isUniqueViolation(err, 'newborn_notifications', 'form_id')) {
      const existing = await referenceForFormId(db, n.organizationId, n.formId);
      if (existing) return existing;
    }
    throw err;
  }
}

/** The reference number of the notification a form already sent, if the organization sent one. */
export async function referenceForFormId(db: Db, organizationId: number, formId: string): Promise<string | undefined> {
  return (await notificationSentFromForm(db, organizationId, formId))?.reference;
}

/** The notification a form (a newborn journey) became, when the organization sent one. */
export async function notificationSentFromForm(db: Db, organizationId: number, formId: string): Promise<{ reference: string; submittedAt: string } | undefined> {
  const row = await db('newborn_notifications').where({ form_id: formId, organization_id: organizationId }).first('reference_number', 'submitted_at');
  return row ? { reference: row.reference_number, submittedAt: row.submitted_at } : undefined;
}

export interface NewbornNotificationDetail {
  referenceNumber: string;
  /** members.id of the mother, for the audit log. */
  motherId: number;
  mother: { memberId: string; firstName: string; lastName: string; dateOfBirth: string };
  deliveryDate: string;
  deliveryTime: string;
  facility: { name: string; npi: string };
  deliveryType: DeliveryType;
  contactName: string;
  contactPhone: string;
  submittedAt: string;
  submittedBy: string;
  babies: Newborn[];
}

/** A notification, only if it belongs to the organization: another organization's is not found at all. */
export async function findNewbornNotificationForOrganization(db: Db, organizationId: number, referenceNumber: string): Promise<NewbornNotificationDetail | undefined> {
  const row = await db('newborn_notifications as n')
    .join('members as m', 'm.id', 'n.mother_member_id')
    .join('providers as p', 'p.id', 'n.facility_provider_id')
    .join('users as u', 'u.id', 'n.submitted_by')
    .where('n.reference_number', referenceNumber)
    .where('n.organization_id', organizationId)
    .first(
      'n.*',
      'm.member_id as m_member_id', 'm.first_name as m_first_name', 'm.last_name as m_last_name', 'm.date_of_birth as m_date_of_birth',
      'p.name as p_name', 'p.npi as p_npi', 'u.display_name as submitted_by_name',
    );
  if (!row) return undefined;
  const babies = await db('newborns').where({ notification_id: row.id }).orderBy('position');
  return {
    referenceNumber: row.reference_number,
    motherId: row.mother_member_id,
    mother: { memberId: row.m_member_id, firstName: row.m_first_name, lastName: row.m_last_name, dateOfBirth: row.m_date_of_birth },
    deliveryDate: row.delivery_date,
    deliveryTime: row.delivery_time,
    facility: { name: row.p_name, npi: row.p_npi },
    deliveryType: row.delivery_type,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    submittedAt: row.submitted_at,
    submittedBy: row.submitted_by_name,
    babies: babies.map((b) => ({
      firstName: b.first_name,
      lastName: b.last_name,
      sex: b.sex as Sex,
      dateOfBirth: b.date_of_birth,
      birthWeightGrams: b.birth_weight_grams,
      gestationalAgeWeeks: b.gestational_age_weeks,
      nicuAdmission: Boolean(b.nicu_admission),
    })),
  };
}
