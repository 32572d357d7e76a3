import request from 'supertest';
import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { journeyIdOf, fillToReview, startRequest, submitRequest } from '../helpers/journey';
import { routesOf } from '../helpers/routes';
import { makePdf } from '../helpers/fixtures';
import { decideEveryLine } from '../helpers/planRequests';
import { raiseNotice } from '../../src/db/repositories/notices';
import { insertUser } from '../../src/db/repositories/users';
import { insertApiClient } from '../../src/db/repositories/apiClients';
import { issueSetPasswordLink } from '../../src/services/setPasswordLinks';

/**
 * Walks every route the portal serves with a signed-out visitor and with a user of another
 * organization. The route list is read from Express itself, so a route added without a line here
 * fails the first test.
 */
let t: TestApp;
let owner: Browser;
let reference = '';
let notification = '';
let attachmentId = '';
let journeyId = '';
/** The decision letter (and member's notice) of the physician's denial of the owner's request. */
let letterId = 0;
/** The owner's newborn notification in progress, with the mother's member ID typed. */
let newbornForm = '';
const newbornId = () => /[0-9a-f-]{36}/.exec(newbornForm)?.[0] ?? 'none';
/** A user of the owner's organization for the walk to change (not the owner, whose session it needs). */
let walkTargetId = 0;
let setPasswordLink = '';
let announcementId = 0;
/** An API client of the owner's organization (issue 15). */
let apiClientId = 0;
/** The nurse's decision in progress on the owner's request. */
const decisionId = '00000000-0000-4000-8000-00000000dec1';
/** The owner's update of its request in progress (issue 14). */
const updateId = '00000000-0000-4000-8000-0000000000d1';
/** A notice to the owner's office about its request, and its e-mail in the outbox. */
let noticeId = '';
let messageId = '';

beforeAll(async () => {
  t = await startTestApp();
  owner = await signedIn(t.app);
  const results = await submitRequest(owner);
  reference = /Reference #: (\d{9})/.exec(results.mainText)?.[1] ?? '';
  await owner.visit(`/prior-auth/requests/${reference}`);
  await owner.agent.post(`/prior-auth/requests/${reference}/attachments`).field('_csrf', owner.csrfToken).attach('files', makePdf(), 'note.pdf');
  attachmentId = String((await t.db('attachments').first('id')).id);
  letterId = await decideEveryLine(t.db, reference, 'Denied', new Date());
  journeyId = journeyIdOf(await startRequest(owner));
  await fillToReview(owner);
  newbornForm = (await owner.visit('/prior-auth/newborn')).url;
  await owner.submit('Find provider', { "Mother's member ID": '5634024', 'Provider search': 'Northside' });
  const journeyPage = await owner.visit(`/prior-auth/${journeyId}/review`);
  expect(journeyPage.status).toBe(200);
  const user = await t.db('users').where({ username: 'demo.provider' }).first();
  const mother = await t.db('members').where({ member_id: '5634026' }).first();
  const provider = await t.db('providers').first();
  notification = '123456789';
  walkTargetId = await insertUser(t.db, { organizationId: user.organization_id, username: 'walk.target', displayName: 'Walk Target', role: 'provider', passwordHash: '!', email: 'walk@northside.example' });
  announcementId = (await t.db('announcements').first('id')).id;
  setPasswordLink = await issueSetPasswordLink(t.db, walkTargetId, 'invite', new Date());
  const nurse = await t.db('users').where({ username: 'demo.nurse' }).first();
  await t.db('journeys').insert({
    id: decisionId, kind: 'plan-decision', user_id: nurse.id, organization_id: nurse.organization_id, answers: JSON.stringify({ requestId: 0, reference, seen: {}, proposals: {} }),
    version: 1, status: 'in-progress', created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
  });
  const owned = await t.db('users').where({ username: 'demo.provider' }).first();
  await t.db('journeys').insert({
    id: updateId, kind: 'authorization-update', user_id: owned.id, organization_id: owned.organization_id,
    answers: JSON.stringify({ reference, authorizationNumber: '', seen: {}, changes: {}, linesConfirmed: false, added: [], addedConfirmed: false }),
    version: 1, status: 'in-progress', created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
  });
  await t.db('newborn_notifications').insert({
    reference_number: notification, form_id: 'access-test', organization_id: user.organization_id, submitted_by: user.id, mother_member_id: mother.id,
    delivery_date: '2026-03-02', delivery_time: '14:30', facility_provider_id: provider.id, delivery_type: 'vaginal', contact_name: 'A', contact_phone: '(312) 555-0142', submitted_at: new Date().toISOString(),
  });
  const submitted = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  await t.db('auth_requests').where({ id: submitted.id }).update({ contact_email: 'frontdesk@northside.example' });
  noticeId = String(await raiseNotice(t.db, { organizationId: user.organization_id, requestId: submitted.id, kind: 'decision', at: new Date().toISOString() }));
  messageId = String((await t.db('outbox').first('id')).id);
  const orgAdmin = await t.db('users').where({ username: 'demo.admin' }).first();
  apiClientId = await insertApiClient(t.db, { organizationId: user.organization_id, name: 'Walk EHR', clientId: 'walk-client', jwks: '{"keys":[]}', createdBy: orgAdmin.id, createdAt: new Date().toISOString() });
});
afterAll(async () => t.close());

