import crypto from 'node:crypto';
import { Router } from 'express';
import Joi from 'joi';
import type { Db } from '../db/database';
import { findMemberById, findMembers, type Member, type MemberCriteria } from '../db/repositories/members';
import { findMemberSearch, insertMemberSearch, purgeMemberSearchesBefore } from '../db/repositories/memberSearches';
import { eligibilityOn } from '../domain/eligibility';
import { formatDate } from '../domain/dates';
import { currentUser } from '../middleware/signIn';
import { audit } from '../services/audit';
import { dateField, optionalText, textOf, validate, type FieldError } from '../validation';
import type { InProgressList } from '../journeys/inProgress';
import type { UserRecord } from '../db/repositories/users';

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

/** What the provider searched by, in their words, to show beside the result. */
function searchedBy(criteria: MemberCriteria): { label: string; value: string }[] {
  const by: { label: string; value: string }[] = [];
  if (criteria.memberId) by.push({ label: 'Member ID', value: criteria.memberId });
  if (criteria.medicaidId) by.push({ label: 'Medicaid ID', value: criteria.medicaidId });
  if (criteria.lastName) by.push({ label: 'Name', value: `${criteria.lastName}, ${criteria.firstName ?? ''}` });
  if (criteria.dateOfBirth) by.push({ label: 'Date of birth', value: formatDate(criteria.dateOfBirth) });
  return by;
}

/** When the member ID and the Medicaid ID given each name a member, but not the same one, say exactly that. */
async function identifiersDisagree(db: Db, criteria: MemberCriteria): Promise<FieldError | undefined> {
  if (!criteria.memberId || !criteria.medicaidId) return undefined;
  const [byMemberId] = await findMembers(db, { memberId: criteria.memberId }, 1);
  const [byMedicaidId] = await findMembers(db, { medicaidId: criteria.medicaidId }, 1);
  if (!byMemberId || !byMedicaidId || byMemberId.id === byMedicaidId.id) return undefined;
  return {
    field: 'memberId',
    message: `Member ID ${criteria.memberId} and Medicaid ID ${criteria.medicaidId} belong to two different members. Search by one of them only.`,
  };
}

/** A page that finds a member and shows their eligibility on a date: where it is and what it shows. */
interface SearchPage {
  path: string;
  /** Where its form posts. */
  searchPath: string;
  view: string;
  title: string;
  /** The user's requests in progress, on the page that starts them. */
  inProgress?: InProgressList;
}

/**
 * One member search serving two pages: "Prior Authorization > Medical" (find the member, then start a
 * request) and "Member Eligibility" (the guide's Member Search: eligibility on a date, without starting
 * anything). Each search is kept in its own row, named by a random id in the address (never the member's
 * identifiers, which would reach logs and browser history), so two tabs can search two members; the
 * search form comes back empty for the next search.
 */
function memberSearchPage(db: Db, page: SearchPage): Router {
  const router = Router();
  const inProgress = async (user: UserRecord) => (page.inProgress ? page.inProgress(db, user) : []);

  router.get(page.path, async (req, res) => {
    const user = currentUser(res);
    const searchId = textOf(req.query.search);
    const search = searchId ? await findMemberSearch(db, searchId, user.id) : undefined;
    const member = search ? await findMemberById(db, search.memberId) : undefined;
    res.render(page.view, {
      title: page.title,
      searchPath: page.searchPath,
      // A new search starts empty but for the date of service, so no identifier of the last member lingers.
      values: search ? { startDate: formatDate(search.dateOfService) } : {},
      errors: [],
      result: member && search ? { ...memberResultView(member, search.dateOfService), searchId: search.id, searchedBy: search.criteria } : undefined,
      inProgress: await inProgress(user),
    });
  });

  router.post(page.searchPath, async (req, res) => {
    const user = currentUser(res);
    const values = Object.fromEntries(FIELDS.map((f) => [f, textOf(req.body[f])]));
    const show = async (errors: FieldError[]) =>
      res.status(422).render(page.view, { title: `Error: ${page.title}`, searchPath: page.searchPath, values, errors, result: undefined, inProgress: await inProgress(user) });

    const { value, errors } = validate<SearchForm>(schema, req.body);
    const { criteria, errors: criteriaErrors } = criteriaFrom(value);
    const all = [...criteriaErrors, ...errors].filter((e, i, list) => list.findIndex((x) => x.field === e.field) === i);
    if (all.length > 0) return show(orderByField(all));

    const members = await findMembers(db, criteria, 2);
    if (members.length === 0) {
      return show([(await identifiersDisagree(db, criteria)) ?? { field: 'memberId', message: 'No member matches those details. Check them and search again.' }]);
    }
    const member = members[0];
    if (members.length > 1 || !member) {
      return show([{ field: 'memberId', message: 'More than one member matches that name and date of birth. Search by member ID or Medicaid ID instead.' }]);
    }
    // Audited first: a search whose audit entry cannot be written shows no member and keeps no result.
    await audit(db, req, res, 'member-search', { memberId: member.id });
    const now = new Date();
    await purgeMemberSearchesBefore(db, new Date(now.getTime() - 2 * 86_400_000));
    const id = crypto.randomUUID();
    await insertMemberSearch(db, { id, userId: user.id, memberId: member.id, dateOfService: value.startDate, criteria: searchedBy(criteria), createdAt: now.toISOString() });
    res.redirect(303, `${page.path}?search=${id}#search-result`);
  });

  return router;
}

/** "Prior Authorization > Medical", with the user's requests in progress, and "Member Eligibility". */
export function memberSearchRouter(db: Db, inProgress: InProgressList): Router {
  const router = Router();
  router.use(memberSearchPage(db, { path: '/prior-auth', searchPath: '/prior-auth/member-search', view: 'priorAuth/medical', title: 'Prior Authorization', inProgress }));
  router.use(memberSearchPage(db, { path: '/member-eligibility', searchPath: '/member-eligibility', view: 'memberEligibility/index', title: 'Member Eligibility' }));
  return router;
}

function orderByField(errors: FieldError[]): FieldError[] {
  return [...errors].sort((a, b) => FIELDS.indexOf(a.field as (typeof FIELDS)[number]) - FIELDS.indexOf(b.field as (typeof FIELDS)[number]));
}
