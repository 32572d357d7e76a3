import { startTestApp, type TestApp } from '../../helpers/testApp';
import { officeToken, twoOfficesTokens, TEST_BASE_URL, TEST_MAIL } from '../../helpers/apiClients';
import { TEST_ENDPOINT_HOSTS, testEndpointPost, startNotificationEndpoint } from '../../helpers/notificationEndpoint';
import { raiseNotice } from '../../../src/db/repositories/notices';
import { deliverDueNotifications } from '../../../src/services/subscriptionWorker';
import { PAS_SUBSCRIPTION_TOPIC } from '../../../src/domain/subscriptions';
import request from 'supertest';
import { pasRequestBundle } from '../../fixtures/pasRequestBundle';
import { reviewCode, submitPas } from '../../helpers/pasSubmit';
import { signedIn } from '../../helpers/browser';
import { decideEveryLine } from '../../helpers/planRequests';
import { apiSubmittedLines, findEarlierRequests } from '../../../src/db/repositories/apiSubmissions';
import { findApiClientByClientId } from '../../../src/db/repositories/apiClients';
import { mapPasRequest } from '../../../src/fhir/pasMapping';
import { updateKey } from '../../../src/fhir/relatedClaim';
import { updatePasClaim } from '../../../src/fhir/updateClaim';

/**
 * Updates through $submit (issue 15): a Claim with related that changes items (infoChanged) or adds
 * them, perhaps cancelling others, is the portal's Update or extend (issue 14): a new version of the
 * authorization, submitted by the API client, answered with the new version's PAS response Bundle.
 * Every answer is checked as FHIR R4 JSON and, when 200, as a PAS response Bundle (submitPas).
 */
let t: TestApp;
let token = '';
let otherToken = '';
beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL, subscriptionAllowedHosts: TEST_ENDPOINT_HOSTS });
  ({ token, otherToken } = await twoOfficesTokens(t.app, t.db, 'system/Claim.write system/Claim.read', 'system/Claim.write'));
});
afterAll(async () => t.close());

const submit = (body: unknown, bearer = token) => submitPas(t.app, bearer, body);

/* eslint-disable @typescript-eslint/no-explicit-any -- reading and writing FHIR JSON documents */
const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const CPT = 'http://www.ama-assn.org/go/cpt';
const HCPCS = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const POS = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';
const CHANGED = (code: 'changed' | 'added') => [{ url: `${PAS}/extension-infoChanged`, valueCode: code }];
const CANCELLED = [{ url: `${PAS}/modifierextension-infoCancelled`, valueBoolean: true }];
const C = 'Bundle.entry[0].resource.ofType(Claim)';

/**
 * An outpatient therapy request as an EHR numbers its items (10 and 20, not the line numbers): 97110 for
 * 25 units (beyond the demo's 20-unit benefit limit: pended) and E0625 (not covered: pended).
 */
function therapyBundle(trace: string, memberId: string) {
  const bundle = pasRequestBundle();
  bundle.identifier.value = `TX-${trace}`;
  const claim = bundle.entry[0].resource;
  claim.id = `claim-${trace}`;
  claim.identifier = [{ system: 'http://clinic.example/trace', value: trace }];
  claim.item = [
    { sequence: 10, category: { coding: [{ system: 'https://codesystem.x12.org/005010/1365', code: 'PT' }] }, productOrService: { coding: [{ system: CPT, code: '97110' }] }, servicedPeriod: { start: '2026-04-01', end: '2026-06-30' }, locationCodeableConcept: { coding: [{ system: POS, code: '11' }] }, quantity: { value: 25 } },
    { sequence: 20, productOrService: { coding: [{ system: HCPCS, code: 'E0625' }] }, servicedPeriod: { start: '2026-04-01', end: '2026-06-30' }, quantity: { value: 1 } },
  ];
  bundle.entry[1].resource.identifier[0].value = memberId;
  return bundle;
}

async function submitted(trace: string, memberId = '5634024'): Promise<string> {
  const res = await submit(therapyBundle(trace, memberId));
  expect(res.status).toBe(200);
  return res.body.entry[0].resource.preAuthRef;
}

