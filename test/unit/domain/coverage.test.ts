import {
  assessLine,
  BEYOND_BENEFIT_LIMITS,
  categoriesElsewhere,
  staleClinicalAnswers,
  codeMatches,
  requestStatus,
  requestType,
  ruleFor,
  submitBlockers,
  type AssessmentInputs,
  type CoverageRule,
  type LineAssessment,
  type LineStatus,
  type ServiceContext,
} from '../../../src/domain/coverage';

const INPATIENT_REVIEW: CoverageRule = { id: 'inpatient-admission-review', description: 'Every admission is reviewed', careSetting: 'inpatient', requirement: 'review' };
const DRUG_TESTING: CoverageRule = {
  id: 'definitive-drug-testing',
  description: 'Definitive drug testing',
  codes: ['80320-80377', 'G0480'],
  careSetting: 'outpatient',
  requirement: 'questionnaire',
  questionnaire: 'definitive-drug-testing',
};
const PT_LIMIT: CoverageRule = {
  id: 'physical-therapy-visit-limit',
  description: 'Therapeutic exercise up to 20 units a year',
  codes: ['97110'],
  careSetting: 'outpatient',
  requirement: 'none',
  unitLimit: { units: 20, per: 'calendar-year' },
};
const SLEEP_LAB_REVIEW: CoverageRule = { id: 'sleep-lab-review', description: 'Sleep studies are reviewed', codes: ['95810'], categories: ['sleep-studies'], requirement: 'review' };
const COSMETIC: CoverageRule = { id: 'cosmetic', description: 'Cosmetic surgery is not covered', codes: ['15780'], requirement: 'not-covered' };
const NO_AUTH: CoverageRule = { id: 'no-authorization-required', description: 'Office visits', codes: ['99213', '80305', '95810', '80324'], requirement: 'none' };

const RULES: CoverageRule[] = [INPATIENT_REVIEW, DRUG_TESTING, PT_LIMIT, SLEEP_LAB_REVIEW, COSMETIC, NO_AUTH];

const OUTPATIENT_DRUG_TESTING: ServiceContext = { careSetting: 'outpatient', categoryId: 'drug-testing' };
const OUTPATIENT_SLEEP: ServiceContext = { careSetting: 'outpatient', categoryId: 'sleep-studies' };
const INPATIENT_MEDICAL: ServiceContext = { careSetting: 'inpatient', categoryId: 'medical-admission' };

describe('codeMatches', () => {
  test.each([
    ['80324', '80324', true],
    ['80324', '80325', false],
    ['80320-80377', '80320', true],
    ['80320-80377', '80324', true],
    ['80320-80377', '80377', true],
    ['80320-80377', '80319', false],
    ['80320-80377', '80378', false],
    ['80320-80377', '8033', false],
    ['80320-80377', '803300', false],
    ['0001F-0015F', '0005F', true],
    ['0001F-0015F', '0016F', false],
  ])('pattern %s against %s is %s', (pattern, code, expected) => {
    expect(codeMatches(pattern, code)).toBe(expected);
  });
});

