import express, { type Express } from 'express';
import ejs from 'ejs';
import type { Store } from 'express-session';
import { DEFAULT_MAIL_SETTINGS, DEFAULT_PLAN_SETTINGS, type Config } from './config';
import type { Db } from './db/database';
import { noStore } from './middleware/security';
import { answerStack, signedInPageStack } from './middleware/pageStack';
import { requireSignIn } from './middleware/signIn';
import { errorPage, notFound } from './middleware/errors';
import type { FileStorage } from './services/fileStorage';
import { createLogger } from './logger';
import type { Logger } from 'pino';
import { publicDir, viewsDir } from './paths';
import type { FieldError } from './validation';
import { authRouter } from './routes/auth';
import { homeRouter } from './routes/home';
import { codeLookupRouter } from './routes/codeLookup';
import { memberSearchRouter } from './routes/memberSearch';
import { newbornRouter } from './routes/newborn';
import { ownRequest, requestDetailRouter } from './routes/requestDetail';
import { attachmentsRouter } from './routes/attachments';
import { requestMessagesRouter } from './routes/requestMessages';
import { reconsiderationRouter } from './routes/reconsideration';
import { statusRouter } from './routes/status';
import { adminRouter } from './routes/admin';
import { accountRouter } from './routes/account';
import { priorAuthJourneyRouter } from './journeys/priorAuth/router';
import { priorAuthKind } from './journeys/priorAuth/kind';
import type { Step as RequestStep } from './journeys/priorAuth/step';
import { newbornJourneyRouter } from './journeys/newborn/router';
import { newbornKind } from './journeys/newborn/kind';
import { inProgressList } from './journeys/inProgress';
import type { PasswordHasher } from './auth/passwords';
import { PasswordChecks } from './auth/passwordChecks';
import { providerPagesOnly } from './middleware/planAccess';
import { byPathPrefix } from './middleware/routing';
import { planRouter } from './routes/plan';
import { lettersRouter } from './routes/letters';
import { noticesRouter } from './routes/notices';
import { withdrawRouter } from './routes/withdraw';
import { copyRequestRouter } from './routes/copyRequest';
import { authorizationUpdateRouter } from './journeys/authorizationUpdate/router';
import { authorizationUpdateKind } from './journeys/authorizationUpdate/kind';
import { outboxRouter } from './routes/outbox';
import { metricsRouter } from './routes/metrics';
import { planSettingsRouter } from './routes/planSettings';
import { manageUsersRouter } from './routes/manageUsers';
import { announcementsRouter } from './routes/announcements';
import { providerInformationRouter } from './routes/providerInformation';
import { setPasswordRouter } from './routes/setPassword';
import type { SetPasswordLinkDelivery } from './services/setPasswordLinks';
import { mailSetPasswordLinks } from './services/setPasswordMail';
import { fhirRouter } from './routes/fhir';
import type { ApiCallLimit } from './domain/apiCallLimits';
import { fhirAddresses } from './routes/fhir/smartAuth';
import { apiClientsRouter } from './routes/apiClients';
import { NO_ALLOWED_HOSTS } from './domain/endpointAddresses';
import { systemResolver, type HostResolver } from './services/endpointLookup';

export interface AppDeps {
  db: Db;
  config: Pick<Config, 'sessionSecret' | 'sessionIdleMinutes' | 'nodeEnv' | 'uploadDir' | 'planFaxNumber'> & Partial<Pick<Config, 'plan' | 'mail' | 'subscriptionAllowedHosts'>>;
  /** Where uploaded files are written (the upload folder on disk unless a test makes it full or read-only). */
  fileStorage?: FileStorage;
  logger?: Logger;
  /** Behind a reverse proxy (TRUST_PROXY): which hops to trust for the client address and HTTPS. */
  trustProxy?: string | number | boolean;
  /** Sign-in attempts one client address may make in 15 minutes (tests set it low to see the limit). */
  signInAttemptsPerAddress?: number;
  /** The request's steps, when a test adds one to the flow (the portal's own flow otherwise). */
  requestSteps?: readonly RequestStep[];
  /** How passwords are hashed: scryptHasher() (the production cost) in server.ts, a low cost in tests. */
  passwordHasher: PasswordHasher;
  /** Password checks running at once (sign-in, change of password); the next is answered 503 at once. */
  passwordChecksAtOnce?: number;
  /**
   * Where one-time set-password links go (a new user's, an administrator's, a forgotten password's):
   * the mail path once it is connected; a test captures them. Without it a link is only logged as made.
   */
  deliverSetPasswordLink?: SetPasswordLinkDelivery;
  /** Calls one API client may make in a window (issue 15; tests set it low to see the limit). */
  apiCallLimit?: ApiCallLimit;
  /** How a Subscription endpoint's host name is resolved when it is created (the system's resolver unless a test fakes it). */
  resolveHost?: HostResolver;
  /** The time, for the plan's decision clock (a test fixes it; the real time otherwise). */
  clock?: () => Date;
}

