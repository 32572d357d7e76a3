import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';

/**
 * Where uploaded files are written: the upload folder on disk in production. It is a dependency of
 * the app (AppDeps.fileStorage) so that a test can make the disk full (ENOSPC) or read-only (EROFS)
 * without mounting anything, and see the page a provider would see.
 */
export interface FileStorage {
  /** A new file, readable by the portal only; fails (synchronously or with an 'error' event) if it cannot be written. */
  createFile(filePath: string): Writable;
  /** Moves a finished file into place under its stored name. */
  moveFile(from: string, to: string): void;
}

export const diskFileStorage: FileStorage = {
  createFile(filePath) {
    fs.mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
    return fs.createWriteStream(filePath, { flags: 'wx', mode: 0o600 });
  },
  moveFile(from, to) {
    fs.renameSync(from, to);
  },
};

/** The errors that mean the upload folder cannot take the file now: full, over quota, or read-only. */
const STORAGE_UNAVAILABLE = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

export function isStorageUnavailable(err: unknown): boolean {
  return STORAGE_UNAVAILABLE.has(String((err as { code?: unknown } | null)?.code));
}
