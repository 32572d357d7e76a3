import { Router, type Request, type Response } from 'express';
import Joi from 'joi';
import type { Db } from '../db/database';
import { findUserById, findUserByUsername } from '../db/repositories/users';
import { findSetPasswordToken, recordLinkRequest, useSetPasswordToken } from '../db/repositories/setPasswordTokens';
import { endSessionsOfUser } from '../db/repositories/sessions';
import { LINK_LIFETIME_MS, LINK_REQUEST_LIMITS, linkRequestRefusal, linkState } from '../domain/setPasswordLinks';
import { newPasswordError } from '../domain/passwordPolicy';
import { BUSY, busy } from '../auth/passwordChecks';
import type { Passwords } from '../auth/passwords';
import { audit } from '../services/audit';
import { issueSetPasswordLink, tokenHash, type SetPasswordLinkDelivery } from '../services/setPasswordLinks';
import { passwordField, requiredText, validate, type FieldError } from '../validation';

const setSchema = Joi.object({ newPassword: passwordField('a new password'), confirmPassword: passwordField('the new password again') });
const forgotSchema = Joi.object({ username: requiredText('username', 100).messages({ 'any.required': 'Enter your username', 'string.empty': 'Enter your username' }) });

/** Tokens are 32 random bytes in base64url; anything else is not one of ours, and is never looked up. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const UNUSABLE = {
  used: { title: 'This link has already been used', message: 'Each link to set a password works once. If you did not set your password, or have forgotten it again, ask for a new link.' },
  expired: { title: 'This link has expired', message: 'Links to set a password work for a limited time. Ask for a new link.' },
  unknown: { title: 'This link is not valid', message: 'Check that you copied the whole link from the e-mail, or ask for a new one.' },
} as const;

/**
 * A way back in (issue 13): "Forgot your password?" asks for a username and always gives the same answer;
 * a one-time link, however it was made (a new user's, an administrator's, a forgotten password's), sets
 * a new password and signs the user out everywhere else.
 */
export function setPasswordRouter(db: Db, passwords: Passwords, deliver: SetPasswordLinkDelivery, clock: () => Date): Router {
  const router = Router();

  const tokenOf = async (req: Request) => {
    const token = String(req.params.token);
    return TOKEN.test(token) ? findSetPasswordToken(db, tokenHash(token)) : undefined;
  };

  /** The link's token and its user, or the page saying why it cannot be used (410 Gone, or 404 for none). */
  const usable = async (req: Request, res: Response) => {
    const token = await tokenOf(req);
    const user = token ? await findUserById(db, token.userId) : undefined;
    const state = token && user?.active ? linkState(token, clock()) : 'unknown';
    if (token && user && state === 'usable') return { token, user };
    const why = state === 'usable' ? 'unknown' : state;
    res.status(why === 'unknown' ? 404 : 410).render('auth/linkUnusable', UNUSABLE[why]);
    return undefined;
  };

  router.get('/set-password/:token', async (req, res) => {
    if (await usable(req, res)) res.render('auth/setPassword', { title: 'Set your password', errors: [], action: req.originalUrl });
  });

  router.post('/set-password/:token', async (req, res) => {
    const found = await usable(req, res);
    if (!found) return;
    const { token, user } = found;
    const show = (errors: FieldError[]) => res.status(422).render('auth/setPassword', { title: 'Error: Set your password', errors, action: req.originalUrl });
    const { value, errors } = validate<{ newPassword: string; confirmPassword: string }>(setSchema, req.body);
    if (errors.length > 0) return show(errors);
    const error = newPasswordError(value.newPassword, value.confirmPassword, user);
    if (error) return show([error]);
    const hash = await passwords.checks.run(() => passwords.hasher.hash(value.newPassword));
    if (hash === BUSY) return busy(res);
    const used = await useSetPasswordToken(db, token.id, clock(), (trx, userId) => trx('users').where({ id: userId }).update({ password_hash: hash }).then(() => undefined));
    if (!used) return void res.status(410).render('auth/linkUnusable', UNUSABLE.used);
    // Every session of the user ends: whoever knew the old password is signed out everywhere.
    await endSessionsOfUser(db, user.id, { except: req.sessionID });
    await audit(db, req, res, 'password-set', { username: user.username, organizationId: user.organizationId, userId: user.id, detail: token.purpose });
    req.session.flash = 'Your password has been set. Sign in with it.';
    res.redirect(303, '/sign-in');
  });

  router.get('/forgot-password', (_req, res) => {
    res.render('auth/forgotPassword', { title: 'Forgot your password?', errors: [], values: {} });
  });

  router.post('/forgot-password', async (req, res) => {
    const { value, errors } = validate<{ username: string }>(forgotSchema, req.body);
    if (errors.length > 0) return res.status(422).render('auth/forgotPassword', { title: 'Error: Forgot your password?', errors, values: { username: typeof req.body.username === 'string' ? req.body.username : '' } });
    const now = clock();
    const username = value.username.toLowerCase();
    const refused = await recordLinkRequest(
      db,
      {
        username,
        clientAddress: req.ip ?? '',
        at: now,
        usernameSince: new Date(now.getTime() - LINK_REQUEST_LIMITS.perUsername.windowMs),
        addressSince: new Date(now.getTime() - LINK_REQUEST_LIMITS.perAddress.windowMs),
      },
      linkRequestRefusal,
    );
    if (refused === 'address-limited') {
      return res.status(429).render('errors/problem', { title: 'Too many requests for a link', message: 'There have been too many requests for a link from this network. Wait 15 minutes, then try again.' });
    }
    const user = refused ? undefined : await findUserByUsername(db, username);
    await audit(db, req, res, 'password-link-requested', { username, organizationId: user?.organizationId ?? null, userId: user?.id ?? null, detail: refused ? 'limited' : undefined });
    if (user?.active && user.email) {
      const path = await issueSetPasswordLink(db, user.id, 'reset', now);
      await deliver({ userId: user.id, username: user.username, displayName: user.displayName, email: user.email, purpose: 'reset', path, expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS.reset) });
    }
    // The same page whatever happened: it never tells whether a username exists or has an address.
    res.redirect(303, '/forgot-password/sent');
  });

  router.get('/forgot-password/sent', (_req, res) => {
    res.render('auth/linkSent', { title: 'Check your e-mail' });
  });

  return router;
}
