import type { Knex } from 'knex';
import type { Db } from '../database';
import { insertedId } from '../results';
import type { FileType } from '../../domain/fileTypes';
import { fileNameForDisplay } from '../../domain/fileNames';

/** A file as the upload checked it, before it has a row. */
export interface NewAttachment {
  originalName: string;
  storedName: string;
  fileType: FileType;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

/** A stored file: what was uploaded, and by whom and when. */
export interface Attachment extends NewAttachment {
  id: number;
  requestId: number;
  /** The uploader's display name. */
  uploadedBy: string;
  uploadedAt: string;
}

/**
 * Records the files of one upload, all or none, and returns their ids. What else belongs with the files
 * (the message they were sent with) is written in the same transaction.
 */
export async function insertAttachments(
  db: Db,
  requestId: number,
  uploadedBy: number,
  files: readonly NewAttachment[],
  alsoInTransaction?: (trx: Knex.Transaction, ids: readonly number[]) => Promise<void>,
): Promise<number[]> {
  const uploadedAt = new Date().toISOString();
  return db.transaction(async (trx) => {
    const ids = await insertAttachmentRows(trx, requestId, { userId: uploadedBy }, files, uploadedAt);
    await alsoInTransaction?.(trx, ids);
    return ids;
  });
}

/**
 * The rows of files inside a transaction the caller holds: uploaded by a user, or sent by an API client
 * with the request it submitted (issue 15), whose row has no user.
 */
export async function insertAttachmentRows(
  trx: Knex.Transaction | Db,
  requestId: number,
  uploader: { userId: number } | { apiClientId: number },
  files: readonly NewAttachment[],
  uploadedAt: string,
): Promise<number[]> {
  const ids: number[] = [];
  for (const f of files) {
    ids.push(insertedId(await trx('attachments').insert({
      request_id: requestId,
      original_name: f.originalName,
      stored_name: f.storedName,
      file_type: f.fileType,
      media_type: f.mediaType,
      size_bytes: f.sizeBytes,
      sha256: f.sha256,
      ...('userId' in uploader ? { uploaded_by: uploader.userId } : { uploaded_by: null, api_client_id: uploader.apiClientId }),
      uploaded_at: uploadedAt,
    }).returning('id')));
  }
  return ids;
}

/** Takes back the rows of an upload whose files could not be put in place. */
export async function deleteAttachments(db: Db, ids: readonly number[]): Promise<void> {
  await db('attachments').whereIn('id', ids).del();
}

export async function listAttachments(db: Db, requestId: number): Promise<Attachment[]> {
  const rows = await db('attachments as a')
    .leftJoin('users as u', 'u.id', 'a.uploaded_by')
    // Files sent with a request through the API (issue 15) were uploaded by its API client.
    .leftJoin('api_clients as ac', 'ac.id', 'a.api_client_id')
    .where('a.request_id', requestId)
    .orderBy('a.id')
    .select('a.*', db.raw('coalesce(u.display_name, ac.name) as display_name'));
  return rows.map((r) => ({
    id: r.id,
    requestId: r.request_id,
    // Names stored before bidirectional controls were stripped on upload are cleaned as they are read.
    originalName: fileNameForDisplay(r.original_name),
    storedName: r.stored_name,
    fileType: r.file_type,
    mediaType: r.media_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    uploadedBy: r.display_name,
    uploadedAt: r.uploaded_at,
  }));
}
