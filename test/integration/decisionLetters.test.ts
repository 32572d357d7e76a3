import request from 'supertest';
import { Browser, type Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { decideEveryLine, TWO_LINES } from '../helpers/planRequests';
import { pdfText } from '../helpers/pdfText';
import { insertDemoRequest } from '../../src/seed/demoRequests';

/** The decision letters and the member's notices (issue 12): pages, PDFs, and who may open them. */
const NOW = new Date('2026-03-10T15:00:00.000Z');
let t: TestApp;
let physician: Browser;
let office: Browser;

const DENIAL = 'Criterion 2 of the wheelchair rule: the member walks with a cane';

/** The request, decided by the physician through the review desk: line 1 approved in part, line 2 denied. */
let reference: string;
/** Its decision letter's address on the office's side. */
let letterHref: string;

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  physician = await signedIn(t.app, 'demo.physician');
  office = await signedIn(t.app, 'demo.provider');

  reference = await insertDemoRequest(t.db, TWO_LINES, NOW);
  await physician.visit(`/plan/requests/${reference}`);
  await physician.submit('Assign to me');
  await physician.submit('Decide this request');
  await physician.submit('Partially approve line 1', { 'Authorized units for line 1': '2', 'Reason code for line 1': 'fewer-units-necessary', 'Reason for the decision on line 1': 'Usage data supports 2 months, not 3' });
  await physician.submit('Deny line 2', { 'Reason code for line 2': 'criteria-not-met', 'Reason for the decision on line 2': DENIAL });
  const sent = await physician.submit('Send decision');
  expect(sent.mainText).toContain('Decision sent.');
  const detail = await office.visit(`/prior-auth/requests/${reference}`);
  letterHref = link(detail, 'Decision letter');
});
afterAll(async () => t.close());

/** The address of the link whose accessible name starts with `name`. */
function link(page: Page, name: string): string {
  const found = page.root.querySelectorAll('main a').find((a) => a.text.replace(/\s+/g, ' ').trim().startsWith(name));
  if (!found) throw new Error(`No link "${name}" on ${page.url}`);
  return found.getAttribute('href') ?? '';
}
/** The letter's text, each term and its value read as "Term: value" (as a screen reader pauses between them). */
const letterText = (page: Page) => {
  const letter = page.root.querySelector('.letter');
  letter?.querySelectorAll('dt').forEach((dt) => dt.set_content(`${dt.text}: `));
  letter?.querySelectorAll('dd, p, h1, h2, h3').forEach((el) => el.insertAdjacentHTML('afterend', ' '));
  return (letter?.text ?? '').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
};
const links = (page: Page) => page.root.querySelectorAll('#letters a').map((a) => a.text.replace(/\s+/g, ' ').trim().replace(/ of .*/, ''));

