import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { twoOfficesTokens, TEST_MAIL } from '../../helpers/apiClients';
import { pasRequestBundle } from '../../fixtures/pasRequestBundle';
import { signedIn } from '../../helpers/browser';
import { reviewCode } from '../../helpers/pasSubmit';

let t: TestApp;
let token = '';
let otherToken = '';
beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL });
  ({ token, otherToken } = await twoOfficesTokens(t.app, t.db, 'system/Claim.write system/Claim.read', 'system/Claim.write'));
});
afterAll(async () => t.close());

const submit = (body: unknown, bearer = token) =>
  request(t.app).post('/fhir/Claim/$submit').set('Authorization', `Bearer ${bearer}`).set('Content-Type', 'application/fhir+json').send(JSON.stringify(body));

/* eslint-disable @typescript-eslint/no-explicit-any -- reading and writing FHIR JSON documents */
const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const CANCEL = { url: `${PAS}/extension-certificationType`, valueCodeableConcept: { coding: [{ system: 'https://codesystem.x12.org/005010/1322', code: '3' }] } };

/** A request without a diagnosis (every line pended, so every line may be withdrawn), submitted with its own identifiers. */
async function submitted(trace: string): Promise<string> {
  const bundle = pasRequestBundle();
  bundle.identifier.value = `TX-${trace}`;
  bundle.entry[0].resource.identifier = [{ system: 'http://clinic.example/trace', value: trace }];
  delete bundle.entry[0].resource.diagnosis;
  const res = await submit(bundle);
  expect(res.status).toBe(200);
  return res.body.entry[0].resource.preAuthRef;
}

/** The Claim that points to the earlier one: by its Claim identifier unless told otherwise. */
function cancellation(trace: string, related: object = { identifier: { system: 'http://clinic.example/trace', value: trace } }) {
  const bundle = pasRequestBundle();
  bundle.identifier.value = `TX-${trace}-CANCEL`;
  const claim = bundle.entry[0].resource;
  claim.identifier = [{ system: 'http://clinic.example/trace', value: `${trace}-CANCEL` }];
  claim.related = [{ claim: related, relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship', code: 'prior' }] } }];
  return bundle;
}

const linesOf = async (reference: string) => {
  const row = await t.db('auth_requests').where({ reference_number: reference }).first('id', 'status');
  return { status: row.status, lines: await t.db('request_lines').where({ request_id: row.id }).orderBy('line_number').pluck('status') };
};

describe('cancellations through $submit (a Claim with related)', () => {
  test("cancelling an item (infoCancelled) withdraws that line as the office's Withdraw does, the API client as the actor, and answers the request's state", async () => {
    const reference = await submitted('C-ITEM');
    const bundle = cancellation('C-ITEM');
    bundle.entry[0].resource.item[1].modifierExtension = [{ url: `${PAS}/modifierextension-infoCancelled`, valueBoolean: true }];
    const res = await submit(bundle);
    expect(res.status).toBe(200);
    const cr = res.body.entry[0].resource;
    expect(cr).toMatchObject({ preAuthRef: reference, identifier: [{ value: 'C-ITEM-CANCEL' }] });
    expect(cr.item.map((i: any) => [i.itemSequence, reviewCode(i)])).toEqual([[1, 'A4'], [2, 'C']]);
    expect(await linesOf(reference)).toEqual({ status: 'Pended', lines: ['Pended', 'Cancelled'] });
    const row = await t.db('auth_requests').where({ reference_number: reference }).first('id');
    const decision = await t.db('line_decisions').where({ request_id: row.id, outcome: 'Cancelled' }).first();
    expect(decision).toMatchObject({ decided_by: null, decided_by_role: 'office', reason_text: expect.stringMatching(/^Withdrawn by the office: Another reason\. Cancelled through the Prior Authorization API by Test EHR/) });
    const audit = await t.db('audit_log').where({ action: 'request-withdrawn', reference_number: reference }).first();
    expect(audit).toMatchObject({ user_id: null, username: expect.stringMatching(/^api-client:/), detail: 'through the API ($submit cancelling lines 2)' });
    // The office sees it on the request's page as it sees its own withdrawal.
    const office = await signedIn(t.app, 'demo.provider');
    const page = await office.visit(`/prior-auth/requests/${reference}`);
    expect(page.status).toBe(200);
    expect(page.mainText).toContain('Cancelled');
    expect(page.mainText).toContain('Cancelled through the Prior Authorization API by Test EHR');
  });

  test('cancelling the whole request (certification type 3) by Claim/<reference number> cancels every line; sent again, it answers the same state', async () => {
    const reference = await submitted('C-WHOLE');
    const bundle = cancellation('C-WHOLE', { reference: `Claim/${reference}` });
    bundle.entry[0].resource.extension = [CANCEL];
    let res = await submit(bundle);
    expect(res.status).toBe(200);
    expect(res.body.entry[0].resource.item.map(reviewCode)).toEqual(['C', 'C']);
    expect(await linesOf(reference)).toEqual({ status: 'Cancelled', lines: ['Cancelled', 'Cancelled'] });
    res = await submit(bundle);
    expect(res.status).toBe(200);
    expect(res.body.entry[0].resource.item.map(reviewCode)).toEqual(['C', 'C']);
  });

  test("another organization's request is not found (404), as an unknown one, and nothing is cancelled", async () => {
    const reference = await submitted('C-OTHER');
    const theirs = cancellation('C-OTHER', { reference: `Claim/${reference}` });
    theirs.entry[0].resource.extension = [CANCEL];
    const lakeview = await t.db('organizations').where({ name: 'Lakeview Pediatrics' }).first('npi');
    theirs.entry[2].resource.identifier[0].value = lakeview.npi;
    const res = await submit(theirs, otherToken);
    const unknown = cancellation('C-NOBODY', { reference: 'Claim/000000001' });
    unknown.entry[0].resource.extension = [CANCEL];
    const res2 = await submit(unknown);
    for (const r of [res, res2]) {
      expect(r.status).toBe(404);
      expect(r.body.issue[0]).toMatchObject({ code: 'not-found', expression: ['Bundle.entry[0].resource.ofType(Claim).related[0].claim'] });
    }
    expect(await linesOf(reference)).toEqual({ status: 'Pended', lines: ['Pended', 'Pended'] });
  });

  test('a line the plan has denied can no longer be cancelled: 422 naming the item, and nothing is cancelled', async () => {
    const reference = await submitted('C-DENIED');
    const row = await t.db('auth_requests').where({ reference_number: reference }).first('id');
    await t.db('request_lines').where({ request_id: row.id, line_number: 2 }).update({ status: 'Denied' });
    const bundle = cancellation('C-DENIED');
    for (const item of bundle.entry[0].resource.item) item.modifierExtension = [{ url: `${PAS}/modifierextension-infoCancelled`, valueBoolean: true }];
    const res = await submit(bundle);
    expect(res.status).toBe(422);
    expect(res.body.issue[0]).toMatchObject({ code: 'business-rule', expression: ['Bundle.entry[0].resource.ofType(Claim).item[1]'], diagnostics: 'Item 2 (E0114) can no longer be cancelled: it is denied' });
    expect((await linesOf(reference)).lines).toEqual(['Pended', 'Denied']);
  });
});
