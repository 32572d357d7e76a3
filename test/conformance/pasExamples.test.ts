import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { accessToken, registeredClient, testKey, TEST_MAIL } from '../helpers/apiClients';
import { insertOrganization } from '../../src/db/repositories/users';
import { insertMember } from '../../src/db/repositories/members';
import { insertProvider } from '../../src/db/repositories/providers';
import { expectValidFhir } from '../helpers/fhirSchema';
import { reviewCode, submitPas, warningsOf } from '../helpers/pasSubmit';

/**
 * The guide's official examples (../shared/refdata/davinci-pas-2.2.1-examples, CC0) posted to the API,
 * after loading what makes them valid: the requesting organization's NPI as an office with an API
 * client, its member eligible over the examples' years (2005 to 2020), the servicing NPIs as providers.
 */
const EXAMPLES = path.resolve(__dirname, '../../../shared/refdata/davinci-pas-2.2.1-examples');
const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(EXAMPLES, name), 'utf8'));
const REQUESTER_NPI = '8189991234';

let t: TestApp;
let token = '';
beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL });
  const organizationId = await insertOrganization(t.db, { name: 'DR. JOE SMITH CORPORATION', npi: REQUESTER_NPI });
  await insertProvider(t.db, { npi: REQUESTER_NPI, planProviderNumber: 'PRV900001', entityType: 'organization', name: 'DR. JOE SMITH CORPORATION', specialty: 'Family medicine', taxonomyCode: '261QP2300X', address: '111 1ST STREET, SAN DIEGO, CA 92101' });
  await insertMember(t.db, { memberId: '12345678901', medicaidId: null, firstName: 'JOE', lastName: 'SMITH', dateOfBirth: '1970-01-01', gender: 'Male', eligibility: [{ planName: 'OpenPA Health Plan', startDate: '2000-01-01', endDate: '2030-12-31' }] });
  const admin = await t.db('users').where({ username: 'demo.admin' }).first('id');
  const key = await testKey('ES384');
  const client = await registeredClient(t.db, organizationId, key, admin.id);
  token = await accessToken(t.app, client.clientId, key, 'system/Claim.write system/Claim.read');
});
afterAll(async () => t.close());

const post = (operation: string, body: unknown) => request(t.app).post(`/fhir/Claim/${operation}`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/fhir+json').send(JSON.stringify(body));
/** Every answer is checked as valid FHIR R4 JSON and, when 200, as a PAS response Bundle (test/helpers/pasSubmit.ts). */
const submit = (body: unknown) => submitPas(t.app, token, body);

test('the CapabilityStatement is valid FHIR R4', async () => {
  expectValidFhir((await request(t.app).get('/fhir/metadata')).body);
});

/* eslint-disable @typescript-eslint/no-explicit-any -- reading FHIR JSON documents */
test.each(['Bundle-MedicalServicesAuthorizationBundleExample.json', 'Bundle-HomecareAuthorizationBundleExample.json', 'Bundle-SurgicalRequestBundleExample.json', 'Bundle-ReferralAuthorizationBundleExample.json'])('%s gets a PAS response Bundle', async (name) => {
  const example = read(name) as any;
  const res = await submit(example);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'collection', identifier: example.identifier });
  const cr = res.body.entry[0].resource;
  expect(cr).toMatchObject({ resourceType: 'ClaimResponse', use: 'preauthorization', identifier: example.entry[0].resource.identifier, preAuthRef: expect.stringMatching(/^\d{9}$/) });
  expect(cr.item.map((i: any) => i.itemSequence)).toEqual(example.entry[0].resource.item.map((i: any) => i.sequence));
  for (const item of cr.item) {
    const code = item.adjudication[0].extension[0].extension.find((e: any) => e.url.endsWith('reviewActionCode')).valueCodeableConcept.coding[0];
    expect(code.system).toBe('https://codesystem.x12.org/005010/306');
    expect(['A1', 'A3', 'A4', 'A6', 'NA']).toContain(code.code);
    if (code.code === 'A4') expect(item.extension.find((e: any) => e.url.endsWith('administrationReferenceNumber')).valueString).toBe(cr.preAuthRef);
  }
});

test.each(['Bundle-ReferralAuthorizationResponseBundleExample.json', 'Bundle-ErrorResponseBundleExample.json'])('a response example, %s, posted to $submit gets 400 with an OperationOutcome', async (name) => {
  const res = await submit(read(name));
  expect(res.status).toBe(400);
  expect(res.body.resourceType).toBe('OperationOutcome');
  expect(res.body.issue[0].expression).toEqual(['Bundle.entry[0].resource']);
});

