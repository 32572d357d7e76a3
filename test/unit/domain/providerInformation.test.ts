import { changesBetween, confirmationDue, csvCell, taxonomyCodesIn, type ProviderInformation } from '../../../src/domain/providerInformation';

const INFO: ProviderInformation = { address: '100 Main Street', phone: '(312) 555-0142', specialties: ['207Q00000X'], acceptingNewPatients: true, languages: 'English', accessibility: 'Wheelchair access' };

test('taxonomy codes typed one per line or with commas, upper-cased and each once; the others named', () => {
  expect(taxonomyCodesIn('207q00000x\n261QP2300X, 207Q00000X; F11.20 12345')).toEqual({ codes: ['207Q00000X', '261QP2300X'], wrong: ['F11.20', '12345'] });
});

test('what a confirmation changed, in words; everything the first time', () => {
  expect(changesBetween(INFO, { ...INFO, phone: '(312) 555-0100', specialties: ['207Q00000X', '261QP2300X'] })).toEqual(['Phone', 'Specialties']);
  expect(changesBetween(INFO, INFO)).toEqual([]);
  expect(changesBetween(undefined, INFO)).toHaveLength(6);
});

test('due once the last confirmation is older than the setting, or when there is none', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  expect(confirmationDue(null, now, 90)).toBe(true);
  expect(confirmationDue(new Date(now.getTime() - 90 * 86_400_000), now, 90)).toBe(false);
  expect(confirmationDue(new Date(now.getTime() - 90 * 86_400_000 - 1), now, 90)).toBe(true);
});

test('CSV cells are quoted and never start a formula', () => {
  expect(['Lakeview "Kids"', '=HYPERLINK("x")', '-1', 'Plain'].map(csvCell)).toEqual(['"Lakeview ""Kids"""', `"'=HYPERLINK(""x"")"`, `"'-1"`, '"Plain"']);
});
