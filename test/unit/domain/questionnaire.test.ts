import { answeredQuestions, criteriaMet, readAnswers, toQuestionnaireResponse, type Answers, type Criterion, type Questionnaire } from '../../../src/domain/questionnaire';

const THERAPY: Questionnaire = {
  id: 'therapy-plan',
  title: 'Therapy plan',
  items: [
    { linkId: 'in-treatment', type: 'boolean', required: true, text: 'Is the member in treatment now?' },
    {
      linkId: 'setting',
      type: 'choice',
      required: true,
      text: 'Where will the sessions take place?',
      answerOption: [
        { code: 'office', display: 'In the office' },
        { code: 'home', display: "In the member's home" },
      ],
    },
    { linkId: 'sessions', type: 'integer', required: true, text: 'How many sessions are planned?', minValue: 1, maxValue: 30 },
    { linkId: 'notes', type: 'string', text: 'Anything else the reviewer should know' },
    {
      linkId: 'last-visit',
      type: 'date',
      required: true,
      text: 'When was the last treatment visit?',
      enableWhen: [{ question: 'in-treatment', operator: '=', answer: true }],
    },
    {
      linkId: 'why-not',
      type: 'string',
      required: true,
      text: 'Why is the member not in treatment?',
      enableWhen: [{ question: 'in-treatment', operator: '!=', answer: true }],
    },
  ],
  criteria: { all: [{ question: 'in-treatment', equals: true }, { question: 'sessions', atLeast: 6 }] },
};

const COMPLETE_FORM = {
  'in-treatment': 'yes',
  setting: 'office',
  sessions: '12',
  notes: 'Weekly sessions since January',
  'last-visit': '02/10/2026',
};

