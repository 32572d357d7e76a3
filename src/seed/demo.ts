import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database';
import type { PasswordHasher } from '../auth/passwords';
import { parseCptCsv, parseHcpcsCsv, parseIcd10cmCodes, parsePlaceOfServiceCsv, type CodeRecord } from '../domain/codeFiles';
import { importCodeRelease, importPlacesOfService, listCodeSets } from '../db/repositories/codeSets';
import { currentRuleSetVersion, replaceRuleSet } from '../db/repositories/coverageRules';
import { parseRuleSet } from '../domain/ruleSet';
import { insertMember } from '../db/repositories/members';
import { insertProvider } from '../db/repositories/providers';
import { countUsers, insertOrganization, insertUser } from '../db/repositories/users';
import { insertAnnouncement, type AnnouncementFields } from '../db/repositories/announcements';
import { seedDataDir } from '../paths';
import { loadDecisionReasonsIfEmpty } from '../db/repositories/decisionReasons';
import { replaceSynonyms, synonymVersions } from '../db/repositories/codeSynonyms';
import { parseSynonymFile } from '../domain/codeSynonyms';

/** The demo password of every demo user; the README names it. */
export const DEMO_PASSWORD = 'Demo-Password-2026';

function readSeedFile(name: string): string {
  return fs.readFileSync(path.join(seedDataDir, name), 'utf8');
}

/**
 * Code sets, places of service, coverage rules and OpenPA's code search synonyms: reference data every portal needs, demo or not.
 * Loaded through the same imports as the official files, each only where nothing of its kind is
 * loaded yet: the demo set never ends the codes of an official release imported before first start.
 */
export async function loadReferenceData(db: Db): Promise<void> {
  const loaded = new Set((await listCodeSets(db)).map((s) => s.system));
  const codeSets: [string, string, string, (text: string) => CodeRecord[]][] = [
    ['ICD10CM', 'icd10cm-demo.txt', '2025-10-01', parseIcd10cmCodes],
    ['HCPCS', 'hcpcs-demo.csv', '2026-01-01', parseHcpcsCsv],
    ['CPT', 'cpt-demo.csv', '2026-01-01', parseCptCsv],
  ];
  for (const [system, file, effectiveDate, parse] of codeSets) {
    if (!loaded.has(system)) await importCodeRelease(db, { system, version: 'demo', effectiveDate, sourceFile: file }, parse(readSeedFile(file)));
  }
  if (!loaded.has('POS')) {
    await importPlacesOfService(db, { system: 'POS', version: 'demo', effectiveDate: '2024-05-01', sourceFile: 'place-of-service-demo.csv' }, parsePlaceOfServiceCsv(readSeedFile('place-of-service-demo.csv')));
  }
  if (!(await currentRuleSetVersion(db))) await replaceRuleSet(db, parseRuleSet(JSON.parse(readSeedFile('coverage-rules.json'))));
  await loadOpenpaSynonyms(db);
  await loadDecisionReasonsIfEmpty(db, (JSON.parse(readSeedFile('decision-reasons.json')) as { reasons: { code: string; reason: string; x12Code?: string }[] }).reasons);
}

/**
 * OpenPA's code search synonyms (src/seed/data/code-synonyms.json) are its own data, not a
 * deployment's: loaded at every start when the version shipped is not the one loaded. A plan's own
 * synonyms (`npm run import -- synonyms`) are left as they are.
 */
export async function loadOpenpaSynonyms(db: Db): Promise<void> {
  const synonyms = parseSynonymFile(JSON.parse(readSeedFile('code-synonyms.json')));
  if ((await synonymVersions(db)).openpa !== synonyms.version) await replaceSynonyms(db, synonyms);
}

