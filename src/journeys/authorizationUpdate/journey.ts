import type { AddedLine, LineChange } from '../../domain/authorizationUpdate';
import type { SavedClinical } from '../priorAuth/documentClinical';

/**
 * "Update or extend" in progress (issue 14): the office's changes to the current version of an
 * authorization, and each line's decision count when it started (what the update is sent against).
 */
export interface UpdateJourney {
  /** The reference number of the version being updated. */
  reference: string;
  authorizationNumber: string;
  /** By line number: the line's decision count when the update started. */
  seen: Record<string, number>;
  /** By line number. */
  changes: Record<string, LineChange>;
  linesConfirmed: boolean;
  added: AddedLine[];
  addedConfirmed: boolean;
  /**
   * By the new version's line number: the clinical answers to the questionnaire of a line added or
   * changed (the wizard's Document Clinical step). Answers an update started before kept by code are
   * not read: the review asks for them again.
   */
  clinical?: Record<string, SavedClinical>;
  /** Words typed in the code field, searched for; the units typed beside them. */
  search?: { text: string; units: string };
}
