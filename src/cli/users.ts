import { parseArgs } from 'node:util';
import { scryptHasher, type PasswordHasher } from '../auth/passwords';
import type { Db } from '../db/database';
import { configOrExit, withPortalDatabase } from './portalDatabase';
import { appendAudit } from '../db/repositories/auditLog';
import { findOrganizationByNpi, findUserByUsername, insertOrganization, insertUser } from '../db/repositories/users';
import { isValidNpi } from '../domain/npi';
import { passwordProblem } from '../domain/passwordPolicy';

const USAGE = `Adds a user (a clinic's administrator sets up their portal this way):

  OPENPA_PASSWORD='...' npm run users -- add --username jane.doe --name "Jane Doe" --role provider \\
      --organization-npi 1234567893 [--organization-name "Northside Family Clinic"]

--role is provider or org_admin. The organization is made when its NPI is new (then --organization-name
is needed). The password comes from OPENPA_PASSWORD, or from the first line of standard input.`;

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
    },
  });
  const { username, name, role } = values;
  const npi = values['organization-npi'];
  if (positionals[0] !== 'add' || !username || !name || !role || !npi) {
    io.err(USAGE);
    return 2;
  }
  if (role !== 'provider' && role !== 'org_admin') throw new Error('--role must be provider or org_admin');
  if (!/^[a-z0-9._-]{3,50}$/i.test(username)) throw new Error('The username must be 3 to 50 letters, digits, dots, hyphens or underscores');
  if (!isValidNpi(npi)) throw new Error(`${npi} is not a valid NPI: check the digits`);
  const secret = await password();
  const problem = passwordProblem(secret, { username, displayName: name });
  if (problem) throw new Error(problem);
  if (await findUserByUsername(db, username)) throw new Error(`There is already a user ${username.toLowerCase()}`);
  let organization = await findOrganizationByNpi(db, npi);
  if (!organization) {
    const orgName = values['organization-name'];
    if (!orgName) throw new Error(`No organization has NPI ${npi}: add --organization-name to create it`);
    organization = { id: await insertOrganization(db, { name: orgName, npi }), name: orgName, npi };
  }
  const id = await insertUser(db, { organizationId: organization.id, username, displayName: name, role, passwordHash: await hasher.hash(secret) });
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
