import { contactOf, supportingInfoOf, type Resolve } from '../../../src/fhir/pasSupportingInfo';

const resources: Record<string, Record<string, unknown>> = {
  'Practitioner/p1': { resourceType: 'Practitioner', id: 'p1', name: [{ given: ['Susan'], family: 'Watson' }] },
  'QuestionnaireResponse/qr': { resourceType: 'QuestionnaireResponse', id: 'qr', questionnaire: 'q', item: [{ linkId: 'g', item: [{ linkId: 'a', text: 'A?', answer: [{ valueCoding: { code: 'yes' } }] }] }, { linkId: 'b', answer: [{ valueDate: '2026-01-02' }] }] },
  'DocumentReference/d': { resourceType: 'DocumentReference', id: 'd', description: 'Notes', content: [{ attachment: { contentType: 'text/plain', data: 'aGk=' } }, { attachment: { url: 'https://x.example/1' } }] },
};
const keys = Object.keys(resources);
const resolve: Resolve = (ref) => {
  const r = (ref as { reference?: string } | undefined)?.reference;
  return r && resources[r] ? { resource: resources[r]!, index: keys.indexOf(r) + 1 } : undefined;
};

describe('contactOf', () => {
  test("an Organization's first contact, its phone and fax as the portal writes them", () => {
    expect(contactOf({ resourceType: 'Organization', contact: [{ name: { text: 'Pat Office' }, telecom: [{ system: 'phone', value: '+1 312 555 0142' }, { system: 'email', value: 'p@x.example' }] }] }, resolve)).toEqual({ name: 'Pat Office', phone: '(312) 555-0142', fax: '', email: 'p@x.example' });
  });
  test("a PractitionerRole's telecom with its practitioner's name (the guide's examples)", () => {
    expect(contactOf({ resourceType: 'PractitionerRole', practitioner: { reference: 'Practitioner/p1' }, telecom: [{ system: 'phone', value: '4029993456' }] }, resolve)).toEqual({ name: 'Susan Watson', phone: '(402) 999-3456', fax: '', email: null });
  });
  test('neither a name nor a phone: no contact', () => {
    expect(contactOf({ resourceType: 'Organization', name: 'DR. JOE SMITH CORPORATION' }, resolve)).toBeUndefined();
    expect(contactOf(undefined, resolve)).toBeUndefined();
  });
});

test('supportingInfoOf reads answers inside groups and every attachment of a DocumentReference', () => {
  const claim = { supportingInfo: [{ valueReference: { reference: 'QuestionnaireResponse/qr' } }, { valueReference: { reference: 'DocumentReference/d' } }, { valueReference: { reference: 'Nowhere/1' } }] };
  expect(supportingInfoOf(claim, resolve)).toEqual({
    questionnaireResponses: [{ questionnaire: 'q', expression: 'Bundle.entry[2].resource.ofType(QuestionnaireResponse)', answers: [{ linkId: 'a', text: 'A?', value: 'yes', valueType: 'valueCoding' }, { linkId: 'b', text: undefined, value: '2026-01-02', valueType: 'valueDate' }] }],
    documents: [
      { contentType: 'text/plain', data: 'aGk=', title: 'Notes', expression: 'Bundle.entry[3].resource.ofType(DocumentReference).content[0].attachment' },
      { contentType: undefined, data: undefined, title: 'Notes', expression: 'Bundle.entry[3].resource.ofType(DocumentReference).content[1].attachment' },
    ],
  });
});
