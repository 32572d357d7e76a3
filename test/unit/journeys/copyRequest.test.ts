import { answersCopiedFrom, type CopiedFrom } from '../../../src/journeys/priorAuth/copy';

const REQUEST: CopiedFrom = {
  careSetting: 'outpatient', categoryId: 'physical-therapy', servicingProviderId: 7,
  diagnoses: [{ code: 'M54.50' }, { code: 'M25.561' }],
  lines: [{ code: '97110', codeSystem: 'CPT', units: 25 }, { code: '97140', codeSystem: 'CPT', units: 8 }, { code: '97110', codeSystem: 'CPT', units: 4 }],
  contactName: 'Pat Office', contactPhone: '(312) 555-0142', contactPhoneExt: null, contactFax: '(312) 555-0143', contactEmail: null,
};

describe('answersCopiedFrom', () => {
  it('copies the setting, category, provider, codes and units, and leaves the dates and code lists to be confirmed', () => {
    const answers = answersCopiedFrom(REQUEST);
    expect(answers.careSetting).toEqual({ careSetting: 'outpatient', categoryId: 'physical-therapy' });
    expect(answers.provider).toEqual({ providerId: 7 });
    expect(answers.diagnoses).toEqual(['M54.50', 'M25.561']);
    expect(answers.service).toBeUndefined();
    expect(answers.diagnosesConfirmed).toBeUndefined();
    expect(answers.proceduresConfirmed).toBeUndefined();
  });
  it('keeps each procedure code once, with the units of its first line', () => {
    expect(answersCopiedFrom(REQUEST).procedures).toEqual([{ code: '97110', system: 'CPT', units: 25 }, { code: '97140', system: 'CPT', units: 8 }]);
  });
  it('copies the contact with empty text for what was not given', () => {
    expect(answersCopiedFrom(REQUEST).contact).toEqual({ contactName: 'Pat Office', contactPhone: '(312) 555-0142', contactPhoneExt: '', contactFax: '(312) 555-0143', contactEmail: '' });
  });
});

describe('answersCopiedFrom a request made through the API', () => {
  it('leaves out a line named by an X12 service type: the wizard asks for procedure codes', () => {
    const fromApi = { ...REQUEST, lines: [{ code: '3', codeSystem: 'X12-1365', units: 1 }, { code: '97140', codeSystem: 'CPT', units: 8 }] };
    expect(answersCopiedFrom(fromApi).procedures).toEqual([{ code: '97140', system: 'CPT', units: 8 }]);
  });
});
