/** The treatment types a provider chooses from (the seed portal's drop-down). */
export const TREATMENT_TYPES = [
  'Consultation',
  'Diagnostic testing',
  'Durable medical equipment',
  'Home health',
  'Laboratory',
  'Medical care',
  'Mental health',
  'Physical therapy',
  'Radiology',
  'Sleep medicine',
  'Substance use disorder treatment',
  'Surgical',
] as const;
