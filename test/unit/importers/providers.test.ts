import { listCodeSets } from '../../../src/db/repositories/codeSets';
import { searchProviders } from '../../../src/db/repositories/providers';
import { importProviders } from '../../../src/importers/providers';
import { openCodeDb, type CodeDb } from '../../helpers/codeDb';

/** The NPPES npidata columns the importer reads, in the official order, with a few it does not read between them. */
const HEADER = [
  'NPI', 'Entity Type Code', 'Replacement NPI', 'Employer Identification Number (EIN)',
  'Provider Organization Name (Legal Business Name)', 'Provider Last Name (Legal Name)', 'Provider First Name', 'Provider Middle Name',
  'Provider Name Prefix Text', 'Provider Name Suffix Text', 'Provider Credential Text',
  'Provider First Line Business Practice Location Address', 'Provider Second Line Business Practice Location Address',
  'Provider Business Practice Location Address City Name', 'Provider Business Practice Location Address State Name',
  'Provider Business Practice Location Address Postal Code', 'NPI Deactivation Date',
  'Healthcare Provider Taxonomy Code_1', 'Provider License Number_1', 'Healthcare Provider Primary Taxonomy Switch_1',
  'Healthcare Provider Taxonomy Code_2', 'Provider License Number_2', 'Healthcare Provider Primary Taxonomy Switch_2',
];

function row(values: Partial<Record<string, string>>): string {
  return HEADER.map((h) => `"${(values[h] ?? '').replace(/"/g, '""')}"`).join(',');
}

const ORG = row({ NPI: '1345678902', 'Entity Type Code': '2', 'Provider Organization Name (Legal Business Name)': 'RIVERSIDE IMAGING CENTER, LLC', 'Provider First Line Business Practice Location Address': '9 River Road', 'Provider Second Line Business Practice Location Address': 'Suite 200', 'Provider Business Practice Location Address City Name': 'Springfield', 'Provider Business Practice Location Address State Name': 'IL', 'Provider Business Practice Location Address Postal Code': '627011234', 'Healthcare Provider Taxonomy Code_1': '261QR0200X', 'Healthcare Provider Primary Taxonomy Switch_1': 'Y' });
const PERSON = row({ NPI: '1876543210', 'Entity Type Code': '1', 'Provider Last Name (Legal Name)': 'OKAFOR', 'Provider First Name': 'AMARA', 'Provider Middle Name': 'N', 'Provider Credential Text': 'M.D.', 'Provider First Line Business Practice Location Address': '400 Oak Avenue', 'Provider Business Practice Location Address City Name': 'Springfield', 'Provider Business Practice Location Address State Name': 'IL', 'Provider Business Practice Location Address Postal Code': '62702', 'Healthcare Provider Taxonomy Code_1': '207Q00000X', 'Healthcare Provider Primary Taxonomy Switch_1': 'N', 'Healthcare Provider Taxonomy Code_2': '207RS0012X', 'Healthcare Provider Primary Taxonomy Switch_2': 'Y' });
const DEACTIVATED = row({ NPI: '1122334455', 'NPI Deactivation Date': '01/15/2024' });
const FILE = [HEADER.map((h) => `"${h}"`).join(','), ORG, PERSON, DEACTIVATED, ''].join('\r\n');

let c: CodeDb;
beforeEach(async () => {
  c = await openCodeDb();
});
afterEach(async () => c.close());