type Expect = 'public' | 'signed-in' | 'organization' | 'admin' | 'user-admin' | 'plan' | 'plan-admin';

/** Each route, a concrete address for it, and who may use it. */
const ROUTES: Record<string, { path: () => string; access: Expect }> = {
  'GET /': { path: () => '/', access: 'signed-in' },
  'GET /account': { path: () => '/account', access: 'signed-in' },
  'POST /account': { path: () => '/account', access: 'signed-in' },
  'GET /account/password': { path: () => '/account/password', access: 'signed-in' },
  'GET /admin/audit': { path: () => '/admin/audit', access: 'admin' },
  'GET /codes': { path: () => '/codes?q=F11&type=diagnosis', access: 'signed-in' },
  'GET /forgot-password': { path: () => '/forgot-password', access: 'public' },
  'POST /forgot-password': { path: () => '/forgot-password', access: 'public' },
  'GET /forgot-password/sent': { path: () => '/forgot-password/sent', access: 'public' },
  'GET /set-password/:token': { path: () => setPasswordLink, access: 'public' },
  'POST /set-password/:token': { path: () => setPasswordLink, access: 'public' },
  'GET /users': { path: () => '/users', access: 'user-admin' },
  'GET /api-clients': { path: () => '/api-clients', access: 'user-admin' },
  'POST /api-clients': { path: () => '/api-clients', access: 'user-admin' },
  'POST /api-clients/:id/deactivate': { path: () => `/api-clients/${apiClientId}/deactivate`, access: 'user-admin' },
  // The API's discovery and token endpoint: for API clients, who have no session (issue 15).
  'GET /.well-known/smart-configuration': { path: () => '/.well-known/smart-configuration', access: 'public' },
  'GET /fhir/.well-known/smart-configuration': { path: () => '/fhir/.well-known/smart-configuration', access: 'public' },
  'POST /fhir/token': { path: () => '/fhir/token', access: 'public' },
  'GET /fhir/metadata': { path: () => '/fhir/metadata', access: 'public' },
  // Behind an access token, not a session: test/integration/fhir/ walks it.
  'POST /fhir/Claim/$submit': { path: () => '/fhir/Claim/$submit', access: 'public' },
  'POST /fhir/Subscription': { path: () => '/fhir/Subscription', access: 'public' },
  'GET /fhir/Subscription/:id': { path: () => '/fhir/Subscription/x', access: 'public' },
  'DELETE /fhir/Subscription/:id': { path: () => '/fhir/Subscription/x', access: 'public' },
  'POST /fhir/Claim/$inquire': { path: () => '/fhir/Claim/$inquire', access: 'public' },
  'GET /users/new': { path: () => '/users/new', access: 'user-admin' },
  'POST /users/new': { path: () => '/users/new', access: 'user-admin' },
  'POST /users/:id/role': { path: () => `/users/${walkTargetId}/role`, access: 'user-admin' },
  'POST /users/:id/deactivate': { path: () => `/users/${walkTargetId}/deactivate`, access: 'user-admin' },
  'POST /users/:id/reactivate': { path: () => `/users/${walkTargetId}/reactivate`, access: 'user-admin' },
  'POST /users/:id/unlock': { path: () => `/users/${walkTargetId}/unlock`, access: 'user-admin' },
  'POST /users/:id/set-password-link': { path: () => `/users/${walkTargetId}/set-password-link`, access: 'user-admin' },
  'GET /favicon.ico': { path: () => '/favicon.ico', access: 'public' },
  'GET /healthz': { path: () => '/healthz', access: 'public' },
  'GET /notices/:id': { path: () => `/notices/${noticeId}`, access: 'organization' },
  'GET /outbox': { path: () => '/outbox', access: 'admin' },
  'GET /outbox/:id': { path: () => `/outbox/${messageId}`, access: 'admin' },
  'GET /member-eligibility': { path: () => '/member-eligibility', access: 'signed-in' },
  'POST /member-eligibility': { path: () => '/member-eligibility', access: 'signed-in' },
  'GET /plan/announcements': { path: () => '/plan/announcements', access: 'plan-admin' },
  'GET /plan/announcements/new': { path: () => '/plan/announcements/new', access: 'plan-admin' },
  'POST /plan/announcements/new': { path: () => '/plan/announcements/new', access: 'plan-admin' },
  'GET /plan/announcements/:id': { path: () => `/plan/announcements/${announcementId}`, access: 'plan-admin' },
  'POST /plan/announcements/:id': { path: () => `/plan/announcements/${announcementId}`, access: 'plan-admin' },
  'POST /plan/announcements/:id/end': { path: () => `/plan/announcements/${announcementId}/end`, access: 'plan-admin' },
  'GET /plan/provider-information': { path: () => '/plan/provider-information', access: 'plan-admin' },
  'GET /plan/provider-information.csv': { path: () => '/plan/provider-information.csv', access: 'plan-admin' },
  'GET /provider-information': { path: () => '/provider-information', access: 'admin' },
  'POST /provider-information': { path: () => '/provider-information', access: 'admin' },
  'GET /plan/queue': { path: () => '/plan/queue', access: 'plan' },
  'GET /plan/requests/:reference': { path: () => `/plan/requests/${reference}`, access: 'plan' },
  'GET /plan/requests/:reference/attachments/:id': { path: () => `/plan/requests/${reference}/attachments/${attachmentId}`, access: 'plan' },
  'GET /plan/requests/:reference/letters/:letter': { path: () => `/plan/requests/${reference}/letters/${letterId}`, access: 'plan' },
  'GET /plan/requests/:reference/letters/:letter/pdf': { path: () => `/plan/requests/${reference}/letters/${letterId}/pdf`, access: 'plan' },
  'GET /plan/requests/:reference/letters/:letter/member-notice': { path: () => `/plan/requests/${reference}/letters/${letterId}/member-notice`, access: 'plan' },
  'GET /plan/requests/:reference/letters/:letter/member-notice/pdf': { path: () => `/plan/requests/${reference}/letters/${letterId}/member-notice/pdf`, access: 'plan' },
  'POST /plan/requests/:reference/decide': { path: () => `/plan/requests/${reference}/decide`, access: 'plan' },
  'GET /plan/decisions/:journeyId/:slug': { path: () => `/plan/decisions/${decisionId}/lines`, access: 'plan' },
  'POST /plan/decisions/:journeyId/:slug': { path: () => `/plan/decisions/${decisionId}/lines`, access: 'plan' },
  'POST /plan/requests/:reference/assign': { path: () => `/plan/requests/${reference}/assign`, access: 'plan' },
  'GET /plan/settings': { path: () => '/plan/settings', access: 'plan-admin' },
  'POST /plan/settings': { path: () => '/plan/settings', access: 'plan-admin' },
  'GET /prior-authorization/metrics': { path: () => '/prior-authorization/metrics', access: 'public' },
  'GET /prior-authorization/metrics.csv': { path: () => '/prior-authorization/metrics.csv', access: 'public' },
  'GET /prior-auth': { path: () => '/prior-auth', access: 'signed-in' },
  'GET /prior-auth/:journeyId/:slug': { path: () => `/prior-auth/${journeyId}/review`, access: 'organization' },
  'GET /prior-auth/:journeyId/cancel': { path: () => `/prior-auth/${journeyId}/cancel`, access: 'organization' },
  'GET /prior-auth/:journeyId/:slug/:param': { path: () => `/prior-auth/${journeyId}/document-clinical/80324`, access: 'organization' },
  'GET /prior-auth/fax-clinical-information': { path: () => '/prior-auth/fax-clinical-information', access: 'signed-in' },
  'GET /prior-auth/newborn': { path: () => '/prior-auth/newborn', access: 'signed-in' },
  'GET /prior-auth/newborn/:journeyId/:slug': { path: () => newbornForm, access: 'organization' },
  'GET /prior-auth/newborn/:journeyId/cancel': { path: () => newbornForm.replace(/notification$/, 'cancel'), access: 'organization' },
  'GET /prior-auth/newborn/notifications/:reference': { path: () => `/prior-auth/newborn/notifications/${notification}`, access: 'organization' },
  'GET /prior-auth/requests/:reference': { path: () => `/prior-auth/requests/${reference}`, access: 'organization' },
  'GET /prior-auth/requests/:reference/attachments/:id': { path: () => `/prior-auth/requests/${reference}/attachments/${attachmentId}`, access: 'organization' },
  'GET /prior-auth/requests/:reference/letters/:letter': { path: () => `/prior-auth/requests/${reference}/letters/${letterId}`, access: 'organization' },
  'GET /prior-auth/requests/:reference/letters/:letter/pdf': { path: () => `/prior-auth/requests/${reference}/letters/${letterId}/pdf`, access: 'organization' },
  'GET /prior-auth/requests/:reference/letters/:letter/member-notice': { path: () => `/prior-auth/requests/${reference}/letters/${letterId}/member-notice`, access: 'organization' },
  'GET /prior-auth/requests/:reference/letters/:letter/member-notice/pdf': { path: () => `/prior-auth/requests/${reference}/letters/${letterId}/member-notice/pdf`, access: 'organization' },
  'GET /prior-auth/requests/:reference/copy': { path: () => `/prior-auth/requests/${reference}/copy`, access: 'organization' },
  'GET /prior-auth/requests/:reference/withdraw': { path: () => `/prior-auth/requests/${reference}/withdraw`, access: 'organization' },
  'GET /prior-auth/requests/:reference/update': { path: () => `/prior-auth/requests/${reference}/update`, access: 'organization' },
  'GET /prior-auth/updates/:journeyId/:slug': { path: () => `/prior-auth/updates/${updateId}/lines`, access: 'organization' },
  'GET /prior-auth/updates/:journeyId/:slug/:param': { path: () => `/prior-auth/updates/${updateId}/document-clinical/E0601`, access: 'organization' },
  'GET /prior-auth/updates/:journeyId/cancel': { path: () => `/prior-auth/updates/${updateId}/cancel`, access: 'organization' },
  'GET /prior-auth/requests/:reference/submitted': { path: () => `/prior-auth/requests/${reference}/submitted`, access: 'organization' },
  'GET /prior-auth/status': { path: () => '/prior-auth/status', access: 'signed-in' },
  'GET /sign-in': { path: () => '/sign-in', access: 'public' },
  'POST /account/password': { path: () => '/account/password', access: 'signed-in' },
  'POST /prior-auth/:journeyId/:slug': { path: () => `/prior-auth/${journeyId}/review`, access: 'organization' },
  'POST /prior-auth/:journeyId/cancel': { path: () => `/prior-auth/${journeyId}/cancel`, access: 'organization' },
  'POST /prior-auth/:journeyId/:slug/:param': { path: () => `/prior-auth/${journeyId}/document-clinical/80324`, access: 'organization' },
  'POST /prior-auth/member-search': { path: () => '/prior-auth/member-search', access: 'signed-in' },
  'POST /prior-auth/newborn': { path: () => '/prior-auth/newborn', access: 'signed-in' },
  // A post to a form that is not the user's own keeps what it typed in a new form of theirs (tested below).
  'POST /prior-auth/newborn/:journeyId/:slug': { path: () => newbornForm, access: 'signed-in' },
  'POST /prior-auth/newborn/:journeyId/cancel': { path: () => newbornForm.replace(/notification$/, 'cancel'), access: 'organization' },
  'POST /prior-auth/requests/:reference/attachments': { path: () => `/prior-auth/requests/${reference}/attachments`, access: 'organization' },
  'POST /prior-auth/requests/:reference/messages': { path: () => `/prior-auth/requests/${reference}/messages`, access: 'organization' },
  'POST /prior-auth/requests/:reference/reconsideration': { path: () => `/prior-auth/requests/${reference}/reconsideration`, access: 'organization' },
  'POST /prior-auth/requests/:reference/copy': { path: () => `/prior-auth/requests/${reference}/copy`, access: 'organization' },
  'POST /prior-auth/requests/:reference/withdraw': { path: () => `/prior-auth/requests/${reference}/withdraw`, access: 'organization' },
  'POST /prior-auth/requests/:reference/update': { path: () => `/prior-auth/requests/${reference}/update`, access: 'organization' },
  'POST /prior-auth/updates/:journeyId/:slug': { path: () => `/prior-auth/updates/${updateId}/lines`, access: 'organization' },
  'POST /prior-auth/updates/:journeyId/:slug/:param': { path: () => `/prior-auth/updates/${updateId}/document-clinical/E0601`, access: 'organization' },
  'POST /prior-auth/updates/:journeyId/cancel': { path: () => `/prior-auth/updates/${updateId}/cancel`, access: 'organization' },
  'POST /prior-auth/start': { path: () => '/prior-auth/start', access: 'signed-in' },
  'POST /sign-in': { path: () => '/sign-in', access: 'public' },
  'POST /sign-out': { path: () => '/sign-out', access: 'signed-in' },
};

