/**
 * What providers type in a code search, shared by `npm run bench` and `npm run bench:codes`: whole
 * codes, the start of a code (with and without the dot), single broad words that match thousands of
 * descriptions ("injury": 4,544 codes), and several words.
 */
export type QueryKind = 'code' | 'prefix' | 'broad word' | 'words';
export const CODE_QUERIES: readonly { q: string; type: 'diagnosis' | 'procedure'; kind: QueryKind }[] = [
  { q: 'F11.20', type: 'diagnosis', kind: 'code' },
  { q: 'E119', type: 'diagnosis', kind: 'code' },
  { q: 'E0601', type: 'procedure', kind: 'code' },
  { q: 'F11.2', type: 'diagnosis', kind: 'prefix' },
  { q: 'f1120', type: 'diagnosis', kind: 'prefix' },
  { q: 'E11', type: 'diagnosis', kind: 'prefix' },
  { q: 'S72.0', type: 'diagnosis', kind: 'prefix' },
  { q: 'M54', type: 'diagnosis', kind: 'prefix' },
  { q: 'Z79.8', type: 'diagnosis', kind: 'prefix' },
  { q: 'S', type: 'diagnosis', kind: 'prefix' },
  { q: 'G04', type: 'procedure', kind: 'prefix' },
  { q: 'E06', type: 'procedure', kind: 'prefix' },
  { q: 'J9', type: 'procedure', kind: 'prefix' },
  { q: 'injury', type: 'diagnosis', kind: 'broad word' },
  { q: 'fracture', type: 'diagnosis', kind: 'broad word' },
  { q: 'encounter', type: 'diagnosis', kind: 'broad word' },
  { q: 'left', type: 'diagnosis', kind: 'broad word' },
  { q: 'pain', type: 'diagnosis', kind: 'broad word' },
  { q: 'injection', type: 'procedure', kind: 'broad word' },
  { q: 'opioid dependence', type: 'diagnosis', kind: 'words' },
  { q: 'type 2 diabetes', type: 'diagnosis', kind: 'words' },
  { q: 'low back pain', type: 'diagnosis', kind: 'words' },
  { q: 'fracture femur', type: 'diagnosis', kind: 'words' },
  { q: 'hypertension', type: 'diagnosis', kind: 'words' },
  { q: 'sleep apnea', type: 'diagnosis', kind: 'words' },
  { q: 'displaced fracture of left femur initial encounter', type: 'diagnosis', kind: 'words' },
  { q: 'drug test', type: 'procedure', kind: 'words' },
  { q: 'wheelchair', type: 'procedure', kind: 'words' },
  { q: 'positive airway pressure', type: 'procedure', kind: 'words' },
];

export const codeLookupPath = (q: string, type: string) => `/codes?${new URLSearchParams({ q, type }).toString()}`;
