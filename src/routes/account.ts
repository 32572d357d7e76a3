import { Router } from 'express';
import Joi from 'joi';
import type { Db } from '../db/database';
import { updateAccount, updatePassword } from '../db/repositories/users';
import { endSessionsOfUser } from '../db/repositories/sessions';
import { passwordStamp, type Passwords } from '../auth/passwords';
import { BUSY, busy } from '../auth/passwordChecks';
import { newPasswordError } from '../domain/passwordPolicy';
import { currentUser } from '../middleware/signIn';
import { audit } from '../services/audit';
import { regenerateSession } from '../middleware/session';
import { emailField, optionalPhoneField, passwordField, requiredText, textOf, validate, type FieldError } from '../validation';

const schema = Joi.object({
  currentPassword: passwordField('your current password'),
  newPassword: passwordField('a new password'),
  confirmPassword: passwordField('the new password again'),
});

const accountSchema = Joi.object({
  displayName: requiredText('name', 100).messages({ 'any.required': 'Enter your name', 'string.empty': 'Enter your name' }),
  email: emailField('email address', false),
  phone: optionalPhoneField('phone number'),
  emailOnDecisions: Joi.string().valid('yes').allow(''),
});

interface AccountForm {
  displayName: string;
  email?: string;
  phone?: string;
  emailOnDecisions?: string;
}

/** Update My Account (everyone): name, e-mail, phone, e-mails on decisions; and changing one's password. */
export function accountRouter(db: Db, passwords: Passwords): Router {
  const router = Router();

  router.get('/account', (_req, res) => {
    const user = currentUser(res);
    res.render('account/details', {
      title: 'Update My Account',
      errors: [],
      values: { displayName: user.displayName, email: user.email ?? '', phone: user.phone ?? '', emailOnDecisions: user.emailOnDecisions },
    });
  });

  router.post('/account', async (req, res) => {
    const user = currentUser(res);
    const { value, errors } = validate<AccountForm>(accountSchema, req.body);
    if (errors.length > 0) {
      const values = { displayName: textOf(req.body.displayName), email: textOf(req.body.email), phone: textOf(req.body.phone), emailOnDecisions: textOf(req.body.emailOnDecisions) === 'yes' };
      return res.status(422).render('account/details', { title: 'Error: Update My Account', errors, values });
    }
    await updateAccount(db, user.id, { displayName: value.displayName, email: value.email || null, phone: value.phone || null, emailOnDecisions: value.emailOnDecisions === 'yes' });
    await audit(db, req, res, 'account-updated');
    req.session.flash = 'Your account has been updated.';
    res.redirect(303, '/account');
  });

  router.get('/account/password', (_req, res) => {
    res.render('account/password', { title: 'Change your password', errors: [] });
  });

  router.post('/account/password', async (req, res) => {
    const user = currentUser(res);
    const { value, errors } = validate<{ currentPassword: string; newPassword: string; confirmPassword: string }>(schema, req.body);
    const show = (errs: FieldError[]) => res.status(422).render('account/password', { title: 'Error: Change your password', errors: errs });
    if (errors.length > 0) return show(errors);
    const checked = await passwords.checks.run(async (): Promise<{ error: FieldError } | { hash: string }> => {
      if (!(await passwords.hasher.verify(value.currentPassword, user.passwordHash))) return { error: { field: 'currentPassword', message: 'Your current password is not right' } };
      const error = newPasswordError(value.newPassword, value.confirmPassword, user);
      if (error) return { error };
      return { hash: await passwords.hasher.hash(value.newPassword) };
    });
    if (checked === BUSY) return busy(res);
    if ('error' in checked) return show([checked.error]);
    await updatePassword(db, user.id, checked.hash);
    await audit(db, req, res, 'password-changed');
    // A new session id: one that an attacker may know stops working with the old password.
    await regenerateSession(req, { userId: req.session.userId, signedInAt: req.session.signedInAt, passwordStamp: passwordStamp(checked.hash) });
    // Every other browser signed in as this user is signed out; this one stays signed in.
    await endSessionsOfUser(db, user.id, { except: req.sessionID });
    req.session.flash = 'Your password has been changed.';
    res.redirect(303, '/');
  });
  return router;
}
