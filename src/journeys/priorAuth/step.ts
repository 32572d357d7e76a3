import type { Db } from '../../db/database';
import type { Member } from '../../db/repositories/members';
import type { UserRecord } from '../../db/repositories/users';
import type { FieldError, FormState } from '../../validation';
import type { AuditAction } from '../../db/repositories/auditLog';
import type { AuditDetails } from '../../services/audit';
import type { Journey } from './journey';

export interface StepContext {
  db: Db;
  journey: Journey;
  member: Member;
  user: UserRecord;
  /** Records an audit entry about this journey's member. */
  audit(action: AuditAction, details?: AuditDetails): Promise<void>;
}

/** What a button on a step did: errors to show (422), or where to go next (303). */
export type ActionOutcome =
  | { kind: 'errors'; errors: FieldError[] }
  | { kind: 'stay'; anchor?: string }
  | { kind: 'next' }
  | { kind: 'redirect'; to: string };

/**
 * A page of the request wizard, declared as data: the generic controller serves every step.
 * A button with name="action" picks the action ("find", "add", "remove:F11.20"); a post without
 * one is "continue".
 */
export interface Step {
  slug: string;
  title: string;
  view: string;
  isComplete(journey: Journey): boolean;
  /** The saved answers as the form's values, for when the page is shown again. */
  storedValues(journey: Journey): Record<string, string>;
  /** Everything the view needs beyond the common parts (lists, results, options). */
  viewModel(ctx: StepContext, form: FormState): Promise<Record<string, unknown>>;
  actions: Record<string, (ctx: StepContext, body: Record<string, unknown>, arg: string) => Promise<ActionOutcome>>;
}

export const errorsOutcome = (errors: FieldError[]): ActionOutcome => ({ kind: 'errors', errors });
