import type Joi from 'joi';
import type { Db } from '../../db/database';
import type { AuditAction } from '../../db/repositories/auditLog';
import type { JourneyRecord } from '../../db/repositories/journeys';
import type { UserRecord } from '../../db/repositories/users';
import type { AuditDetails } from '../../services/audit';
import type { FieldError, FormState } from '../../validation';

/** What every step of every journey is given: the journey's answers (to read and change), its row, who is signed in. */
export interface JourneyContext<S> {
  db: Db;
  journey: S;
  record: JourneyRecord<S>;
  user: UserRecord;
  /** Records an audit entry about this journey (its member, where it has one). */
  audit(action: AuditAction, details?: AuditDetails): Promise<void>;
  /** A step with a parameter (Document Clinical for one procedure code) is given it here. */
  param?: string;
}

/** What a button on a step did: errors to show (422), where to go next (303), or that the journey is finished. */
export type ActionOutcome =
  | { kind: 'errors'; errors: FieldError[] }
  | { kind: 'stay'; anchor?: string }
  | { kind: 'next' }
  | { kind: 'redirect'; to: string }
  /** The action ended the journey itself (submitted or discarded, in its own transaction): nothing to save. */
  | { kind: 'finished'; to: string }
  /** The action found the journey changed by another tab or request since it was read, and did nothing. */
  | { kind: 'conflict' };

export type Action<C> = (ctx: C, body: Record<string, unknown>, arg: string) => Promise<ActionOutcome>;

/** A text field of a simple question page, drawn by the generic view journeys/question. */
export interface FieldSpec {
  id: string;
  label: string;
  hint?: string;
  optional?: boolean;
  width?: 'date' | 'units' | 'medium';
}

/** A line of the "check your answers" page, linking back to the step that asked it. */
export interface SummaryRow {
  key: string;
  value: string;
}

/**
 * A page of a journey, declared as data; the engine's one controller serves every step of every kind.
 * A simple question page declares `schema` and `save`: the controller validates the post with the
 * schema (a factory, for options that come from the database), runs `check` for rules across fields,
 * and saves. A page with more buttons (search, add, remove) declares them in `actions`; a button
 * with name="action" picks one ("find", "add", "remove:F11.20"); a post without one is "continue".
 */
export interface Step<C extends JourneyContext<S>, S = C['journey']> {
  slug: string;
  title: string;
  view: string;
  /** The text fields of a simple question page (view journeys/question); a page of its own draws its own. */
  fields?: readonly FieldSpec[];
  isComplete(journey: S): boolean;
  /** The saved answers as the form's values, for when the page is shown again. */
  storedValues(journey: S, param?: string): Record<string, string>;
  /** Everything the view needs beyond the common parts (lists, results, options). */
  viewModel?(ctx: C, form: FormState): Promise<Record<string, unknown>>;
  /** The post's validation: a joi schema, or a factory of one when its options come from the database. */
  schema?(ctx: C): Joi.ObjectSchema | Promise<Joi.ObjectSchema>;
  /** Rules across fields (and against the database), once every field has the right shape. */
  check?(ctx: C, value: Record<string, unknown>, fieldErrors: FieldError[]): Promise<FieldError[]> | FieldError[];
  /** Stores a valid answer in the journey (and whatever follows from it, such as answers that no longer count). */
  save?(journey: S, value: Record<string, unknown>, ctx: C): void | Promise<void>;
  /** The rows this step adds to the journey's "check your answers" page. */
  summary?(ctx: C): Promise<SummaryRow[]> | SummaryRow[];
  /** Buttons beyond "continue" (and "continue" itself, when it is more than validate and save). */
  actions?: Record<string, Action<C>>;
  /**
   * Actions that do not depend on the rest of the answers (adding or removing a code, choosing a
   * provider): when another tab saved first, they are applied again to the fresh answers.
   */
  reapplyOnConflict?: readonly string[];
  /** Where to send the provider instead, when the page cannot be shown (a line that has no questionnaire, say). */
  guard?(ctx: C): Promise<string | undefined>;
  /** Branching: the step after this one, when it is not the next in the flow. */
  next?(journey: S): string | undefined;
}

export const errorsOutcome = (errors: FieldError[]): ActionOutcome => ({ kind: 'errors', errors });

/** An action by its button name, looked up among the step's own actions only ("constructor" or "__proto__" name none). */
export function actionNamed<C extends JourneyContext<S>, S>(step: Step<C, S>, name: string): Action<C> | undefined {
  const actions = step.actions ?? {};
  return Object.prototype.hasOwnProperty.call(actions, name) ? actions[name] : undefined;
}
