import fs from 'node:fs';
import path from 'node:path';
import { mergeSynonyms, parseSynonymFile, SynonymFileError, termKey } from '../../../src/domain/codeSynonyms';
import { seedDataDir } from '../../../src/paths';

test('a term is looked up by its words, stop words dropped and plurals singular', () => {
  expect(termKey('Kidney Stones')).toBe('kidney stone');
  expect(termKey('ringing in the ears')).toBe('ear ringing');
  expect(termKey('concentrator oxygen')).toBe(termKey('Oxygen concentrators'));
  expect(termKey("athlete's foot")).toBe('athlete foot s');
  expect(termKey('abscess virus')).toBe('abscess virus');
});

test("a plan's entry adds to OpenPA's and wins over the same term", () => {
  const ours = parseSynonymFile({ owner: 'openpa', version: '1', synonyms: [{ term: 'ra', means: 'rheumatoid arthritis' }, { term: 'shingles', means: 'zoster' }] }).synonyms;
  const plans = parseSynonymFile({ owner: 'plan', version: 'p1', synonyms: [{ term: 'RA', means: 'refractory anemia' }, { term: 'lift chair', codes: ['E0627'] }] }).synonyms;
  const merged = mergeSynonyms(ours, plans);
  expect(merged.get('ra')?.means).toEqual(['refractory anemia']);
  expect(merged.get('shingle')?.means).toEqual(['zoster']);
  expect(merged.get('chair lift')?.codes).toEqual(['E0627']);
});

test.each([
  [null, 'A synonyms file is a JSON object with owner, version and synonyms'],
  [{ owner: 'someone', version: '1', synonyms: [] }, 'owner must be one of openpa, plan'],
  [{ owner: 'plan', version: '1', synonyms: [] }, 'synonyms must be a list of entries'],
  [{ owner: 'plan', version: '1', synonyms: [{ term: 'x' }] }, 'synonyms[0] (x): give the wording it means, or its codes'],
  [{ owner: 'plan', version: '1', synonyms: [{ term: 'x', codes: ['not a code!'] }] }, 'synonyms[0] (x): codes must be a list of codes'],
  [{ owner: 'plan', version: '1', synonyms: [{ term: 'Stones', means: 'calculus' }, { term: 'stone', means: 'calculus' }] }, 'synonyms[1] (stone): the same term as synonyms[0]'],
])('a file with a problem is refused, saying which entry: %j', (data, message) => {
  expect(() => parseSynonymFile(data)).toThrow(new SynonymFileError(message));
});

test("OpenPA's own file reads, with a few hundred entries", () => {
  const file = parseSynonymFile(JSON.parse(fs.readFileSync(path.join(seedDataDir, 'code-synonyms.json'), 'utf8')));
  expect(file.owner).toBe('openpa');
  expect(file.synonyms.length).toBeGreaterThanOrEqual(300);
});
