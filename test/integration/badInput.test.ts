import request from 'supertest';
import { Browser, type Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { DEFAULTS, journeyIdOf, startRequest } from '../helpers/journey';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const STACK = /\bat [\w.<>]+ \(|\.(ts|js):\d+:\d+|node_modules\/|SQLITE_|knex|TypeError|ReferenceError|SyntaxError/;

function expectPlainPage(page: { status: number; text: string }, status: number, heading: RegExp) {
  expect(page.status).toBe(status);
  expect(page.text).toMatch(heading);
  expect(page.text).not.toMatch(STACK);
  // The portal's own layout, not a library's page.
  expect(page.text).toContain('class="site-header"');
}

describe('errors get a plain page in the portal layout', () => {
  test('an unknown address: 404', async () => {
    const browser = await signedIn(t.app);
    const res = await browser.agent.get('/no/such/page');
    expectPlainPage(res, 404, /Page not found/);
  });

  test('a body over the limit: 413', async () => {
    const browser = new Browser(t.app);
    await browser.visit('/sign-in');
    const res = await browser.agent.post('/sign-in').type('form').send({ _csrf: browser.csrfToken, username: 'x'.repeat(200_000), password: 'y' });
    expectPlainPage(res, 413, /That was too much to send/);
  });

  test('a malformed form: 400', async () => {
    const browser = new Browser(t.app);
    await browser.visit('/sign-in');
    const deep = `${'a'.repeat(1)}${'[b]'.repeat(40)}=1`;
    const res = await browser.agent.post('/sign-in').set('Content-Type', 'application/x-www-form-urlencoded').send(`_csrf=${browser.csrfToken}&${deep}`);
    expectPlainPage(res, 400, /The form could not be read/);
  });

  test('a failure inside the portal: 500, with no stack trace or library message', async () => {
    const broken = await startTestApp();
    try {
      const browser = new Browser(broken.app);
      await browser.signIn();
      await browser.visit('/prior-auth');
      await broken.db.raw('ALTER TABLE members RENAME TO members_gone');
      const res = await browser.agent.post('/prior-auth/member-search').type('form').send({ _csrf: browser.csrfToken, memberId: '5634024', startDate: '03/02/2026' });
      expectPlainPage(res, 500, /Sorry, there is a problem with the portal/);
    } finally {
      await broken.close();
    }
  });

  test('the health check answers while the database does', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.text).toBe('ok');
  });
});

/** Values a careless or hostile hand might type into any field. */
const HOSTILE: [string, string][] = [
  ['HTML and script', '<script>alert("x")</script><b onmouseover=alert(1)>'],
  ['SQL metacharacters', "1' OR '1'='1'; DROP TABLE members; --"],
  ['10,000 characters', 'A'.repeat(10_000)],
  ['control characters', 'line\u0000one\u0007\u001b[31m\r\nline two'],
  ['unusual Unicode', 'Zo\u00eb \u202eevil\u202c \ud83d\ude00 \u0301\u0301 \ufeff'],
  ['an impossible date', '02/30/2025'],
  ['a number out of range', '-99999999999999999999'],
];

/**
 * A page shows hostile text escaped: it may echo it, but never as markup. A search form sent by GET
 * with 10,000 characters in one field makes an address longer than Node.js accepts, which refuses it
 * before the portal sees it (431); nothing is read or stored.
 */
function expectSafe(page: Page, getForm: boolean) {
  if (getForm && page.status === 431) return;
  expect([200, 422]).toContain(page.status);
  expect(page.html).not.toContain('<script>alert');
  expect(page.html).not.toContain('<b onmouseover');
  expect(page.html).not.toMatch(STACK);
}

