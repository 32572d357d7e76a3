import { codeListStep } from './codeListStep';

export const diagnosesStep = codeListStep({
  slug: 'diagnoses',
  title: 'Diagnosis codes',
  kind: 'diagnosis',
  field: 'diagnosisCode',
  label: 'Diagnosis code',
  hint: 'An ICD-10-CM code such as F11.20 (the dot is optional), or words of its description such as "opioid dependence". The first code is the primary diagnosis.',
  addButton: 'Add diagnosis',
  max: 12,
  withUnits: false,
  entries: (journey) => journey.answers.diagnoses.map((code) => ({ code, system: 'ICD10CM' as const })),
  setEntries: (journey, entries) => {
    journey.answers.diagnoses = entries.map((e) => e.code);
  },
  confirmed: (journey) => journey.answers.diagnosesConfirmed === true,
  confirm: (journey) => {
    journey.answers.diagnosesConfirmed = true;
  },
});
