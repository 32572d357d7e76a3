import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { signedIn } from '../../helpers/browser';
import { officeToken, TEST_MAIL } from '../../helpers/apiClients';
import { pasRequestBundle } from '../../fixtures/pasRequestBundle';
import { reviewCode, submitPas, warningsOf } from '../../helpers/pasSubmit';

/**
 * What a PAS request Bundle carries beside its services (issue 15): the requestor's contact, clinical
 * answers as a QuestionnaireResponse, attachments as DocumentReferences, all in Claim.supportingInfo.
 */
let t: TestApp;
let token = '';
beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL });
  token = await officeToken(t.app, t.db, 'system/Claim.write');
});
afterAll(async () => t.close());

/* eslint-disable @typescript-eslint/no-explicit-any -- building and reading FHIR JSON documents */
const submit = (body: unknown) => submitPas(t.app, token, body);
const POS = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';

/** An outpatient lumbar spine MRI (72148: the plan's advanced imaging questionnaire), with what the test adds in supportingInfo. */
function mriBundle(id: string, supporting: { resource: Record<string, any> }[] = []): Record<string, any> {
  const bundle = pasRequestBundle();
  bundle.identifier.value = id;
  const claim = bundle.entry[0].resource;
  claim.item = [{ sequence: 1, productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '72148' }] }, servicedDate: '2026-04-02', locationCodeableConcept: { coding: [{ system: POS, code: '11' }] }, quantity: { value: 1 } }];
  claim.supportingInfo = supporting.map((s, i) => ({ sequence: i + 1, category: { coding: [{ system: 'http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes', code: 'additionalInformation' }] }, valueReference: { reference: `${s.resource.resourceType}/${s.resource.id}` } }));
  bundle.entry.push(...supporting.map((s) => ({ fullUrl: `urn:uuid:${s.resource.id}`, resource: s.resource })));
  return bundle;
}

const imagingAnswers = (answer: boolean, questionnaire = 'http://plan.example/fhir/Questionnaire/advanced-imaging') => ({
  resource: {
    resourceType: 'QuestionnaireResponse', id: 'qr-1', questionnaire, status: 'completed',
    item: ['symptoms-six-weeks', 'conservative-care', 'exam-documented', 'result-changes-plan'].map((linkId) => ({ linkId, answer: [{ valueBoolean: answer }] })),
  },
});

describe('the contact', () => {
  test("the requesting organization's contact becomes the request's contact", async () => {
    const bundle = pasRequestBundle();
    bundle.identifier.value = 'TX-CONTACT';
    bundle.entry[2].resource.contact = [{ name: { given: ['Pat'], family: 'Office' }, telecom: [{ system: 'phone', value: '312-555-0142' }, { system: 'fax', value: '3125550143' }, { system: 'email', value: 'pat@northside.example' }] }];
    const res = await submit(bundle);
    expect(res.status).toBe(200);
    const row = await t.db('auth_requests').where({ reference_number: res.body.entry[0].resource.preAuthRef }).first();
    expect(row).toMatchObject({ contact_name: 'Pat Office', contact_phone: '(312) 555-0142', contact_fax: '(312) 555-0143', contact_email: 'pat@northside.example' });
    const office = await signedIn(t.app, 'demo.provider');
    const page = await office.visit(`/prior-auth/requests/${row.reference_number}`);
    expect(page.root.querySelectorAll('.summary-list__row').find((r) => r.querySelector('dt')?.text === 'Contact')?.querySelector('dd')?.text).toBe('Pat Office · Phone (312) 555-0142 · Fax (312) 555-0143 · pat@northside.example');
  });

  test('a Bundle without a contact gives a request without one, and its pages say so instead of empty labels', async () => {
    const bundle = pasRequestBundle();
    bundle.identifier.value = 'TX-NO-CONTACT';
    const ref = (await submit(bundle)).body.entry[0].resource.preAuthRef;
    expect(await t.db('auth_requests').where({ reference_number: ref }).first('contact_name', 'contact_phone')).toEqual({ contact_name: '', contact_phone: '' });
    const contactOn = async (username: string, url: string) => {
      const b = await signedIn(t.app, username);
      const page = await b.visit(url);
      return page.root.querySelectorAll('.summary-list__row').find((r) => r.querySelector('dt')?.text === 'Contact')?.querySelector('dd')?.text;
    };
    expect(await contactOn('demo.provider', `/prior-auth/requests/${ref}`)).toBe('None given');
    expect(await contactOn('demo.nurse', `/plan/requests/${ref}`)).toBe('None given');
  });
});

