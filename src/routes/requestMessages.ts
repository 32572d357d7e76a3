import { Router, type Request, type Response } from 'express';
import type { Db } from '../db/database';
import type { RequestDetail } from '../db/repositories/requests';
import { formAlreadySent, recordOfficeAnswer } from '../db/repositories/requestMessages';
import { isUniqueViolation } from '../db/repositories/uniqueReference';
import { messageProblem, plainText } from '../domain/requestMessages';
import { BadRequest } from '../middleware/errors';
import { currentUser } from '../middleware/signIn';
import { removeReceived, type ReceivedFile } from '../middleware/uploads';
import { audit } from '../services/audit';
import { storeClinicalFiles } from '../services/clinicalFiles';
import { diskFileStorage, type FileStorage } from '../services/fileStorage';
import { textOf, type FieldError } from '../validation';
import { ownRequestUpload, refusedFileErrors } from './attachments';
import { renderRequestDetail, requestUrl, type PageTime } from './requestDetail';

/**
 * The start of every post of a multipart form on the request page: the request, the files received, the
 * form's one-time token (a UUID drawn with the page; 400 without one). The same form posted again (a
 * double click, a replay) was recorded once: its files are dropped and the answer is the page (303),
 * and undefined is returned.
 */
export async function firstPostOfForm(db: Db, req: Request, res: Response, tokenName: string): Promise<{ request: RequestDetail; files: ReceivedFile[]; token: string; done: string } | undefined> {
  const request = res.locals.request;
  if (!request) throw new Error('The form lost its request');
  const files = req.receivedFiles ?? [];
  const done = `${requestUrl(request.referenceNumber)}#conversation`;
  const token = textOf(req.body?.[tokenName]);
  if (!/^[0-9a-f-]{36}$/.test(token)) {
    removeReceived(files);
    throw new BadRequest(`The form has no valid ${tokenName}`);
  }
  if (await formAlreadySent(db, token)) {
    removeReceived(files);
    res.redirect(303, done);
    return undefined;
  }
  return { request, files, token, done };
}

/** When a form has a problem its files are not kept (a browser cannot send them back): say so beside the file field. */
export function filesAgain(field: string, fileCount: number): FieldError[] {
  return fileCount > 0 ? [{ field, message: 'Attach the files again: they were not kept because the form had a problem' }] : [];
}

/** A request's page with the form's problems, what was typed kept (422). */
export function showProblems(db: Db, res: Response, request: RequestDetail, time: PageTime, errors: FieldError[], values: Record<string, unknown>): Promise<void> {
  return renderRequestDetail(db, res, request, time, { errors, status: 422, values });
}

/**
 * "Send information" on the office's request page: a plain-text message with attachments (the one
 * upload of src/routes/attachments.ts and src/services/clinicalFiles.ts), recorded once per form. Lines
 * the plan asked information for go back to the plan's queue, marked "information received".
 */
export function requestMessagesRouter(db: Db, uploadDir: string, time: PageTime, storage: FileStorage = diskFileStorage): Router {
  const router = Router();

  router.post('/prior-auth/requests/:reference/messages', ...ownRequestUpload(db, uploadDir, time, 'message-files', storage), async (req, res) => {
    const form = await firstPostOfForm(db, req, res, 'formToken');
    if (!form) return;
    const { request, files, token, done } = form;
    const message = plainText(textOf(req.body.message));
    const problem = messageProblem(message);
    if (problem) {
      removeReceived(files);
      return showProblems(db, res, request, time, [{ field: 'message', message: problem }, ...filesAgain('message-files', files.length)], req.body);
    }
    const user = currentUser(res);
    let answered = 0;
    let result;
    try {
      result = await storeClinicalFiles(db, uploadDir, request.id, user.id, files, storage, {
        filesOptional: true,
        alsoInTransaction: async (trx, ids) => {
          answered = await recordOfficeAnswer(trx, { requestId: request.id, authorId: user.id, authorSide: 'office', kind: 'information', body: message, formToken: token, createdAt: time.clock().toISOString() }, ids);
        },
      });
    } catch (err) {
      // The same form posted twice at once: the other post recorded it.
      if (isUniqueViolation(err, 'request_messages', 'form_token')) return res.redirect(303, done);
      throw err;
    }
    if (result.kind === 'refused') return showProblems(db, res, request, time, refusedFileErrors('message-files', result.reasons, files.length), req.body);
    await audit(db, req, res, 'information-sent', { memberId: request.memberId, referenceNumber: request.referenceNumber, detail: `${result.count} file(s)` });
    req.session.flash = answered > 0 ? 'Information sent. The plan has it, and the request is back with its reviewers.' : 'Information sent. The plan has it.';
    res.redirect(303, done);
  });

  return router;
}