describe('ruleFor', () => {
  test('the first matching rule applies, in the order of the rules file', () => {
    // 80324 is in both the drug testing range and the no-authorization list; drug testing comes first.
    expect(ruleFor(RULES, '80324', OUTPATIENT_DRUG_TESTING)).toBe(DRUG_TESTING);
    expect(ruleFor([NO_AUTH, DRUG_TESTING], '80324', OUTPATIENT_DRUG_TESTING)).toBe(NO_AUTH);
  });

  test.each([
    ['80320', DRUG_TESTING],
    ['80377', DRUG_TESTING],
    ['G0480', DRUG_TESTING],
    ['80305', NO_AUTH],
    ['97110', PT_LIMIT],
    ['15780', COSMETIC],
  ])('finds the rule for %s in an outpatient request', (code, rule) => {
    expect(ruleFor(RULES, code, OUTPATIENT_DRUG_TESTING)).toBe(rule);
  });

  test('a rule with a care setting applies only in that setting', () => {
    expect(ruleFor(RULES, '99213', INPATIENT_MEDICAL)).toBe(INPATIENT_REVIEW);
    expect(ruleFor(RULES, '99213', OUTPATIENT_DRUG_TESTING)).toBe(NO_AUTH);
  });

  test('a rule without codes matches every code', () => {
    expect(ruleFor(RULES, '27447', INPATIENT_MEDICAL)).toBe(INPATIENT_REVIEW);
  });

  test('a rule with categories applies only in those categories', () => {
    expect(ruleFor(RULES, '95810', OUTPATIENT_SLEEP)).toBe(SLEEP_LAB_REVIEW);
    expect(ruleFor(RULES, '95810', OUTPATIENT_DRUG_TESTING)).toBe(NO_AUTH);
  });

  test('no rule matches a code no rule lists', () => {
    expect(ruleFor(RULES, '72148', OUTPATIENT_DRUG_TESTING)).toBeUndefined();
  });
});

describe('assessLine', () => {
  /** Inputs for the outpatient drug-testing category; by default nothing is used and no questionnaire is answered. */
  function inputs(overrides: Partial<AssessmentInputs> = {}): AssessmentInputs {
    return {
      rules: RULES,
      context: OUTPATIENT_DRUG_TESTING,
      unitsUsed: () => 0,
      criteriaMetFor: () => undefined,
      ...overrides,
    };
  }

  test('a code no rule matches is pended for review, never approved', () => {
    expect(assessLine({ code: '72148', units: 1, fromDate: '2026-03-05' }, inputs())).toEqual({
      rule: undefined,
      outcome: { kind: 'review', reason: 'no-rule' },
      disclaimer: 'This code has no coverage rule: this line will be pended for review by the plan when you submit the request.',
      statusAtSubmit: 'Pended',
    });
  });

  test('a code that is not covered cannot be submitted', () => {
    expect(assessLine({ code: '15780', units: 1, fromDate: '2026-03-05' }, inputs())).toEqual({
      rule: COSMETIC,
      outcome: { kind: 'not-covered' },
      disclaimer: 'Not a covered benefit: remove this line to submit the request.',
      statusAtSubmit: undefined,
    });
  });

  test('a code whose rule requires review is pended', () => {
    expect(assessLine({ code: '99223', units: 1, fromDate: '2026-03-05' }, inputs({ context: INPATIENT_MEDICAL }))).toEqual({
      rule: INPATIENT_REVIEW,
      outcome: { kind: 'review', reason: 'rule' },
      disclaimer: 'Clinical review required: this line will be pended for review by the plan when you submit the request.',
      statusAtSubmit: 'Pended',
    });
  });

  describe('a code whose rule has a questionnaire', () => {
    const line = { code: '80324', units: 1, fromDate: '2026-03-05' };

    test('asks for the questionnaire of that code and rule', () => {
      const criteriaMetFor = jest.fn<boolean | undefined, [string, string]>(() => undefined);
      assessLine(line, inputs({ criteriaMetFor }));
      expect(criteriaMetFor.mock.calls).toEqual([['80324', 'definitive-drug-testing']]);
    });

    test('not answered yet: needs documentation and cannot be submitted', () => {
      expect(assessLine(line, inputs({ criteriaMetFor: () => undefined }))).toEqual({
        rule: DRUG_TESTING,
        outcome: { kind: 'needs-documentation', questionnaireId: 'definitive-drug-testing' },
        disclaimer: "REVIEW REQUIRED: This request requires review. Select the 'Document Clinical' button to continue.",
        statusAtSubmit: undefined,
      });
    });

    test('criteria met: approved at submit', () => {
      expect(assessLine(line, inputs({ criteriaMetFor: () => true }))).toEqual({
        rule: DRUG_TESTING,
        outcome: { kind: 'criteria-met', questionnaireId: 'definitive-drug-testing' },
        disclaimer: 'Criteria met for this request. This line will be approved when you submit the request.',
        statusAtSubmit: 'Approved',
      });
    });

    test('criteria not met: pended for clinical review', () => {
      expect(assessLine(line, inputs({ criteriaMetFor: () => false }))).toEqual({
        rule: DRUG_TESTING,
        outcome: { kind: 'criteria-not-met', questionnaireId: 'definitive-drug-testing' },
        disclaimer: 'Criteria not met: this line will be pended for clinical review',
        statusAtSubmit: 'Pended',
      });
    });
  });

  test('a code that needs no authorization and has no limit', () => {
    expect(assessLine({ code: '99213', units: 1, fromDate: '2026-03-05' }, inputs())).toEqual({
      rule: NO_AUTH,
      outcome: { kind: 'not-required' },
      disclaimer: 'No authorization required',
      statusAtSubmit: 'No authorization required',
    });
  });

  describe('a unit limit of 20 a calendar year', () => {
    /** 15 units of 97110 already requested in 2026, none in other years. */
    const unitsUsed = jest.fn((code: string, year: number) => (code === '97110' && year === 2026 ? 15 : 0));
    const withUsage = inputs({ unitsUsed });

    beforeEach(() => unitsUsed.mockClear());

    test.each([1, 5])('15 used and %d requested is within the limit', (units) => {
      expect(assessLine({ code: '97110', units, fromDate: '2026-03-05' }, withUsage)).toEqual({
        rule: PT_LIMIT,
        outcome: { kind: 'not-required' },
        disclaimer: 'No authorization required',
        statusAtSubmit: 'No authorization required',
      });
      expect(unitsUsed.mock.calls).toEqual([['97110', 2026]]);
    });

    test('15 used and 6 requested is beyond the limit and pended', () => {
      expect(assessLine({ code: '97110', units: 6, fromDate: '2026-03-05' }, withUsage)).toEqual({
        rule: PT_LIMIT,
        outcome: { kind: 'beyond-limit', limit: 20, used: 15, year: 2026 },
        disclaimer:
          'Beyond benefit limits: 15 of 20 units a year were already requested for 2026, and this line asks for 6 more. It will be pended for review.',
        statusAtSubmit: 'Pended',
      });
    });

    test('counts the units of the calendar year the service starts in', () => {
      expect(assessLine({ code: '97110', units: 20, fromDate: '2027-01-04' }, withUsage).outcome).toEqual({ kind: 'not-required' });
      expect(unitsUsed.mock.calls).toEqual([['97110', 2027]]);
    });

    test('more than the limit on a single line, with none used, is beyond the limit', () => {
      expect(assessLine({ code: '97110', units: 21, fromDate: '2027-01-04' }, withUsage).outcome).toEqual({
        kind: 'beyond-limit',
        limit: 20,
        used: 0,
        year: 2027,
      });
    });
  });
});

