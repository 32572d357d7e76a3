/**
 * A US phone or fax number, typed any usual way ("312-555-0142", "(312) 555 0142", "+1 312 555 0142"),
 * shown as (312) 555-0142. North American numbers: the area code and exchange cannot start with 0 or 1.
 */
export function normalizeUsPhone(text: string): string | null {
  if (!/^[\d\s().+-]+$/.test(text)) return null;
  let digits = text.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(digits)) return null;
  return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
}
