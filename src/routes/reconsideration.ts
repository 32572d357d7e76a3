import { Router } from 'express';
import type { PlanSettings } from '../config';
import type { Db } from '../db/database';
import { ReconsiderationRefused, recordReconsiderationRequest } from '../db/repositories/reconsiderations';
import { isUniqueViolation } from '../db/repositories/uniqueReference';
import { messageProblem, plainText } from '../domain/requestMessages';
import { decisionDue, formatInTimeZone } from '../domain/reviewClock';
import { currentUser } from '../middleware/signIn';
import { removeReceived } from '../middleware/uploads';
import { audit } from '../services/audit';
import { storeClinicalFiles } from '../services/clinicalFiles';
import { diskFileStorage, type FileStorage } from '../services/fileStorage';
import { reconsiderationChoices } from '../services/reconsiderationChoices';
import type { FieldError } from '../validation';
import { ownRequestUpload, refusedFileErrors } from './attachments';
import { filesAgain, firstPostOfForm, showProblems } from './requestMessages';

/**
 * "Ask for reconsideration" on the office's request page: for denied or partially approved lines, up to
 * the deadline (the plan's window after the decision), with a message and attachments. The lines go
 * back to the plan's queue marked "reconsideration", due on the same timeframes from this receipt, for
 * a physician other than the one who decided them. After the deadline the page has no button and a
 * post is refused (422) with the deadline in words.
 */
export function reconsiderationRouter(db: Db, uploadDir: string, plan: PlanSettings, clock: () => Date, storage: FileStorage = diskFileStorage): Router {
  const router = Router();
  const time = { clock, timeZone: plan.timeZone };

  router.post('/prior-auth/requests/:reference/reconsideration', ...ownRequestUpload(db, uploadDir, time, 'reconsideration-files', storage), async (req, res) => {
    const form = await firstPostOfForm(db, req, res, 'reconsiderationToken');
    if (!form) return;
    const { request, files, token, done } = form;
    const now = clock();
    const choices = await reconsiderationChoices(db, request, now, plan.timeZone);
    const chosen = ([] as unknown[]).concat(req.body.lines ?? []).map(String);
    const errors: FieldError[] = [];
    const picked = choices.lines.filter((l) => chosen.includes(String(l.lineNumber)));
    const firstOpen = choices.lines.find((l) => l.open);
    if (!firstOpen) {
      errors.push({ field: 'reconsideration', message: choices.lines.length > 0 ? `The deadline to ask for reconsideration of this request has passed: it was ${choices.lines.map((l) => l.deadline).join(', ')}` : 'No line of this request can be reconsidered' });
    } else if (picked.length === 0 || picked.length !== chosen.length) {
      errors.push({ field: `reconsider-line-${firstOpen.lineNumber}`, message: 'Select the lines you want reconsidered' });
    } else {
      for (const l of picked.filter((p) => !p.open)) errors.push({ field: `reconsider-line-${firstOpen.lineNumber}`, message: `Line ${l.lineNumber}: the deadline to ask for reconsideration was ${l.deadline}` });
    }
    const message = plainText(String(typeof req.body.reconsiderationMessage === 'string' ? req.body.reconsiderationMessage : ''));
    const problem = firstOpen ? messageProblem(message, 'reason for reconsideration') : undefined;
    if (problem) errors.push({ field: 'reconsiderationMessage', message: problem });
    if (errors.length > 0) {
      removeReceived(files);
      return showProblems(db, res, request, time, [...errors, ...filesAgain('reconsideration-files', firstOpen ? files.length : 0)], req.body);
    }

    const user = currentUser(res);
    const dueAt = decisionDue(now, request.priority).toISOString();
    let result;
    try {
      result = await storeClinicalFiles(db, uploadDir, request.id, user.id, files, storage, {
        filesOptional: true,
        alsoInTransaction: (trx, ids) =>
          recordReconsiderationRequest(
            trx,
            { requestId: request.id, authorId: user.id, authorSide: 'office', kind: 'reconsideration', body: message, formToken: token, createdAt: now.toISOString() },
            ids,
            picked.map((p) => p.contested),
            dueAt,
          ),
      });
    } catch (err) {
      if (isUniqueViolation(err, 'request_messages', 'form_token')) return res.redirect(303, done);
      if (err instanceof ReconsiderationRefused || isUniqueViolation(err, 'reconsiderations', 'request_line_id')) {
        return showProblems(db, res, request, time, [{ field: 'reconsideration', message: 'A line of this request changed while you were asking (it may have been asked for already): look at its decision again' }], req.body);
      }
      throw err;
    }
    if (result.kind === 'refused') return showProblems(db, res, request, time, refusedFileErrors('reconsideration-files', result.reasons, files.length), req.body);
    await audit(db, req, res, 'reconsideration-requested', { memberId: request.memberId, referenceNumber: request.referenceNumber, detail: `lines ${picked.map((p) => p.lineNumber).join(', ')}; ${result.count} file(s)` });
    req.session.flash = `Reconsideration requested for ${picked.length === 1 ? 'line' : 'lines'} ${picked.map((p) => p.lineNumber).join(', ')}. The plan decides it by ${formatInTimeZone(new Date(dueAt), plan.timeZone)}.`;
    res.redirect(303, done);
  });

  return router;
}