test('the inquiry example, posted to $inquire after its request (the homecare example) was submitted, gets that request as it stands', async () => {
  const homecare = read('Bundle-HomecareAuthorizationBundleExample.json') as any;
  const submitted = await submit(homecare);
  expect(submitted.status).toBe(200);
  const inquiry = read('Bundle-PASClaimInquiryBundleExample.json') as any;
  const res = await post('$inquire', inquiry);
  expect(res.status).toBe(200);
  expectValidFhir(res.body);
  expect(res.body.resourceType).toBe('Parameters');
  // The medical services example has the same Claim identifier and member: the inquiry's items (query by example) tell them apart.
  expect(res.body.parameter).toHaveLength(1);
  const bundle = res.body.parameter[0].resource;
  expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', identifier: inquiry.identifier });
  const cr = bundle.entry[0].resource;
  expect(cr).toMatchObject({ resourceType: 'ClaimResponse', use: 'preauthorization', identifier: inquiry.entry[0].resource.identifier, preAuthRef: submitted.body.entry[0].resource.preAuthRef });
  expect(cr.item.map((i: any) => i.itemSequence)).toEqual(homecare.entry[0].resource.item.map((i: any) => i.sequence));
  for (const item of cr.item) {
    expect(['A1', 'A3', 'A4', 'A6', 'C', 'NA']).toContain(reviewCode(item));
  }
});

test("the update example (an item cancelled, another added), after its Home Care request, makes the authorization's next version and gets that version's PAS response", async () => {
  const homecare = await submit(read('Bundle-HomecareAuthorizationBundleExample.json'));
  expect(homecare.status).toBe(200);
  const first = homecare.body.entry[0].resource.preAuthRef;
  const example = read('Bundle-HomecareAuthorizationUpdateBundleExample.json') as any;
  const res = await submit(example);
  expect(res.status).toBe(200);
  const cr = res.body.entry[0].resource;
  expect(cr).toMatchObject({ resourceType: 'ClaimResponse', use: 'preauthorization', identifier: example.entry[0].resource.identifier, preAuthRef: expect.stringMatching(/^\d{9}$/) });
  expect(cr.preAuthRef).not.toBe(first);
  expect(cr.item.map((i: any) => i.itemSequence)).toEqual(example.entry[0].resource.item.map((i: any) => i.sequence));
  expect(cr.item.map(reviewCode)).toEqual(['A4', 'C', 'A4']);
  const versions = await t.db('auth_requests').where({ reference_number: first }).orWhere({ reference_number: cr.preAuthRef }).orderBy('version').select('version', 'authorization_number');
  expect(versions).toEqual([{ version: 1, authorization_number: versions[0].authorization_number }, { version: 2, authorization_number: versions[0].authorization_number }]);
  // The same Bundle again: the same version, not a third.
  expect((await submit(example)).body.entry[0].resource.preAuthRef).toBe(cr.preAuthRef);
});

test.each([
  ['Bundle-ReferralAuthorizationBundleExample.json', 'is an X12 service type, not a procedure code: accepted as a service type and pended for review', 'A4'],
  ['Bundle-MedicalServicesAuthorizationBundleExample.json', 'is a CPT code under the HCPCS system: read as CPT', undefined],
  ['Bundle-HomecareAuthorizationBundleExample.json', 'The request has no diagnosis: accepted, and pended for review', 'A4'],
  ['Bundle-SurgicalRequestBundleExample.json', 'The item has no quantity: 1 unit is assumed', undefined],
])("%s: the example's known defect is a warning in the response's OperationOutcome, not a refusal", async (name, warning, reviewAction) => {
  const res = await submit(read(name));
  expect(res.status).toBe(200);
  expect(warningsOf(res.body)).toContainEqual(expect.objectContaining({ severity: 'warning', diagnostics: expect.stringContaining(warning) }));
  if (reviewAction) {
    for (const item of res.body.entry[0].resource.item) expect(reviewCode(item)).toBe(reviewAction);
  }
});

test("the referral example's DocumentReference (inline text) becomes the request's attachment, sent by the API client", async () => {
  const res = await submit(read('Bundle-ReferralAuthorizationBundleExample.json'));
  expect(res.status).toBe(200);
  const row = await t.db('auth_requests').where({ reference_number: res.body.entry[0].resource.preAuthRef }).first('id');
  expect(await t.db('attachments').where({ request_id: row.id }).select('file_type', 'size_bytes', 'uploaded_by')).toEqual([{ file_type: 'txt', size_bytes: 31, uploaded_by: null }]);
});
