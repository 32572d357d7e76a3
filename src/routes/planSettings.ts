import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../db/database';
import { readPlanSettings, savePlanSettings } from '../db/repositories/planSettings';
import { describePlanRules, parsePlanRules, RECONSIDERATION_DAYS_MAX, RECONSIDERATION_DAYS_MIN, type PlanRules } from '../domain/planSettings';
import { notFound } from '../middleware/errors';
import { currentUser } from '../middleware/signIn';
import { audit } from '../services/audit';
import { textOf, type FieldError } from '../validation';

/** The plan administrator only: for reviewers and the offices the page does not exist. */
export function requirePlanAdmin(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.user?.role === 'plan_admin') return next();
  notFound(req, res);
}

function render(res: Response, status: number, values: { partialApprovals: string; reconsiderationDays: string }, errors: FieldError[]) {
  res.status(status).render('plan/settings', {
    title: `${errors.length ? 'Error: ' : ''}Plan settings`,
    errors,
    values,
    minDays: RECONSIDERATION_DAYS_MIN,
    maxDays: RECONSIDERATION_DAYS_MAX,
  });
}

const asValues = (rules: PlanRules) => ({ partialApprovals: rules.partialApprovals, reconsiderationDays: String(rules.reconsiderationDays) });

/** The plan's settings page (issue 12): how partial approvals count in the metrics, the reconsideration window. */
export function planSettingsRouter(db: Db, clock: () => Date): Router {
  const router = Router();
  router.use('/plan/settings', requirePlanAdmin);

  router.get('/plan/settings', async (_req, res) => {
    render(res, 200, asValues(await readPlanSettings(db)), []);
  });

  router.post('/plan/settings', async (req, res) => {
    const typed = { partialApprovals: textOf(req.body.partialApprovals), reconsiderationDays: textOf(req.body.reconsiderationDays).slice(0, 20) };
    const { rules, problems } = parsePlanRules(typed);
    if (problems.length > 0) return render(res, 422, typed, problems);
    await savePlanSettings(db, rules, currentUser(res).id, clock());
    await audit(db, req, res, 'plan-settings-changed', { detail: describePlanRules(rules) });
    req.session.flash = `Settings saved: ${describePlanRules(rules)}.`;
    res.redirect(303, '/plan/settings');
  });
  return router;
}
