import crypto from 'node:crypto';
import { Router } from 'express';
import Joi from 'joi';
import type { Db } from '../db/database';
import { findMemberById, findMembers, type Member, type MemberCriteria } from '../db/repositories/members';
import { nextCounterValue } from '../db/repositories/requests';
import { eligibilityOn } from '../domain/eligibility';
import { formatDate } from '../domain/dates';
import { formatAuthorizationNumber } from '../domain/referenceNumbers';
import { currentUser } from '../middleware/signIn';
import { audit } from '../services/audit';
import { dateField, optionalText, textOf, validate, type FieldError } from '../validation';
import { newJourney } from '../journeys/priorAuth/journey';
import { keepJourney } from '../journeys/priorAuth/keepJourney';
import { firstStepSlug } from '../journeys/priorAuth/flow';

export interface MemberSearchState {
  /** What the provider typed, to show it again. */
  values: Record<string, string>;
  dateOfService: string;
  memberId: number;
}

const FIELDS = ['memberId', 'medicaidId', 'lastName', 'firstName', 'dateOfBirth', 'startDate'] as const;

const idText = (label: string) =>
  optionalText(label, 20).pattern(/^[A-Za-z0-9-]*$/).messages({ 'string.pattern.base': `${label} must contain only letters, numbers and hyphens` });

const schema = Joi.object({
  memberId: idText('Member ID'),
  medicaidId: idText('Medicaid ID'),
  lastName: optionalText('last name', 60),
  firstName: optionalText('first name', 60),
  dateOfBirth: Joi.string().trim().allow(''),
  startDate: dateField('start date of service'),
});

interface SearchForm {
  memberId?: string;
  medicaidId?: string;
  lastName?: string;
  firstName?: string;
  dateOfBirth?: string;
  startDate: string;
}

/**
 * The criteria to search with, or the errors that say what is missing. The provider fills one way of
 * identifying the member (member ID, Medicaid ID, or last name + first name + date of birth); every
 * criterion given must match.
 */
function criteriaFrom(form: SearchForm): { criteria: MemberCriteria; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const criteria: MemberCriteria = {};
  if (form.memberId) criteria.memberId = form.memberId;
  if (form.medicaidId) criteria.medicaidId = form.medicaidId;
  const byName = Boolean(form.lastName || form.firstName || form.dateOfBirth);
  if (byName) {
    if (!form.lastName) errors.push({ field: 'lastName', message: "Enter the member's last name" });
    if (!form.firstName) errors.push({ field: 'firstName', message: "Enter the member's first name" });
    if (!form.dateOfBirth) {
      errors.push({ field: 'dateOfBirth', message: "Enter the member's date of birth" });
    } else {
      const { value, errors: dateErrors } = validate<{ d: string }>(Joi.object({ d: dateField('date of birth') }), { d: form.dateOfBirth });
      if (dateErrors[0]) errors.push({ field: 'dateOfBirth', message: dateErrors[0].message });
      else criteria.dateOfBirth = value.d;
    }
    if (form.lastName) criteria.lastName = form.lastName;
    if (form.firstName) criteria.firstName = form.firstName;
  }
  if (!criteria.memberId && !criteria.medicaidId && !byName) {
    errors.push({ field: 'memberId', message: "Enter a member ID, a Medicaid ID, or the member's last name, first name and date of birth" });
  }
  return { criteria, errors };
}

export function memberResultView(member: Member, dateOfService: string) {
  const span = eligibilityOn(member.eligibility, dateOfService);
  return {
    id: member.id,
    name: `${member.firstName} ${member.lastName}`,
    memberId: member.memberId,
    medicaidId: member.medicaidId ?? '',
    dateOfBirth: formatDate(member.dateOfBirth),
    gender: member.gender,
    eligible: Boolean(span),
    eligibility: span
      ? `Eligible on ${formatDate(dateOfService)} (${span.planName}, ${formatDate(span.startDate)} to ${formatDate(span.endDate)})`
      : `Not eligible on ${formatDate(dateOfService)}`,
    spans: member.eligibility.map((s) => `${s.planName}: ${formatDate(s.startDate)} to ${formatDate(s.endDate)}`),
  };
}

export function memberSearchRouter(db: Db): Router {
  const router = Router();

  router.get('/prior-auth', async (req, res) => {
    const state = req.session.memberSearch;
    const member = state ? await findMemberById(db, state.memberId) : undefined;
    res.render('priorAuth/medical', {
      title: 'Prior Authorization',
      values: state?.values ?? {},
      errors: [],
      result: member && state ? memberResultView(member, state.dateOfService) : undefined,
    });
  });

  router.post('/prior-auth/member-search', async (req, res) => {
    const values = Object.fromEntries(FIELDS.map((f) => [f, textOf(req.body[f])]));
    const show = (errors: FieldError[]) =>
      res.status(422).render('priorAuth/medical', { title: 'Error: Prior Authorization', values, errors, result: undefined });

    const { value, errors } = validate<SearchForm>(schema, req.body);
    const { criteria, errors: criteriaErrors } = criteriaFrom(value);
    const all = [...criteriaErrors, ...errors].filter((e, i, list) => list.findIndex((x) => x.field === e.field) === i);
    if (all.length > 0) return show(orderByField(all));

    const members = await findMembers(db, criteria, 2);
    if (members.length === 0) {
      return show([{ field: 'memberId', message: 'No member matches those details. Check them and search again.' }]);
    }
    const member = members[0];
    if (members.length > 1 || !member) {
      return show([{ field: 'memberId', message: 'More than one member matches that name and date of birth. Search by member ID or Medicaid ID instead.' }]);
    }
    await audit(db, req, res, 'member-search', { memberId: member.id });
    req.session.memberSearch = { values, dateOfService: value.startDate, memberId: member.id };
    res.redirect(303, '/prior-auth#search-result');
  });

  router.post('/prior-auth/start', async (req, res) => {
    const state = req.session.memberSearch;
    const member = state && String(state.memberId) === textOf(req.body.member) ? await findMemberById(db, state.memberId) : undefined;
    if (!state || !member) {
      req.session.flash = 'Search for the member again, then start the request.';
      return res.redirect(303, '/prior-auth');
    }
    if (!eligibilityOn(member.eligibility, state.dateOfService)) {
      // The page offers no button in this case; a forged post gets the same answer.
      return res.redirect(303, '/prior-auth#search-result');
    }
    const user = currentUser(res);
    const authorizationNumber = formatAuthorizationNumber(await nextCounterValue(db, 'authorization-number', 1950));
    const journey = newJourney({ id: crypto.randomUUID(), userId: user.id, memberId: member.id, dateOfService: state.dateOfService, authorizationNumber });
    await keepJourney(db, req.session, journey);
    await audit(db, req, res, 'request-started', { memberId: member.id });
    res.redirect(303, `/prior-auth/${journey.id}/${firstStepSlug}`);
  });

  return router;
}

function orderByField(errors: FieldError[]): FieldError[] {
  return [...errors].sort((a, b) => FIELDS.indexOf(a.field as (typeof FIELDS)[number]) - FIELDS.indexOf(b.field as (typeof FIELDS)[number]));
}