function assessment(outcome: LineAssessment['outcome'], statusAtSubmit: LineStatus | undefined = 'Pended'): LineAssessment {
  return { rule: undefined, outcome, disclaimer: '', statusAtSubmit };
}

describe('requestType', () => {
  test('is the category name when no line is beyond its limit', () => {
    const lines = [assessment({ kind: 'not-required' }), assessment({ kind: 'review', reason: 'rule' })];
    expect(requestType('Physical, occupational and speech therapy', lines)).toBe('Physical, occupational and speech therapy');
  });

  test('is "Beyond Benefit Limits" when any line is beyond its limit', () => {
    const lines = [assessment({ kind: 'not-required' }), assessment({ kind: 'beyond-limit', limit: 20, used: 15, year: 2026 })];
    expect(requestType('Physical, occupational and speech therapy', lines)).toBe('Beyond Benefit Limits');
    expect(BEYOND_BENEFIT_LIMITS).toBe('Beyond Benefit Limits');
  });
});

describe('requestStatus', () => {
  test.each<[LineStatus[], LineStatus]>([
    [['Approved', 'Pended', 'No authorization required'], 'Pended'],
    [['Pended'], 'Pended'],
    [['No authorization required', 'Approved'], 'Approved'],
    [['Approved'], 'Approved'],
    [['No authorization required', 'No authorization required'], 'No authorization required'],
    [[], 'No authorization required'],
  ])('lines %j make the request %s', (lines, expected) => {
    expect(requestStatus(lines)).toBe(expected);
  });
});

