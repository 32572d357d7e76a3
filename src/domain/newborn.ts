import { formatDate, type IsoDate } from './dates';
import { DELIVERING_FACILITY_TAXONOMIES } from './deliveringFacilityTaxonomies';
import { eligibilityOn, type EligibilitySpan } from './eligibility';

/**
 * The rules of a newborn delivery notification that need no database: plausible birth weights and
 * gestational ages, dates against the delivery date and today, and the "Baby Girl" / "Baby Boy" name
 * a hospital gives a baby who has no name yet. Each check returns the message to show, or undefined.
 */

export type Sex = 'female' | 'male';
export type DeliveryType = 'vaginal' | 'cesarean';

export const SEX_LABELS: Record<Sex, string> = { female: 'Female', male: 'Male' };
export const DELIVERY_TYPE_LABELS: Record<DeliveryType, string> = { vaginal: 'Vaginal', cesarean: 'Cesarean' };

/** Outside these, a weight was almost certainly typed wrong (pounds, kilograms, a digit too many). */
export const BIRTH_WEIGHT_GRAMS = { min: 200, max: 7000 } as const;
/** Completed weeks of gestation at birth; outside these, the number was almost certainly typed wrong. */
export const GESTATIONAL_AGE_WEEKS = { min: 20, max: 45 } as const;
/** Octuplets are the most ever recorded: more baby blocks than that is a mistake or a tampered form. */
export const MAX_BABIES = 8;

export interface Newborn {
  firstName: string;
  lastName: string;
  sex: Sex;
  dateOfBirth: IsoDate;
  birthWeightGrams: number;
  gestationalAgeWeeks: number;
  nicuAdmission: boolean;
}

const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** A time of day on the 24-hour clock, "14:30" or "9:05", as HH:MM; null if it is not one. */
export function parseClockTime(text: string): string | null {
  const m = CLOCK.exec(text.trim());
  return m ? `${m[1]?.padStart(2, '0')}:${m[2]}` : null;
}

/** The local time of day as HH:MM, the clinic's clock (as `today()` is the clinic's calendar). */
export function clockTimeOf(now: Date): string {
  return `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
}

/** A whole number typed with or without thousands separators ("3250", "3,250"); null otherwise. */
export function parseWholeNumber(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,6}$/.test(t) && !/^\d{1,3}(,\d{3})+$/.test(t)) return null;
  return Number(t.replace(/,/g, ''));
}

export function deliveryDateProblem(deliveryDate: IsoDate, today: IsoDate): string | undefined {
  return deliveryDate > today ? 'Delivery date must be today or in the past' : undefined;
}

/** A delivery today cannot have happened later than now; any time is possible on an earlier day. */
export function deliveryTimeProblem(deliveryDate: IsoDate, deliveryTime: string, today: IsoDate, timeNow: string): string | undefined {
  return deliveryDate === today && deliveryTime > timeNow ? 'Delivery time must be in the past' : undefined;
}

export function birthWeightProblem(grams: number): string | undefined {
  const { min, max } = BIRTH_WEIGHT_GRAMS;
  return grams < min || grams > max ? `Birth weight must be between ${min} and ${max} grams` : undefined;
}

export function gestationalAgeProblem(weeks: number): string | undefined {
  const { min, max } = GESTATIONAL_AGE_WEEKS;
  return weeks < min || weeks > max ? `Gestational age must be between ${min} and ${max} weeks` : undefined;
}

/** A baby is born on the delivery date or, for the later of twins delivered across midnight, after it. */
export function birthDateProblem(dateOfBirth: IsoDate, deliveryDate: IsoDate | undefined, today: IsoDate): string | undefined {
  if (dateOfBirth > today) return 'Date of birth must be today or in the past';
  if (deliveryDate && dateOfBirth < deliveryDate) return 'Date of birth must be on or after the delivery date';
  return undefined;
}

/** The sex a "Baby Girl" or "Baby Boy" first name stands for; undefined for a real first name. */
export function placeholderSex(firstName: string): Sex | undefined {
  const name = firstName.trim().replace(/\s+/g, ' ').toLowerCase();
  if (name === 'baby girl') return 'female';
  if (name === 'baby boy') return 'male';
  return undefined;
}

export interface NameProblem {
  field: 'lastName' | 'sex';
  message: string;
}

/**
 * A baby with no name yet is notified as "Baby Girl" or "Baby Boy" with the mother's last name, so
 * the plan can match the baby to the mother. Such a name must then agree with the baby's sex and
 * carry the mother's last name. `motherLastName` is left out when the mother is not known yet.
 */
export function placeholderNameProblems(baby: { firstName: string; lastName?: string; sex?: Sex }, motherLastName?: string): NameProblem[] {
  const stands = placeholderSex(baby.firstName);
  if (!stands) return [];
  const placeholder = stands === 'female' ? 'Baby Girl' : 'Baby Boy';
  const problems: NameProblem[] = [];
  if (motherLastName && baby.lastName !== undefined && baby.lastName.trim().toLowerCase() !== motherLastName.trim().toLowerCase()) {
    problems.push({ field: 'lastName', message: `Last name must be the mother's last name, ${motherLastName}, when the first name is ${placeholder}` });
  }
  if (baby.sex && baby.sex !== stands) {
    problems.push({ field: 'sex', message: `Sex must be ${SEX_LABELS[stands]} when the first name is ${placeholder}` });
  }
  return problems;
}