test('imports organizations and individuals with their primary taxonomy and practice address; deactivated NPIs are skipped', async () => {
  const result = await importProviders(c.db, { file: c.write('npidata_pfile_20050523-20251109.csv', FILE) });
  expect(result.summary).toContain('NPPES providers 2025-11-09 (in force from 11/09/2025) from npidata_pfile_20050523-20251109.csv: 2 providers (1 deactivated NPIs skipped); 2 added');
  expect(await searchProviders(c.db, '1345678902')).toEqual([
    { id: expect.any(Number), npi: '1345678902', planProviderNumber: null, entityType: 'organization', name: 'RIVERSIDE IMAGING CENTER, LLC', specialty: null, address: '9 River Road, Suite 200, Springfield, IL 62701-1234', taxonomyCode: '261QR0200X' },
  ]);
  expect(await searchProviders(c.db, 'okafor')).toEqual([
    expect.objectContaining({ npi: '1876543210', entityType: 'individual', name: 'AMARA N OKAFOR, M.D.', taxonomyCode: '207RS0012X', address: '400 Oak Avenue, Springfield, IL 62702' }),
  ]);
  expect(await searchProviders(c.db, '1122334455')).toEqual([]);
  expect(await listCodeSets(c.db, 'NPPES')).toEqual([expect.objectContaining({ version: '2025-11-09', rows: 2, added: 2 })]);
});

test('a re-import changes nothing; a changed address updates the provider and keeps the plan provider number', async () => {
  const file = c.write('npidata.csv', FILE);
  await importProviders(c.db, { file, version: '2025-11', effective: '2025-11-09' });
  await c.db('providers').where({ npi: '1876543210' }).update({ plan_provider_number: 'PRV200001' });
  const before = await c.db('providers').orderBy('npi');
  expect((await importProviders(c.db, { file, version: '2025-11', effective: '2025-11-09' })).counts).toMatchObject({ rows: 2, added: 0, changed: 0 });
  expect(await c.db('providers').orderBy('npi')).toEqual(before);

  const moved = FILE.replace('400 Oak Avenue', '12 Elm Court');
  const result = await importProviders(c.db, { file: c.write('npidata.csv', moved), version: '2025-12', effective: '2025-12-07' });
  expect(result.counts).toMatchObject({ added: 0, changed: 1 });
  expect(await c.db('providers').where({ npi: '1876543210' }).first()).toMatchObject({ address: '12 Elm Court, Springfield, IL 62702', plan_provider_number: 'PRV200001' });
});

test('each bad row is reported by line number (a wrong check digit among them), and nothing is imported', async () => {
  const bad = [
    FILE.trimEnd(),
    row({ NPI: '1234567890', 'Entity Type Code': '1', 'Provider Last Name (Legal Name)': 'WRONG', 'Provider First Name': 'CHECK' }),
    row({ NPI: '12345', 'Entity Type Code': '2', 'Provider Organization Name (Legal Business Name)': 'SHORT NPI CLINIC' }),
    row({ NPI: '1987654328', 'Entity Type Code': '2' }),
    '',
  ].join('\r\n');
  await expect(importProviders(c.db, { file: c.write('npidata.csv', bad), version: '1', effective: '2025-11-09' })).rejects.toThrow(
    [
      'npidata.csv has 3 bad rows: line 5: 1234567890 is not a valid NPI: its check digit is wrong',
      'line 6: "12345" is not an NPI: an NPI has 10 digits',
      'line 7: NPI 1987654328 is an organization with no organization name',
    ].join('; '),
  );
  expect(await c.db('providers').count({ n: '*' }).first()).toEqual({ n: 0 });
  expect(await listCodeSets(c.db, 'NPPES')).toEqual([]);
});

test('a file without the NPPES header is refused on line 1', async () => {
  await expect(importProviders(c.db, { file: c.write('npidata.csv', 'npi,name\n1234567893,Clinic\n'), version: '1', effective: '2025-11-09' })).rejects.toThrow('Line 1 is not the NPPES npidata header: it has no "NPI" column');
});

test('a file cut short (its last line has no line end) is refused with that line, and nothing is imported', async () => {
  const cut = FILE.slice(0, FILE.length - 30);
  await expect(importProviders(c.db, { file: c.write('npidata.csv', cut), version: '1', effective: '2025-11-09' })).rejects.toThrow(
    /^Line 4, the last, has no line end: the file looks cut short/,
  );
  expect(await c.db('providers').count({ n: '*' }).first()).toEqual({ n: 0 });
});
