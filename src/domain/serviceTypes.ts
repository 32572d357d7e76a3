/**
 * A request line named by an X12 service type (X12 005010 element 1365) instead of a procedure code: the
 * Da Vinci PAS referral example asks for a "Consultation" (1365 code 3) this way. The API accepts such a
 * line and pends it for review (issue 15); the portal shows it as a service type wherever a procedure code
 * would stand. Pure.
 */
export const SERVICE_TYPE_SYSTEM = 'X12-1365';

/** The names of the service types the PAS examples and the usual referrals use (X12 1365). */
const SERVICE_TYPE_NAMES: Readonly<Record<string, string>> = {
  '1': 'Medical care',
  '2': 'Surgical',
  '3': 'Consultation',
  '4': 'Diagnostic X-ray',
  '5': 'Diagnostic lab',
  '12': 'Durable medical equipment purchase',
  '18': 'Durable medical equipment rental',
  '42': 'Home health care',
  '73': 'Diagnostic medical',
  AD: 'Occupational therapy',
  AI: 'Substance abuse',
  MH: 'Mental health',
  PT: 'Physical therapy',
};

export const isServiceType = (codeSystem: string): boolean => codeSystem === SERVICE_TYPE_SYSTEM;

/** What stands beside the code on the request's pages and letters. */
export function serviceTypeDescription(code: string): string {
  const name = SERVICE_TYPE_NAMES[code];
  return `${name ? `${name} ` : ''}(X12 service type, no procedure code)`;
}

/** A line's code where lists show codes only (Status, the review queue): "Service type 3". */
export function lineCodeLabel(code: string, codeSystem: string): string {
  return isServiceType(codeSystem) ? `Service type ${code}` : code;
}
