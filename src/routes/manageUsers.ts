import { Router, type NextFunction, type Request, type Response } from 'express';
import Joi from 'joi';
import type { Db } from '../db/database';
import { changeOrganizationUser, findOrganizationUser, insertInvitedUser, listOrganizationUsers, type OrganizationUser, type UserChange } from '../db/repositories/organizationUsers';
import { attemptsForUsername, forgetFailedSignIns } from '../db/repositories/signInAttempts';
import { endSessionsOfUser } from '../db/repositories/sessions';
import { historySince, lockedUntil } from '../domain/signInLimits';
import { administratorRole, canManageUsers, lastAdministratorProblem, ROLE_NAMES, rolesFor, USERNAME_PATTERN } from '../domain/userAdministration';
import { LINK_LIFETIME_MS } from '../domain/setPasswordLinks';
import { formatDateTime } from '../domain/dates';
import type { Role } from '../domain/roles';
import { currentUser } from '../middleware/signIn';
import { notFound } from '../middleware/errors';
import { audit } from '../services/audit';
import { issueSetPasswordLink, type SetPasswordLinkDelivery } from '../services/setPasswordLinks';
import { choice, emailField, requiredText, textOf, validate, type FieldError } from '../validation';

/** Organization and plan administrators only; for anyone else the pages do not exist. */
function requireUserAdministrator(req: Request, res: Response, next: NextFunction): void {
  if (canManageUsers(res.locals.user?.role)) return next();
  notFound(req, res);
}

const ID = /^\d{1,9}$/;

/**
 * Manage Users (issue 13): an administrator lists their organization's users, adds one (who sets a
 * password from a one-time link), changes roles, deactivates and reactivates (ending the user's
 * sessions at once), unlocks a locked-out username and sends a new set-password link. An organization
 * always keeps an active administrator. Every change is in the audit log.
 */
