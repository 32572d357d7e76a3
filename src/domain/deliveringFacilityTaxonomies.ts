/**
 * The NUCC Health Care Provider Taxonomy codes of the places a baby can be delivered, as NPPES lists
 * them in "Healthcare Provider Taxonomy Code_n": the whole Hospitals grouping (the 28xx codes) and the
 * birthing center of the Ambulatory Health Care Facilities grouping. Data, not logic: a new NUCC
 * release that adds a hospital code is one line here. Source: https://taxonomy.nucc.org (Hospitals).
 */
export const DELIVERING_FACILITY_TAXONOMIES: readonly { code: string; name: string }[] = [
  { code: '281P00000X', name: 'Chronic disease hospital' },
  { code: '281PC2000X', name: 'Chronic disease hospital (children)' },
  { code: '282E00000X', name: 'Long term care hospital' },
  { code: '282J00000X', name: 'Religious nonmedical health care institution' },
  { code: '282N00000X', name: 'General acute care hospital' },
  { code: '282NC0060X', name: 'General acute care hospital (critical access)' },
  { code: '282NC2000X', name: 'General acute care hospital (children)' },
  { code: '282NR1301X', name: 'General acute care hospital (rural)' },
  { code: '282NW0100X', name: 'General acute care hospital (women)' },
  { code: '283Q00000X', name: 'Psychiatric hospital' },
  { code: '283X00000X', name: 'Rehabilitation hospital' },
  { code: '283XC2000X', name: 'Rehabilitation hospital (children)' },
  { code: '284300000X', name: 'Special hospital' },
  { code: '286500000X', name: 'Military hospital' },
  { code: '2865C1500X', name: 'Military hospital (community health)' },
  { code: '2865M2000X', name: 'Military general acute care hospital' },
  { code: '2865X1600X', name: 'Military general acute care hospital (operational, transportable)' },
  { code: '261QB0400X', name: 'Birthing center' },
];
