import { answersFor, keptAsSubmitted } from '../../../src/domain/submittedAnswers';
import type { Questionnaire } from '../../../src/domain/questionnaire';

const IMAGING: Questionnaire = {
  id: 'advanced-imaging',
  title: 'Advanced imaging',
  items: [
    { linkId: 'weeks', text: 'Weeks of symptoms', type: 'integer', required: true, minValue: 0, maxValue: 520 },
    { linkId: 'therapy', text: 'Therapy tried', type: 'boolean', required: true },
    { linkId: 'which', text: 'Which therapy', type: 'choice', answerOption: [{ code: 'pt', display: 'Physical therapy' }], enableWhen: [{ question: 'therapy', operator: '=', answer: true }] },
  ],
  criteria: { all: [{ question: 'therapy', equals: true }] },
};
const answer = (linkId: string, value: boolean | number | string, valueType = 'valueBoolean') => ({ linkId, value, valueType });

describe('answersFor', () => {
  test('a response naming the questionnaire (id or canonical URL, with or without version) gives its answers', () => {
    const answers = [answer('weeks', 8, 'valueInteger'), answer('therapy', true), answer('which', 'pt', 'valueCoding')];
    expect(answersFor(IMAGING, { questionnaire: 'http://plan.example/Questionnaire/advanced-imaging|1.0', answers })).toEqual({ weeks: 8, therapy: true, which: 'pt' });
    expect(answersFor(IMAGING, { questionnaire: 'advanced-imaging', answers })).toEqual({ weeks: 8, therapy: true, which: 'pt' });
  });

  test('a response naming no questionnaire matches when it answers only its questions', () => {
    expect(answersFor(IMAGING, { answers: [answer('weeks', 8), answer('therapy', false)] })).toEqual({ weeks: 8, therapy: false });
    expect(answersFor(IMAGING, { answers: [answer('weeks', 8), answer('therapy', false), answer('pain', 7)] })).toBeUndefined();
  });

  test('another questionnaire, a wrong type, an option not offered, a number out of range or a required question unanswered: no match', () => {
    expect(answersFor(IMAGING, { questionnaire: 'http://plan.example/Questionnaire/sleep-study', answers: [answer('weeks', 8), answer('therapy', true)] })).toBeUndefined();
    expect(answersFor(IMAGING, { answers: [answer('weeks', 'eight'), answer('therapy', true)] })).toBeUndefined();
    expect(answersFor(IMAGING, { answers: [answer('weeks', 8), answer('therapy', true), answer('which', 'yoga')] })).toBeUndefined();
    expect(answersFor(IMAGING, { answers: [answer('weeks', 600), answer('therapy', true)] })).toBeUndefined();
    expect(answersFor(IMAGING, { answers: [answer('therapy', true)] })).toBeUndefined();
    expect(answersFor(IMAGING, { questionnaire: 'advanced-imaging', answers: [] })).toBeUndefined();
  });

  test('an answer to a question its enableWhen would not ask is ignored, as in the form', () => {
    expect(answersFor(IMAGING, { answers: [answer('weeks', 8), answer('therapy', false), answer('which', 'pt')] })).toEqual({ weeks: 8, therapy: false });
  });
});

test('keptAsSubmitted shows each question by its text, else its linkId, with its answer', () => {
  expect(keptAsSubmitted({ questionnaire: 'http://ehr.example/Questionnaire/x', answers: [{ linkId: 'q1', text: 'Pain score', value: 7, valueType: 'valueInteger' }, answer('q2', true), { linkId: 'q3', value: 'Six weeks', valueType: 'valueString' }] }, '2026-04-01T10:00:00.000Z')).toEqual({
    resourceType: 'QuestionnaireResponse', questionnaire: 'http://ehr.example/Questionnaire/x', status: 'completed', authored: '2026-04-01T10:00:00.000Z',
    item: [{ linkId: 'q1', text: 'Pain score', answer: [{ valueInteger: 7 }] }, { linkId: 'q2', text: 'q2', answer: [{ valueBoolean: true }] }, { linkId: 'q3', text: 'q3', answer: [{ valueString: 'Six weeks' }] }],
  });
});
