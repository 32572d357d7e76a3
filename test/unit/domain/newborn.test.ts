import {
  birthDateProblem, birthWeightProblem, clockTimeOf, deliveryDateProblem, deliveryTimeProblem, gestationalAgeProblem,
  parseClockTime, parseWholeNumber, placeholderNameProblems, placeholderSex, recordedSex, motherProblem, deliveringFacilityProblem,
} from '../../../src/domain/newborn';
import { DELIVERING_FACILITY_TAXONOMIES } from '../../../src/domain/deliveringFacilityTaxonomies';

describe('parseClockTime', () => {
  test.each([
    ['14:30', '14:30'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
    ['9:05', '09:05'],
    [' 07:45 ', '07:45'],
  ])('reads %j as %s', (typed, time) => {
    expect(parseClockTime(typed)).toBe(time);
  });

  test.each(['24:00', '12:60', '2:5', '1430', '14.30', '2:30 pm', '', '-1:00', '123:00'])('rejects %j', (typed) => {
    expect(parseClockTime(typed)).toBeNull();
  });
});

test('clockTimeOf gives the local time as HH:MM', () => {
  expect(clockTimeOf(new Date(2026, 2, 2, 7, 5))).toBe('07:05');
  expect(clockTimeOf(new Date(2026, 2, 2, 23, 59))).toBe('23:59');
});

describe('parseWholeNumber', () => {
  test.each([
    ['3250', 3250],
    ['3,250', 3250],
    [' 39 ', 39],
    ['0', 0],
  ])('reads %j as %d', (typed, n) => {
    expect(parseWholeNumber(typed)).toBe(n);
  });

  test.each(['3.2', '3,25', '3250g', '-5', '', 'abc', '1e3', '1234567'])('rejects %j', (typed) => {
    expect(parseWholeNumber(typed)).toBeNull();
  });
});

describe('birth weight', () => {
  test.each([200, 3250, 7000])('%d grams is accepted', (grams) => {
    expect(birthWeightProblem(grams)).toBeUndefined();
  });

  test.each([0, 199, 7001, 32500])('%d grams is refused', (grams) => {
    expect(birthWeightProblem(grams)).toBe('Birth weight must be between 200 and 7000 grams');
  });
});

describe('gestational age', () => {
  test.each([20, 39, 45])('%d weeks is accepted', (weeks) => {
    expect(gestationalAgeProblem(weeks)).toBeUndefined();
  });

  test.each([0, 19, 46, 390])('%d weeks is refused', (weeks) => {
    expect(gestationalAgeProblem(weeks)).toBe('Gestational age must be between 20 and 45 weeks');
  });
});

describe('delivery date and time', () => {
  const today = '2026-03-02';

  test('today and earlier days are accepted; tomorrow is not', () => {
    expect(deliveryDateProblem('2026-03-02', today)).toBeUndefined();
    expect(deliveryDateProblem('2025-12-31', today)).toBeUndefined();
    expect(deliveryDateProblem('2026-03-03', today)).toBe('Delivery date must be today or in the past');
  });

  test('a delivery today cannot be later than now; on an earlier day any time goes', () => {
    expect(deliveryTimeProblem(today, '09:59', today, '10:00')).toBeUndefined();
    expect(deliveryTimeProblem(today, '10:00', today, '10:00')).toBeUndefined();
    expect(deliveryTimeProblem(today, '10:01', today, '10:00')).toBe('Delivery time must be in the past');
    expect(deliveryTimeProblem('2026-03-01', '23:59', today, '00:01')).toBeUndefined();
  });
});

describe('date of birth', () => {
  const today = '2026-03-10';

  test.each([
    ['2026-03-02', 'the delivery date'],
    ['2026-03-03', 'the day after, for a twin delivered after midnight'],
    ['2026-03-10', 'today'],
  ])('%s is accepted (%s)', (date) => {
    expect(birthDateProblem(date, '2026-03-02', today)).toBeUndefined();
  });

  test('before the delivery date is refused', () => {
    expect(birthDateProblem('2026-03-01', '2026-03-02', today)).toBe('Date of birth must be on or after the delivery date');
  });

  test('in the future is refused, whatever the delivery date', () => {
    expect(birthDateProblem('2026-03-11', '2026-03-02', today)).toBe('Date of birth must be today or in the past');
    expect(birthDateProblem('2026-03-11', undefined, today)).toBe('Date of birth must be today or in the past');
  });

  test('without a delivery date (it was typed wrong) only the future is checked', () => {
    expect(birthDateProblem('2020-01-01', undefined, today)).toBeUndefined();
  });
});

describe('Baby Girl and Baby Boy', () => {
  test.each([
    ['Baby Girl', 'female'],
    ['baby  girl', 'female'],
    [' BABY BOY ', 'male'],
  ])('%j stands for a %s baby', (name, sex) => {
    expect(placeholderSex(name)).toBe(sex);
  });

  test.each(['Babygirl', 'Baby', 'Girl', 'Baby Girl A', 'Rosa'])('%j is a real first name', (name) => {
    expect(placeholderSex(name)).toBeUndefined();
  });

  test('with the mother\'s last name (any case) and the matching sex, there is nothing to say', () => {
    expect(placeholderNameProblems({ firstName: 'Baby Girl', lastName: 'parkway', sex: 'female' }, 'Parkway')).toEqual([]);
    expect(placeholderNameProblems({ firstName: 'Baby Boy', lastName: 'Parkway', sex: 'male' }, 'Parkway')).toEqual([]);
  });

  test('another last name, and a sex that does not match, each get a message', () => {
    expect(placeholderNameProblems({ firstName: 'Baby Boy', lastName: 'Smith', sex: 'female' }, 'Parkway')).toEqual([
      { field: 'lastName', message: "Last name must be the mother's last name, Parkway, when the first name is Baby Boy" },
      { field: 'sex', message: 'Sex must be Male when the first name is Baby Boy' },
    ]);
  });

  test('a real first name may have any last name and either sex', () => {
    expect(placeholderNameProblems({ firstName: 'Ava', lastName: 'Smith', sex: 'male' }, 'Parkway')).toEqual([]);
  });

  test('what is not known yet (the mother, the last name, the sex) is not checked', () => {
    expect(placeholderNameProblems({ firstName: 'Baby Girl', lastName: 'Smith', sex: 'female' })).toEqual([]);
    expect(placeholderNameProblems({ firstName: 'Baby Girl', sex: 'male' }, 'Parkway')).toEqual([
      { field: 'sex', message: 'Sex must be Female when the first name is Baby Girl' },
    ]);
    expect(placeholderNameProblems({ firstName: 'Baby Girl', lastName: 'Smith' }, 'Parkway')).toHaveLength(1);
  });
});

describe('the mother and the delivering facility', () => {
  const spans = [{ planName: 'Plan', startDate: '2020-01-01', endDate: '2026-06-30' }];
  const member = (gender: string) => ({ memberId: '123', firstName: 'Alex', lastName: 'Doe', gender, eligibility: spans });

  test.each([
    ['Female', 'female'], ['F', 'female'], ['male', 'male'], ['M', 'male'], ['Unknown', 'unknown'], ['U', 'unknown'], ['', 'unknown'],
  ])('a member recorded as %j is %s', (gender, sex) => {
    expect(recordedSex(gender)).toBe(sex);
  });

  test('a member recorded as male is refused, whatever else is true', () => {
    expect(motherProblem(member('Male'), '2026-03-02', '123')).toEqual({ field: 'motherMemberId', message: "Alex Doe, member ID 123, is recorded as male: enter the mother's member ID" });
  });

  test('the mother must be eligible on the delivery date; without a valid date that is not checked yet', () => {
    expect(motherProblem(member('Female'), '2026-03-02', '')).toBeUndefined();
    expect(motherProblem(member('Female'), '2026-07-01', '')).toEqual({ field: 'motherMemberId', message: 'Alex Doe is not eligible on 07/01/2026' });
    expect(motherProblem(member('Female'), undefined, '')).toBeUndefined();
  });

  test('a mother whose sex is not recorded needs the office to confirm that member ID', () => {
    const warning = { field: 'motherConfirmed', message: 'The plan has no sex recorded for Alex Doe: check the member ID, then confirm that Alex Doe is the mother' };
    expect(motherProblem(member('Unknown'), '2026-03-02', '')).toEqual(warning);
    expect(motherProblem(member('Unknown'), '2026-03-02', '999')).toEqual(warning);
    expect(motherProblem(member('Unknown'), '2026-03-02', '123')).toBeUndefined();
    expect(motherProblem(member('Unknown'), '2026-07-01', '123')?.field).toBe('motherMemberId');
  });

  test('the delivering facility must be a hospital (NUCC 28xx) or a birthing center', () => {
    expect(deliveringFacilityProblem({ name: 'General', taxonomyCode: '282N00000X' })).toBeUndefined();
    expect(deliveringFacilityProblem({ name: 'Critical access', taxonomyCode: '282NC0060X' })).toBeUndefined();
    expect(deliveringFacilityProblem({ name: 'Birth center', taxonomyCode: '261QB0400X' })).toBeUndefined();
    const clinic = 'Northside is not a hospital or birth center: select the facility where the delivery took place';
    expect(deliveringFacilityProblem({ name: 'Northside', taxonomyCode: '261QP2300X' })).toBe(clinic);
    expect(deliveringFacilityProblem({ name: 'Northside', taxonomyCode: null })).toBe(clinic);
  });

  test('every code in the list is a NUCC code (ten characters ending in X), none twice', () => {
    const codes = DELIVERING_FACILITY_TAXONOMIES.map((t) => t.code);
    expect(codes.every((c) => /^[0-9A-Z]{9}X$/.test(c) && (c.startsWith('28') || c === '261QB0400X'))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain('282N00000X');
  });
});