describe('readAnswers', () => {
  test('reads each type of answer from the strings a browser posts', () => {
    expect(readAnswers(THERAPY, COMPLETE_FORM)).toEqual({
      answers: { 'in-treatment': true, setting: 'office', sessions: 12, notes: 'Weekly sessions since January', 'last-visit': '2026-02-10' },
      errors: [],
    });
  });

  test('reads "no" as false and trims what was typed', () => {
    const form = { 'in-treatment': ' no ', setting: ' home ', sessions: ' 3 ', 'why-not': '  Waiting list  ' };
    expect(readAnswers(THERAPY, form)).toEqual({
      answers: { 'in-treatment': false, setting: 'home', sessions: 3, 'why-not': 'Waiting list' },
      errors: [],
    });
  });

  test('says which required questions are unanswered, in words that suit the type', () => {
    expect(readAnswers(THERAPY, {})).toEqual({
      answers: {},
      errors: [
        { linkId: 'in-treatment', message: 'Select Yes or No for question 1' },
        { linkId: 'setting', message: 'Select an answer for question 2' },
        { linkId: 'sessions', message: 'Answer question 3' },
        { linkId: 'why-not', message: 'Answer question 6' },
      ],
    });
  });

  test('an unanswered required date says so', () => {
    const { 'last-visit': _omitted, ...form } = COMPLETE_FORM;
    expect(readAnswers(THERAPY, form).errors).toEqual([{ linkId: 'last-visit', message: 'Answer question 5' }]);
  });

  test('treats a value that is not a single string, or only spaces, as unanswered', () => {
    const form = { ...COMPLETE_FORM, setting: ['office', 'home'], sessions: '   ' };
    expect(readAnswers(THERAPY, form).errors).toEqual([
      { linkId: 'setting', message: 'Select an answer for question 2' },
      { linkId: 'sessions', message: 'Answer question 3' },
    ]);
  });

  test('an optional question left empty has no answer and no error', () => {
    const result = readAnswers(THERAPY, { ...COMPLETE_FORM, notes: '' });
    expect(result.errors).toEqual([]);
    expect(result.answers).not.toHaveProperty('notes');
  });

  test.each([
    ['setting', 'hospital', 'Select one of the options for question 2'],
    ['sessions', '2.5', 'Answer question 3 with a whole number'],
    ['sessions', 'twelve', 'Answer question 3 with a whole number'],
    ['sessions', '99999999999999999999', 'Answer question 3 with a whole number'],
    ['sessions', '0', 'The answer to question 3 must be 1 or more'],
    ['sessions', '-2', 'The answer to question 3 must be 1 or more'],
    ['sessions', '31', 'The answer to question 3 must be 30 or less'],
    ['notes', 'x'.repeat(2001), 'The answer to question 4 must be 2000 characters or fewer'],
    ['last-visit', '02/30/2025', 'Enter the answer to question 5 as a real date, like 03/25/2026'],
    ['last-visit', 'last week', 'Enter the answer to question 5 as a real date, like 03/25/2026'],
  ])('rejects %s = %j: %s', (linkId, value, message) => {
    const { answers, errors } = readAnswers(THERAPY, { ...COMPLETE_FORM, [linkId]: value });
    expect(errors).toEqual([{ linkId, message }]);
    expect(answers).not.toHaveProperty(linkId);
  });

  test.each(['maybe', 'true', 'Yes'])('rejects %j as the answer to a Yes or No question', (value) => {
    // Question 6 is asked whenever question 1 has no valid answer, so it is answered here too.
    const form = { ...COMPLETE_FORM, 'in-treatment': value, 'why-not': 'Waiting list' };
    const { answers, errors } = readAnswers(THERAPY, form);
    expect(errors).toEqual([{ linkId: 'in-treatment', message: 'Select Yes or No for question 1' }]);
    expect(answers).not.toHaveProperty('in-treatment');
  });

  test.each([
    ['sessions', '1', 1],
    ['sessions', '30', 30],
    ['notes', 'x'.repeat(2000), 'x'.repeat(2000)],
    ['last-visit', '2026-02-10', '2026-02-10'],
  ])('accepts %s = %j at the edge of what is allowed', (linkId, value, expected) => {
    const { answers, errors } = readAnswers(THERAPY, { ...COMPLETE_FORM, [linkId]: value });
    expect(errors).toEqual([]);
    expect(answers[linkId]).toBe(expected);
  });

  describe('enableWhen', () => {
    test('skips a question whose condition is false, ignoring what was posted for it', () => {
      const form = { ...COMPLETE_FORM, 'why-not': 'Posted by a stale page' };
      expect(readAnswers(THERAPY, form).answers).not.toHaveProperty('why-not');
    });

    test('does not require a skipped question', () => {
      const form = { 'in-treatment': 'no', setting: 'office', sessions: '12', 'why-not': 'Waiting list' };
      expect(readAnswers(THERAPY, form)).toEqual({
        answers: { 'in-treatment': false, setting: 'office', sessions: 12, 'why-not': 'Waiting list' },
        errors: [],
      });
    });

    test('ignores a skipped question even when its posted value is invalid', () => {
      const form = { 'in-treatment': 'no', setting: 'office', sessions: '12', 'why-not': 'Waiting list', 'last-visit': 'not a date' };
      expect(readAnswers(THERAPY, form).errors).toEqual([]);
    });

    test('asks a "!=" question when the earlier question was not validly answered', () => {
      const { errors } = readAnswers(THERAPY, { ...COMPLETE_FORM, 'in-treatment': 'maybe' });
      expect(errors).toEqual([
        { linkId: 'in-treatment', message: 'Select Yes or No for question 1' },
        { linkId: 'why-not', message: 'Answer question 6' },
      ]);
    });
  });
});

