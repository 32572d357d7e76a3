import { runUsers, type Io } from '../../../src/cli/users';
import type { Db } from '../../../src/db/database';
import { migratedTestDatabase, type TestDatabase } from '../../helpers/testDatabase';
import { verifyPassword } from '../../../src/auth/passwords';
import { testPasswordHasher } from '../../helpers/passwords';

let database: TestDatabase;
let db: Db;
let out: string[];
let err: string[];
const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
const password = (p: string) => async () => p;

beforeEach(async () => {
  database = await migratedTestDatabase();
  db = database.db;
  out = [];
  err = [];
});
afterEach(async () => {
  await database.close();
});

const ADD = ['add', '--username', 'Jane.Doe', '--name', 'Jane Doe', '--role', 'org_admin', '--organization-npi', '1987654328', '--organization-name', 'Riverside Clinic'];

test('adds an administrator and her new organization, with a hashed password and an audit entry', async () => {
  expect(await runUsers(ADD, db, io, password('Tulip-Anchor-Violet-42'), testPasswordHasher)).toBe(0);
  expect(out).toEqual(['Added jane.doe (org_admin) to Riverside Clinic']);
  const user = await db('users').join('organizations', 'organizations.id', 'users.organization_id').where('username', 'jane.doe').first('users.*', 'organizations.npi');
  expect(user).toMatchObject({ role: 'org_admin', display_name: 'Jane Doe', npi: '1987654328' });
  expect(await verifyPassword('Tulip-Anchor-Violet-42', user.password_hash)).toBe(true);
  expect(await db('audit_log').pluck('action')).toEqual(['user-added']);
});

test.each([
  [['add', '--username', 'x'], 'usage'],
  [[...ADD.slice(0, 6), 'nurse', ...ADD.slice(7)], '--role must be one of provider, org_admin, clinical_reviewer, physician_reviewer, plan_admin'],
  [[...ADD.slice(0, 8), '1234567890', ...ADD.slice(9)], '1234567890 is not a valid NPI: check the digits'],
  [ADD.slice(0, 9), 'No organization has NPI 1987654328: add --organization-name to create it'],
])('%j is refused: %s', async (args, message) => {
  if (message === 'usage') {
    expect(await runUsers(args, db, io, password('Tulip-Anchor-Violet-42'), testPasswordHasher)).toBe(2);
    expect(err[0]).toContain('npm run users -- add');
  } else {
    await expect(runUsers(args, db, io, password('Tulip-Anchor-Violet-42'), testPasswordHasher)).rejects.toThrow(message);
  }
  expect(await db('users').count({ n: '*' }).first()).toEqual({ n: 0 });
});

test('a weak password and a second user of the same name are refused', async () => {
  await expect(runUsers(ADD, db, io, password('password1234'), testPasswordHasher)).rejects.toThrow('The password is too common');
  await runUsers(ADD, db, io, password('Tulip-Anchor-Violet-42'), testPasswordHasher);
  await expect(runUsers(ADD, db, io, password('Tulip-Anchor-Violet-42'), testPasswordHasher)).rejects.toThrow('There is already a user jane.doe');
});

test('adds a plan reviewer with an e-mail address to the plan, made without an NPI, and a second one to the same plan', async () => {
  const nurse = ['add', '--username', 'pat.nurse', '--name', 'Pat Nurse', '--role', 'clinical_reviewer', '--organization-name', 'OpenPA Health Plan', '--email', 'pat@plan.example'];
  expect(await runUsers(nurse, db, io, password('Tulip-Anchor-Violet-42'), testPasswordHasher)).toBe(0);
  const doctor = ['add', '--username', 'sam.md', '--name', 'Sam Physician', '--role', 'physician_reviewer', '--organization-name', 'OpenPA Health Plan'];
  expect(await runUsers(doctor, db, io, password('Tulip-Anchor-Violet-42'), testPasswordHasher)).toBe(0);
  expect(out).toEqual(['Added pat.nurse (clinical_reviewer) to OpenPA Health Plan', 'Added sam.md (physician_reviewer) to OpenPA Health Plan']);
  const plans = await db('organizations').where({ kind: 'plan' }).select('id', 'npi');
  expect(plans).toHaveLength(1);
  expect(plans[0].npi).toBeNull();
  const users = await db('users').orderBy('id').select('role', 'email', 'organization_id');
  expect(users).toEqual([
    { role: 'clinical_reviewer', email: 'pat@plan.example', organization_id: plans[0].id },
    { role: 'physician_reviewer', email: null, organization_id: plans[0].id },
  ]);
});

test('an e-mail address that is not one is refused', async () => {
  await expect(runUsers([...ADD, '--email', 'not-an-address'], db, io, password('Tulip-Anchor-Violet-42'), testPasswordHasher)).rejects.toThrow('not-an-address is not an e-mail address');
});
