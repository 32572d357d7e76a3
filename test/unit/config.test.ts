import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

describe('configuration from the environment', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('defaults: port 3000 on 127.0.0.1, demo seeding decided by the database', () => {
    const config = loadConfig({ DATABASE_FILE: path.join(dir, 'db.sqlite3'), SESSION_SECRET: 'x'.repeat(32) });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.seedDemo).toBeUndefined();
    expect(config.sessionIdleMinutes).toBe(30);
    expect(config.apiCallsPerMinute).toBe(600);
    expect(loadConfig({ DATABASE_FILE: path.join(dir, 'db.sqlite3'), SESSION_SECRET: 'x'.repeat(32), API_CALLS_PER_MINUTE: '120' }).apiCallsPerMinute).toBe(120);
    expect(config.plan).toMatchObject({ name: 'OpenPA Health Plan', timeZone: 'America/New_York' });
    expect(loadConfig({ DATABASE_FILE: path.join(dir, 'db.sqlite3'), SESSION_SECRET: 'x'.repeat(32), PLAN_TIME_ZONE: 'America/Chicago' }).plan.timeZone).toBe('America/Chicago');
    // Subscription notifications go to public addresses only unless the plan lists a host.
    expect(config.subscriptionAllowedHosts.entries).toEqual([]);
  });

  test('SUBSCRIPTION_ALLOWED_HOSTS: host names, IP addresses and CIDR ranges, separated by commas', () => {
    const allowed = loadConfig({ DATABASE_FILE: path.join(dir, 'db.sqlite3'), SESSION_SECRET: 'x'.repeat(32), SUBSCRIPTION_ALLOWED_HOSTS: 'ehr.intranet.example, 10.20.0.0/16,::1' }).subscriptionAllowedHosts;
    expect(allowed.entries).toEqual(['ehr.intranet.example', '10.20.0.0/16', '::1']);
    expect(allowed.names.has('ehr.intranet.example')).toBe(true);
    expect(allowed.ranges.check('10.20.3.4', 'ipv4')).toBe(true);
  });

  test.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT: PORT must be a number'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT: PORT must be less than or equal to 65535'],
    [{ SESSION_SECRET: 'short' }, 'Invalid configuration: SESSION_SECRET: SESSION_SECRET must be at least 32 characters long'],
    [{ SEED_DEMO: 'maybe' }, 'Invalid configuration: SEED_DEMO: SEED_DEMO must be a boolean'],
    [{ API_CALLS_PER_MINUTE: '0' }, 'Invalid configuration: API_CALLS_PER_MINUTE: API_CALLS_PER_MINUTE must be greater than or equal to 1'],
    [{ PLAN_TIME_ZONE: 'Mars/Olympus_Mons' }, 'Invalid configuration: PLAN_TIME_ZONE: PLAN_TIME_ZONE must be an IANA time zone name, like America/Chicago'],
    [{ TLS_CERT_FILE: 'cert.pem' }, 'Invalid configuration: TLS_CERT_FILE and TLS_KEY_FILE go together: set both, or neither'],
    [{ DATABASE_URL: 'postgres://openpa@db.example/openpa' }, 'Invalid configuration: SESSION_SECRET: SESSION_SECRET is required with DATABASE_URL: every portal process must share the same secret'],
    [{ DATABASE_URL: 'mysql://openpa@db.example/openpa', SESSION_SECRET: 'x'.repeat(32) }, 'Invalid configuration: DATABASE_URL: DATABASE_URL must be a PostgreSQL address such as postgres://user:password@host:5432/openpa'],
    [{ PUBLIC_BASE_URL: 'portal.example.org' }, "Invalid configuration: PUBLIC_BASE_URL: PUBLIC_BASE_URL must be the portal's address as people reach it, such as https://portal.example.org"],
    [{ PUBLIC_BASE_URL: 'ftp://portal.example.org' }, "Invalid configuration: PUBLIC_BASE_URL: PUBLIC_BASE_URL must be the portal's address as people reach it, such as https://portal.example.org"],
    [{ PUBLIC_BASE_URL: 'https://portal.example.org/?x=1' }, "Invalid configuration: PUBLIC_BASE_URL: PUBLIC_BASE_URL must be the portal's address without ? or #, such as https://portal.example.org"],
    [{ SMTP_URL: 'mail.example:25' }, 'Invalid configuration: SMTP_URL: SMTP_URL must be a mail server address such as smtp://user:password@mail.example:587'],
    [{ SUBSCRIPTION_ALLOWED_HOSTS: '10.0.0.5, https://ehr.example' }, 'Invalid configuration: SUBSCRIPTION_ALLOWED_HOSTS: https://ehr.example is neither a host name, an IP address nor a CIDR range: list host names, IP addresses or CIDR ranges, separated by commas'],
    [{ SMTP_URL: 'smtp://mail.example:25' }, 'Invalid configuration: PUBLIC_BASE_URL: PUBLIC_BASE_URL is required with SMTP_URL: the links in notice e-mails are built from it'],
  ])('%j is refused with one clear line', (env, message) => {
    expect(() => loadConfig({ DATABASE_FILE: path.join(dir, 'db.sqlite3'), ...env })).toThrow(new ConfigError(message));
  });

  test('mail: kept in the outbox unless SMTP_URL is set; the public address loses a trailing slash', () => {
    const base = { DATABASE_FILE: path.join(dir, 'db.sqlite3'), SESSION_SECRET: 'x'.repeat(32) };
    expect(loadConfig(base).mail).toEqual({ smtpUrl: undefined, publicBaseUrl: undefined, from: 'OpenPA <no-reply@localhost>', everySeconds: 30 });
    expect(loadConfig({ ...base, SMTP_URL: 'smtp://mail.example:587', PUBLIC_BASE_URL: 'https://portal.example.org/', MAIL_FROM: 'pa@plan.example', MAIL_EVERY_SECONDS: '5' }).mail).toEqual({
      smtpUrl: 'smtp://mail.example:587', publicBaseUrl: 'https://portal.example.org', from: 'pa@plan.example', everySeconds: 5,
    });
    expect(() => loadConfig({ ...base, MAIL_EVERY_SECONDS: '0' })).toThrow(/MAIL_EVERY_SECONDS/);
  });

  test('without SESSION_SECRET one is generated once, kept beside the database, readable by its owner only', () => {
    const env = { DATABASE_FILE: path.join(dir, 'db.sqlite3') };
    const first = loadConfig(env).sessionSecret;
    const second = loadConfig(env).sessionSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second).toBe(first);
    const mode = fs.statSync(path.join(dir, 'session-secret')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  test('DATABASE_URL with SESSION_SECRET runs on PostgreSQL, and no secret file is written', () => {
    const config = loadConfig({ DATABASE_FILE: path.join(dir, 'db.sqlite3'), DATABASE_URL: 'postgres://openpa@db.example/openpa', SESSION_SECRET: 'x'.repeat(32) });
    expect(config.databaseUrl).toBe('postgres://openpa@db.example/openpa');
    expect(fs.existsSync(path.join(dir, 'session-secret'))).toBe(false);
  });

  test('SEED_DEMO accepts the usual words', () => {
    const base = { DATABASE_FILE: path.join(dir, 'db.sqlite3'), SESSION_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ ...base, SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(loadConfig({ ...base, SEED_DEMO: 'on' }).seedDemo).toBe(true);
  });
});

describe('the database file', () => {
  test('is created readable and writable by its owner only', async () => {
    const { openDatabase, migrateToLatest } = await import('../../src/db/database');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-db-'));
    const file = path.join(dir, 'new', 'openpa.sqlite3');
    const db = openDatabase(file);
    try {
      await migrateToLatest(db);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
