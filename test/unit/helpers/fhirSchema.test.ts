import { expectValidFhir, fhirSchemaErrors } from '../../helpers/fhirSchema';

/** The helper every API test calls (issue 15): it must be able to fail, and say where. */
describe('expectValidFhir', () => {
  test('passes a valid OperationOutcome and a valid Bundle', () => {
    expectValidFhir({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'required', diagnostics: 'x', expression: ['Bundle.identifier'] }] });
    expectValidFhir({ resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'urn:uuid:1', resource: { resourceType: 'Patient', id: 'p1' } }] });
  });

  test('names the element at fault: an unknown element, a missing required one, a bad date inside a Bundle entry, an unknown resource type', () => {
    expect(fhirSchemaErrors({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'required', where: 'x' }] })).toEqual([expect.stringMatching(/^OperationOutcome\.issue\[0\]: .*"additionalProperty":"where"/)]);
    expect(fhirSchemaErrors({ resourceType: 'OperationOutcome' })).toEqual([expect.stringMatching(/required property 'issue'/)]);
    const inEntry = fhirSchemaErrors({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'ClaimResponse', status: 'active', use: 'preauthorization', patient: { reference: 'Patient/1' }, insurer: { display: 'Plan' }, type: { text: 'x' }, created: 'yesterday', outcome: 'complete' } }] });
    expect(inEntry).toEqual([expect.stringMatching(/^Bundle\.entry\[0\]\.resource\.created: should match pattern/)]);
    expect(() => expectValidFhir({ resourceType: 'NoSuchThing' })).toThrow(/unknown resourceType "NoSuchThing"/);
  });
});