/** A member's sex as the plan's enrollment file records it (X12 834/271 use F, M and U). */
export function recordedSex(gender: string | null | undefined): Sex | 'unknown' {
  const g = (gender ?? '').trim().toLowerCase();
  if (g === 'f' || g === 'female') return 'female';
  if (g === 'm' || g === 'male') return 'male';
  return 'unknown';
}

export interface MotherOnRecord {
  memberId: string;
  firstName: string;
  lastName: string;
  gender: string;
  eligibility: readonly EligibilitySpan[];
}

export interface MotherProblem {
  /** motherConfirmed: the office must tick "I confirm ..." (a warning, not a refusal). */
  field: 'motherMemberId' | 'motherConfirmed';
  message: string;
}

/**
 * Whether the member found can be the babies' mother: one recorded as male is refused, one not
 * eligible on the delivery date is refused, and one whose sex is not recorded is accepted once the
 * office confirms it, for that member ID (`confirmedMemberId` is the ID the confirmation was given for).
 * `deliveryDate` is left out while the date typed is not a valid one.
 */
export function motherProblem(mother: MotherOnRecord, deliveryDate: IsoDate | undefined, confirmedMemberId: string): MotherProblem | undefined {
  const name = `${mother.firstName} ${mother.lastName}`;
  const sex = recordedSex(mother.gender);
  if (sex === 'male') return { field: 'motherMemberId', message: `${name}, member ID ${mother.memberId}, is recorded as male: enter the mother's member ID` };
  if (deliveryDate && !eligibilityOn(mother.eligibility, deliveryDate)) return { field: 'motherMemberId', message: `${name} is not eligible on ${formatDate(deliveryDate)}` };
  if (sex === 'unknown' && confirmedMemberId.trim() !== mother.memberId) {
    return { field: 'motherConfirmed', message: `The plan has no sex recorded for ${name}: check the member ID, then confirm that ${name} is the mother` };
  }
  return undefined;
}

const DELIVERING_FACILITY_CODES = new Set(DELIVERING_FACILITY_TAXONOMIES.map((t) => t.code));

/** A baby is delivered in a hospital (the NUCC Hospitals grouping) or a birthing center: anything else is refused. */
export function deliveringFacilityProblem(facility: { name: string; taxonomyCode?: string | null }): string | undefined {
  return DELIVERING_FACILITY_CODES.has((facility.taxonomyCode ?? '').trim().toUpperCase())
    ? undefined
    : `${facility.name} is not a hospital or birth center: select the facility where the delivery took place`;
}
