import { Browser, signedIn } from '../helpers/browser';
import { decideEveryLine, TWO_LINES } from '../helpers/planRequests';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { insertDemoRequest } from '../../src/seed/demoRequests';
import { findJourneyById } from '../../src/db/repositories/journeys';
import type { Journey } from '../../src/journeys/priorAuth/journey';
import { PRIOR_AUTH } from '../../src/journeys/priorAuth/kind';

/** Issue 14: "Copy to a new request" asks the new start date (eligibility checked), then starts a pre-filled request. */
const NOW = new Date('2026-03-10T15:00:00.000Z');
let t: TestApp;
let office: Browser;
let otherOffice: Browser;

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  office = await signedIn(t.app, 'demo.provider');
  otherOffice = await signedIn(t.app, 'demo.provider2');
});
afterAll(async () => t.close());

test('a denied request is copied into a new request with the same member, setting, provider and codes, and no dates, answers or attachments', async () => {
  const reference = await insertDemoRequest(t.db, TWO_LINES, NOW);
  await decideEveryLine(t.db, reference, 'Denied', NOW);
  const detail = await office.visit(`/prior-auth/requests/${reference}`);
  expect(detail.texts('#request-actions a')).toContain('Copy to a new request');
  const page = await office.visit(detail.root.querySelectorAll('#request-actions a').find((a) => a.text.trim() === 'Copy to a new request')?.getAttribute('href') ?? '');
  expect(page.h1).toBe(`Copy request ${reference} to a new request`);
  expect(page.mainText).toContain('E0601 (3 units), K0001 (1 unit)');

  const started = await office.submit('Copy to a new request', { 'Start date of service': '04/01/2026' });
  expect(office.statuses[0]).toBe(303);
  expect(started.url).toMatch(/^\/prior-auth\/[0-9a-f-]{36}\/service-details$/);
  expect(started.text('[role=status]')).toContain(`Copied from request ${reference}`);
  // The dates are asked again, starting from the new start date, as for any new request.
  expect(started.valueOf('Start date')).toBe('04/01/2026');
  expect(started.valueOf('Treatment type')).toBe('');

  const id = started.url.split('/')[2];
  const state = (await findJourneyById<Journey>(t.db, id ?? '', PRIOR_AUTH))?.state as Journey;
  const provider = await t.db('providers').where({ npi: TWO_LINES.providerNpi }).first('id');
  expect(state.dateOfService).toBe('2026-04-01');
  expect(state.answers).toEqual({
    careSetting: { careSetting: 'outpatient', categoryId: 'durable-medical-equipment' },
    provider: { providerId: provider.id },
    diagnoses: ['M54.50'],
    procedures: [{ code: 'E0601', system: 'HCPCS', units: 3 }, { code: 'K0001', system: 'HCPCS', units: 1 }],
    contact: { contactName: 'Pat Office', contactPhone: '(312) 555-0142', contactPhoneExt: '', contactFax: '(312) 555-0143', contactEmail: '' },
  });
  expect(state.clinical).toEqual({});
  expect(state.authorizationNumber).not.toBe((await t.db('auth_requests').where({ reference_number: reference }).first('authorization_number')).authorization_number);
  const audit = await t.db('audit_log').where({ action: 'request-copied', reference_number: reference }).first();
  expect(audit).toBeDefined();
});

test('the new start date is checked: typed as a date, and the member eligible on it, as in the member search', async () => {
  const reference = await insertDemoRequest(t.db, TWO_LINES, NOW);
  await office.visit(`/prior-auth/requests/${reference}/copy`);
  let page = await office.submit('Copy to a new request');
  expect(page.status).toBe(422);
  expect(page.title).toMatch(/^Error: /);
  expect(page.errorSummary).toEqual([{ message: 'Enter the start date of service', href: '#startDate' }]);
  expect(page.inlineErrors).toEqual(['Enter the start date of service']);
  page = await office.submit('Copy to a new request', { 'Start date of service': '02/30/2026' });
  expect(page.errorSummary[0]?.message).toBe('Start date of service must be a real date');
  page = await office.submit('Copy to a new request', { 'Start date of service': '01/15/2031' });
  expect(page.status).toBe(422);
  expect(page.errorSummary[0]?.message).toBe('Dino Saur is not eligible on 01/15/2031: enter a start date when the member is eligible. Eligibility: OpenPA Community Health Plan: 01/01/2018 to 12/31/2030.');
  expect(page.valueOf('Start date of service')).toBe('01/15/2031');
  expect(await t.db('audit_log').where({ action: 'request-copied', reference_number: reference }).first()).toBeUndefined();
});

test("another organization's request cannot be copied: not found", async () => {
  const reference = await insertDemoRequest(t.db, TWO_LINES, NOW);
  expect((await otherOffice.visit(`/prior-auth/requests/${reference}/copy`)).status).toBe(404);
  await otherOffice.visit('/prior-auth');
  const posted = await otherOffice.post(`/prior-auth/requests/${reference}/copy`, { _csrf: otherOffice.csrfToken, startDate: '04/01/2026' });
  expect(posted.status).toBe(404);
});