export function manageUsersRouter(db: Db, deliver: SetPasswordLinkDelivery, clock: () => Date): Router {
  const router = Router();
  router.use('/users', requireUserAdministrator);

  const rowsOf = async (organizationId: number, now: Date) =>
    Promise.all(
      (await listOrganizationUsers(db, organizationId)).map(async (u) => {
        const until = lockedUntil(await attemptsForUsername(db, u.username, historySince(now).usernameSince), now);
        return { ...u, roleName: ROLE_NAMES[u.role], lastSignIn: u.lastSignInAt ? formatDateTime(u.lastSignInAt) : 'Never', lockedUntil: until ? formatDateTime(until.toISOString()) : undefined };
      }),
    );

  const showList = async (req: Request, res: Response, errors: FieldError[] = []) => {
    const user = currentUser(res);
    res.status(errors.length > 0 ? 422 : 200).render('users/index', {
      title: `${errors.length > 0 ? 'Error: ' : ''}Manage Users`,
      errors,
      organizationName: user.organizationName,
      selfId: user.id,
      roles: rolesFor(user.organizationKind).map((r) => ({ value: r, text: ROLE_NAMES[r] })),
      users: await rowsOf(user.organizationId, clock()),
    });
  };

  router.get('/users', (req, res) => showList(req, res));

  /** The user of the administrator's own organization named in the address, or a 404 as for any other. */
  const target = async (req: Request, res: Response): Promise<OrganizationUser | undefined> => {
    const id = String(req.params.id);
    if (!ID.test(id)) return undefined;
    return findOrganizationUser(db, currentUser(res).organizationId, Number(id));
  };

  /** Applies a change in one transaction with the last-administrator rule; the list says what was refused. */
  const change = async (req: Request, res: Response, who: OrganizationUser, what: UserChange, action: 'user-role-changed' | 'user-deactivated' | 'user-reactivated', flash: string) => {
    const admin = currentUser(res);
    const outcome = await changeOrganizationUser(db, admin.organizationId, who.id, what, administratorRole(admin.organizationKind), (left) => lastAdministratorProblem(left, who.displayName), clock());
    if ('refused' in outcome) return showList(req, res, [{ field: `user-${who.id}`, message: outcome.refused }]);
    if ('active' in what && !what.active) await endSessionsOfUser(db, who.id);
    await audit(db, req, res, action, { detail: `${who.username}${'role' in what ? `: ${ROLE_NAMES[what.role]}` : ''}` });
    req.session.flash = flash;
    res.redirect(303, '/users');
  };

  router.post('/users/:id/role', async (req, res) => {
    const admin = currentUser(res);
    const who = await target(req, res);
    if (!who) return notFound(req, res);
    const role = textOf(req.body.role);
    if (!(rolesFor(admin.organizationKind) as readonly string[]).includes(role)) return showList(req, res, [{ field: `role-${who.id}`, message: `Select a role for ${who.displayName}` }]);
    await change(req, res, who, { role: role as Role }, 'user-role-changed', `${who.displayName} is now: ${ROLE_NAMES[role as Role]}.`);
  });

  router.post('/users/:id/deactivate', async (req, res) => {
    const who = await target(req, res);
    if (!who) return notFound(req, res);
    if (who.id === currentUser(res).id) return showList(req, res, [{ field: `user-${who.id}`, message: 'You cannot deactivate your own account. Another administrator can.' }]);
    await change(req, res, who, { active: false }, 'user-deactivated', `${who.displayName} has been deactivated and signed out.`);
  });

  router.post('/users/:id/reactivate', async (req, res) => {
    const who = await target(req, res);
    if (!who) return notFound(req, res);
    await change(req, res, who, { active: true }, 'user-reactivated', `${who.displayName} has been reactivated.`);
  });

  router.post('/users/:id/unlock', async (req, res) => {
    const who = await target(req, res);
    if (!who) return notFound(req, res);
    await forgetFailedSignIns(db, who.username);
    await audit(db, req, res, 'user-unlocked', { detail: who.username });
    req.session.flash = `${who.displayName} can sign in again.`;
    res.redirect(303, '/users');
  });

  router.post('/users/:id/set-password-link', async (req, res) => {
    const who = await target(req, res);
    if (!who) return notFound(req, res);
    if (!who.email) return showList(req, res, [{ field: `user-${who.id}`, message: `${who.displayName} has no e-mail address to send a link to` }]);
    if (!who.active) return showList(req, res, [{ field: `user-${who.id}`, message: `${who.displayName} is deactivated: reactivate them first` }]);
    const now = clock();
    const path = await issueSetPasswordLink(db, who.id, 'invite', now);
    await deliver({ userId: who.id, username: who.username, displayName: who.displayName, email: who.email, purpose: 'invite', path, expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS.invite) });
    await audit(db, req, res, 'set-password-link-sent', { detail: who.username });
    req.session.flash = `A link to set a password has been sent to ${who.displayName} at ${who.email}. It works once, for 72 hours.`;
    res.redirect(303, '/users');
  });

  const addSchema = (roles: readonly string[]) =>
    Joi.object({
      displayName: requiredText('name', 100).messages({ 'any.required': "Enter the user's name", 'string.empty': "Enter the user's name" }),
      username: requiredText('username', 50)
        .lowercase()
        .pattern(USERNAME_PATTERN)
        .messages({ 'string.pattern.base': 'Username must be 3 to 50 letters, numbers, dots, hyphens or underscores, starting with a letter or number' }),
      email: emailField('email address', true),
      role: choice('role', roles),
    });

  const showAdd = (res: Response, values: Record<string, string>, errors: FieldError[]) => {
    const admin = currentUser(res);
    res.status(errors.length > 0 ? 422 : 200).render('users/add', {
      title: `${errors.length > 0 ? 'Error: ' : ''}Add user`,
      errors,
      values,
      roles: rolesFor(admin.organizationKind).map((r) => ({ value: r, text: ROLE_NAMES[r], selected: values.role === r })),
    });
  };

  router.get('/users/new', (_req, res) => showAdd(res, {}, []));

  router.post('/users/new', async (req, res) => {
    const admin = currentUser(res);
    const values = Object.fromEntries(['displayName', 'username', 'email', 'role'].map((k) => [k, textOf(req.body[k])]));
    const { value, errors } = validate<{ displayName: string; username: string; email: string; role: Role }>(addSchema(rolesFor(admin.organizationKind)), req.body);
    if (errors.length > 0) return showAdd(res, values, errors);
    const now = clock();
    const id = await insertInvitedUser(db, { organizationId: admin.organizationId, ...value }, now);
    if (id === 'username-taken') return showAdd(res, values, [{ field: 'username', message: `The username ${value.username} is taken: choose another` }]);
    await audit(db, req, res, 'user-added', { detail: `${value.username}: ${ROLE_NAMES[value.role]}` });
    const path = await issueSetPasswordLink(db, id, 'invite', now);
    await deliver({ userId: id, username: value.username, displayName: value.displayName, email: value.email, purpose: 'invite', path, expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS.invite) });
    req.session.flash = `${value.displayName} has been added. A link to set their password has been sent to ${value.email}. It works once, for 72 hours.`;
    res.redirect(303, '/users');
  });

  return router;
}