describe('submitBlockers', () => {
  test('names each line that needs documentation or is not covered, in line order', () => {
    expect(
      submitBlockers([
        { code: '80324', assessment: assessment({ kind: 'needs-documentation', questionnaireId: 'definitive-drug-testing' }, undefined) },
        { code: '99213', assessment: assessment({ kind: 'not-required' }, 'No authorization required') },
        { code: '15780', assessment: assessment({ kind: 'not-covered' }, undefined) },
        { code: '72148', assessment: assessment({ kind: 'review', reason: 'no-rule' }) },
      ]),
    ).toEqual([
      'Document the clinical information for 80324 before you submit the request',
      '15780 is not a covered benefit: remove it before you submit the request',
    ]);
  });

  test('is empty when every line can be submitted', () => {
    expect(
      submitBlockers([
        { code: '80324', assessment: assessment({ kind: 'criteria-met', questionnaireId: 'definitive-drug-testing' }, 'Approved') },
        { code: '80325', assessment: assessment({ kind: 'criteria-not-met', questionnaireId: 'definitive-drug-testing' }) },
        { code: '97110', assessment: assessment({ kind: 'beyond-limit', limit: 20, used: 15, year: 2026 }) },
      ]),
    ).toEqual([]);
  });
});

describe('a code filed under another category', () => {
  const rules: CoverageRule[] = [
    { id: 'lift', codes: ['E0625'], requirement: 'not-covered', description: '' },
    { id: 'drugs', codes: ['80324'], careSetting: 'outpatient', categories: ['drug-testing'], requirement: 'questionnaire', questionnaire: 'dt', description: '' },
    { id: 'mri', codes: ['72148'], careSetting: 'outpatient', categories: ['advanced-imaging'], requirement: 'questionnaire', questionnaire: 'ai', description: '' },
    { id: 'cpap', codes: ['E0601'], careSetting: 'outpatient', categories: ['durable-medical-equipment', 'sleep-studies'], requirement: 'questionnaire', questionnaire: 'cp', description: '' },
  ];
  const drugTesting = { careSetting: 'outpatient' as const, categoryId: 'drug-testing' };

  test('names the categories of the rule that would apply elsewhere', () => {
    expect(categoriesElsewhere(rules, '72148', drugTesting)).toEqual(['advanced-imaging']);
    expect(categoriesElsewhere(rules, 'E0601', drugTesting)).toEqual(['durable-medical-equipment', 'sleep-studies']);
  });
  test('names none when a rule applies in the chosen category, or no rule names categories', () => {
    expect(categoriesElsewhere(rules, '80324', drugTesting)).toEqual([]);
    expect(categoriesElsewhere(rules, 'E0625', drugTesting)).toEqual([]);
    expect(categoriesElsewhere(rules, '99999', drugTesting)).toEqual([]);
    expect(categoriesElsewhere(rules, '72148', { careSetting: 'inpatient', categoryId: 'medical-admission' })).toEqual([]);
  });
  test('answers given to a questionnaire the code no longer asks for are stale', () => {
    const answered = { '80324': { questionnaireId: 'dt' }, E0601: { questionnaireId: 'cp' } };
    expect(staleClinicalAnswers(rules, answered, { careSetting: 'outpatient', categoryId: 'sleep-studies' })).toEqual(['80324']);
    expect(staleClinicalAnswers(rules, answered, { careSetting: 'outpatient', categoryId: 'durable-medical-equipment' })).toEqual(['80324']);
    expect(staleClinicalAnswers(rules, { '80324': { questionnaireId: 'dt' } }, drugTesting)).toEqual([]);
  });
});