/** The update Claim: the original's items as sent, changed by `change`, pointing to the earlier request. */
function update(trace: string, memberId: string, related: object, change: (items: any[]) => void) {
  const bundle = therapyBundle(`${trace}-UPDATE`, memberId);
  const claim = bundle.entry[0].resource;
  claim.related = [{ claim: related, relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship', code: 'prior' }] } }];
  change(claim.item);
  return bundle;
}

const version = async (reference: string) => {
  const row = await t.db('auth_requests').where({ reference_number: reference }).first('id', 'authorization_number', 'version', 'superseded_by', 'api_client_id', 'submitted_by', 'status', 'version_changes');
  const lines = await t.db('request_lines').where({ request_id: row.id }).orderBy('line_number').select('line_number', 'item_sequence', 'code', 'units', 'to_date', 'status');
  return { ...row, lines };
};

describe('updates through $submit (a Claim with related that changes or adds items)', () => {
  test('units changed and the end date extended (infoChanged), an item cancelled and one added: a new version, pended for review as an update, answered with its state under the Claim\'s sequences', async () => {
    const reference = await submitted('U-MAIN', '5634024');
    const bundle = update('U-MAIN', '5634024', { reference: `Claim/${reference}` }, (items) => {
      Object.assign(items[0], { extension: CHANGED('changed'), quantity: { value: 30 }, servicedPeriod: { start: '2026-04-01', end: '2026-09-30' } });
      items[1].modifierExtension = CANCELLED;
      items.push({ sequence: 30, extension: CHANGED('added'), productOrService: { coding: [{ system: HCPCS, code: 'E0601' }] }, quantity: { value: 2 } });
    });
    const res = await submit(bundle);
    expect(res.status).toBe(200);
    const cr = res.body.entry[0].resource;
    const second = cr.preAuthRef;
    expect(second).toMatch(/^\d{9}$/);
    expect(second).not.toBe(reference);
    expect(cr.identifier).toEqual([{ system: 'http://clinic.example/trace', value: 'U-MAIN-UPDATE' }]);
    expect(cr.item.map((i: any) => i.itemSequence)).toEqual([10, 20, 30]);
    expect(reviewCode(cr.item[0])).toBe('A4');
    expect(reviewCode(cr.item[1])).toBe('C');

    const old = await version(reference);
    const now = await version(second);
    expect(now).toMatchObject({ authorization_number: old.authorization_number, version: 2, superseded_by: null, submitted_by: null, api_client_id: expect.anything() });
    expect(old.superseded_by).not.toBeNull();
    expect(now.lines).toEqual([
      { line_number: 1, item_sequence: 10, code: '97110', units: 30, to_date: '2026-09-30', status: 'Pended' },
      { line_number: 2, item_sequence: 20, code: 'E0625', units: 1, to_date: '2026-06-30', status: 'Cancelled' },
      expect.objectContaining({ line_number: 3, item_sequence: 30, code: 'E0601', units: 2 }),
    ]);
    expect(JSON.parse(now.version_changes)).toEqual(['Line 1 (97110): units 25 -> 30; end date 06/30/2026 -> 09/30/2026', 'Line 2 (E0625): cancelled', 'Line 3 (E0601): new line, 2 units']);

    // The same Bundle again makes no second version: the same answer.
    const again = await submit(bundle);
    expect(again.status).toBe(200);
    expect(again.body.entry[0].resource.preAuthRef).toBe(second);
    expect(await t.db('auth_requests').where({ authorization_number: old.authorization_number }).count({ n: '*' }).first()).toEqual({ n: 2 });

    // The plan's queue has the new version, as an update; the office's request page shows both versions.
    const nurse = await signedIn(t.app, 'demo.nurse');
    const queue = await nurse.visit('/plan/queue');
    expect(queue.mainText).toContain(second);
    expect(queue.mainText).toContain('Update: version 2');
    const office = await signedIn(t.app, 'demo.provider');
    const page = await office.visit(`/prior-auth/requests/${second}`);
    expect(page.text('#versions')).toContain('Version 2 of 2');
    const audit = await t.db('audit_log').where({ action: 'authorization-update-submitted', reference_number: second }).first();
    expect(audit).toMatchObject({ user_id: null, username: expect.stringMatching(/^api-client:/) });
  });

  test("the plan's decision on the new version reaches the organization's Subscription: that version, under the Claim's sequences", async () => {
    const endpoint = await startNotificationEndpoint();
    try {
      const admin = await t.db('users').where({ username: 'demo.admin' }).first('id', 'organization_id');
      const { npi } = await t.db('organizations').where({ id: admin.organization_id }).first('npi');
      const subscriber = await officeToken(t.app, t.db, 'system/Subscription.*');
      const subscription = {
        resourceType: 'Subscription', status: 'requested', reason: 'Decisions', criteria: PAS_SUBSCRIPTION_TOPIC,
        _criteria: { extension: [{ url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria', valueString: `org-identifier=${npi}` }] },
        channel: { type: 'rest-hook', endpoint: endpoint.url, payload: 'application/fhir+json', _payload: { extension: [{ url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content', valueCode: 'full-resource' }] } },
      };
      expect((await request(t.app).post('/fhir/Subscription').set('Authorization', `Bearer ${subscriber}`).set('Content-Type', 'application/fhir+json').send(JSON.stringify(subscription))).status).toBe(201);
      // Its handshake first: the subscription is active once the endpoint answers it.
      expect(await deliverDueNotifications(t.db, `${TEST_BASE_URL}/fhir`, new Date(), testEndpointPost)).toEqual({ sent: 1, failed: 0 });
      endpoint.received.length = 0;
      const reference = await submitted('U-NOTIFY', '5634024');
      const res = await submit(update('U-NOTIFY', '5634024', { reference: `Claim/${reference}` }, (items) => {
        Object.assign(items[0], { extension: CHANGED('changed'), quantity: { value: 26 } });
      }));
      expect(res.status).toBe(200);
      const second = res.body.entry[0].resource.preAuthRef;
      // The desk's decision, and its notice raised in the same way the desk raises it.
      const at = new Date();
      await decideEveryLine(t.db, second, 'Approved', at);
      const row = await t.db('auth_requests').where({ reference_number: second }).first('id', 'organization_id');
      await t.db.transaction((trx) => raiseNotice(trx, { organizationId: row.organization_id, requestId: row.id, kind: 'decision', at: at.toISOString() }));
      expect(await deliverDueNotifications(t.db, `${TEST_BASE_URL}/fhir`, new Date(), testEndpointPost)).toEqual({ sent: 1, failed: 0 });
      const claimResponse = endpoint.received[0]?.body.entry[1].resource.entry[0].resource;
      expect(claimResponse.preAuthRef).toBe(second);
      expect(claimResponse.item.map((i: any) => [i.itemSequence, reviewCode(i)])).toEqual([[10, 'A1'], [20, 'A1']]);
    } finally {
      await endpoint.close();
    }
  });

  test('a later update (named by the Claim identifier first sent) applies to the version that stands', async () => {
    const reference = await submitted('U-TWICE', '5634024');
    const first = await submit(update('U-TWICE', '5634024', { reference: `Claim/${reference}` }, (items) => {
      Object.assign(items[0], { extension: CHANGED('changed'), quantity: { value: 26 } });
    }));
    expect(first.status).toBe(200);
    const bundle = update('U-TWICE', '5634024', { identifier: { system: 'http://clinic.example/trace', value: 'U-TWICE' } }, (items) => {
      Object.assign(items[0], { extension: CHANGED('changed'), quantity: { value: 27 } });
    });
    bundle.identifier.value = 'TX-U-TWICE-AGAIN';
    const res = await submit(bundle);
    expect(res.status).toBe(200);
    const third = await version(res.body.entry[0].resource.preAuthRef);
    expect(third).toMatchObject({ version: 3, lines: [expect.objectContaining({ units: 27, item_sequence: 10 }), expect.objectContaining({ item_sequence: 20 })] });
    expect(JSON.parse(third.version_changes)).toEqual(['Line 1 (97110): units 26 -> 27']);
  });

  test('an added service takes the authorization\'s dates: other dates asked for are refused (422 naming the item), not silently replaced; a changed item sent without dates keeps its own', async () => {
    const reference = await submitted('U-DATES', '5634024');
    const refused = await submit(update('U-DATES', '5634024', { reference: `Claim/${reference}` }, (items) => {
      items.push({ sequence: 30, extension: CHANGED('added'), productOrService: { coding: [{ system: HCPCS, code: 'E0601' }] }, servicedPeriod: { start: '2026-05-01', end: '2026-05-31' }, quantity: { value: 1 } });
    }));
    expect(refused.status).toBe(422);
    expect(refused.body.issue[0]).toMatchObject({ expression: [`${C}.item[2].serviced`], diagnostics: expect.stringContaining("takes the authorization's dates of service, 2026-04-01 to 2026-06-30") });
    expect(await t.db('auth_requests').where({ authorization_number: (await version(reference)).authorization_number }).count({ n: '*' }).first()).toEqual({ n: 1 });

    const accepted = await submit(update('U-DATES', '5634024', { reference: `Claim/${reference}` }, (items) => {
      Object.assign(items[0], { extension: CHANGED('changed'), quantity: { value: 28 } });
      delete items[0].servicedPeriod;
      items.push({ sequence: 30, extension: CHANGED('added'), productOrService: { coding: [{ system: HCPCS, code: 'E0601' }] }, servicedPeriod: { start: '2026-04-01', end: '2026-06-30' }, quantity: { value: 1 } });
    }));
    expect(accepted.status).toBe(200);
    const second = await version(accepted.body.entry[0].resource.preAuthRef);
    expect(second.lines).toEqual([
      expect.objectContaining({ code: '97110', units: 28, to_date: '2026-06-30' }),
      expect.objectContaining({ code: 'E0625' }),
      expect.objectContaining({ code: 'E0601', item_sequence: 30, to_date: '2026-06-30' }),
    ]);
  });

  test('$inquire after an update answers the version that stands, once, whichever version it names', async () => {
    const reference = await submitted('U-INQUIRE', '5634024');
    const updated = await submit(update('U-INQUIRE', '5634024', { reference: `Claim/${reference}` }, (items) => {
      Object.assign(items[0], { extension: CHANGED('changed'), quantity: { value: 30 } });
    }));
    expect(updated.status).toBe(200);
    const second = updated.body.entry[0].resource.preAuthRef;
    const { authorization_number: authorization } = await version(reference);
    for (const named of [reference, authorization]) {
      const inquiry = therapyBundle('U-INQUIRE-ASK', '5634024');
      inquiry.entry[0].resource.meta = { profile: [`${PAS}/profile-claim-inquiry`] };
      inquiry.entry[0].resource.insurance[0].preAuthRef = [named];
      const res = await request(t.app).post('/fhir/Claim/$inquire').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/fhir+json').send(JSON.stringify(inquiry));
      expect(res.status).toBe(200);
      expect(res.body.parameter).toHaveLength(1);
      expect(res.body.parameter[0].resource.entry[0].resource.preAuthRef).toBe(second);
    }
  });

  test('a denied line cannot be updated: 422 naming the item, a new request is needed, and nothing is stored', async () => {
    const reference = await submitted('U-DENIED', '5634024');
    const row = await t.db('auth_requests').where({ reference_number: reference }).first('id');
    await t.db('request_lines').where({ request_id: row.id, line_number: 2 }).update({ status: 'Denied' });
    const res = await submit(update('U-DENIED', '5634024', { reference: `Claim/${reference}` }, (items) => {
      Object.assign(items[1], { extension: CHANGED('changed'), quantity: { value: 2 } });
    }));
    expect(res.status).toBe(422);
    expect(res.body.issue[0]).toMatchObject({ severity: 'error', code: 'business-rule', expression: [`${C}.item[1]`], diagnostics: 'Item 20 (E0625): A denied line cannot be updated: a new request is needed' });
    expect((await version(reference)).superseded_by).toBeNull();
  });

  test('an item whose rule asks clinical questions the request never answered is refused when changed (422), as an added one is: nothing is stored', async () => {
    // 72148 sent without a QuestionnaireResponse: its rule's questions unanswered, the line is pended.
    const imaging = (items: any[]) => items.splice(0, items.length, { sequence: 10, productOrService: { coding: [{ system: CPT, code: '72148' }] }, servicedPeriod: { start: '2026-04-01', end: '2026-06-30' }, locationCodeableConcept: { coding: [{ system: POS, code: '11' }] }, quantity: { value: 1 } });
    const bundle = therapyBundle('U-MRI', '5634024');
    imaging(bundle.entry[0].resource.item);
    const sent = await submit(bundle);
    expect(sent.status).toBe(200);
    const reference = sent.body.entry[0].resource.preAuthRef;
    expect((await version(reference)).lines).toEqual([expect.objectContaining({ code: '72148', status: 'Pended' })]);
    const res = await submit(update('U-MRI', '5634024', { reference: `Claim/${reference}` }, (items) => {
      imaging(items);
      Object.assign(items[0], { extension: CHANGED('changed'), quantity: { value: 2 } });
    }));
    expect(res.status).toBe(422);
    expect(res.body.issue[0]).toMatchObject({ severity: 'error', code: 'business-rule', diagnostics: 'Answer the clinical questions for line 1 (72148) with Document Clinical before you submit the update' });
    expect((await version(reference)).superseded_by).toBeNull();
  });

  test('a cancelled request cannot be updated (422); the code of a requested service cannot change (422 naming the item)', async () => {
    const reference = await submitted('U-CANCELLED', '5634024');
    const codeChanged = await submit(update('U-CANCELLED', '5634024', { reference: `Claim/${reference}` }, (items) => {
      Object.assign(items[0], { extension: CHANGED('changed'), productOrService: { coding: [{ system: CPT, code: '97112' }] } });
    }));
    expect(codeChanged.status).toBe(422);
    expect(codeChanged.body.issue[0]).toMatchObject({ code: 'value', expression: [`${C}.item[0].productOrService`], diagnostics: expect.stringContaining('is 97110, not 97112') });

    const cancel = update('U-CANCELLED', '5634024', { reference: `Claim/${reference}` }, () => undefined);
    cancel.identifier.value = 'TX-U-CANCELLED-WHOLE';
    cancel.entry[0].resource.extension = [{ url: `${PAS}/extension-certificationType`, valueCodeableConcept: { coding: [{ system: 'https://codesystem.x12.org/005010/1322', code: '3' }] } }];
    expect((await submit(cancel)).status).toBe(200);
    const res = await submit(update('U-CANCELLED', '5634024', { reference: `Claim/${reference}` }, (items) => {
      Object.assign(items[0], { extension: CHANGED('changed'), quantity: { value: 30 } });
    }));
    expect(res.status).toBe(422);
    expect(res.body.issue[0]).toMatchObject({ code: 'business-rule', expression: [`${C}.related[0].claim`], diagnostics: 'This request is cancelled, so it cannot be updated: a new request is needed' });
    expect((await version(reference)).superseded_by).toBeNull();
  });

  test("another organization's request is not found (404), as an unknown one; naming a request and changing nothing is refused (422)", async () => {
    const reference = await submitted('U-OTHER', '5634024');
    const theirs = update('U-OTHER', '5634024', { reference: `Claim/${reference}` }, (items) => {
      Object.assign(items[0], { extension: CHANGED('changed'), quantity: { value: 30 } });
    });
    const lakeview = await t.db('organizations').where({ name: 'Lakeview Pediatrics' }).first('npi');
    theirs.entry[2].resource.identifier[0].value = lakeview.npi;
    const unknown = update('U-NOBODY', '5634024', { reference: 'Claim/000000001' }, (items) => {
      Object.assign(items[0], { extension: CHANGED('changed'), quantity: { value: 30 } });
    });
    for (const res of [await submit(theirs, otherToken), await submit(unknown)]) {
      expect(res.status).toBe(404);
      expect(res.body.issue[0]).toMatchObject({ code: 'not-found', expression: [`${C}.related[0].claim`] });
    }
    const nothing = await submit(update('U-OTHER', '5634024', { reference: `Claim/${reference}` }, () => undefined));
    expect(nothing.status).toBe(422);
    expect(nothing.body.issue[0].diagnostics).toBe('Change at least one line, or add one, before you submit the update');
    expect((await version(reference)).superseded_by).toBeNull();
  });

  test('a decision that came first wins: the update read before the plan decided is answered 409 and nothing is stored', async () => {
    const reference = await submitted('U-RACE', '5634024');
    const bundle = update('U-RACE', '5634024', { reference: `Claim/${reference}` }, (items) => {
      Object.assign(items[0], { extension: CHANGED('changed'), quantity: { value: 30 } });
    });
    const mapped = mapPasRequest(bundle);
    if (!('request' in mapped)) throw new Error('the update Bundle does not map');
    const admin = await t.db('users').where({ username: 'demo.admin' }).first('organization_id');
    const clientRow = await t.db('api_clients').where({ organization_id: admin.organization_id }).first('client_id');
    const client = await findApiClientByClientId(t.db, clientRow.client_id);
    if (!client) throw new Error('no client');
    const [earlier] = await findEarlierRequests(t.db, { organizationId: client.organizationId, referenceNumbers: [reference], authorizationNumbers: [], claimIdentifiers: [] });
    const lines = await apiSubmittedLines(t.db, reference);
    // The update has read the request; the plan's decision commits before the update does.
    await decideEveryLine(t.db, reference, 'Approved', new Date());
    const outcome = await updatePasClaim(t.db, client, mapped.request, { earlier: earlier!, lines, key: updateKey(client, mapped.request) }, 'https://portal.test/fhir', new Date(), []);
    expect(outcome).toMatchObject({ status: 409, issues: [{ code: 'conflict', diagnostics: expect.stringContaining('The plan decided lines 1, 2 of this request first, so this update was not stored') }] });
    expect(await version(reference)).toMatchObject({ superseded_by: null, status: 'Approved' });
  });
});
