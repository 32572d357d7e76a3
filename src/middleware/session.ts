import session from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { Db } from '../db/database';

/**
 * Sessions are kept in the app's own SQLite database, so a restart signs no one out and loses no
 * request in progress. The cookie is HttpOnly and SameSite=Lax; it is refreshed on every request and
 * ends after the idle time.
 */
export function sessions(db: Db, secret: string, idleMinutes: number) {
  const store = new ConnectSessionKnexStore({ knex: db, tableName: 'sessions', createTable: false, cleanupInterval: 15 * 60 * 1000 });
  return {
    store,
    middleware: session({
      name: 'openpa.sid',
      secret,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      // secure: 'auto' marks the cookie Secure whenever the request came over HTTPS (directly or, with
      // TRUST_PROXY, through a proxy that says so).
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: idleMinutes * 60 * 1000 },
    }),
  };
}
