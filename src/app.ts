import express, { type Express } from 'express';
import type { Store } from 'express-session';
import type { Config } from './config';
import type { Db } from './db/database';
import { securityHeaders } from './middleware/security';
import { sessions } from './middleware/session';
import { csrfProtection, csrfToken } from './middleware/csrf';
import { loadUser, requireSignIn } from './middleware/signIn';
import { errorPage, notFound } from './middleware/errors';
import { publicDir, viewsDir } from './paths';
import type { FieldError } from './validation';
import { authRouter } from './routes/auth';
import { homeRouter } from './routes/home';
import { memberSearchRouter } from './routes/memberSearch';
import { newbornRouter } from './routes/newborn';
import { requestDetailRouter } from './routes/requestDetail';
import { attachmentsRouter } from './routes/attachments';
import { statusRouter } from './routes/status';
import { priorAuthJourneyRouter } from './journeys/priorAuth/router';

export interface AppDeps {
  db: Db;
  config: Pick<Config, 'sessionSecret' | 'sessionIdleMinutes' | 'nodeEnv' | 'uploadDir' | 'planFaxNumber'>;
  log?: (err: unknown, req: express.Request) => void;
}

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
  // The one helper views share: the message for a field, from the same list the error summary shows.
  app.locals.errorFor = (errors: FieldError[] | undefined, field: string) => errors?.find((e) => e.field === field)?.message;

  app.use(securityHeaders());
  app.use('/public', express.static(publicDir, { index: false, maxAge: '1h' }));
  app.get('/healthz', async (_req, res) => {
    await db.raw('select 1');
    res.type('text/plain').send('ok');
  });

  app.use(express.urlencoded({ extended: true, limit: '100kb', parameterLimit: 500 }));
  const { store, middleware } = sessions(db, config.sessionSecret, config.sessionIdleMinutes, false);
  app.locals.sessionStore = store;
  app.use(middleware);
  app.use(csrfToken);
  app.use(csrfProtection);
  app.use(loadUser(db));
  app.use((req, res, next) => {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
    res.locals.currentPath = req.path;
    next();
  });

  app.use(authRouter(db));
  app.use(requireSignIn);
  app.use(homeRouter());
  app.use(memberSearchRouter(db));
  app.use(newbornRouter(db));
  app.use(statusRouter(db));
  app.use(requestDetailRouter(db));
  app.use(attachmentsRouter(db, config.uploadDir, config.planFaxNumber));
  app.use(priorAuthJourneyRouter(db));

  app.use(notFound);
  app.use(errorPage(deps.log ?? defaultLog));
  return app;
}

function defaultLog(err: unknown, req: express.Request): void {
  // Method and route only: a URL or body could carry health information.
  const e = err as Error;
  process.stderr.write(`${JSON.stringify({ level: 'error', method: req.method, route: req.route?.path, error: e?.name, message: e?.message, stack: e?.stack })}\n`);
}
