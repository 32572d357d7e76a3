import crypto from 'node:crypto';
import type { Db } from '../db/database';
import { insertSetPasswordToken } from '../db/repositories/setPasswordTokens';
import { LINK_LIFETIME_MS, type LinkPurpose } from '../domain/setPasswordLinks';

/** The SHA-256 of a link's token, as stored: a stolen copy of the table opens nothing. */
export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * Issues a one-time link for the user to set a password and returns its path (/set-password/<token>).
 * The only way links are made: a new user's invitation, an administrator's "Send set-password link",
 * a forgotten password. The caller hands the path to the delivery (SetPasswordLinkDelivery), which
 * builds the full address from PUBLIC_BASE_URL, never from the request's Host header.
 */
export async function issueSetPasswordLink(db: Db, userId: number, purpose: LinkPurpose, now: Date): Promise<string> {
  // 32 random bytes: 256 bits, as OWASP asks of such tokens; base64url keeps the link one plain word.
  const token = crypto.randomBytes(32).toString('base64url');
  await insertSetPasswordToken(db, { userId, tokenHash: tokenHash(token), purpose, createdAt: now, expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS[purpose]) });
  return `/set-password/${token}`;
}

/** A link on its way to its user: who, where to write, and the path to put after PUBLIC_BASE_URL. */
export interface SetPasswordLinkMessage {
  userId: number;
  username: string;
  displayName: string;
  email: string;
  purpose: LinkPurpose;
  path: string;
  expiresAt: Date;
}

/**
 * Where links go: the mail path (SMTP or the outbox) once it is connected; a test captures them. The
 * administrator who added a user never sees the link: it is a password until it is used.
 */
export type SetPasswordLinkDelivery = (message: SetPasswordLinkMessage) => Promise<void>;
