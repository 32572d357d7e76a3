import { mapPasInquiry } from '../../../src/fhir/pasInquiry';
import { relatedKeys } from '../../../src/fhir/relatedClaim';
import { pasInquiryBundle } from '../../fixtures/pasInquiryBundle';

describe('mapPasInquiry', () => {
  test("reads what names the request (preAuthRef, an item's authorization number, the Claim identifiers), the member, the NPI and the items' codes", () => {
    const b = pasInquiryBundle('123456789');
    b.entry[0].resource.item[0].extension = [{ url: 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-authorizationNumber', valueString: 'eps-00001951' }];
    expect(mapPasInquiry(b)).toEqual({
      warnings: [],
      inquiry: {
        bundleIdentifier: { system: 'http://clinic.example/transactions', value: 'INQ-1' },
        claimIdentifiers: [{ system: 'http://clinic.example/trace', value: 'TRACE-77' }],
        memberId: '5634024',
        providerNpi: '1234567893',
        referenceNumbers: ['123456789'],
        authorizationNumbers: ['EPS-00001951'],
        codes: ['27447', 'E0114'],
      },
    });
  });

  test('an inquiry that names no request, or no member, is refused naming the element', () => {
    const b = pasInquiryBundle();
    b.entry[0].resource.identifier = [];
    b.entry[1].resource.identifier = [];
    const m = mapPasInquiry(b);
    expect('errors' in m && m.errors.map((e) => e.expression)).toEqual(['Bundle.entry[1].resource.ofType(Patient).identifier', 'Bundle.entry[0].resource.ofType(Claim).identifier']);
  });
});

describe('relatedKeys', () => {
  test('Claim/<reference or authorization number>, or an identifier (which may itself be one of the numbers)', () => {
    expect(relatedKeys({ reference: 'Claim/123456789' })).toEqual({ referenceNumbers: ['123456789'], authorizationNumbers: [], claimIdentifiers: [], claimIds: [] });
    expect(relatedKeys({ reference: 'https://portal.test/fhir/Claim/EPS-00001951' })).toEqual({ referenceNumbers: [], authorizationNumbers: ['EPS-00001951'], claimIdentifiers: [], claimIds: [] });
    expect(relatedKeys({ identifier: { system: 'http://clinic.example/trace', value: 'TRACE-77' } })).toEqual({ referenceNumbers: [], authorizationNumbers: [], claimIdentifiers: [{ system: 'http://clinic.example/trace', value: 'TRACE-77' }], claimIds: [] });
    expect(relatedKeys({ reference: 'Claim/HomecareAuthorizationExample' })).toEqual({ referenceNumbers: [], authorizationNumbers: [], claimIdentifiers: [], claimIds: ['HomecareAuthorizationExample'] });
  });
});
