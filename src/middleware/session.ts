import type { Request } from 'express';
import session, { type SessionData } from 'express-session';
import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { Db } from '../db/database';
import { noteGenerations, readGenerations } from '../db/repositories/cacheGenerations';
import { preparedAll } from '../db/sqliteStatements';

declare module 'express-session' {
  /** Who is signed in, and little else: journeys keep their answers in rows of their own. */
  interface SessionData {
    userId?: number;
    /** When the user signed in (ms since the epoch): a session lasts 12 hours at most. */
    signedInAt?: number;
    /** passwordStamp() of the user's password at sign-in: a change of password ends the session. */
    passwordStamp?: string;
    /** One message for the next page, such as "The request was cancelled". */
    flash?: string;
  }
}

/**
 * Sessions are kept in the app's own SQLite database, so a restart signs no one out and loses no
 * request in progress. The cookie is HttpOnly and SameSite=Lax; it is refreshed on every request and
 * ends after the idle time.
 */
/**
 * With rolling sessions every request would write the session's new expiry to the database. Moving it
 * at most once a minute keeps the idle timeout to within a minute and saves a write on almost every
 * page (measured in bench/portal.ts).
 */
/** connect-session-knex's own condition for an unexpired session on SQLite, beside the generations row. */
const SQLITE_SESSION_WITH_GENERATIONS =
  'SELECT s.sess, g.users, g.members, g.reference, g.codes FROM cache_generations g LEFT JOIN sessions s ON s.sid = ? AND datetime(?) <= datetime(s.expired) WHERE g.id = 1';

class ThrottledKnexStore extends ConnectSessionKnexStore {
  private readonly lastTouch = new Map<string, number>();

  override async touch(sid: string, session: SessionData, callback?: () => void): Promise<void> {
    const now = Date.now();
    if (now - (this.lastTouch.get(sid) ?? 0) < 60_000) {
      callback?.();
      return;
    }
    this.lastTouch.delete(sid);
    this.lastTouch.set(sid, now);
    // A Map keeps insertion order: the first keys are the oldest touches.
    for (const old of this.lastTouch.keys()) {
      if (this.lastTouch.size <= 10_000) break;
      this.lastTouch.delete(old);
    }
    return super.touch(sid, session, callback);
  }

  /**
   * The session, read with the cache generations in the same statement: the one query every
   * signed-in request makes also tells whether the users, members and rules kept in memory are
   * still current (src/db/repositories/cacheGenerations.ts).
   */
  override async get(sid: string, callback?: (err: unknown, session?: SessionData | null) => void): Promise<SessionData | null> {
    const { knex } = this.options;
    if (knex.client.dialect !== 'sqlite3') {
      // Two statements elsewhere; the same answer.
      try {
        await readGenerations(knex);
      } catch (err) {
        callback?.(err);
        throw err;
      }
      return super.get(sid, callback ?? (() => undefined));
    }
    try {
      const rows = await preparedAll(knex, SQLITE_SESSION_WITH_GENERATIONS, [sid, new Date().toISOString()]);
      const row = rows[0];
      if (row) noteGenerations(knex, row);
      const session = typeof row?.sess === 'string' ? (JSON.parse(row.sess) as SessionData) : null;
      callback?.(null, session);
      return session;
    } catch (err) {
      callback?.(err);
      throw err;
    }
  }

  override async set(sid: string, session: SessionData, callback?: (err?: unknown) => void): Promise<void> {
    this.lastTouch.set(sid, Date.now());
    return super.set(sid, session, callback);
  }
}

export function sessions(db: Db, secret: string, idleMinutes: number) {
  const store = new ThrottledKnexStore({ knex: db, tableName: 'sessions', createTable: false, cleanupInterval: 15 * 60 * 1000 });
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
