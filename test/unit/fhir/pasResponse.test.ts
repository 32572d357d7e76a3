import { pasResponseBundle } from '../../../src/fhir/pasResponse';

const bundle = pasResponseBundle({
  bundleIdentifier: { system: 'http://clinic.example/transactions', value: 'TX-1001' },
  claimIdentifiers: [{ system: 'http://clinic.example/trace', value: 'TRACE-77' }],
  referenceNumber: '123456789',
  base: 'https://portal.test/fhir',
  claimReference: 'urn:uuid:claim-1',
  patientReference: 'urn:uuid:member-1',
  requestorReference: 'urn:uuid:clinic',
  created: '2026-03-01T16:00:00.000Z',
  lines: [
    { sequence: 1, outcome: 'Approved', certificationNumber: 'PA1-01', authorizedUnits: 2, authorizedFrom: '2026-03-10', authorizedTo: '2026-03-12', startDate: '2026-03-10', endDate: '2026-03-12' },
    { sequence: 2, outcome: 'Pended', startDate: '2026-03-12', endDate: '2026-03-12' },
    { sequence: 3, outcome: 'Denied', startDate: '2026-03-12', endDate: '2026-03-12' },
  ],
}) as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading a JSON document

const ext = (holder: { extension?: { url: string }[] }, name: string) => holder.extension?.find((e) => e.url.endsWith(`/extension-${name}`) || e.url === name) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
const reviewAction = (item: any) => ext(item.adjudication[0], 'reviewAction'); // eslint-disable-line @typescript-eslint/no-explicit-any

test('the ClaimResponse comes first and echoes the request identifiers and each item sequence', () => {
  expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', identifier: { value: 'TX-1001' } });
  const cr = bundle.entry[0].resource;
  expect(cr).toMatchObject({ resourceType: 'ClaimResponse', use: 'preauthorization', outcome: 'complete', identifier: [{ value: 'TRACE-77' }], preAuthRef: '123456789' });
  expect(cr.item.map((i: { itemSequence: number }) => i.itemSequence)).toEqual([1, 2, 3]);
  expect(cr.item.map((i: unknown) => ext(reviewAction(i), 'reviewActionCode').valueCodeableConcept.coding[0].code)).toEqual(['A1', 'A4', 'A3']);
});

test('an approved item carries its certification number, authorized period and quantity; a pended one the reference number', () => {
  const [approved, pended, denied] = bundle.entry[0].resource.item;
  expect(ext(reviewAction(approved), 'number').valueString).toBe('PA1-01');
  expect(ext(approved, 'itemPreAuthPeriod').valuePeriod).toEqual({ start: '2026-03-10', end: '2026-03-12' });
  expect(ext(approved, 'itemAuthorizedDetail').extension).toEqual([{ url: 'quantity', valueQuantity: { value: 2 } }]);
  expect(ext(pended, 'administrationReferenceNumber').valueString).toBe('123456789');
  expect(ext(denied, 'administrationReferenceNumber')).toBeUndefined();
  expect(ext(reviewAction(denied), 'number')).toBeUndefined();
});
