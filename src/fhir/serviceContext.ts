import { ruleFor, type CareSetting, type CoverageRule } from '../domain/coverage';

/**
 * Where the wizard asks the office for the care setting, the category and the treatment type, a PAS
 * Claim says them in codes: the place of service (21, 51 and 61 are inpatient stays; CMS Place of
 * Service code set) and the X12 1365 service type of item.category. Pure.
 */
const INPATIENT_PLACES = new Set(['21', '51', '61']);

/** X12 1365 service types -> the portal's treatment types; anything else is medical care. */
const TREATMENT_TYPE_BY_SERVICE_TYPE: Readonly<Record<string, string>> = {
  '1': 'Medical care',
  '2': 'Surgical',
  '3': 'Consultation',
  '4': 'Radiology',
  '5': 'Laboratory',
  '12': 'Durable medical equipment',
  '18': 'Durable medical equipment',
  '42': 'Home health',
  '73': 'Diagnostic testing',
  AD: 'Physical therapy',
  PT: 'Physical therapy',
  MH: 'Mental health',
  AI: 'Substance use disorder treatment',
};

export function careSettingFor(placeOfService: string | undefined): CareSetting {
  return placeOfService && INPATIENT_PLACES.has(placeOfService) ? 'inpatient' : 'outpatient';
}

export function treatmentTypeFor(serviceType: string | undefined): string {
  return (serviceType && TREATMENT_TYPE_BY_SERVICE_TYPE[serviceType]) || 'Medical care';
}

/**
 * The category to file the request under: the first of the care setting's categories whose coverage
 * rules name the primary code (so the rules apply as they do in the wizard), else the care setting's
 * first category, where the rules send the code to review.
 */
export function categoryFor(categories: readonly { id: string; careSetting: string }[], rules: readonly CoverageRule[], careSetting: CareSetting, primaryCode: string | undefined): string | undefined {
  const inSetting = categories.filter((c) => c.careSetting === careSetting);
  const named = primaryCode ? inSetting.find((c) => ruleFor(rules, primaryCode, { careSetting, categoryId: c.id })?.categories?.includes(c.id)) : undefined;
  return (named ?? inSetting[0])?.id;
}
