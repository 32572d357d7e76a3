import { mapPasRequest, type MappingIssue } from '../../../src/fhir/pasMapping';
import { pasRequestBundle } from '../../fixtures/pasRequestBundle';

const errorsOf = (input: unknown): Pick<MappingIssue, 'expression' | 'diagnostics'>[] => {
  const m = mapPasRequest(input);
  if (!('errors' in m)) throw new Error('expected errors');
  return m.errors.map(({ expression, diagnostics }) => ({ expression, diagnostics }));
};
const warningsOf = (input: unknown) => mapPasRequest(input).warnings.map((w) => w.expression);

describe('mapPasRequest', () => {
  test('maps member, NPIs, diagnoses (primary first, with the dot), items with sequence, code, units, dates and place', () => {
    const m = mapPasRequest(pasRequestBundle());
    expect(m).toEqual({
      warnings: [],
      request: {
        bundleIdentifier: { system: 'http://clinic.example/transactions', value: 'TX-1001' },
        claimIdentifiers: [{ system: 'http://clinic.example/trace', value: 'TRACE-77' }],
        claimId: 'claim-1',
        memberId: '5634024',
        memberIdentifier: { system: 'http://plan.example/member', value: '5634024' },
        questionnaireResponses: [],
        documents: [],
        providerNpi: '1234567893',
        servicingNpi: '1987654328',
        diagnoses: ['M17.11', 'E11.9'],
        expedited: false,
        related: undefined,
        cancelsRequest: false,
        lines: [
          { sequence: 1, code: '27447', system: 'CPT', units: 1, startDate: '2026-03-10', endDate: '2026-03-12', datesGiven: true, placeOfService: '21', category: '2', cancelled: false, changed: false },
          { sequence: 2, code: 'E0114', system: 'HCPCS', units: 2, startDate: '2026-03-12', endDate: '2026-03-12', datesGiven: true, placeOfService: undefined, category: undefined, cancelled: false, changed: false },
        ],
      },
    });
  });

  test('expedited: the urgent level of service, or priority stat', () => {
    const b = pasRequestBundle();
    b.entry[0].resource.extension = [{ url: 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-levelOfServiceCode', valueCodeableConcept: { coding: [{ system: 'https://codesystem.x12.org/005010/1338', code: 'U' }] } }];
    expect(mapPasRequest(b)).toMatchObject({ request: { expedited: true } });
    const s = pasRequestBundle();
    s.entry[0].resource.priority.coding[0].code = 'stat';
    expect(mapPasRequest(s)).toMatchObject({ request: { expedited: true } });
  });

  test.each([
    ['not an object', () => 'text', 'Bundle', 'The body must be a FHIR Bundle (a JSON object)'],
    ['a wrong resourceType', () => ({ ...pasRequestBundle(), resourceType: 'Claim' }), 'Bundle.resourceType', 'resourceType must be Bundle, not "Claim"'],
    ['the Claim not first', () => { const b = pasRequestBundle(); b.entry.reverse(); return b; }, 'Bundle.entry[0].resource', 'The first entry of a PAS request Bundle must be the Claim'],
    ['a claim, not a preauthorization', () => { const b = pasRequestBundle(); b.entry[0].resource.use = 'claim'; return b; }, 'Bundle.entry[0].resource.ofType(Claim).use', 'Claim.use must be preauthorization, not "claim"'],
  ])('refuses %s, naming the element', (_what, bundle, expression, diagnostics) => {
    expect(errorsOf(bundle())).toEqual([{ expression, diagnostics }]);
  });

  test('names every element at fault at once: no member id, no NPI, no identifier, a bad quantity, a wrong code system, missing dates', () => {
    const b = pasRequestBundle();
    delete b.identifier;
    b.entry[1].resource.identifier = [];
    b.entry[2].resource.identifier = [{ system: 'http://example.org/tax', value: '1' }];
    b.entry[0].resource.item[0].quantity = { value: 1.5 };
    b.entry[0].resource.item[1].productOrService.coding[0].system = 'http://loinc.org';
    b.entry[0].resource.item.push({ sequence: 3, productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '97110' }] }, quantity: { value: 1 } });
    delete b.entry[0].resource.created;
    expect(errorsOf(b).map((e) => e.expression)).toEqual([
      'Bundle.identifier',
      'Bundle.entry[1].resource.ofType(Patient).identifier',
      'Bundle.entry[2].resource.identifier',
      'Bundle.entry[0].resource.ofType(Claim).item[0].quantity.value',
      'Bundle.entry[0].resource.ofType(Claim).item[1].productOrService.coding[0].system',
      'Bundle.entry[0].resource.ofType(Claim).item[2].serviced',
    ]);
  });

  test("the guide's examples' known defects are warnings: no quantity, CPT under HCPCS, no diagnosis, an X12 service type", () => {
    const b = pasRequestBundle();
    delete b.entry[0].resource.item[0].quantity;
    b.entry[0].resource.item[0].productOrService.coding[0].system = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
    delete b.entry[0].resource.diagnosis;
    b.entry[0].resource.item[1].productOrService.coding[0] = { system: 'https://codesystem.x12.org/005010/1365', code: '3' };
    const m = mapPasRequest(b);
    expect(warningsOf(b)).toEqual([
      'Bundle.entry[0].resource.ofType(Claim).diagnosis',
      'Bundle.entry[0].resource.ofType(Claim).item[0].productOrService.coding[0].system',
      'Bundle.entry[0].resource.ofType(Claim).item[0].quantity',
      'Bundle.entry[0].resource.ofType(Claim).item[1].productOrService',
    ]);
    expect(m).toMatchObject({ request: { diagnoses: [], lines: [{ code: '27447', system: 'CPT', units: 1 }, { code: '3', system: 'service-type' }] } });
  });

  test("an item without dates takes the Claim's billable period, else the day the Claim was created, with a warning", () => {
    const b = pasRequestBundle();
    delete b.entry[0].resource.item[1].servicedDate;
    expect(mapPasRequest(b)).toMatchObject({ request: { lines: [{}, { startDate: '2026-03-01', endDate: '2026-03-01', datesGiven: false }] }, warnings: [{ expression: 'Bundle.entry[0].resource.ofType(Claim).item[1].serviced' }] });
    b.entry[0].resource.billablePeriod = { start: '2026-03-05', end: '2026-03-09' };
    expect(mapPasRequest(b)).toMatchObject({ request: { lines: [{}, { startDate: '2026-03-05', endDate: '2026-03-09' }] } });
  });
});
