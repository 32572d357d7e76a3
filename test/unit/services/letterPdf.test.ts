import { letterPdf, winAnsi } from '../../../src/services/letterPdf';
import type { LetterDocument } from '../../../src/domain/letters';
import { pdfText } from '../../helpers/pdfText';

const letter: LetterDocument = {
  title: 'Prior authorization decision',
  fileName: 'decision-letter-123456789-5.pdf',
  from: { name: 'OpenPA Health Plan', address: 'PO Box 1000, Springfield, IL 62701', phone: '(312) 555-0100' },
  date: '03/10/2026',
  facts: [{ term: 'Reference number', value: '123456789' }],
  sections: [{ heading: 'Decision', paragraphs: ['A physician reviewer decided the service line below.'], items: [{ heading: 'Line 1: E0601', facts: [{ term: 'Specific reason', value: 'The “home” trial — 30 days… not done ✓' }] }] }],
};

test('the PDF holds every part of the letter, in order', async () => {
  const pdf = await letterPdf(letter);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(pdf);
  const order = ['OpenPA Health Plan', 'PO Box 1000', 'Phone (312) 555-0100', '03/10/2026', 'Prior authorization decision', 'Reference number: ', '123456789', 'Decision', 'A physician reviewer', 'Line 1: E0601', 'Specific reason: '];
  const positions = order.map((words) => text.indexOf(words));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
});

test("curly quotes and dashes are kept; typed text the standard fonts cannot show is written as ?, never a wrong glyph", async () => {
  expect(winAnsi('The “home” trial — 30 days… not done ✓ ΔT 😀\r\nNext')).toBe('The “home” trial — 30 days… not done ? ?T ?\nNext');
  expect(pdfText(await letterPdf(letter))).toContain('The “home” trial — 30 days… not done ?');
});
