import { pasResponseProblems } from '../../helpers/pasStructure';

/** The structural PAS check the API tests apply (issue 15) must pass the guide's own shape and name what is missing. */
function guideShapedResponse(): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests remove any element
  const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
  return {
    resourceType: 'Bundle',
    identifier: { system: 'http://example.org/SUBMITTER_TRANSACTION_IDENTIFIER', value: 'A12345' },
    type: 'collection',
    timestamp: '2005-05-02T11:02:00+05:00',
    entry: [
      {
        fullUrl: 'http://example.org/fhir/ClaimResponse/R1',
        resource: {
          resourceType: 'ClaimResponse', id: 'R1', identifier: [{ system: 'http://example.org/TRACE', value: '111099' }], status: 'active',
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] }, use: 'preauthorization',
          patient: { reference: 'Patient/P1' }, created: '2005-05-02T11:02:00+05:00', insurer: { reference: 'Organization/I1' }, requestor: { reference: 'Organization/U1' },
          request: { reference: 'Claim/C1' }, outcome: 'complete', preAuthRef: '123456789',
          item: [{ itemSequence: 1, adjudication: [{ extension: [{ url: `${PAS}/extension-reviewAction`, extension: [{ url: 'number', valueString: 'AUTH0001' }, { url: `${PAS}/extension-reviewActionCode`, valueCodeableConcept: { coding: [{ system: 'https://codesystem.x12.org/005010/306', code: 'A1' }] } }] }], category: { coding: [{ code: 'submitted' }] } }] }],
        },
      },
      { fullUrl: 'http://example.org/fhir/Organization/U1', resource: { resourceType: 'Organization', id: 'U1' } },
      { fullUrl: 'http://example.org/fhir/Organization/I1', resource: { resourceType: 'Organization', id: 'I1' } },
      { fullUrl: 'http://example.org/fhir/Patient/P1', resource: { resourceType: 'Patient', id: 'P1' } },
    ],
  };
}

test('a response shaped like the guide\'s has no problem', () => {
  expect(pasResponseProblems(guideShapedResponse())).toEqual([]);
});

test('each missing required element is named', () => {
  const b = guideShapedResponse();
  delete b.timestamp;
  delete b.entry[0].resource.identifier[0].system;
  b.entry[0].resource.patient.reference = 'Patient/elsewhere';
  delete b.entry[0].resource.item[0].adjudication[0].extension[0].extension[0];
  expect(pasResponseProblems(b)).toEqual([
    'Bundle.timestamp is required',
    'ClaimResponse.identifier[0] needs system and value (PAS Identifier)',
    'ClaimResponse.patient must reference a Patient in the Bundle',
    'ClaimResponse.item[0].adjudication.extension(reviewAction).extension(number) must carry the certification number of a certified item',
  ]);
  const pended = guideShapedResponse();
  pended.entry[0].resource.item[0].adjudication[0].extension[0].extension[1].valueCodeableConcept.coding[0].code = 'A4';
  expect(pasResponseProblems(pended)).toEqual(['ClaimResponse.item[0].extension(administrationReferenceNumber) must carry the reference of a pended item']);
});
