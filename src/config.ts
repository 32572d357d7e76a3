import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Joi from 'joi';
import { projectRoot } from './paths';
import { isTimeZone } from './domain/reviewClock';
import { readAllowedHosts, type AllowedHosts } from './domain/endpointAddresses';

export interface Config {
  port: number;
  host: string;
  databaseFile: string;
  /** PostgreSQL (postgres://...) for a plan running several processes; undefined: the SQLite file. */
  databaseUrl: string | undefined;
  uploadDir: string;
  sessionSecret: string;
  /** true, false, or undefined for "seed when the database is empty". */
  seedDemo: boolean | undefined;
  /** Minutes without activity after which a session ends. */
  sessionIdleMinutes: number;
  /** Calls one API client may make in a minute, token requests included (issue 15). */
  apiCallsPerMinute: number;
  /** Hosts and ranges Subscription notifications may go to though they are not public: the plan's intranet EHRs (issue 15). */
  subscriptionAllowedHosts: AllowedHosts;
  nodeEnv: string;
  /** The plan's fax number for clinical information, for offices that cannot upload. */
  planFaxNumber: string;
  /** Built-in HTTPS: both files, or neither. */
  tls: { certFile: string; keyFile: string } | undefined;
  /** Express's "trust proxy" setting, for a portal behind a reverse proxy. */
  trustProxy: string | number | boolean | undefined;
  /** The plan, as its letters and the review desk show it (issue 12). */
  plan: PlanSettings;
  /** Notice e-mails (issue 12). */
  mail: MailSettings;
}

export interface MailSettings {
  /** smtp:// or smtps:// address of the mail server; undefined: messages are kept in the outbox. */
  smtpUrl: string | undefined;
  /** The portal's address as people reach it, for links in e-mail (never the request's Host header). */
  publicBaseUrl: string | undefined;
  /** The sender of notice e-mails. */
  from: string;
  /** How often each portal process sends the e-mails that are due, in seconds (default 30). */
  everySeconds?: number;
}

export const DEFAULT_MAIL_SETTINGS: MailSettings = { smtpUrl: undefined, publicBaseUrl: undefined, from: 'OpenPA <no-reply@localhost>' };

export interface PlanSettings {
  name: string;
  address: string;
  phone: string;
  /** IANA time zone in which due times and the dates on letters are shown. */
  timeZone: string;
  /**
   * Days after which an office's provider information must be confirmed again: 90 by default, the
   * No Surprises Act's directory verification interval (PHS Act 2799B-9); the guide says six months.
   */
  providerInformationDays: number;
}

/** The plan's settings when none are given (demo values: fictional). */
export const DEFAULT_PLAN_SETTINGS: PlanSettings = { name: 'OpenPA Health Plan', address: 'PO Box 1000, Springfield, IL 62701', phone: '(312) 555-0100', timeZone: 'America/New_York', providerInformationDays: 90 };

