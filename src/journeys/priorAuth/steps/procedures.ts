import { codeListStep } from './codeListStep';

export const proceduresStep = codeListStep({
  slug: 'procedures',
  title: 'Procedure codes',
  kind: 'procedure',
  field: 'procedureCode',
  label: 'Procedure code',
  hint: 'A CPT or HCPCS code such as 80324 or G0480, or words of its description. The first code is the primary procedure.',
  addButton: 'Add procedure',
  max: 25,
  withUnits: true,
  entries: (journey) => journey.answers.procedures.map((p) => ({ code: p.code, system: p.system, units: p.units })),
  setEntries: (journey, entries) => {
    journey.answers.procedures = entries.map((e) => ({ code: e.code, system: e.system, units: e.units ?? 1 }));
  },
  confirmed: (journey) => journey.answers.proceduresConfirmed === true,
  confirm: (journey) => {
    journey.answers.proceduresConfirmed = true;
  },
});
