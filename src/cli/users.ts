import { parseArgs } from 'node:util';
import { scryptHasher, type PasswordHasher } from '../auth/passwords';
import type { Db } from '../db/database';
import { configOrExit, withPortalDatabase } from './portalDatabase';
import { appendAudit } from '../db/repositories/auditLog';
import { findOrganizationByNpi, findPlanByName, findUserByUsername, insertOrganization, insertUser } from '../db/repositories/users';
import { isPlanRole, isRole, PLAN_ROLES, PROVIDER_ROLES } from '../domain/roles';
import { isValidNpi } from '../domain/npi';
import { passwordProblem } from '../domain/passwordPolicy';

const USAGE = `Adds a user (a clinic's administrator sets up their portal this way):

  OPENPA_PASSWORD='...' npm run users -- add --username jane.doe --name "Jane Doe" --role provider \\
      --organization-npi 1234567893 [--organization-name "Northside Family Clinic"] [--email jane@example.com]

  OPENPA_PASSWORD='...' npm run users -- add --username pat.nurse --name "Pat Nurse" --role clinical_reviewer \
      --organization-name "OpenPA Health Plan" [--email pat@example.com]

--role is provider or org_admin (a provider office, named by its NPI), or clinical_reviewer,
physician_reviewer or plan_admin (the plan, named by --organization-name; a plan has no NPI). An
organization is made when it is new (an office then needs --organization-name). The password comes from
OPENPA_PASSWORD, or from the first line of standard input.`;

async function readPassword(): Promise<string> {
  if (process.env.OPENPA_PASSWORD) return process.env.OPENPA_PASSWORD;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** `users add ...` against an open database; returns the exit code. Errors are thrown with their message. */
export async function runUsers(argv: string[], db: Db, io: Io, password: () => Promise<string>, hasher: PasswordHasher = scryptHasher()): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'organization-npi': { type: 'string' },
      'organization-name': { type: 'string' },
      email: { type: 'string' },
    },
  });
  const { username, name, role } = values;
  const npi = values['organization-npi'];
  const orgName = values['organization-name'];
  const plan = isPlanRole(role);
  if (positionals[0] !== 'add' || !username || !name || !role || (plan ? !orgName : !npi)) {
    io.err(USAGE);
    return 2;
  }
  if (!isRole(role)) throw new Error(`--role must be one of ${[...PROVIDER_ROLES, ...PLAN_ROLES].join(', ')}`);
  if (!/^[a-z0-9._-]{3,50}$/i.test(username)) throw new Error('The username must be 3 to 50 letters, digits, dots, hyphens or underscores');
  if (!plan && npi && !isValidNpi(npi)) throw new Error(`${npi} is not a valid NPI: check the digits`);
  const email = values.email?.trim() || null;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error(`${email} is not an e-mail address`);
  const secret = await password();
  const problem = passwordProblem(secret, { username, displayName: name });
  if (problem) throw new Error(problem);
  if (await findUserByUsername(db, username)) throw new Error(`There is already a user ${username.toLowerCase()}`);
  let organization: { id: number; name: string } | undefined;
  if (plan) {
    const planName = orgName as string;
    organization = (await findPlanByName(db, planName)) ?? { id: await insertOrganization(db, { name: planName, npi: null, kind: 'plan' }), name: planName };
  } else {
    const officeNpi = npi as string;
    organization = await findOrganizationByNpi(db, officeNpi);
    if (!organization) {
      if (!orgName) throw new Error(`No organization has NPI ${officeNpi}: add --organization-name to create it`);
      organization = { id: await insertOrganization(db, { name: orgName, npi: officeNpi }), name: orgName };
    }
  }
  const id = await insertUser(db, { organizationId: organization.id, username, displayName: name, role, email, passwordHash: await hasher.hash(secret) });
  await appendAudit(db, { organizationId: organization.id, userId: id, username: username.toLowerCase(), clientAddress: 'command line', action: 'user-added', detail: role });
  io.out(`Added ${username.toLowerCase()} (${role}) to ${organization.name}`);
  return 0;
}

async function main(): Promise<number> {
  const io: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
  return withPortalDatabase(configOrExit(), (db) => runUsers(process.argv.slice(2), db, io, readPassword));
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`Could not add the user: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
