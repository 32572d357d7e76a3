import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { officeToken, twoOfficesTokens, TEST_MAIL } from '../../helpers/apiClients';
import { pasRequestBundle } from '../../fixtures/pasRequestBundle';
import { pasInquiryBundle } from '../../fixtures/pasInquiryBundle';
import { reviewCode } from '../../helpers/pasSubmit';

let t: TestApp;
let token = '';
let otherToken = '';
let reference = '';
beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL });
  ({ token, otherToken } = await twoOfficesTokens(t.app, t.db, 'system/Claim.write system/Claim.read', 'system/Claim.read'));
  const submitted = await post('$submit', pasRequestBundle());
  expect(submitted.status).toBe(200);
  reference = submitted.body.entry[0].resource.preAuthRef;
});
afterAll(async () => t.close());

const post = (operation: string, body: unknown, bearer = token) =>
  request(t.app).post(`/fhir/Claim/${operation}`).set('Authorization', `Bearer ${bearer}`).set('Content-Type', 'application/fhir+json').send(typeof body === 'string' ? body : JSON.stringify(body));
const inquire = (body: unknown, bearer = token) => post('$inquire', body, bearer);

/* eslint-disable @typescript-eslint/no-explicit-any -- reading FHIR JSON documents */
const reviewAction = (item: any) => item.adjudication[0].extension[0].extension;
const returned = (body: any) => (body.parameter ?? []).map((p: any) => ({ name: p.name, claimResponse: p.resource.entry[0].resource }));

describe('POST /fhir/Claim/$inquire', () => {
  test("finds the request by its reference number with the member's id and the NPI, and answers its state now: review action, certification number, period and quantity", async () => {
    // The plan approves line 2 after the submission (as the desk would: status, units, certification number).
    const row = await t.db('auth_requests').where({ reference_number: reference }).first('id', 'authorization_number');
    await t.db('request_lines').where({ request_id: row.id, line_number: 2 }).update({ status: 'Approved', authorized_units: 2, certification_number: `${row.authorization_number}-2` });
    const res = await inquire(pasInquiryBundle(reference));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.body.resourceType).toBe('Parameters');
    const [found, ...more] = returned(res.body);
    expect(more).toEqual([]);
    expect(found.name).toBe('return');
    const bundle = res.body.parameter[0].resource;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', identifier: { value: 'INQ-1' }, meta: { profile: ['http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-pas-inquiry-response-bundle'] } });
    const cr = found.claimResponse;
    expect(cr).toMatchObject({ resourceType: 'ClaimResponse', preAuthRef: reference, identifier: [{ value: 'TRACE-77' }], meta: { profile: ['http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-claiminquiryresponse'] } });
    expect(cr.item.map((i: any) => i.itemSequence)).toEqual([1, 2]);
    const approved = cr.item[1];
    expect(reviewCode(approved)).toBe('A1');
    expect(reviewAction(approved).find((e: any) => e.url === 'number').valueString).toBe(`${row.authorization_number}-2`);
    expect(approved.extension).toEqual(expect.arrayContaining([
      expect.objectContaining({ url: expect.stringMatching(/itemPreAuthPeriod$/), valuePeriod: { start: '2026-03-12', end: '2026-03-12' } }),
      expect.objectContaining({ url: expect.stringMatching(/itemAuthorizedDetail$/), extension: [{ url: 'quantity', valueQuantity: { value: 2 } }] }),
    ]));
    const audit = await t.db('audit_log').where({ action: 'request-inquired', reference_number: reference }).first();
    expect(audit).toMatchObject({ user_id: null, username: expect.stringMatching(/^api-client:/) });
  });

  test('finds it as well by its authorization number, or by the Claim identifier it was submitted with', async () => {
    const row = await t.db('auth_requests').where({ reference_number: reference }).first('authorization_number');
    const byAuthorization = pasInquiryBundle(row.authorization_number);
    byAuthorization.entry[0].resource.identifier = [];
    expect(returned((await inquire(byAuthorization)).body).map((r: any) => r.claimResponse.preAuthRef)).toEqual([reference]);
    expect(returned((await inquire(pasInquiryBundle())).body).map((r: any) => r.claimResponse.preAuthRef)).toEqual([reference]);
  });

  test("each item keeps the sequence its Claim gave it, in $submit's answer and in every inquiry's after", async () => {
    const bundle = pasRequestBundle();
    bundle.identifier.value = 'TX-SEQUENCES';
    const claim = bundle.entry[0].resource;
    claim.identifier = [{ system: 'http://clinic.example/trace', value: 'TRACE-SEQ' }];
    claim.item[0].sequence = 5;
    claim.item[1].sequence = 7;
    const submitted = await post('$submit', bundle);
    expect(submitted.body.entry[0].resource.item.map((i: any) => i.itemSequence)).toEqual([5, 7]);
    const inquiry = pasInquiryBundle(submitted.body.entry[0].resource.preAuthRef);
    inquiry.entry[0].resource.identifier = [];
    const [found] = returned((await inquire(inquiry)).body);
    expect(found.claimResponse.item.map((i: any) => i.itemSequence)).toEqual([5, 7]);
  });

  test("another organization's request, another member, another NPI or an unknown number: the guide's empty answer, the same for each", async () => {
    const answers = [];
    answers.push(await inquire(pasInquiryBundle(reference), otherToken));
    const otherMember = pasInquiryBundle(reference);
    otherMember.entry[1].resource.identifier[0].value = '1000001';
    answers.push(await inquire(otherMember));
    const otherNpi = pasInquiryBundle(reference);
    otherNpi.entry[2].resource.identifier[0].value = '1558598797';
    answers.push(await inquire(otherNpi));
    const unknown = pasInquiryBundle('000000001');
    unknown.entry[0].resource.identifier = [];
    answers.push(await inquire(unknown));
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ resourceType: 'Parameters' });
    }
  });

  test('a malformed inquiry gets 400 with an OperationOutcome naming the element; no Claim.read scope gets 403', async () => {
    const noPatient = pasInquiryBundle(reference);
    noPatient.entry[0].resource.patient = { reference: 'Patient/nobody' };
    let res = await inquire(noPatient);
    expect(res.status).toBe(400);
    expect(res.body.issue[0]).toMatchObject({ severity: 'error', code: 'required', expression: ['Bundle.entry[0].resource.ofType(Claim).patient'] });
    const unnamed = pasInquiryBundle();
    unnamed.entry[0].resource.identifier = [];
    res = await inquire(unnamed);
    expect(res.status).toBe(400);
    expect(res.body.issue[0]).toMatchObject({ expression: ['Bundle.entry[0].resource.ofType(Claim).identifier'], diagnostics: expect.stringMatching(/^Name the request asked about/) });
    res = await inquire({ resourceType: 'Claim' });
    expect(res.status).toBe(400);
    expect(res.body.issue[0].expression).toEqual(['Bundle.resourceType']);
    res = await inquire('{"resourceType": ');
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
    res = await inquire(pasInquiryBundle(reference), await officeToken(t.app, t.db, 'system/Claim.write'));
    expect(res.status).toBe(403);
  });

  test('an address of the API that does not exist, with a token: 404 with an OperationOutcome, in the audit log with the client', async () => {
    const res = await request(t.app).get('/fhir/Claim/123456789').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(404);
    expect(res.body.issue[0].code).toBe('not-found');
    const audit = await t.db('audit_log').where({ action: 'api-request-refused', detail: 'GET /fhir/Claim/123456789: no such operation' }).first();
    expect(audit).toMatchObject({ user_id: null, username: expect.stringMatching(/^api-client:/) });
  });
});