/** Where the portal answers when PUBLIC_BASE_URL is not set (a developer's machine). */
export const DEFAULT_PUBLIC_BASE_URL = 'http://localhost:3000';

export interface App extends Express {
  locals: Express['locals'] & { sessionStore: Store };
}

/** The portal, without listen(): server.ts starts it, tests hand it to supertest. */
export function createApp(deps: AppDeps): App {
  const { db, config } = deps;
  const app = express() as App;
  app.set('view engine', 'ejs');
  app.set('views', viewsDir);
  app.set('query parser', 'simple');
  app.disable('x-powered-by');
  if (config.nodeEnv === 'production') app.set('view cache', true);
  // rmWhitespace trims the indentation EJS leaves on every line: smaller pages, no trailing spaces.
  // (EJS 7 no longer reads Express's "view options", so the engine is registered with its options.)
  app.engine('ejs', (file: string, data: object, done: (err: Error | null, html?: string) => void) => {
    // Includes are named from the views folder ("/partials/head"): EJS resolves such a name without
    // looking on disk, where a relative one costs an fs.existsSync on every include of every render.
    // unsafePrototypeLocals: a template uses the data it is given (Express's render options, made afresh
    // for each render; an include's own copy) instead of copying every key once more for each template.
    ejs.renderFile(file, data as ejs.Data, { rmWhitespace: true, cache: app.enabled('view cache'), root: viewsDir, unsafePrototypeLocals: true } as ejs.Options, (err, html) => done(err, html));
  });
  // The one helper views share: the message for a field, from the same list the error summary shows.
  app.locals.errorFor = (errors: FieldError[] | undefined, field: string) => errors?.find((e) => e.field === field)?.message;

  const logger = deps.logger ?? createLogger();
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  for (const handler of answerStack(logger)) app.use(handler);
  app.use('/public', express.static(publicDir, { index: false, maxAge: '1h' }));
  // Everything after the static files is built per request: never cached, never answered 304.
  app.set('etag', false);
  app.use(noStore);
  // No icon: answer at once, before sessions, rather than with a sign-in redirect.
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  app.get('/healthz', async (_req, res) => {
    await db.raw('select 1');
    res.type('text/plain').send('ok');
  });

  app.use(express.urlencoded({ extended: true, limit: '100kb', parameterLimit: 500 }));
  const clock = deps.clock ?? (() => new Date());
  // The Prior Authorization API (issue 15): its callers hold access tokens, not sessions or CSRF tokens.
  // Its addresses (the assertion's audience) come from PUBLIC_BASE_URL, never from the Host header.
  const addresses = fhirAddresses(config.mail?.publicBaseUrl ?? DEFAULT_PUBLIC_BASE_URL);
  const fhirOptions = { timeZone: (config.plan ?? DEFAULT_PLAN_SETTINGS).timeZone, callLimit: deps.apiCallLimit, uploadDir: config.uploadDir, endpoints: { allowed: config.subscriptionAllowedHosts ?? NO_ALLOWED_HOSTS, resolve: deps.resolveHost ?? systemResolver } };
  app.use(byPathPrefix(fhirRouter(db, addresses, clock, (err, req) => logger.error({ reqId: req.id, method: req.method, err: { name: (err as Error)?.name, message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'FHIR request failed'), fhirOptions)));
  const pages = signedInPageStack(db, config.sessionSecret, config.sessionIdleMinutes);
  app.locals.sessionStore = pages.store;
  for (const handler of pages.handlers) app.use(handler);

  const passwords = { hasher: deps.passwordHasher, checks: new PasswordChecks(deps.passwordChecksAtOnce) };
  const plan = config.plan ?? DEFAULT_PLAN_SETTINGS;
  // Set-password links go by the mail path: queued in the outbox, sent through SMTP_URL or kept there.
  const deliverLinks: SetPasswordLinkDelivery = deps.deliverSetPasswordLink ?? mailSetPasswordLinks(db, config.mail ?? DEFAULT_MAIL_SETTINGS, plan.timeZone, clock);
  app.use(byPathPrefix(authRouter(db, passwords, deps.signInAttemptsPerAddress)));
  app.use(byPathPrefix(setPasswordRouter(db, passwords, deliverLinks, clock)));
  // The plan's public figures (CMS-0057-F): anyone may read them without signing in.
  app.use(byPathPrefix(metricsRouter(db, plan.timeZone, clock)));
  app.use(requireSignIn);
  const requestKind = priorAuthKind(deps.requestSteps);
  const updateKind = authorizationUpdateKind();
  const inProgress = inProgressList([requestKind, newbornKind, updateKind] as never[]);
  app.use(byPathPrefix(homeRouter(db, inProgress, plan, clock)));
  app.use(byPathPrefix(accountRouter(db, passwords)));
  app.use(byPathPrefix(manageUsersRouter(db, deliverLinks, clock)));
  app.use(byPathPrefix(apiClientsRouter(db, addresses, clock)));
  // The plan's pages, then everything else is the offices' only.
  const pageTime = { clock, timeZone: plan.timeZone };
  app.use(byPathPrefix(planSettingsRouter(db, clock)));
  app.use(byPathPrefix(announcementsRouter(db, plan.timeZone, clock)));
  app.use(byPathPrefix(providerInformationRouter(db, plan.providerInformationDays, clock)));
  app.use(byPathPrefix(planRouter(db, plan, clock, config.uploadDir)));
  app.use(byPathPrefix(outboxRouter(db, config.mail ?? DEFAULT_MAIL_SETTINGS)));
  // The audit log: an organization administrator's, or the plan administrator's of the plan's staff.
  app.use(byPathPrefix(adminRouter(db)));
  app.use(providerPagesOnly);
  app.use(byPathPrefix(noticesRouter(db, clock)));
  app.use(byPathPrefix(codeLookupRouter(db)));
  app.use(byPathPrefix(memberSearchRouter(db, inProgress)));
  app.use(byPathPrefix(newbornRouter(db)));
  app.use(byPathPrefix(newbornJourneyRouter(db)));
  app.use(byPathPrefix(statusRouter(db, pageTime)));
  app.use(byPathPrefix(lettersRouter(db, plan, { base: '/prior-auth/requests', find: (res, reference) => ownRequest(db, res, reference) })));
  app.use(byPathPrefix(requestDetailRouter(db, pageTime)));
  app.use(byPathPrefix(attachmentsRouter(db, config.uploadDir, config.planFaxNumber, pageTime, deps.fileStorage)));
  app.use(byPathPrefix(requestMessagesRouter(db, config.uploadDir, pageTime, deps.fileStorage)));
  app.use(byPathPrefix(reconsiderationRouter(db, config.uploadDir, plan, clock, deps.fileStorage)));
  app.use(byPathPrefix(withdrawRouter(db, pageTime)));
  app.use(byPathPrefix(copyRequestRouter(db, clock)));
  app.use(byPathPrefix(authorizationUpdateRouter(db, updateKind)));
  app.use(byPathPrefix(priorAuthJourneyRouter(db, requestKind)));

  app.use(notFound);
  app.use(
    errorPage((level, err, req) => {
      // The error and the route, never the body or the query: they could carry health information.
      // A client's malformed request is a warning; only the portal's own failures are errors.
      const e = err as Error;
      const fields = { reqId: req.id, method: req.method, route: req.route?.path, err: { name: e?.name, message: e?.message, ...(level === 'error' ? { stack: e?.stack } : {}) } };
      if (level === 'warn') logger.warn(fields, 'request refused');
      else logger.error(fields, 'request failed');
    }),
  );
  return app;
}
