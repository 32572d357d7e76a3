import type { Knex } from 'knex';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database';
import { deleteAttachments, insertAttachments, type NewAttachment } from '../db/repositories/attachments';
import { checkClinicalFile } from '../domain/fileTypes';
import { fileNameForDisplay } from '../domain/fileNames';
import { removeReceived, type ReceivedFile } from '../middleware/uploads';
import { diskFileStorage, type FileStorage } from './fileStorage';

export type StoreResult = { kind: 'stored'; count: number } | { kind: 'refused'; reasons: string[] };

export interface StoreOptions {
  /** Files come with something else (a message) and may be none at all. */
  filesOptional?: boolean;
  /** Written in the same transaction as the files' rows, given their ids (the message they were sent with). */
  alsoInTransaction?: (trx: Knex.Transaction, ids: readonly number[]) => Promise<void>;
}

/**
 * Stores an upload all or nothing, with whatever came with it (options.alsoInTransaction). Every file is checked first (type from its content, size, not
 * empty); one refusal refuses the whole upload. Then the rows are committed in one transaction and
 * only after that are the files moved from their temporary names into place; if a move fails, the
 * rows are taken back and the moved files removed, so there is never a row without its file nor a
 * file without its row.
 */
export async function storeClinicalFiles(
  db: Db,
  uploadDir: string,
  requestId: number,
  userId: number,
  files: readonly ReceivedFile[],
  storage: FileStorage = diskFileStorage,
  options: StoreOptions = {},
): Promise<StoreResult> {
  try {
    if (files.length === 0 && !options.filesOptional) return { kind: 'refused', reasons: ['Select at least one file to upload'] };
    const accepted: (NewAttachment & { tempPath: string })[] = [];
    const reasons: string[] = [];
    for (const file of files) {
      const name = fileNameForDisplay(file.originalName);
      const content = file.tooLarge ? Buffer.alloc(0) : fs.readFileSync(file.tempPath);
      const check = checkClinicalFile(name, file.tooLarge ? Number.MAX_SAFE_INTEGER : file.size, content);
      if (!check.ok) {
        reasons.push(check.reason);
        continue;
      }
      accepted.push({
        originalName: name,
        storedName: `${crypto.randomUUID()}.${check.type}`,
        fileType: check.type,
        mediaType: check.mediaType,
        sizeBytes: file.size,
        sha256: file.sha256,
        tempPath: file.tempPath,
      });
    }
    if (reasons.length > 0) return { kind: 'refused', reasons };

    const ids = await insertAttachments(db, requestId, userId, accepted, options.alsoInTransaction);
    const moved: string[] = [];
    try {
      for (const file of accepted) {
        const target = path.join(uploadDir, file.storedName);
        storage.moveFile(file.tempPath, target);
        moved.push(target);
      }
    } catch (err) {
      await deleteAttachments(db, ids);
      for (const target of moved) fs.rmSync(target, { force: true });
      throw err;
    }
    return { kind: 'stored', count: accepted.length };
  } finally {
    removeReceived(files);
  }
}