export async function isEmpty(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/**
 * The demo data set named in the README: two clinics, their users, servicing providers, a hospital and a birth center, and three members.
 * The users' password is hashed with the app's hasher: the production cost, or the tests' low one.
 */
export async function seedDemoData(db: Db, hasher: PasswordHasher): Promise<void> {
  await loadReferenceData(db);
  const passwordHash = await hasher.hash(DEMO_PASSWORD);

  const northside = await insertOrganization(db, { name: 'Northside Family Clinic', npi: '1234567893' });
  const lakeview = await insertOrganization(db, { name: 'Lakeview Pediatrics', npi: '1558598797' });
  await insertUser(db, { organizationId: northside, username: 'demo.provider', displayName: 'Dana Provider', role: 'provider', passwordHash });
  await insertUser(db, { organizationId: northside, username: 'demo.admin', displayName: 'Alex Administrator', role: 'org_admin', passwordHash, email: 'admin@northside.example' });
  await insertUser(db, { organizationId: lakeview, username: 'demo.provider2', displayName: 'Lee Pediatrician', role: 'provider', passwordHash });
  // The plan (issue 12): an organization with no NPI, its two reviewers and its administrator.
  const healthPlan = await insertOrganization(db, { name: 'OpenPA Health Plan', npi: null, kind: 'plan' });
  await insertUser(db, { organizationId: healthPlan, username: 'demo.nurse', displayName: 'Nora Nurse', role: 'clinical_reviewer', passwordHash, email: 'nurse@plan.example' });
  await insertUser(db, { organizationId: healthPlan, username: 'demo.physician', displayName: 'Phil Physician', role: 'physician_reviewer', passwordHash, email: 'physician@plan.example' });
  await insertUser(db, { organizationId: healthPlan, username: 'demo.planadmin', displayName: 'Pat Planadmin', role: 'plan_admin', passwordHash });
  await seedDemoAnnouncements(db, healthPlan);

  // taxonomyCode: the NUCC code NPPES lists first; the hospital and the birth center can be a newborn's delivering facility.
  const providers = [
    { npi: '1234567893', planProviderNumber: 'PRV100001', entityType: 'organization' as const, name: 'Northside Family Clinic', specialty: 'Family medicine', taxonomyCode: '261QP2300X', address: '100 Main Street, Springfield, IL 62701' },
    { npi: '1558598797', planProviderNumber: 'PRV100002', entityType: 'organization' as const, name: 'Lakeview Pediatrics', specialty: 'Pediatrics', taxonomyCode: '261QP2300X', address: '25 Lake Drive, Springfield, IL 62704' },
    { npi: '1987654328', planProviderNumber: 'PRV100003', entityType: 'individual' as const, name: 'Maria Gonzalez, MD', specialty: 'Internal medicine', taxonomyCode: '207R00000X', address: '100 Main Street, Springfield, IL 62701' },
    { npi: '1456789019', planProviderNumber: 'PRV100004', entityType: 'individual' as const, name: 'James Chen, DO', specialty: 'Sleep medicine', taxonomyCode: '207RS0012X', address: '400 Oak Avenue, Springfield, IL 62702' },
    { npi: '1678901236', planProviderNumber: 'PRV100005', entityType: 'individual' as const, name: 'Priya Patel, DPT', specialty: 'Physical therapy', taxonomyCode: '225100000X', address: '18 Elm Court, Springfield, IL 62703' },
    { npi: '1546789011', planProviderNumber: 'PRV100006', entityType: 'organization' as const, name: 'Springfield General Hospital', specialty: 'Hospital', taxonomyCode: '282N00000X', address: '1200 Hospital Drive, Springfield, IL 62702' },
    { npi: '1765432103', planProviderNumber: 'PRV100007', entityType: 'organization' as const, name: 'Prairie Birth Center', specialty: 'Birth center', taxonomyCode: '261QB0400X', address: '45 Meadow Lane, Springfield, IL 62704' },
  ];
  for (const p of providers) await insertProvider(db, p);

  const plan = 'OpenPA Community Health Plan';
  await insertMember(db, { memberId: '5634024', medicaidId: '200563402', firstName: 'Dino', lastName: 'Saur', dateOfBirth: '1982-08-10', gender: 'Male', eligibility: [{ planName: plan, startDate: '2018-01-01', endDate: '2030-12-31' }] });
  await insertMember(db, { memberId: '5634025', medicaidId: '200563403', firstName: 'Lee', lastName: 'Termed', dateOfBirth: '1990-03-14', gender: 'Female', eligibility: [{ planName: plan, startDate: '2018-01-01', endDate: '2025-06-30' }] });
  await insertMember(db, { memberId: '5634026', medicaidId: '200563404', firstName: 'Rosa', lastName: 'Parkway', dateOfBirth: '1994-05-02', gender: 'Female', eligibility: [{ planName: plan, startDate: '2020-01-01', endDate: '2030-12-31' }] });
}

/** The guide's three announcements, in OpenPA's words (the telephone number is fictional: 555-01xx). */
async function seedDemoAnnouncements(db: Db, planId: number): Promise<void> {
  const at = new Date();
  const announcements: AnnouncementFields[] = [
    {
      kind: 'attention',
      title: 'Keep your provider information current',
      body: 'CMS requires the plan to keep its provider directory current. If you have not reviewed your organization\'s provider information in the last six months, review it now under provider information.\n\nQuestions? Call Provider Services at 1-800-555-0142, Monday to Friday, 8 AM to 6 PM.',
      startsOn: '2026-01-01',
      endsOn: null,
    },
    {
      kind: 'network',
      title: 'Updates for our network',
      body: 'We post updates that affect claims, clinical guidelines and portal functions as they happen. Read them all at https://plan.example/providers/announcements.',
      startsOn: '2026-01-01',
      endsOn: null,
    },
    {
      kind: 'anti-fraud',
      title: 'Anti-Fraud Plan',
      body: 'The plan is committed to preventing, detecting and correcting fraud, waste and abuse. Our Special Investigations Unit looks into every report. To report a concern, call 1-800-555-0143; you may stay anonymous.',
      startsOn: '2026-01-01',
      endsOn: null,
    },
  ];
  for (const a of announcements) await insertAnnouncement(db, planId, a, null, at);
}
