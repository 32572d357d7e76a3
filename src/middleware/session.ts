import type { NextFunction, Request, Response } from 'express';
import session, { type SessionData } from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { Db } from '../db/database';
import { noteGenerations } from '../db/repositories/cacheGenerations';
import { rawRows } from '../db/results';
import { isPostgres } from '../db/dialect';
import { preparedAll, preparedStatementsApply } from '../db/sqliteStatements';

declare module 'express-session' {
  /** Who is signed in, and little else: journeys keep their answers in rows of their own. */
  interface SessionData {
    userId?: number;
    /** When the user signed in (ms since the epoch): a session lasts 12 hours at most. */
    signedInAt?: number;
    /** passwordStamp() of the user's password at sign-in: a change of password ends the session. */
    passwordStamp?: string;
    /** When the session's expiry was last moved (refreshSessionExpiry). */
    refreshedAt?: number;
    /** One message for the next page, such as "The request was cancelled". */
    flash?: string;
  }
}

/** The session, unexpired by connect-session-knex's own condition on each database, beside the generations row. */
const SESSION_WITH_GENERATIONS = {
  sqlite: 'SELECT s.sess, g.users, g.members, g.reference, g.codes FROM cache_generations g LEFT JOIN sessions s ON s.sid = ? AND datetime(?) <= datetime(s.expired) WHERE g.id = 1',
  postgres: 'SELECT s.sess, g.users, g.members, g.reference, g.codes FROM cache_generations g LEFT JOIN sessions s ON s.sid = ? AND CAST(? AS timestamp with time zone) <= s.expired WHERE g.id = 1',
};

/**
 * How stale a session's expiry may be. A session's idle time runs from its last refresh: the stored
 * expiry and the cookie's are moved together, by one save and one Set-Cookie, at most once a minute
 * (refreshSessionExpiry), rather than a store write, a cookie signed again and a Set-Cookie on every
 * page (express-session's rolling sessions). The idle timeout holds to within this minute, as before.
 */
export const SESSION_REFRESH_MS = 60_000;

/**
 * The store: sessions in the app's own database, so a restart signs no one out and loses no request
 * in progress. Its touch() does nothing: an expiry moved in the store alone would outlive the cookie's,
 * which the browser keeps unchanged without a Set-Cookie; refreshSessionExpiry moves both.
 */
class SessionStore extends ConnectSessionKnexStore {
  override async touch(_sid: string, _session: SessionData, callback?: () => void): Promise<void> {
    callback?.();
  }

  /**
   * The session, read with the cache generations in the same statement: the one query every
   * signed-in request makes also tells whether the users, members and rules kept in memory are
   * still current (src/db/repositories/cacheGenerations.ts).
   */
  override async get(sid: string, callback?: (err: unknown, session?: SessionData | null) => void): Promise<SessionData | null> {
    const { knex } = this.options;
    try {
      const params = [sid, new Date().toISOString()];
      // A statement prepared once on SQLite; on PostgreSQL one raw statement (no query builder), one round trip.
      const sql = isPostgres(knex) ? SESSION_WITH_GENERATIONS.postgres : SESSION_WITH_GENERATIONS.sqlite;
      const rows = preparedStatementsApply(knex) ? await preparedAll(knex, sql, params) : rawRows<Record<string, unknown>>(await knex.raw(sql, params));
      const row = rows[0];
      if (row) noteGenerations(knex, row);
      // SQLite keeps the session as JSON text; PostgreSQL's json column comes back parsed.
      const session = typeof row?.sess === 'string' ? (JSON.parse(row.sess) as SessionData) : ((row?.sess as SessionData | null | undefined) ?? null);
      callback?.(null, session);
      return session;
    } catch (err) {
      callback?.(err);
      throw err;
    }
  }
}

export function sessions(db: Db, secret: string, idleMinutes: number) {
  const store = new SessionStore({ knex: db, tableName: 'sessions', createTable: false, cleanupInterval: 15 * 60 * 1000 });
  return {
    store,
    refresh: refreshSessionExpiry(idleMinutes),
    middleware: session({
      name: 'openpa.sid',
      secret,
      store,
      resave: false,
      saveUninitialized: false,
      // Not rolling: the expiry moves once a minute (refreshSessionExpiry), with the cookie sent then.
      rolling: false,
      // secure: 'auto' marks the cookie Secure whenever the request came over HTTPS (directly or, with
      // TRUST_PROXY, through a proxy that says so).
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: idleMinutes * 60 * 1000 },
    }),
  };
}

/**
 * Moves a stored session's expiry (store and cookie) when its last move is a minute old or more: a
 * changed session is saved by express-session, with its new expiry, and its cookie sent again. A new
 * session's expiry is a full idle time away, so an empty session is still never saved.
 */
export function refreshSessionExpiry(idleMinutes: number) {
  const idleMs = idleMinutes * 60 * 1000;
  return (req: Request, _res: Response, next: NextFunction): void => {
    const expires = req.session?.cookie.expires;
    if (expires && expires.getTime() - Date.now() <= idleMs - SESSION_REFRESH_MS) req.session.refreshedAt = Date.now();
    next();
  };
}

/**
 * A new session id for the same browser (at sign-in and at a change of password), so that an id
 * someone else may know stops working. `keep` is carried over into the new session.
 */
export function regenerateSession(req: Request, keep: Partial<SessionData> = {}): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((err) => {
      if (err) return reject(err);
      Object.assign(req.session, keep);
      resolve();
    }),
  );
}
