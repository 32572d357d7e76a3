import { Router, type Request, type Response } from 'express';
import type { Db } from '../db/database';
import type { RequestDetail } from '../db/repositories/requests';
import { withdrawLines } from '../db/repositories/withdrawals';
import { formatDate } from '../domain/dates';
import { dateInTimeZone } from '../domain/reviewClock';
import { isWithdrawable, withdrawalNote, withdrawalProblems, WITHDRAWAL_REASONS, WITHDRAWAL_WORDS_MAX, type WithdrawalReason } from '../domain/withdrawal';
import { notFound } from '../middleware/errors';
import { currentUser } from '../middleware/signIn';
import { audit } from '../services/audit';
import type { FieldError } from '../validation';
import { ownRequest, requestUrl, type PageTime } from './requestDetail';

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const chosenLines = (v: unknown) => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string');

/** The lines the office may withdraw today, each with the decision count and status the page shows. */
function withdrawable(request: RequestDetail, time: PageTime) {
  const today = dateInTimeZone(time.clock(), time.timeZone);
  return request.lines.filter((l) => isWithdrawable(l, today));
}

function render(res: Response, request: RequestDetail, time: PageTime, values: { lines: string[]; reason: string; words: string }, errors: FieldError[] = [], status = 200): void {
  const lines = withdrawable(request, time);
  const back = requestUrl(request.referenceNumber);
  res.status(status).render('priorAuth/withdraw', {
    title: `${errors.length > 0 ? 'Error: ' : ''}Withdraw request ${request.referenceNumber}`,
    errors,
    back,
    action: `${back}/withdraw`,
    referenceNumber: request.referenceNumber,
    member: `${request.member.firstName} ${request.member.lastName}`,
    lines: lines.map((l) => ({
      id: `line-${l.lineNumber}`,
      value: String(l.lineNumber),
      label: `Line ${l.lineNumber}: ${l.code}${l.description ? ` ${l.description}` : ''}, ${l.units} ${l.units === 1 ? 'unit' : 'units'}, ${formatDate(l.fromDate)} to ${formatDate(l.toDate)} (${l.status.toLowerCase()})`,
      checked: values.lines.includes(String(l.lineNumber)),
      seenName: `seen-${l.lineNumber}`,
      seen: `${l.decisionCount}:${l.status}`,
    })),
    final: request.lines.filter((l) => !lines.includes(l)).map((l) => `Line ${l.lineNumber} (${l.code}, ${l.status.toLowerCase()})`),
    reasons: WITHDRAWAL_REASONS.map((r) => ({ id: r.code === WITHDRAWAL_REASONS[0].code ? 'reason' : `reason-${r.code}`, value: r.code, label: r.text, checked: values.reason === r.code })),
    words: values.words,
    wordsMax: WITHDRAWAL_WORDS_MAX,
  });
}

/**
 * "Withdraw" on the office's request page (issue 14): one page that is the confirmation, listing the
 * lines that may still be withdrawn (waiting for the plan, or approved and not started), a reason from
 * the list and optional words, and the button "Withdraw request". The lines become Cancelled; if the
 * plan decided one of them since the page was shown, nothing is withdrawn and the page says so.
 * Another organization's request is not found (404).
 */
export function withdrawRouter(db: Db, time: PageTime): Router {
  const router = Router();

  const load = async (req: Request, res: Response) => {
    const request = await ownRequest(db, res, String(req.params.reference));
    if (!request) notFound(req, res);
    return request;
  };

  /** A reviewer decided a chosen line first: nothing was withdrawn, and the page, read again, says so. */
  const toldChanged = async (res: Response, request: RequestDetail, values: { lines: string[]; reason: string; words: string }) => {
    const again = (await ownRequest(db, res, request.referenceNumber)) ?? request;
    const first = withdrawable(again, time)[0];
    const message = again.supersededById !== null
      ? 'This request was updated (a new version of the authorization) while you were withdrawing it, so nothing was withdrawn. Withdraw from its current version: the request page links to it.'
      : 'The plan decided a line of this request while you were withdrawing it, so nothing was withdrawn. Look at the lines again: those that can still be withdrawn are listed below.';
    render(res, again, time, { ...values, lines: [] }, [{ field: first ? `line-${first.lineNumber}` : 'lines', message }], 409);
  };

  router.get('/prior-auth/requests/:reference/withdraw', async (req, res) => {
    const request = await load(req, res);
    if (!request) return;
    await audit(db, req, res, 'request-viewed', { memberId: request.memberId, referenceNumber: request.referenceNumber, detail: 'withdraw page' });
    const lines = withdrawable(request, time);
    // One line left: it is the whole request, chosen already.
    render(res, request, time, { lines: lines.length === 1 ? lines.map((l) => String(l.lineNumber)) : [], reason: '', words: '' });
  });

  router.post('/prior-auth/requests/:reference/withdraw', async (req, res) => {
    const request = await load(req, res);
    if (!request) return;
    const values = { lines: chosenLines(req.body.lines), reason: text(req.body.reason), words: text(req.body.words).trim() };
    const lines = withdrawable(request, time);
    // The page showed each line's decision count and status: a line chosen and decided since is not withdrawn.
    const seenThen = (n: number) => text(req.body[`seen-${n}`]);
    const changed = request.lines.some((l) => values.lines.includes(String(l.lineNumber)) && seenThen(l.lineNumber) !== '' && seenThen(l.lineNumber) !== `${l.decisionCount}:${l.status}`);
    if (changed) return toldChanged(res, request, values);
    const problems = withdrawalProblems(values, lines.map((l) => l.lineNumber));
    if (problems.length > 0) {
      const errors = problems.map((p) => ({ field: p.field === 'lines' ? (lines[0] ? `line-${lines[0].lineNumber}` : 'lines') : p.field, message: p.message }));
      return render(res, request, time, values, errors, 422);
    }
    const picked = lines.filter((l) => values.lines.includes(String(l.lineNumber)));
    const user = currentUser(res);
    const note = withdrawalNote(values.reason as WithdrawalReason, values.words);
    const result = await withdrawLines(db, { requestId: request.id, userId: user.id, note, at: time.clock().toISOString() }, picked.map((l) => ({ lineId: l.id, seenDecisions: l.decisionCount, seenStatus: l.status })));
    if (result.kind === 'changed') return toldChanged(res, request, values);
    await audit(db, req, res, 'request-withdrawn', { memberId: request.memberId, referenceNumber: request.referenceNumber, detail: `lines ${picked.map((l) => l.lineNumber).join(', ')}; reason ${values.reason}` });
    const all = picked.length === request.lines.filter((l) => l.status !== 'Cancelled').length;
    req.session.flash = all ? 'The request was withdrawn: its lines are cancelled.' : `${picked.length === 1 ? 'Line' : 'Lines'} ${picked.map((l) => l.lineNumber).join(', ')} withdrawn: cancelled.`;
    res.redirect(303, requestUrl(request.referenceNumber));
  });

  return router;
}