test('every route the portal serves is in this walk', () => {
  expect(routesOf(t.app)).toEqual(Object.keys(ROUTES).sort());
});

describe('a signed-out visitor', () => {
  test.each(Object.entries(ROUTES).filter(([, r]) => r.access !== 'public'))('%s is sent to sign in', async (route, r) => {
    const method = route.split(' ')[0];
    const res = method === 'GET' ? await request(t.app).get(r.path()) : await request(t.app).post(r.path()).type('form').send({ _csrf: 'x', action: 'submit' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
  });
});

describe('a user of another organization', () => {
  let outsider: Browser;
  beforeAll(async () => {
    outsider = await signedIn(t.app, 'demo.provider2');
    await outsider.visit('/');
  });

  test.each(Object.entries(ROUTES).filter(([, r]) => ['organization', 'plan', 'admin', 'user-admin', 'plan-admin'].includes(r.access)))('%s answers 404, exactly as for something that does not exist', async (route, r) => {
    const method = route.split(' ')[0];
    const res =
      method === 'GET'
        ? await outsider.agent.get(r.path())
        : await outsider.agent.post(r.path()).type('form').send({ _csrf: outsider.csrfToken, action: 'submit' });
    expect(res.status).toBe(404);
    expect(res.text).not.toMatch(/Dino|Saur|Rosa|Parkway|5634024|F11\.20/);
    const missing = r
      .path()
      .replace(reference, '000000001')
      .replace(journeyId, '00000000-0000-4000-8000-000000000000')
      .replace(newbornId(), '00000000-0000-4000-8000-000000000001')
      .replace(notification, '000000002');
    const none = method === 'GET' ? await outsider.agent.get(missing) : await outsider.agent.post(missing).type('form').send({ _csrf: outsider.csrfToken, action: 'submit' });
    expect(none.status).toBe(404);
  });

  test('the audit log page is for organization administrators only', async () => {
    expect((await outsider.agent.get('/admin/audit')).status).toBe(404);
    const admin = await signedIn(t.app, 'demo.admin');
    expect((await admin.visit('/admin/audit')).status).toBe(200);
    expect((await owner.agent.get('/admin/audit')).status).toBe(404);
  });

  test("a post to another organization's newborn form opens a new form of the outsider's own, with only what the outsider typed", async () => {
    const res = await outsider.agent.post(newbornForm).type('form').send({ _csrf: outsider.csrfToken, motherMemberId: '5634026', action: 'find' });
    expect(res.status).toBe(303);
    expect(res.headers.location).not.toContain(newbornId());
    const page = await outsider.visit(res.headers.location ?? '');
    expect(page.valueOf("Mother's member ID")).toBe('5634026');
    const none = await outsider.agent.post(newbornForm.replace(newbornId(), '00000000-0000-4000-8000-000000000001')).type('form').send({ _csrf: outsider.csrfToken, action: 'find' });
    expect(none.status).toBe(303);
    expect((await owner.visit(newbornForm)).valueOf("Mother's member ID")).toBe('5634024');
  });

  test("nothing was changed by the outsider's posts", async () => {
    expect(await t.db('auth_requests').where({ journey_id: journeyId }).first()).toBeUndefined();
    expect(await t.db('attachments').count({ n: '*' }).first()).toEqual({ n: 1 });
    const review = await owner.visit(`/prior-auth/${journeyId}/review`);
    expect(review.h1).toBe('Authorization Request');
  });
});

/**
 * Issue 13's pages, walked as each role: a page a role may not use does not exist for it (404); one it
 * may use answers without a sign-in redirect or a server error. The :id pages name a user of Northside,
 * which only Northside's administrator manages.
 */
describe('as each role', () => {
  const ALLOWED: Record<string, string[]> = {
    'GET /member-eligibility': ['provider', 'org_admin'],
    'POST /member-eligibility': ['provider', 'org_admin'],
    'GET /account': ['provider', 'org_admin', 'clinical_reviewer', 'physician_reviewer', 'plan_admin'],
    'POST /account': ['provider', 'org_admin', 'clinical_reviewer', 'physician_reviewer', 'plan_admin'],
    'GET /plan/announcements': ['plan_admin'],
    'GET /plan/announcements/new': ['plan_admin'],
    'POST /plan/announcements/new': ['plan_admin'],
    'GET /plan/announcements/:id': ['plan_admin'],
    'POST /plan/announcements/:id': ['plan_admin'],
    'POST /plan/announcements/:id/end': ['plan_admin'],
    'GET /provider-information': ['org_admin'],
    'POST /provider-information': ['org_admin'],
    'GET /plan/provider-information': ['plan_admin'],
    'GET /plan/provider-information.csv': ['plan_admin'],
    'GET /users': ['org_admin', 'plan_admin'],
    'GET /api-clients': ['org_admin'],
    'POST /api-clients': ['org_admin'],
    'POST /api-clients/:id/deactivate': ['org_admin'],
    'GET /users/new': ['org_admin', 'plan_admin'],
    'POST /users/new': ['org_admin', 'plan_admin'],
    'POST /users/:id/role': ['org_admin'],
    'POST /users/:id/deactivate': ['org_admin'],
    'POST /users/:id/reactivate': ['org_admin'],
    'POST /users/:id/unlock': ['org_admin'],
    'POST /users/:id/set-password-link': ['org_admin'],
  };
  const USERS: Record<string, string> = { provider: 'demo.provider', org_admin: 'demo.admin', clinical_reviewer: 'demo.nurse', physician_reviewer: 'demo.physician', plan_admin: 'demo.planadmin' };
  const browsers: Record<string, Browser> = {};
  beforeAll(async () => {
    for (const [role, username] of Object.entries(USERS)) {
      browsers[role] = await signedIn(t.app, username);
    }
  });

  const cases = Object.entries(ALLOWED).flatMap(([route, allowed]) => Object.keys(USERS).map((role) => [route, role, allowed.includes(role)] as const));
  test.each(cases)('%s as %s (allowed: %s)', async (route, role, allowed) => {
    const b = browsers[role] as Browser;
    await b.visit('/');
    const r = ROUTES[route];
    if (!r) throw new Error(`${route} is not in the walk`);
    const res = route.startsWith('GET') ? await b.agent.get(r.path()) : await b.agent.post(r.path()).type('form').send({ _csrf: b.csrfToken });
    if (!allowed) expect(res.status).toBe(404);
    else {
      expect(res.status).not.toBe(404);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.location ?? '').not.toBe('/sign-in');
    }
  });
});

/**
 * Pages with health information must not be kept by the browser or a proxy: a shared office PC's
 * Back button or cache shows nothing after sign-out. Every route of the walk above answers the
 * signed-in owner with Cache-Control: no-store and no validator, and a conditional GET is never 304.
 * Last in this file: the walk posts to every route as the owner, and ends by signing out.
 */
describe('nothing the portal builds is cached', () => {
  const signOutLast = ([a]: [string, unknown], [b]: [string, unknown]) => Number(a === 'POST /sign-out') - Number(b === 'POST /sign-out');

  let admin: Browser;
  let reviewer: Browser;
  let planAdmin: Browser;
  beforeAll(async () => {
    admin = await signedIn(t.app, 'demo.admin');
    planAdmin = await signedIn(t.app, 'demo.planadmin');
    reviewer = await signedIn(t.app, 'demo.nurse');
  });

  test.each(Object.entries(ROUTES).sort(signOutLast))('%s answers Cache-Control: no-store, without ETag or Last-Modified', async (route, r) => {
    const method = route.split(' ')[0];
    const user = r.access === 'admin' || r.access === 'user-admin' ? admin : r.access === 'plan' ? reviewer : r.access === 'plan-admin' ? planAdmin : owner;
    await user.visit('/');
    const res =
      method === 'GET'
        ? await user.agent.get(r.path()).set('If-Modified-Since', new Date(Date.now() + 86_400_000).toUTCString())
        : await user.agent.post(r.path()).type('form').send({ _csrf: user.csrfToken });
    if (method === 'GET') expect(res.headers.location ?? '').not.toBe('/sign-in');
    if (method === 'GET' && r.access !== 'public') expect([200, 303]).toContain(res.status);
    expect(res.status).not.toBe(304);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['last-modified']).toBeUndefined();
  });

  test('the sign-in page, to a signed-out visitor, is not cached either', async () => {
    const res = await request(t.app).get('/sign-in');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
  });

  test('the static style sheet keeps its caching and validators', async () => {
    const res = await request(t.app).get('/public/css/openpa.css');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.headers.etag).toBeDefined();
    const again = await request(t.app).get('/public/css/openpa.css').set('If-None-Match', String(res.headers.etag));
    expect(again.status).toBe(304);
  });
});
