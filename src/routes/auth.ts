import { Router, type Request } from 'express';
import Joi from 'joi';
import type { Db } from '../db/database';
import { findUserByUsername } from '../db/repositories/users';
import { decoyHash, verifyPassword } from '../auth/passwords';
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

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

export function authRouter(db: Db): Router {
  const router = Router();

  router.get('/sign-in', (req, res) => {
    if (res.locals.user) return res.redirect(303, '/');
    res.render('auth/signIn', { title: 'Sign in', values: {}, errors: [], signedOut: req.query['signed-out'] === '1' });
  });

  router.post('/sign-in', async (req, res) => {
    const { value, errors } = validate<{ username: string; password: string }>(signInSchema, req.body);
    const values = { username: typeof req.body.username === 'string' ? req.body.username : '' };
    const show = (errs: FieldError[]) => res.status(422).render('auth/signIn', { title: 'Error: Sign in', values, errors: errs });
    if (errors.length > 0) return show(errors);

    const user = await findUserByUsername(db, value.username);
    // Verify against a decoy hash for an unknown username, so both answers take the same time.
    const ok = await verifyPassword(value.password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !ok) return show([{ field: 'username', message: WRONG }]);

    // A new session id at sign-in, so a session id planted before sign-in is worth nothing (session fixation).
    const returnTo = safeReturnPath(req.session.returnTo);
    await regenerate(req);
    req.session.userId = user.id;
    res.redirect(303, returnTo);
  });

  router.post('/sign-out', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('openpa.sid');
      res.redirect(303, '/sign-in?signed-out=1');
    });
  });

  return router;
}
