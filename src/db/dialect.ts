import type { Db } from './database';

/** Which database the portal runs on: SQLite (the embedded default) or PostgreSQL (DATABASE_URL). */
export function isPostgres(db: Db): boolean {
  return db.client.config.client === 'pg';
}
