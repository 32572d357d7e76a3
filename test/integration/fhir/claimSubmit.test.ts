import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { signedIn } from '../../helpers/browser';
import { officeToken, twoOfficesTokens, TEST_MAIL } from '../../helpers/apiClients';
import { pasRequestBundle } from '../../fixtures/pasRequestBundle';
import { reviewCode, submitPas, warningsOf } from '../../helpers/pasSubmit';

let t: TestApp;
let token = '';
let otherToken = '';
beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL });
  ({ token, otherToken } = await twoOfficesTokens(t.app, t.db, 'system/Claim.write'));
});
afterAll(async () => t.close());

const submit = (body: unknown, bearer = token, type = 'application/fhir+json') => submitPas(t.app, bearer, body, type);

/* eslint-disable @typescript-eslint/no-explicit-any -- reading FHIR JSON documents */
describe('POST /fhir/Claim/$submit', () => {
  test('a PAS request Bundle becomes a request of the organization, answered with a PAS response Bundle', async () => {
    const res = await submit(pasRequestBundle());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const cr = res.body.entry[0].resource;
    expect(res.body.identifier).toEqual({ system: 'http://clinic.example/transactions', value: 'TX-1001' });
    expect(cr).toMatchObject({ resourceType: 'ClaimResponse', identifier: [{ value: 'TRACE-77' }], preAuthRef: expect.stringMatching(/^\d{9}$/) });
    expect(cr.item.map((i: any) => i.itemSequence)).toEqual([1, 2]);
    const row = await t.db('auth_requests').where({ reference_number: cr.preAuthRef }).first();
    const northside = await t.db('organizations').where({ name: 'Northside Family Clinic' }).first('id');
    expect(row).toMatchObject({ organization_id: northside.id, submitted_by: null, care_setting: 'inpatient', start_date: '2026-03-10', end_date: '2026-03-12', place_of_service: '21' });
    expect(row.api_client_id).not.toBeNull();
    const lines = await t.db('request_lines').where({ request_id: row.id }).orderBy('line_number');
    expect(lines.map((l) => [l.code, l.code_system, l.units])).toEqual([['27447', 'CPT', 1], ['E0114', 'HCPCS', 2]]);
    expect(cr.item.map(reviewCode)).toEqual(lines.map((l) => ({ Approved: 'A1', Pended: 'A4', 'No authorization required': 'NA' })[l.status as 'Approved']));
    for (const item of cr.item.filter((i: any) => reviewCode(i) === 'A4')) {
      expect(item.extension.find((e: any) => e.url.endsWith('administrationReferenceNumber')).valueString).toBe(cr.preAuthRef);
    }
    expect(await t.db('request_diagnoses').where({ request_id: row.id }).orderBy('position').pluck('code')).toEqual(['M17.11', 'E11.9']);
    const audit = await t.db('audit_log').where({ action: 'request-submitted', reference_number: cr.preAuthRef }).first();
    expect(audit).toMatchObject({ user_id: null, organization_id: northside.id, username: expect.stringMatching(/^api-client:/) });
  });

  test("the coverage rules apply as in the wizard: an outpatient therapy line within its limit needs no authorization, a code the plan does not cover is pended for review", async () => {
    const bundle = pasRequestBundle();
    bundle.identifier.value = 'TX-THERAPY';
    const claim = bundle.entry[0].resource;
    claim.item = [
      { sequence: 1, category: { coding: [{ system: 'https://codesystem.x12.org/005010/1365', code: 'PT' }] }, productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '97110' }] }, servicedPeriod: { start: '2026-04-01', end: '2026-04-30' }, locationCodeableConcept: { coding: [{ system: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set', code: '11' }] }, quantity: { value: 4 } },
      { sequence: 2, productOrService: { coding: [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'E0625' }] }, servicedDate: '2026-04-02', quantity: { value: 1 } },
    ];
    const res = await submit(bundle);
    expect(res.status).toBe(200);
    const cr = res.body.entry[0].resource;
    expect(cr.item.map(reviewCode)).toEqual(['NA', 'A4']);
    const row = await t.db('auth_requests').where({ reference_number: cr.preAuthRef }).first();
    expect(row).toMatchObject({ care_setting: 'outpatient', category_id: 'therapy', treatment_type: 'Physical therapy', place_of_service: '11', status: 'Pended', start_date: '2026-04-01', end_date: '2026-04-30' });
  });

  test('a request without a diagnosis is accepted with a warning and pended whole, even a line that needs no authorization', async () => {
    const bundle = pasRequestBundle();
    bundle.identifier.value = 'TX-NO-DIAGNOSIS';
    delete bundle.entry[0].resource.diagnosis;
    bundle.entry[0].resource.item = [{ sequence: 1, productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99213' }] }, servicedDate: '2026-04-02', locationCodeableConcept: { coding: [{ system: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set', code: '11' }] }, quantity: { value: 1 } }];
    const res = await submit(bundle);
    expect(res.status).toBe(200);
    const cr = res.body.entry[0].resource;
    expect(cr.item.map(reviewCode)).toEqual(['A4']);
    expect(warningsOf(res.body)).toEqual([{ severity: 'warning', code: 'required', expression: ['Bundle.entry[0].resource.ofType(Claim).diagnosis'], diagnostics: 'The request has no diagnosis: accepted, and pended for review' }]);
    expect(await t.db('auth_requests').where({ reference_number: cr.preAuthRef }).first('status')).toEqual({ status: 'Pended' });
  });

  test('the same Bundle submitted twice gives the same request, never two', async () => {
    const bundle = pasRequestBundle();
    bundle.identifier.value = 'TX-TWICE';
    const [a, b] = await Promise.all([submit(bundle), submit(bundle)]);
    const c = await submit(bundle);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    const refs = [a, b, c].map((r) => r.body.entry[0].resource.preAuthRef);
    expect(new Set(refs).size).toBe(1);
    expect(await t.db('auth_requests').where({ reference_number: refs[0] }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  test('the request appears on the office\'s Status tab like any other, submitted by the API client', async () => {
    const bundle = pasRequestBundle();
    bundle.identifier.value = 'TX-STATUS';
    const ref = (await submit(bundle)).body.entry[0].resource.preAuthRef as string;
    const office = await signedIn(t.app, 'demo.provider');
    const page = await office.visit(`/prior-auth/requests/${ref}`);
    expect(page.status).toBe(200);
    expect(page.mainText).toContain(ref);
    expect(page.mainText).toContain('Test EHR');
  });

  test('a client of another organization cannot submit for this one, and its own Bundle of the same identifier is its own', async () => {
    const res = await submit(pasRequestBundle(), otherToken);
    expect(res.status).toBe(422);
    expect(res.body.issue[0]).toMatchObject({ severity: 'error', expression: ['Bundle.entry[0].resource.ofType(Claim).provider'] });
  });

  test.each([
    ['bad JSON', '{"resourceType": "Bundle",', 400, 'The body is not valid JSON'],
    ['a wrong resourceType', { resourceType: 'Patient' }, 400, 'resourceType must be Bundle, not "Patient"'],
  ])('%s gets 400 with an OperationOutcome and no ClaimResponse', async (_what, body, status, diagnostics) => {
    const res = await submit(body);
    expect(res.status).toBe(status);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0].diagnostics).toBe(diagnostics);
  });

  test('an unknown member and an unknown servicing NPI each get a precise OperationOutcome', async () => {
    const noMember = pasRequestBundle();
    noMember.entry[1].resource.identifier[0].value = '9999999';
    let res = await submit(noMember);
    expect(res.status).toBe(422);
    expect(res.body.issue[0].diagnostics).toBe('No member with id 9999999');
    const noNpi = pasRequestBundle();
    noNpi.entry[3].resource.identifier[0].value = '1122334455';
    res = await submit(noNpi);
    expect(res.status).toBe(422);
    expect(res.body.issue[0]).toMatchObject({ diagnostics: 'No provider with NPI 1122334455 is known to the plan', expression: ['Bundle.entry[0].resource.ofType(Claim).careTeam[0].provider'] });
  });

  test('a line named by an X12 service type is accepted as a service type and pended, with a warning; the desk and Status show it as one', async () => {
    const bundle = pasRequestBundle();
    bundle.identifier.value = 'TX-SERVICE-TYPE';
    bundle.entry[0].resource.item[1].productOrService.coding[0] = { system: 'https://codesystem.x12.org/005010/1365', code: '3', display: 'Consultation' };
    const res = await submit(bundle);
    expect(res.status).toBe(200);
    const cr = res.body.entry[0].resource;
    expect(cr.item[1].itemSequence).toBe(2);
    expect(reviewCode(cr.item[1])).toBe('A4');
    expect(warningsOf(res.body)).toContainEqual({ severity: 'warning', code: 'value', expression: ['Bundle.entry[0].resource.ofType(Claim).item[1].productOrService'], diagnostics: '3 is an X12 service type, not a procedure code: accepted as a service type and pended for review' });
    const row = await t.db('auth_requests').where({ reference_number: cr.preAuthRef }).first('id');
    expect(await t.db('request_lines').where({ request_id: row.id, line_number: 2 }).first('code', 'code_system', 'status')).toEqual({ code: '3', code_system: 'X12-1365', status: 'Pended' });

    const office = await signedIn(t.app, 'demo.provider');
    const detail = await office.visit(`/prior-auth/requests/${cr.preAuthRef}`);
    expect(detail.texts('td[data-label="Procedure"]')).toEqual(['27447', '3 Consultation (X12 service type, no procedure code)']);
    const status = await office.visit('/prior-auth/status');
    const statusRow = status.root.querySelectorAll('tr').find((tr) => tr.text.includes(cr.preAuthRef));
    expect(statusRow?.querySelector('td[data-label="Procedure codes"]')?.text).toBe('27447, Service type 3');

    const nurse = await signedIn(t.app, 'demo.nurse');
    const desk = await nurse.visit(`/plan/requests/${cr.preAuthRef}`);
    expect(desk.texts('td[data-label="Procedure"]')).toContain('3 Consultation (X12 service type, no procedure code)');
    const queue = await nurse.visit('/plan/queue');
    expect(queue.root.querySelectorAll('tr').find((tr) => tr.text.includes(cr.preAuthRef))?.text).toContain('27447, Service type 3');
  });

  test("the guide's examples' known defects are warnings in an OperationOutcome entry, not refusals: CPT under the HCPCS system, no quantity", async () => {
    const bundle = pasRequestBundle();
    bundle.identifier.value = 'TX-DEFECTS';
    bundle.entry[0].resource.item[0].productOrService.coding[0].system = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
    delete bundle.entry[0].resource.item[1].quantity;
    const res = await submit(bundle);
    expect(res.status).toBe(200);
    expect(warningsOf(res.body)).toEqual([
      { severity: 'warning', code: 'value', expression: ['Bundle.entry[0].resource.ofType(Claim).item[0].productOrService.coding[0].system'], diagnostics: '27447 is a CPT code under the HCPCS system: read as CPT' },
      { severity: 'warning', code: 'required', expression: ['Bundle.entry[0].resource.ofType(Claim).item[1].quantity'], diagnostics: 'The item has no quantity: 1 unit is assumed' },
    ]);
    const row = await t.db('auth_requests').where({ reference_number: res.body.entry[0].resource.preAuthRef }).first('id');
    expect(await t.db('request_lines').where({ request_id: row.id }).orderBy('line_number').select('code', 'code_system', 'units')).toEqual([{ code: '27447', code_system: 'CPT', units: 1 }, { code: 'E0114', code_system: 'HCPCS', units: 1 }]);
    // A Bundle without defects has no OperationOutcome.
    const clean = pasRequestBundle();
    clean.identifier.value = 'TX-CLEAN';
    expect(warningsOf((await submit(clean)).body)).toEqual([]);
  });

  test('a wrong content type gets 415; a token without Claim.write gets 403; no token 401', async () => {
    expect((await submit(pasRequestBundle(), token, 'text/plain')).status).toBe(415);
    const readOnly = await officeToken(t.app, t.db, 'system/Claim.read');
    expect((await submit(pasRequestBundle(), readOnly)).status).toBe(403);
    expect((await request(t.app).post('/fhir/Claim/$submit').set('Content-Type', 'application/fhir+json').send('{}')).status).toBe(401);
  });
});