describe('criteriaMet', () => {
  const answers: Answers = { 'in-treatment': true, setting: 'home', sessions: 12, notes: '12' };

  test.each<[string, Criterion, boolean]>([
    ['equals, same answer', { question: 'in-treatment', equals: true }, true],
    ['equals, other answer', { question: 'in-treatment', equals: false }, false],
    ['equals compares types strictly', { question: 'sessions', equals: '12' }, false],
    ['equals, unanswered question', { question: 'why-not', equals: 'Waiting list' }, false],
    ['in, listed answer', { question: 'setting', in: ['office', 'home'] }, true],
    ['in, unlisted answer', { question: 'setting', in: ['office'] }, false],
    ['in, unanswered question', { question: 'why-not', in: ['Waiting list'] }, false],
    ['atLeast, more', { question: 'sessions', atLeast: 6 }, true],
    ['atLeast, exactly', { question: 'sessions', atLeast: 12 }, true],
    ['atLeast, fewer', { question: 'sessions', atLeast: 13 }, false],
    ['atLeast, a text answer', { question: 'notes', atLeast: 6 }, false],
    ['atLeast, unanswered question', { question: 'why-not', atLeast: 0 }, false],
    ['all, every part met', { all: [{ question: 'in-treatment', equals: true }, { question: 'sessions', atLeast: 6 }] }, true],
    ['all, one part not met', { all: [{ question: 'in-treatment', equals: true }, { question: 'sessions', atLeast: 20 }] }, false],
    ['any, one part met', { any: [{ question: 'in-treatment', equals: false }, { question: 'setting', equals: 'home' }] }, true],
    ['any, no part met', { any: [{ question: 'in-treatment', equals: false }, { question: 'setting', equals: 'office' }] }, false],
    [
      'nested all inside any',
      { any: [{ question: 'setting', equals: 'office' }, { all: [{ question: 'setting', equals: 'home' }, { question: 'sessions', atLeast: 10 }] }] },
      true,
    ],
  ])('%s', (_name, criterion, expected) => {
    expect(criteriaMet(criterion, answers)).toBe(expected);
  });
});

describe('toQuestionnaireResponse', () => {
  test('stores the answered items as a FHIR R4 QuestionnaireResponse, in questionnaire order', () => {
    const answers: Answers = { sessions: 12, 'in-treatment': true, 'last-visit': '2026-02-10', setting: 'home', notes: 'Weekly' };
    expect(toQuestionnaireResponse(THERAPY, answers, '2026-03-05T14:30:00.000Z')).toEqual({
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'therapy-plan',
      status: 'completed',
      authored: '2026-03-05T14:30:00.000Z',
      item: [
        { linkId: 'in-treatment', text: 'Is the member in treatment now?', answer: [{ valueBoolean: true }] },
        { linkId: 'setting', text: 'Where will the sessions take place?', answer: [{ valueCoding: { code: 'home', display: "In the member's home" } }] },
        { linkId: 'sessions', text: 'How many sessions are planned?', answer: [{ valueInteger: 12 }] },
        { linkId: 'notes', text: 'Anything else the reviewer should know', answer: [{ valueString: 'Weekly' }] },
        { linkId: 'last-visit', text: 'When was the last treatment visit?', answer: [{ valueDate: '2026-02-10' }] },
      ],
    });
  });

  test('keeps a false answer and leaves out unanswered items', () => {
    expect(toQuestionnaireResponse(THERAPY, { 'in-treatment': false }, '2026-03-05T14:30:00.000Z')).toEqual({
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'therapy-plan',
      status: 'completed',
      authored: '2026-03-05T14:30:00.000Z',
      item: [{ linkId: 'in-treatment', text: 'Is the member in treatment now?', answer: [{ valueBoolean: false }] }],
    });
  });
});

describe('answeredQuestions', () => {
  test('reads a stored QuestionnaireResponse as questions and answers a person reads', () => {
    const response = {
      resourceType: 'QuestionnaireResponse',
      item: [
        { linkId: 'a', text: 'Done?', answer: [{ valueBoolean: true }] },
        { linkId: 'b', text: 'Unexpected?', answer: [{ valueBoolean: false }] },
        { linkId: 'c', text: 'When?', answer: [{ valueDate: '2026-03-02' }] },
        { linkId: 'd', text: 'How many?', answer: [{ valueInteger: 3 }] },
        { linkId: 'e', text: 'Which?', answer: [{ valueCoding: { code: 'x', display: 'Option X' } }] },
        { linkId: 'f', text: 'Notes', answer: [{ valueString: 'Seen twice' }] },
        { linkId: 'g', text: 'Unanswered' },
      ],
    };
    expect(answeredQuestions(response)).toEqual([
      { question: 'Done?', answer: 'Yes' },
      { question: 'Unexpected?', answer: 'No' },
      { question: 'When?', answer: '03/02/2026' },
      { question: 'How many?', answer: '3' },
      { question: 'Which?', answer: 'Option X' },
      { question: 'Notes', answer: 'Seen twice' },
    ]);
    expect(answeredQuestions(null)).toEqual([]);
    expect(answeredQuestions({ item: 'nonsense' })).toEqual([]);
  });
});
