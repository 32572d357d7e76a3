/**
 * Shapes of the code sets a request uses. ICD-10-CM codes are 3 to 7 characters, a letter first, a
 * dot after the third character when there are more; FY2026 has codes whose second character is a
 * letter (QA00101, E11A), so the pattern allows any alphanumeric after the first letter.
 */
export type CodeSystem = 'ICD10CM' | 'HCPCS' | 'CPT';

/** Upper case, dot and spaces removed: what a provider typed, ready to look up. */
export function compactCode(input: string): string {
  return input.trim().toUpperCase().replace(/[.\s]/g, '');
}

export function looksLikeDiagnosisCode(input: string): boolean {
  return /^[A-Z][0-9A-Z]{2}(\.?[0-9A-Z]{1,4})?$/.test(input.trim().toUpperCase());
}

/** CPT (five digits, or four and a letter for Category II and III) or HCPCS Level II (one of its section letters and four digits). */
export function looksLikeProcedureCode(input: string): boolean {
  return /^([0-9]{4}[0-9FTU]|[ABCEGHJKLMPQRSTUV][0-9]{4})$/.test(compactCode(input));
}

/** F1120 -> F11.20; codes of three characters have no dot. */
export function dottedDiagnosisCode(compact: string): string {
  return compact.length > 3 ? `${compact.slice(0, 3)}.${compact.slice(3)}` : compact;
}