/** A download as a browser receives it: status, headers and the bytes. */
async function download(agent: ReturnType<typeof request.agent>, url: string) {
  return agent
    .get(url)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

test("the office's request page links the decision letter and the member's notice, each as a page and a PDF", async () => {
  const detail = await office.visit(`/prior-auth/requests/${reference}`);
  expect(links(detail)).toEqual(['Decision letter', 'Download letter (PDF)', 'Member notice', 'Download member notice (PDF)']);
  expect(detail.text('#letters')).toContain('by the physician reviewer');
  expect(letterHref).toMatch(new RegExp(`^/prior-auth/requests/${reference}/letters/\\d+$`));
});

test('the letter page shows the plan, the member, the numbers, each outcome with its reason, the role and the reconsideration deadline; never the name', async () => {
  const page = await office.visit(letterHref);
  expect(page.status).toBe(200);
  expect(page.h1).toBe('Prior authorization decision');
  expect(page.title).toBe(`Decision letter, request ${reference} - OpenPA`);
  const authorization = (await t.db('auth_requests').where({ reference_number: reference }).first('authorization_number')).authorization_number;
  const text = letterText(page);
  for (const words of [
    'OpenPA Health Plan', 'PO Box 1000, Springfield, IL 62701', 'Phone (312) 555-0100', '03/10/2026', 'Northside Family Clinic', 'Priya Patel, DPT', 'Dino Saur', '5634024',
    `Reference number: ${reference}`, `Authorization number: ${authorization}`, 'Decided by: Physician reviewer',
    'Outcome: Partially approved', 'Authorized units: 2', `Certification number: ${authorization}-1`, "Reason: Fewer units or a shorter period meet the member's need", 'Specific reason: Usage data supports 2 months, not 3',
    'Outcome: Denied', 'Reason: The clinical criteria for this service were not met', `Specific reason: ${DENIAL}`,
    'Reconsideration deadline: 05/09/2026', 'until 05/09/2026 (60 days from the date of this decision)', "from the request's page in the portal", 'or by phone at (312) 555-0100',
  ]) {
    expect(text).toContain(words);
  }
  expect(page.html).not.toContain('Phil Physician');
  expect(page.html).not.toMatch(/<script/i);
  expect(link(page, 'Download letter (PDF)')).toBe(`${letterHref}/pdf`);
  expect(await t.db('audit_log').where({ action: 'decision-letter-viewed', reference_number: reference, detail: 'page' }).count({ n: '*' }).first()).toEqual({ n: 1 });
});

test('the PDF download is the same letter: application/pdf, starting %PDF, its text holding the reference number, the outcomes and the deadline', async () => {
  const res = await download(office.agent, `${letterHref}/pdf`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?decision-letter-${reference}-\\d+\\.pdf"?$`));
  const pdf = res.body as Buffer;
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(pdf);
  expect(text).toContain(reference);
  expect(text).toContain('Partially approved');
  expect(text).toContain('Denied');
  expect(text).toContain('05/09/2026');
  expect(text).not.toContain('Phil Physician');
  expect(await t.db('audit_log').where({ action: 'decision-letter-viewed', reference_number: reference, detail: 'PDF' }).count({ n: '*' }).first()).toEqual({ n: 1 });
});

test("the member's notice says in plain words what was decided and why, and the appeal rights; its PDF too", async () => {
  const page = await office.visit(`${letterHref}/member-notice`);
  expect(page.status).toBe(200);
  expect(page.h1).toBe('We have made a decision about your care');
  const text = letterText(page);
  expect(text).toContain('We did not approve it.');
  expect(text).toContain(`Why: The clinical criteria for this service were not met. In detail: ${DENIAL}`);
  expect(text).toContain('Ask for an appeal by: 05/09/2026');
  expect(text).toContain('call us at (312) 555-0100');
  expect(text).not.toMatch(/criteria-not-met|fewer-units-necessary/);
  const pdf = await download(office.agent, `${letterHref}/member-notice/pdf`);
  expect(pdf.headers['content-type']).toBe('application/pdf');
  expect(pdfText(pdf.body as Buffer)).toContain('We did not approve it.');
});

test("a decision that approves everything has a letter but no member's notice", async () => {
  const approved = await insertDemoRequest(t.db, TWO_LINES, NOW);
  const before = await office.visit(`/prior-auth/requests/${approved}`);
  expect(before.root.querySelector('#letters')).toBeNull(); // pended at submit: no decision yet
  await decideEveryLine(t.db, approved, 'Approved', NOW);
  const detail = await office.visit(`/prior-auth/requests/${approved}`);
  expect(links(detail)).toEqual(['Decision letter', 'Download letter (PDF)']);
  const href = link(detail, 'Decision letter');
  expect(letterText(await office.visit(href))).toContain('Outcome: Approved');
  expect((await office.visit(`${href}/member-notice`)).status).toBe(404);
  expect((await download(office.agent, `${href}/member-notice/pdf`)).status).toBe(404);
});

test("the plan's reviewer opens them from the review page (audited as the plan's access); another organization's user, the plan administrator and a signed-out visitor do not", async () => {
  const review = await physician.visit(`/plan/requests/${reference}`);
  expect(links(review)).toEqual(['Decision letter', 'Download letter (PDF)', 'Member notice', 'Download member notice (PDF)']);
  const planHref = link(review, 'Decision letter');
  expect(planHref).toBe(letterHref.replace('/prior-auth/', '/plan/'));
  expect(letterText(await physician.visit(planHref))).toContain('Outcome: Denied');
  expect((await download(physician.agent, `${planHref}/pdf`)).headers['content-type']).toBe('application/pdf');
  expect((await physician.visit(`${planHref}/member-notice`)).status).toBe(200);
  const plan = await t.db('organizations').where({ kind: 'plan' }).first('id');
  expect(await t.db('audit_log').where({ reference_number: reference, organization_id: plan.id }).whereIn('action', ['decision-letter-viewed', 'member-notice-viewed']).count({ n: '*' }).first()).toEqual({ n: 3 });

  const other = await signedIn(t.app, 'demo.provider2');
  for (const url of [letterHref, `${letterHref}/pdf`, `${letterHref}/member-notice`, `${letterHref}/member-notice/pdf`, planHref]) {
    expect((await other.visit(url)).status).toBe(404);
  }
  const planAdmin = await signedIn(t.app, 'demo.planadmin');
  expect((await planAdmin.visit(planHref)).status).toBe(404);
  expect((await office.visit(planHref)).status).toBe(404);
  expect((await physician.visit(letterHref)).status).toBe(404);

  const signedOut = await request(t.app).get(letterHref);
  expect(signedOut.status).toBe(303);
  expect(signedOut.headers.location).toBe('/sign-in');
});

test('malformed or unknown letter and request ids are not found (404), never a failure', async () => {
  const id = letterHref.split('/').pop() ?? '';
  const pended = await t.db('line_decisions as d').join('auth_requests as r', 'r.id', 'd.request_id').where({ 'r.reference_number': reference, 'd.outcome': 'Pended' }).first('d.id');
  for (const url of [
    `/prior-auth/requests/${reference}/letters/abc`, `/prior-auth/requests/${reference}/letters/0`, `/prior-auth/requests/${reference}/letters/-1`, `/prior-auth/requests/${reference}/letters/1e3`,
    `/prior-auth/requests/${reference}/letters/99999999999999999999`, `/prior-auth/requests/${reference}/letters/${pended.id}`, `/prior-auth/requests/${reference}/letters/${Number(id) + 1}`,
    `/prior-auth/requests/12345/letters/${id}`, `/prior-auth/requests/%ZZ/letters/${id}`, `/prior-auth/requests/${reference}/letters/${id}%00/pdf`,
    `/plan/requests/abc/letters/${id}`, `/plan/requests/${reference}/letters/x/member-notice/pdf`,
  ]) {
    const res = url.startsWith('/plan/') ? await physician.agent.get(url) : await office.agent.get(url);
    expect([url, res.status]).toEqual([url, url.includes('%ZZ') ? 400 : 404]);
  }
});
