import path from 'node:path';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { RequestDetail } from '../db/repositories/requests';
import type { Db } from '../db/database';
import { listAttachments } from '../db/repositories/attachments';
import { csrfAfterUpload } from '../middleware/csrf';
import { currentUser } from '../middleware/signIn';
import { receiveClinicalFiles, removeReceived, UploadRefused } from '../middleware/uploads';
import { storeClinicalFiles } from '../services/clinicalFiles';
import { diskFileStorage, type FileStorage } from '../services/fileStorage';
import { audit } from '../services/audit';
import { ownRequest, renderRequestDetail, requestUrl, type PageTime } from './requestDetail';
import type { FieldError } from '../validation';
import { notFound } from '../middleware/errors';

/**
 * The steps of every upload form on the office's request page, before its own handler: the request is
 * checked before a byte is read (another organization's is not found), the files are received to a
 * temporary folder, then the CSRF token (in the multipart body) is checked. A refused upload (too many
 * files) shows the page again with the message on `filesField` and what was typed kept.
 */
export function ownRequestUpload(db: Db, uploadDir: string, time: PageTime, filesField: string, storage: FileStorage = diskFileStorage): RequestHandler[] {
  const receive = receiveClinicalFiles(uploadDir, storage);
  return [
    async (req, res, next) => {
      const request = await ownRequest(db, res, String(req.params.reference));
      if (!request) return notFound(req, res);
      res.locals.request = request;
      next();
    },
    (req, res, next) =>
      receive(req, res, (err?: unknown) => {
        if (err instanceof UploadRefused) {
          const request = res.locals.request;
          if (!request) return next(new Error('request missing'));
          return void renderRequestDetail(db, res, request, time, { errors: [{ field: filesField, message: err.message }], status: 422, values: req.body ?? {} }).catch(next);
        }
        next(err);
      }),
    (req, res, next) => {
      csrfAfterUpload(req, res, (err?: unknown) => {
        if (err) removeReceived(req.receivedFiles);
        next(err);
      });
    },
  ];
}

/** The messages of a refused upload, with the note that nothing was stored when several files were sent. */
export function refusedFileErrors(field: string, reasons: readonly string[], fileCount: number): FieldError[] {
  const errors = reasons.map((message) => ({ field, message }));
  if (fileCount > 1 && reasons[0] !== 'Select at least one file to upload') errors.push({ field, message: 'None of the files were uploaded: attach them again without the ones refused' });
  return errors;
}

/**
 * Clinical attachments of a request: upload (all or nothing) and download, for users of the
 * organization that owns the request only.
 */
export function attachmentsRouter(db: Db, uploadDir: string, planFaxNumber: string, time: PageTime, storage: FileStorage = diskFileStorage): Router {
  const router = Router();

  router.post('/prior-auth/requests/:reference/attachments', ...ownRequestUpload(db, uploadDir, time, 'files', storage), async (req, res) => {
    const request = res.locals.request;
    if (!request) throw new Error('The upload route lost its request');
    const result = await storeClinicalFiles(db, uploadDir, request.id, currentUser(res).id, req.receivedFiles ?? [], storage);
    if (result.kind === 'refused') {
      return renderRequestDetail(db, res, request, time, { errors: refusedFileErrors('files', result.reasons, req.receivedFiles?.length ?? 0), status: 422 });
    }
    await audit(db, req, res, 'attachment-uploaded', { memberId: request.memberId, referenceNumber: request.referenceNumber, detail: `${result.count} file(s)` });
    req.session.flash = result.count === 1 ? '1 file uploaded.' : `${result.count} files uploaded.`;
    res.redirect(303, `${requestUrl(request.referenceNumber)}#attachments`);
  });

  router.get('/prior-auth/requests/:reference/attachments/:id', async (req, res) => {
    await sendAttachment(db, uploadDir, req, res, await ownRequest(db, res, String(req.params.reference)));
  });

  router.get('/prior-auth/fax-clinical-information', (_req, res) => {
    res.render('priorAuth/faxClinicalInformation', { title: 'Send clinical information by fax', planFaxNumber });
  });

  return router;
}

/** Downloads one of the request's attachments (the office's own, or any for the plan), audited first; anything else is not found. */
export async function sendAttachment(db: Db, uploadDir: string, req: Request, res: Response, request: RequestDetail | undefined): Promise<void> {
  const attachment = request ? (await listAttachments(db, request.id)).find((a) => String(a.id) === req.params.id) : undefined;
  if (!attachment) return notFound(req, res);
  await audit(db, req, res, 'attachment-downloaded', { memberId: request?.memberId, referenceNumber: request?.referenceNumber, detail: `attachment ${attachment.id}` });
  res.set({
    'Content-Type': attachment.mediaType,
    'X-Content-Type-Options': 'nosniff',
  });
  res.attachment(attachment.originalName);
  // No Last-Modified (nor ETag, off for the whole app): a clinical file is never answered 304 from a cache.
  res.sendFile(attachment.storedName, { root: path.resolve(uploadDir), dotfiles: 'deny', lastModified: false, headers: { 'Content-Type': attachment.mediaType } });
}

declare module 'express-serve-static-core' {
  interface Locals {
    request?: import('../db/repositories/requests').RequestDetail;
  }
}