describe('hostile input in every field', () => {
  let browser: Browser;
  let journey = '';
  beforeAll(async () => {
    browser = await signedIn(t.app);
    journey = journeyIdOf(await startRequest(browser));
  });

  const forms: { name: string; page: () => string; button: string; fields: string[]; fixed?: Record<string, string> }[] = [
    { name: 'sign-in', page: () => '/sign-in', button: 'Sign in', fields: ['Username', 'Password'] },
    { name: 'member search', page: () => '/prior-auth', button: 'Search', fields: ['Member ID', 'Medicaid ID', 'Last name', 'First name', 'Date of birth', 'Start date of service'] },
    { name: 'provider search', page: () => `/prior-auth/${journey}/servicing-provider`, button: 'Find provider', fields: ['Provider search'] },
    { name: 'service details', page: () => `/prior-auth/${journey}/service-details`, button: 'Continue', fields: ['Start date', 'End date'] },
    { name: 'diagnoses', page: () => `/prior-auth/${journey}/diagnoses`, button: 'Add diagnosis', fields: ['Diagnosis code'] },
    { name: 'procedures', page: () => `/prior-auth/${journey}/procedures`, button: 'Add procedure', fields: ['Procedure code', 'Units'] },
    { name: 'contact', page: () => `/prior-auth/${journey}/contact`, button: 'Continue', fields: ['Contact name', 'Contact phone', 'Phone extension', 'Contact fax', 'Contact email'] },
    { name: 'status by reference', page: () => '/prior-auth/status', button: 'Search', fields: ['Reference or authorization number'] },
    { name: 'status by member', page: () => '/prior-auth/status', button: 'Find requests', fields: ['Member ID', 'Service from', 'Service to'] },
    { name: 'newborn', page: () => '/prior-auth/newborn', button: 'Submit notification', fields: ["Mother's member ID", 'Delivery date', 'Delivery time', 'First name', 'Last name', 'Date of birth', 'Birth weight (grams)', 'Gestational age (weeks)', 'Contact name', 'Contact phone'] },
    { name: 'newborn facility search', page: () => '/prior-auth/newborn', button: 'Find provider', fields: ['Provider search'] },
    { name: 'code lookup', page: () => '/codes', button: 'Search', fields: ['Search codes'] },
  ];

  beforeAll(async () => {
    // Answer the steps before those the table visits, so that each page is reachable.
    await browser.visit(`/prior-auth/${journey}/care-setting`);
    await browser.submit('Continue', { 'Care setting': 'Outpatient', Category: 'Drug testing' });
    await browser.submit('Find provider', { 'Provider search': DEFAULTS.providerSearch });
    await browser.submit('Continue', { 'Servicing provider': DEFAULTS.providerLabel });
    await browser.submit('Continue', { 'Treatment type': 'Laboratory', 'Place of service': '11 - Office' });
    await browser.submit('Continue', { 'Diagnosis code': 'F11.20' });
    await browser.submit('Continue', { 'Procedure code': '80324', Units: '1' });
  });

  for (const form of forms) {
    test.each(HOSTILE)(`${form.name}: %s is refused with a message or kept exactly, never run`, async (_kind, value) => {
      const user = form.name === 'sign-in' ? new Browser(t.app) : browser;
      await user.visit(form.page());
      const fields = Object.fromEntries(form.fields.map((f) => [f, value]));
      const page = await user.submit(form.button, fields);
      expectSafe(page, user.page.url.startsWith('/prior-auth/status') || user.page.url.startsWith('/codes'));
      if (page.status === 422) {
        expect(page.errorSummary.length).toBeGreaterThan(0);
        expect(page.inlineErrors.length).toBeGreaterThan(0);
      }
    });
  }

  test('a name with hostile text that is accepted is stored and shown exactly as typed', async () => {
    await browser.visit(`/prior-auth/${journey}/contact`);
    const name = `O'Brien <script>alert(1)</script> Zoë`;
    await browser.submit('Continue', { 'Contact name': name, 'Contact phone': '312-555-0142', 'Contact fax': '312-555-0143' });
    const review = await browser.visit(`/prior-auth/${journey}/review`);
    expect(review.html).toContain('O&#39;Brien &lt;script&gt;alert(1)&lt;/script&gt; Zoë');
    expect(review.mainText).toContain(name);
  });

  test('the database is unharmed', async () => {
    const members = await t.db('members').count<{ n: number }[]>({ n: '*' }).first();
    expect(Number(members?.n)).toBe(3);
  });
});