const schema = Joi.object({
  PORT: Joi.number().integer().min(0).max(65535).default(3000),
  HOST: Joi.string().trim().min(1).default('127.0.0.1'),
  DATABASE_FILE: Joi.string().trim().min(1).default('data/openpa.sqlite3'),
  UPLOAD_DIR: Joi.string().trim().min(1).default('uploads'),
  DATABASE_URL: Joi.string().trim().pattern(/^postgres(ql)?:\/\//).messages({
    'string.pattern.base': 'DATABASE_URL must be a PostgreSQL address such as postgres://user:password@host:5432/openpa',
  }),
  // Every process on PostgreSQL signs the same cookies, so none may invent its own secret.
  SESSION_SECRET: Joi.string()
    .min(32)
    .when('DATABASE_URL', { is: Joi.exist(), then: Joi.required() })
    .messages({
      'string.min': 'SESSION_SECRET must be at least 32 characters long',
      'any.required': 'SESSION_SECRET is required with DATABASE_URL: every portal process must share the same secret',
    }),
  SEED_DEMO: Joi.boolean().truthy('1', 'yes', 'on').falsy('0', 'no', 'off'),
  SESSION_IDLE_MINUTES: Joi.number().integer().min(1).max(720).default(30),
  API_CALLS_PER_MINUTE: Joi.number().integer().min(1).max(100000).default(600),
  SUBSCRIPTION_ALLOWED_HOSTS: Joi.string()
    .allow('')
    .default('')
    .custom((setting: string, helpers) => {
      const read = readAllowedHosts(setting);
      return 'problem' in read ? helpers.message({ custom: `${read.problem}: list host names, IP addresses or CIDR ranges, separated by commas` }) : setting;
    }),
  NODE_ENV: Joi.string().default('development'),
  PLAN_FAX_NUMBER: Joi.string().trim().max(40).default('(312) 555-0199'),
  TLS_CERT_FILE: Joi.string().trim(),
  TLS_KEY_FILE: Joi.string().trim(),
  PLAN_NAME: Joi.string().trim().min(1).max(100).default(DEFAULT_PLAN_SETTINGS.name),
  PLAN_ADDRESS: Joi.string().trim().min(1).max(200).default(DEFAULT_PLAN_SETTINGS.address),
  PLAN_PHONE: Joi.string().trim().min(1).max(40).default(DEFAULT_PLAN_SETTINGS.phone),
  PLAN_TIME_ZONE: Joi.string()
    .trim()
    .default(DEFAULT_PLAN_SETTINGS.timeZone)
    .custom((name: string, helpers) => (isTimeZone(name) ? name : helpers.error('timeZone.unknown')))
    .messages({ 'timeZone.unknown': 'PLAN_TIME_ZONE must be an IANA time zone name, like America/Chicago' }),
  SMTP_URL: Joi.string().trim().uri({ scheme: ['smtp', 'smtps'] }).messages({
    'string.uri': 'SMTP_URL must be a mail server address such as smtp://user:password@mail.example:587',
    'string.uriCustomScheme': 'SMTP_URL must be a mail server address such as smtp://user:password@mail.example:587',
  }),
  // Links in e-mail are built from it, so a mail server without it is refused rather than sending links nowhere.
  PUBLIC_BASE_URL: Joi.string()
    .trim()
    .uri({ scheme: ['http', 'https'] })
    .custom((url: string, helpers) => (/[?#]/.test(url) ? helpers.error('publicBaseUrl.plain') : url.replace(/\/+$/, '')))
    .when('SMTP_URL', { is: Joi.exist(), then: Joi.required() })
    .messages({
      'string.uri': 'PUBLIC_BASE_URL must be the portal\'s address as people reach it, such as https://portal.example.org',
      'string.uriCustomScheme': 'PUBLIC_BASE_URL must be the portal\'s address as people reach it, such as https://portal.example.org',
      'publicBaseUrl.plain': 'PUBLIC_BASE_URL must be the portal\'s address without ? or #, such as https://portal.example.org',
      'any.required': 'PUBLIC_BASE_URL is required with SMTP_URL: the links in notice e-mails are built from it',
    }),
  MAIL_FROM: Joi.string().trim().min(3).max(200).default(DEFAULT_MAIL_SETTINGS.from),
  MAIL_EVERY_SECONDS: Joi.number().integer().min(1).max(3600).default(30),
  PLAN_PROVIDER_INFORMATION_DAYS: Joi.number().integer().min(1).max(3650).default(DEFAULT_PLAN_SETTINGS.providerInformationDays),
  TRUST_PROXY: Joi.alternatives(Joi.boolean().truthy('yes', 'on').falsy('no', 'off'), Joi.number().integer().min(0), Joi.string().trim().min(1)),
})
  .and('TLS_CERT_FILE', 'TLS_KEY_FILE')
  .unknown(true);

export class ConfigError extends Error {}

/**
 * Reads the environment into one validated config object. A bad value throws a ConfigError whose
 * message is one line naming the variable, so server.ts can print it and exit 1.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { value, error } = schema.validate(env, { abortEarly: true, convert: true });
  if (error) {
    const detail = error.details[0];
    if (detail?.type === 'object.and') throw new ConfigError('Invalid configuration: TLS_CERT_FILE and TLS_KEY_FILE go together: set both, or neither');
    const key = detail?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${key}: ${detail?.message.replace(/"/g, '') ?? error.message}`);
  }
  const databaseFile = path.resolve(projectRoot, value.DATABASE_FILE as string);
  return {
    port: value.PORT,
    host: value.HOST,
    databaseFile,
    databaseUrl: value.DATABASE_URL,
    uploadDir: path.resolve(projectRoot, value.UPLOAD_DIR as string),
    sessionSecret: value.SESSION_SECRET ?? sessionSecretBeside(databaseFile),
    seedDemo: value.SEED_DEMO,
    sessionIdleMinutes: value.SESSION_IDLE_MINUTES,
    apiCallsPerMinute: value.API_CALLS_PER_MINUTE,
    subscriptionAllowedHosts: (readAllowedHosts(value.SUBSCRIPTION_ALLOWED_HOSTS) as { allowed: AllowedHosts }).allowed,
    nodeEnv: value.NODE_ENV,
    planFaxNumber: value.PLAN_FAX_NUMBER,
    tls: value.TLS_CERT_FILE ? { certFile: path.resolve(projectRoot, value.TLS_CERT_FILE), keyFile: path.resolve(projectRoot, value.TLS_KEY_FILE) } : undefined,
    trustProxy: value.TRUST_PROXY,
    plan: { name: value.PLAN_NAME, address: value.PLAN_ADDRESS, phone: value.PLAN_PHONE, timeZone: value.PLAN_TIME_ZONE, providerInformationDays: value.PLAN_PROVIDER_INFORMATION_DAYS },
    mail: { smtpUrl: value.SMTP_URL, publicBaseUrl: value.PUBLIC_BASE_URL, from: value.MAIL_FROM, everySeconds: value.MAIL_EVERY_SECONDS },
  };
}

/**
 * When SESSION_SECRET is not set, the first start generates one and keeps it beside the database,
 * readable by its owner only, so sessions survive a restart without anyone having to invent a secret.
 */
function sessionSecretBeside(databaseFile: string): string {
  const file = path.join(path.dirname(databaseFile), 'session-secret');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return secret;
}
