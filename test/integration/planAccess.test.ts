import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';

/** The plan's staff and the offices' staff each see their own side of the portal only (issue 12). */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const navigation = (b: Browser) => b.page.texts('nav[aria-label="Main"] a');

test('the demo plan has no NPI and its three users', async () => {
  const plan = await t.db('organizations').where({ name: 'OpenPA Health Plan' }).first();
  expect(plan).toMatchObject({ kind: 'plan', npi: null });
  expect(await t.db('users').where({ organization_id: plan.id }).orderBy('username').pluck('role')).toEqual(['clinical_reviewer', 'physician_reviewer', 'plan_admin']);
});

test.each([['demo.nurse'], ['demo.physician']])('%s has the Review queue in the navigation, and no office pages', async (username) => {
  const b = new Browser(t.app);
  const home = await b.signIn(username);
  expect(home.h1).toBe(`Welcome, ${username === 'demo.nurse' ? 'Nora Nurse' : 'Phil Physician'}`);
  expect(home.mainText).toContain('OpenPA Health Plan');
  expect(home.mainText).not.toContain('NPI');
  expect(navigation(b)).toEqual(['Home', 'Review queue', 'Update My Account']);
  for (const path of ['/prior-auth', '/member-eligibility', '/prior-auth/status', '/codes', '/prior-auth/newborn', '/admin/audit']) {
    expect({ path, status: (await b.agent.get(path)).status }).toEqual({ path, status: 404 });
  }
  expect((await b.visit('/account/password')).status).toBe(200);
});

test('the plan administrator makes no clinical decisions: no Review queue; the audit log, the plan settings and the metrics instead', async () => {
  const b = await signedIn(t.app, 'demo.planadmin');
  expect(navigation(b)).toEqual(['Home', 'Announcements', 'Provider information', 'Plan settings', 'Prior authorization metrics', 'Manage Users', 'Update My Account', 'Audit log', 'Outbox']);
  expect((await b.agent.get('/plan/queue')).status).toBe(404);
});

test('an office user never sees the plan pages', async () => {
  const b = await signedIn(t.app, 'demo.provider');
  expect(navigation(b)).not.toContain('Review queue');
  expect((await b.agent.get('/plan/queue')).status).toBe(404);
});
