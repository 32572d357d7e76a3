import { dateIn, isCurrent, paragraphsOf } from '../../../src/domain/announcements';

describe('paragraphsOf', () => {
  test('turns http and https addresses into links, leaving sentence punctuation outside', () => {
    expect(paragraphsOf('See https://plan.example/news. Or http://plan.example/a?b=1, today')).toEqual([
      [{ text: 'See ' }, { text: 'https://plan.example/news', href: 'https://plan.example/news' }, { text: '. Or ' }, { text: 'http://plan.example/a?b=1', href: 'http://plan.example/a?b=1' }, { text: ', today' }],
    ]);
  });

  test('never makes a link of another scheme, and keeps markup as text', () => {
    expect(paragraphsOf('<a href="javascript:alert(1)">x</a> ftp://files.example mailto:a@b.example')).toEqual([[{ text: '<a href="javascript:alert(1)">x</a> ftp://files.example mailto:a@b.example' }]]);
  });

  test('splits paragraphs on blank lines', () => {
    expect(paragraphsOf('One.\r\n\r\n  \nTwo\nstill two.')).toEqual([[{ text: 'One.' }], [{ text: 'Two\nstill two.' }]]);
  });
});

test('an announcement is current from its start date through its end date, unless ended', () => {
  const a = { startsOn: '2026-03-01', endsOn: '2026-03-31', endedAt: null };
  expect(['2026-02-28', '2026-03-01', '2026-03-31', '2026-04-01'].map((d) => isCurrent(a, d))).toEqual([false, true, true, false]);
  expect(isCurrent({ ...a, endsOn: null }, '2030-01-01')).toBe(true);
  expect(isCurrent({ ...a, endedAt: '2026-03-02T10:00:00Z' }, '2026-03-15')).toBe(false);
});

test("the plan's date is the date in its time zone", () => {
  expect(dateIn(new Date('2026-03-02T03:00:00Z'), 'America/New_York')).toBe('2026-03-01');
  expect(dateIn(new Date('2026-03-02T05:00:00Z'), 'America/New_York')).toBe('2026-03-02');
});
