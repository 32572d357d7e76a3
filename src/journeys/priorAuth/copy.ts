import type { CareSetting } from '../../domain/coverage';
import type { CodeSystem } from '../../domain/codeFormats';
import type { Journey } from './journey';
import { isServiceType } from '../../domain/serviceTypes';

/** What a copy is made from: a submitted request, as its page reads it. */
export interface CopiedFrom {
  careSetting: string;
  categoryId: string;
  servicingProviderId: number;
  diagnoses: readonly { code: string }[];
  lines: readonly { code: string; codeSystem: string; units: number }[];
  contactName: string;
  contactPhone: string;
  contactPhoneExt: string | null;
  contactFax: string;
  contactEmail: string | null;
}

/**
 * The answers of a new request copied from a submitted one (issue 14, "Copy to a new request"): the same
 * care setting and category, servicing provider, diagnosis and procedure codes with their units, and the
 * office's contact. The dates of service are not copied (the service details step asks for them again,
 * from the new start date), nor the clinical answers, nor the attachments. The code lists are left
 * unconfirmed, so the office reviews them on their steps (a code may have been retired since) before
 * the review page. Any line's outcome is copied alike, a denied one included.
 */
export function answersCopiedFrom(request: CopiedFrom): Journey['answers'] {
  const procedures: Journey['answers']['procedures'] = [];
  // A line named by an X12 service type (an API request, issue 15) has no procedure code for the wizard.
  for (const l of request.lines.filter((line) => !isServiceType(line.codeSystem))) {
    if (!procedures.some((p) => p.code === l.code)) procedures.push({ code: l.code, system: l.codeSystem as CodeSystem, units: l.units });
  }
  return {
    careSetting: { careSetting: request.careSetting as CareSetting, categoryId: request.categoryId },
    provider: { providerId: request.servicingProviderId },
    diagnoses: [...new Set(request.diagnoses.map((d) => d.code))],
    procedures,
    contact: {
      contactName: request.contactName,
      contactPhone: request.contactPhone,
      contactPhoneExt: request.contactPhoneExt ?? '',
      contactFax: request.contactFax,
      contactEmail: request.contactEmail ?? '',
    },
  };
}
