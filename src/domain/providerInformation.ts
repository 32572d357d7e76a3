/**
 * An office's directory information (issue 13; 42 CFR 438.10(h) and the No Surprises Act ask plans to
 * keep provider directories current), and when it must be confirmed again.
 */
export interface ProviderInformation {
  address: string;
  phone: string;
  /** NUCC Health Care Provider Taxonomy codes, e.g. 207Q00000X (Family Medicine). */
  specialties: string[];
  acceptingNewPatients: boolean;
  languages: string;
  accessibility: string;
}

/** A NUCC taxonomy code's shape: 10 characters, the last an X (https://taxonomy.nucc.org). */
export const TAXONOMY_CODE = /^[0-9]{3}[0-9A-Z]{6}X$/;

/** The codes typed in a box, one per line or separated by commas, upper-cased, each once; the ones not shaped like a code. */
export function taxonomyCodesIn(text: string): { codes: string[]; wrong: string[] } {
  const typed = [...new Set(text.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean))];
  return { codes: typed.filter((c) => TAXONOMY_CODE.test(c)), wrong: typed.filter((c) => !TAXONOMY_CODE.test(c)) };
}

const LABELS: Record<keyof ProviderInformation, string> = {
  address: 'Address',
  phone: 'Phone',
  specialties: 'Specialties',
  acceptingNewPatients: 'Accepting new patients',
  languages: 'Languages',
  accessibility: 'Accessibility',
};

/** What a confirmation changed, in words, in the form's order; everything when nothing was on file. */
export function changesBetween(before: ProviderInformation | undefined, after: ProviderInformation): string[] {
  return (Object.keys(LABELS) as (keyof ProviderInformation)[]).filter((k) => !before || JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => LABELS[k]);
}

/** True when the last confirmation is older than `days` days at `now`, or there has been none. */
export function confirmationDue(lastConfirmedAt: Date | null, now: Date, days: number): boolean {
  return lastConfirmedAt === null || now.getTime() - lastConfirmedAt.getTime() > days * 86_400_000;
}

/** A CSV cell: quoted, quotes doubled, and a leading = + - @ made text so a spreadsheet never runs it (OWASP CSV injection). */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}
