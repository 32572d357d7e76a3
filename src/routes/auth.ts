import { Router } from 'express';
import Joi from 'joi';
import type { Db } from '../db/database';
import { findUserByUsername } from '../db/repositories/users';
import { attemptsForUsername, markSignInSucceeded, reserveSignInAttempt } from '../db/repositories/signInAttempts';
import { ADDRESS_LIMIT, historySince, lockedUntil, signInRefusal } from '../domain/signInLimits';
import { audit } from '../services/audit';
import { clearSignedIn, markSignedIn } from '../middleware/sessionLifetime';
import { regenerateSession } from '../middleware/session';
import { decoyHash, passwordStamp, type Passwords } from '../auth/passwords';
import { BUSY, busy } from '../auth/passwordChecks';
import { safeReturnPath } from '../middleware/signIn';
import { requiredText, validate, type FieldError } from '../validation';

const signInSchema = Joi.object({
  username: requiredText('username', 100),
  password: Joi.string().max(1000).required().messages({
    'any.required': 'Enter your password',
    'string.empty': 'Enter your password',
    'string.base': 'Enter your password',
    'string.max': 'Enter your password',
  }),
});

const WRONG = 'The username or password is not right. Check them and try again.';
// The same words whether or not the username exists, so the message reveals nothing (ASVS 2.2.1).
const LOCKED = 'This username is locked for 15 minutes after too many failed attempts to sign in. Try again later, or ask your administrator.';

// Said only once the password proved right, so it tells nothing to someone guessing.
const DEACTIVATED = 'This account has been deactivated. Ask your administrator to reactivate it.';

export function authRouter(db: Db, passwords: Passwords, attemptsPerAddress = ADDRESS_LIMIT.attempts): Router {
  const router = Router();

  router.get('/sign-in', (req, res) => {
    if (res.locals.user) return res.redirect(303, '/');
    const sessionEnded = req.session.sessionEnded === true;
    delete req.session.sessionEnded;
    res.render('auth/signIn', { title: 'Sign in', values: {}, errors: [], signedOut: req.query['signed-out'] === '1', sessionEnded });
  });

  router.post('/sign-in', async (req, res) => {
    const { value, errors } = validate<{ username: string; password: string }>(signInSchema, req.body);
    const values = { username: typeof req.body.username === 'string' ? req.body.username : '' };
    const show = (errs: FieldError[]) => res.status(422).render('auth/signIn', { title: 'Error: Sign in', values, errors: errs });
    if (errors.length > 0) return show(errors);

    const now = new Date();
    const address = req.ip ?? '';
    const username = value.username.toLowerCase();
    const outcome = await passwords.checks.run(async () => {
      // The attempt is reserved (and counted as failed) before its password is checked.
      const reservation = await reserveSignInAttempt(db, { username, clientAddress: address, at: now, ...historySince(now) }, (history) => signInRefusal(history, now, attemptsPerAddress));
      if ('refused' in reservation) return reservation;
      const user = await findUserByUsername(db, username);
      // Verify against a decoy hash for an unknown username, so both answers take the same time.
      const ok = await passwords.hasher.verify(value.password, user?.passwordHash ?? (await decoyHash(passwords.hasher)));
      if (user && ok) await markSignInSucceeded(db, reservation.id);
      return { user, ok };
    });
    if (outcome === BUSY) return busy(res);
    if ('refused' in outcome) {
      if (outcome.refused.reason === 'address-limited') {
        res.status(429).render('errors/problem', { title: 'Too many attempts to sign in', message: 'There have been too many attempts to sign in from this network. Wait 15 minutes, then try again.' });
        return;
      }
      await audit(db, req, res, 'sign-in-locked', { username });
      return show([{ field: 'username', message: LOCKED }]);
    }
    const { user, ok } = outcome;
    if (user && ok && !user.active) {
      await audit(db, req, res, 'sign-in-failed', { username, organizationId: user.organizationId, userId: user.id, detail: 'deactivated' });
      return show([{ field: 'username', message: DEACTIVATED }]);
    }
    if (!user || !ok) {
      await audit(db, req, res, 'sign-in-failed', { username, organizationId: user?.organizationId ?? null, userId: user?.id ?? null });
      if (lockedUntil(await attemptsForUsername(db, username, historySince(now).usernameSince), new Date())) return show([{ field: 'username', message: LOCKED }]);
      return show([{ field: 'username', message: WRONG }]);
    }

    // A new session id at sign-in, so a session id planted before sign-in is worth nothing (session fixation).
    const returnTo = safeReturnPath(req.session.returnTo);
    await regenerateSession(req);
    req.session.userId = user.id;
    req.session.signedInAt = Date.now();
    req.session.passwordStamp = passwordStamp(user.passwordHash);
    markSignedIn(req, res);
    await audit(db, req, res, 'sign-in', { username: user.username, organizationId: user.organizationId, userId: user.id });
    res.redirect(303, returnTo);
  });

  router.post('/sign-out', async (req, res, next) => {
    if (res.locals.user) await audit(db, req, res, 'sign-out');
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('openpa.sid');
      clearSignedIn(res);
      res.redirect(303, '/sign-in?signed-out=1');
    });
  });

  return router;
}
