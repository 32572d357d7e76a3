import type { Knex } from 'knex';
import type { Db } from '../database';
import { insertedId } from '../results';
import { fileNameForDisplay } from '../../domain/fileNames';
import { refreshRequestStatus } from './lineDecisions';

export type MessageKind = 'information-request' | 'information' | 'reconsideration';

export interface NewMessage {
  requestId: number;
  authorId: number;
  authorSide: 'office' | 'plan';
  kind: MessageKind;
  body: string;
  respondBy?: string | null;
  /** The form's one-time token: a second post of the same form records nothing. */
  formToken?: string | null;
  createdAt: string;
}

/** Records a message and links the attachments sent with it; returns its id. */
export async function insertMessage(trx: Knex | Knex.Transaction, m: NewMessage, attachmentIds: readonly number[] = []): Promise<number> {
  const id = insertedId(
    await trx('request_messages')
      .insert({ request_id: m.requestId, author_id: m.authorId, author_side: m.authorSide, kind: m.kind, body: m.body, respond_by: m.respondBy ?? null, form_token: m.formToken ?? null, created_at: m.createdAt })
      .returning('id'),
  );
  for (const attachmentId of attachmentIds) await trx('request_message_attachments').insert({ message_id: id, attachment_id: attachmentId });
  return id;
}

/** Whether a form with this token has already been recorded (the same form posted again). */
export async function formAlreadySent(db: Db, formToken: string): Promise<boolean> {
  return (await db('request_messages').where({ form_token: formToken }).first('id')) !== undefined;
}

export interface MessageRecord {
  id: number;
  kind: MessageKind;
  authorSide: 'office' | 'plan';
  authorName: string;
  /** The plan user's role (the office is shown the role, never the name). */
  authorRole: string;
  body: string;
  respondBy: string | null;
  createdAt: string;
  attachments: { id: number; name: string }[];
}

/** A request's conversation, oldest first, each message with its attachments. */
export async function listMessages(db: Db, requestId: number): Promise<MessageRecord[]> {
  const rows = await db('request_messages as m').join('users as u', 'u.id', 'm.author_id').where('m.request_id', requestId).orderBy('m.id').select('m.*', 'u.display_name', 'u.role');
  const links =
    rows.length === 0
      ? []
      : await db('request_message_attachments as ma')
          .join('attachments as a', 'a.id', 'ma.attachment_id')
          .whereIn(
            'ma.message_id',
            rows.map((r) => r.id),
          )
          .orderBy('a.id')
          .select('ma.message_id', 'a.id', 'a.original_name');
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    authorSide: r.author_side,
    authorName: r.display_name,
    authorRole: r.role,
    body: r.body,
    respondBy: r.respond_by ?? null,
    createdAt: r.created_at,
    attachments: links.filter((l) => l.message_id === r.id).map((l) => ({ id: l.id, name: fileNameForDisplay(l.original_name) })),
  }));
}

/**
 * The office's answer to a request for information, in the transaction that stores its attachments:
 * the message, and every line waiting for the office ("Information requested") back to the plan
 * (Pended; the queue marks it "information received"). No decision is recorded and the due time is not
 * touched: the clock kept running while the plan waited (CMS-0057-F).
 */
export async function recordOfficeAnswer(trx: Knex.Transaction, m: NewMessage, attachmentIds: readonly number[]): Promise<number> {
  await insertMessage(trx, m, attachmentIds);
  const lines = await trx('request_lines').where({ request_id: m.requestId, status: 'Information requested' }).select('id');
  for (const line of lines) {
    await trx('request_lines').where({ id: line.id, status: 'Information requested' }).update({ status: 'Pended' });
    await trx('status_history').insert({ request_id: m.requestId, request_line_id: line.id, status: 'Information received', changed_at: m.createdAt, changed_by: m.authorId, note: null });
  }
  if (lines.length > 0) await refreshRequestStatus(trx, m.requestId);
  return lines.length;
}