describe('clinical answers (a QuestionnaireResponse in supportingInfo)', () => {
  test("answers to the plan's questionnaire are the request's clinical answers, and the coverage rules read them as the wizard does", async () => {
    const res = await submit(mriBundle('TX-QR-MET', [imagingAnswers(true)]));
    expect(res.status).toBe(200);
    const cr = res.body.entry[0].resource;
    expect(cr.item.map(reviewCode)).toEqual(['A1']);
    expect(warningsOf(res.body)).toEqual([]);
    const office = await signedIn(t.app, 'demo.provider');
    const page = await office.visit(`/prior-auth/requests/${cr.preAuthRef}`);
    expect(page.texts('#clinical-answers h3')).toEqual(['Line 1 (72148): Advanced imaging']);
    expect(page.texts('#clinical-answers dt')[0]).toBe('Has the member had the symptoms for at least six weeks?');
    expect(page.texts('#clinical-answers dd')).toEqual(['Yes', 'Yes', 'Yes', 'Yes']);
    expect(page.text('#clinical-answers .hint')).toMatch(/^Attested by Test EHR on /);
  });

  test('answers that do not meet the criteria pend the line, as in the wizard', async () => {
    const res = await submit(mriBundle('TX-QR-NOT-MET', [imagingAnswers(false)]));
    expect(res.body.entry[0].resource.item.map(reviewCode)).toEqual(['A4']);
    const row = await t.db('auth_requests').where({ reference_number: res.body.entry[0].resource.preAuthRef }).first('id');
    const stored = await t.db('questionnaire_responses as q').join('request_lines as l', 'l.id', 'q.request_line_id').where('l.request_id', row.id).select('q.questionnaire_id', 'q.criteria_met');
    expect(stored.map((s) => [s.questionnaire_id, Boolean(s.criteria_met)])).toEqual([['advanced-imaging', false]]);
  });

  test("a response to another questionnaire is kept as the text sent, with a warning, and the line waits for review", async () => {
    const other = { resource: { resourceType: 'QuestionnaireResponse', id: 'qr-2', questionnaire: 'http://ehr.example/Questionnaire/back-pain', status: 'completed', item: [{ linkId: 'q1', text: 'Pain score today', answer: [{ valueInteger: 7 }] }, { linkId: 'g', item: [{ linkId: 'q2', text: 'Physical therapy tried', answer: [{ valueString: 'Six weeks, no relief' }] }] }] } };
    const res = await submit(mriBundle('TX-QR-OTHER', [other]));
    expect(res.status).toBe(200);
    const cr = res.body.entry[0].resource;
    expect(cr.item.map(reviewCode)).toEqual(['A4']);
    expect(warningsOf(res.body)).toEqual([expect.objectContaining({ severity: 'warning', expression: ['Bundle.entry[4].resource.ofType(QuestionnaireResponse)'] })]);
    const nurse = await signedIn(t.app, 'demo.nurse');
    const page = await nurse.visit(`/plan/requests/${cr.preAuthRef}`);
    expect(page.texts('#clinical-answers h3')).toEqual(['Line 1 (72148): http://ehr.example/Questionnaire/back-pain']);
    expect(page.texts('#clinical-answers dt')).toEqual(['Pain score today', 'Physical therapy tried']);
    expect(page.texts('#clinical-answers dd')).toEqual(['7', 'Six weeks, no relief']);
  });
});

describe('attachments (DocumentReferences in supportingInfo)', () => {
  const document = (id: string, attachment: Record<string, unknown>) => ({ resource: { resourceType: 'DocumentReference', id, status: 'current', content: [{ attachment }] } });

  test("inline data becomes the request's attachment, listed and downloadable like an upload; a link is not fetched", async () => {
    const note = Buffer.from('Office note: six weeks of physical therapy without relief.\n');
    const res = await submit(mriBundle('TX-DOCS', [document('doc-1', { contentType: 'text/plain', title: 'Office note', data: note.toString('base64') }), document('doc-2', { contentType: 'application/pdf', url: 'https://ehr.example/docs/2.pdf' })]));
    expect(res.status).toBe(200);
    expect(warningsOf(res.body)).toEqual([expect.objectContaining({ code: 'not-supported', expression: ['Bundle.entry[5].resource.ofType(DocumentReference).content[0].attachment'] })]);
    const ref = res.body.entry[0].resource.preAuthRef;
    const office = await signedIn(t.app, 'demo.provider');
    const page = await office.visit(`/prior-auth/requests/${ref}`);
    const rows = page.root.querySelectorAll('#files-uploaded tbody tr');
    expect(rows.map((r) => r.querySelectorAll('td').map((c) => c.text.trim()).slice(0, 4))).toEqual([['Office note.txt', 'Text', `${note.length} bytes`, 'Test EHR']]);
    const href = rows[0]!.querySelector('a')!.getAttribute('href')!;
    const download = await office.agent.get(href);
    expect(download.status).toBe(200);
    expect(Buffer.from(download.body instanceof Buffer ? download.body : download.text)).toEqual(note);
  });

  test('a file the plan does not accept refuses the request, naming the DocumentReference, and nothing is stored or left on disk', async () => {
    const before = await t.db('auth_requests').count({ n: '*' }).first();
    const filesBefore = fs.readdirSync(path.join(t.dir, 'uploads')).length;
    const res = await submit(mriBundle('TX-BAD-DOC', [document('doc-1', { contentType: 'text/plain', data: Buffer.from('fine').toString('base64') }), document('doc-2', { contentType: 'application/pdf', title: 'scan.pdf', data: Buffer.from('not a pdf at all').toString('base64') })]));
    expect(res.status).toBe(422);
    expect(res.body.issue[0]).toMatchObject({ severity: 'error', diagnostics: 'scan.pdf is not a PDF', expression: ['Bundle.entry[5].resource.ofType(DocumentReference).content[0].attachment'] });
    expect(await t.db('auth_requests').count({ n: '*' }).first()).toEqual(before);
    expect(fs.readdirSync(path.join(t.dir, 'uploads')).length).toBe(filesBefore);
  });

  test('a server fault (the upload folder gone) gets 500 with a valid OperationOutcome and no stack trace, and no request is stored', async () => {
    const uploads = path.join(t.dir, 'uploads');
    const before = await t.db('auth_requests').count({ n: '*' }).first();
    fs.renameSync(uploads, `${uploads}-away`);
    try {
      const res = await submit(mriBundle('TX-FAULT', [document('doc-1', { contentType: 'text/plain', data: Buffer.from('note').toString('base64') })]));
      expect(res.status).toBe(500);
      expect(res.body.issue).toEqual([{ severity: 'fatal', code: 'exception', diagnostics: 'The server failed to handle the request' }]);
      expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
    } finally {
      fs.renameSync(`${uploads}-away`, uploads);
    }
    expect(await t.db('auth_requests').count({ n: '*' }).first()).toEqual(before);
  });
});
