import type { AddedLine, CurrentLine, VersionLine } from './authorizationUpdate';
import { assessLine, type AssessmentInputs, type LineAssessment } from './coverage';

/**
 * The clinical questions of an update of an authorization (issue 14): the coverage rules run again on
 * every line that changed or was added, and a line whose rule asks a questionnaire that nothing answers
 * yet is documented in the update, on its Document Clinical page: an added line, or a changed line whose
 * answers stored with the request do not answer it (a line the API sent without answers, or one whose
 * rule asks a questionnaire it did not ask when the line was requested).
 *
 * The answers given in the update are kept by the new version's line number, never by code: a request
 * sent through the API may carry two lines with the same code, each with its own answers.
 */

/** Answers stored with a line of the version updated (by that version's line number). */
export interface StoredClinical {
  lineNumber: number;
  questionnaireId: string;
  criteriaMet: boolean;
}

/** Answers given in the update for one line, with whether they meet the questionnaire's criteria. */
export interface GivenClinical {
  questionnaireId: string;
  criteriaMet: boolean;
}

/** A changed or added line of the new version, assessed by the coverage rules. */
export interface AssessedLine {
  line: VersionLine;
  assessment: LineAssessment;
  /** The questionnaire the office answers for this line in the update (Document Clinical); absent when none is asked here. */
  askedHere?: string;
}

export interface UpdateClinicalInputs extends Omit<AssessmentInputs, 'criteriaMetFor'> {
  /** The answers stored with the version updated. */
  stored: readonly StoredClinical[];
  /** The answers given in the update, by the new version's line number. */
  given: Readonly<Record<string, GivenClinical | undefined>>;
}

/**
 * Runs the coverage rules on the lines that changed (on their new units and dates) or were added. A
 * changed line counts the answers stored with it; what the rules then still want documented is asked
 * here (askedHere), and the answers given for that line in the update, if they answer that
 * questionnaire, decide it.
 */
export function assessUpdatedLines(planned: readonly VersionLine[], inputs: UpdateClinicalInputs): AssessedLine[] {
  const { stored, given, ...rules } = inputs;
  return planned.filter((l) => l.kind === 'changed' || l.kind === 'new').map((line) => {
    const storedFor = (questionnaireId: string) =>
      line.kind === 'changed' ? stored.find((a) => a.lineNumber === line.previousLineNumber && a.questionnaireId === questionnaireId)?.criteriaMet : undefined;
    const input = { code: line.code, units: line.units, fromDate: line.fromDate };
    const before = assessLine(input, { ...rules, criteriaMetFor: (_code, questionnaireId) => storedFor(questionnaireId) });
    if (before.outcome.kind !== 'needs-documentation') return { line, assessment: before };
    const askedHere = before.outcome.questionnaireId;
    const answers = given[String(line.lineNumber)];
    const met = answers?.questionnaireId === askedHere ? answers.criteriaMet : undefined;
    const assessment = met === undefined ? before : assessLine(input, { ...rules, criteriaMetFor: (_code, questionnaireId) => (questionnaireId === askedHere ? met : storedFor(questionnaireId)) });
    return { line, assessment, askedHere };
  });
}

/**
 * The answers given in an update after an added line is removed: an added line is numbered after the
 * current ones in the order added, so the lines added after it move up one number and take their
 * answers with them; the removed line's answers go. A current line's number never changes.
 */
export function clinicalAfterRemoval<T>(lines: readonly Pick<CurrentLine, 'lineNumber'>[], added: readonly Pick<AddedLine, 'code'>[], removedCode: string, given: Readonly<Record<string, T>>): Record<string, T> {
  const next = Math.max(0, ...lines.map((l) => l.lineNumber));
  const kept = added.filter((a) => a.code !== removedCode);
  const result: Record<string, T> = {};
  for (const [key, answers] of Object.entries(given)) {
    const n = Number(key);
    if (!Number.isInteger(n) || n <= next) {
      result[key] = answers;
      continue;
    }
    const code = added[n - next - 1]?.code;
    const index = kept.findIndex((a) => a.code === code);
    if (code !== undefined && index >= 0) result[String(next + index + 1)] = answers;
  }
  return result;
}
