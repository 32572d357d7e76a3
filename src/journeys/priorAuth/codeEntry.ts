import type { Db } from '../../db/database';
import { billableCodesUnder, DIAGNOSIS_SYSTEMS, findCode, PROCEDURE_SYSTEMS, searchCodes, type Code } from '../../db/repositories/codes';
import { compactCode, dottedDiagnosisCode, looksLikeDiagnosisCode, looksLikeProcedureCode } from '../../domain/codeFormats';
import { formatDate } from '../../domain/dates';

export type CodeKind = 'diagnosis' | 'procedure';

const SYSTEMS = { diagnosis: DIAGNOSIS_SYSTEMS, procedure: PROCEDURE_SYSTEMS };
const LOOKS_LIKE = { diagnosis: looksLikeDiagnosisCode, procedure: looksLikeProcedureCode };

export type CodeLookup = { kind: 'code'; code: Code } | { kind: 'search'; text: string } | { kind: 'error'; message: string };

/**
 * What a provider typed in a code field: a code (with or without the dot), or words to search the
 * descriptions for. A category (not billable), an unknown code and a code not in force on the date
 * of service each get a message that says what to do.
 */
export async function lookUpCode(db: Db, kind: CodeKind, typed: string, dateOfService: string): Promise<CodeLookup> {
  const text = typed.trim();
  if (text === '') return { kind: 'error', message: `Enter a ${kind} code, or words of its description` };
  if (text.length > 100) return { kind: 'error', message: `${kind === 'diagnosis' ? 'Diagnosis' : 'Procedure'} code must be 100 characters or fewer` };
  // "dm2", "ra" and "mi" have the shape of a code but are words offices use: a shape with no such code
  // is searched for as words, and only when that finds nothing is it told as an unknown code.
  const looksLikeCode = LOOKS_LIKE[kind](text);
  if (looksLikeCode && (await findCode(db, SYSTEMS[kind], compactCode(text)))) return checkCode(db, kind, compactCode(text), dateOfService, text);
  const found = await searchCodes(db, SYSTEMS[kind], text, 1, dateOfService);
  if (found.length > 0) return { kind: 'search', text };
  if (looksLikeCode) return checkCode(db, kind, compactCode(text), dateOfService, text);
  return { kind: 'error', message: `No ${kind} codes match "${text}". Check the spelling, or type the code` };
}

/** Checks a code chosen from search results the same way as a typed one: nothing posted is trusted. */
export async function checkCode(db: Db, kind: CodeKind, compact: string, dateOfService: string, typed?: string): Promise<CodeLookup> {
  const code = await findCode(db, SYSTEMS[kind], compact);
  if (!code) {
    // What the provider typed ("zzzz"), not the code it was read as ("ZZZ.Z").
    const shown = typed ?? (kind === 'diagnosis' ? dottedDiagnosisCode(compact) : compact);
    return { kind: 'error', message: `${shown} is not ${kind === 'diagnosis' ? 'an ICD-10-CM diagnosis' : 'a CPT or HCPCS procedure'} code. Check the code, or search by words of its description` };
  }
  if (!code.billable) {
    const examples = (await billableCodesUnder(db, code.system, compact, 3, dateOfService)).map((c) => c.code);
    const such = examples.length > 0 ? ` such as ${joinOr(examples)}` : '';
    return { kind: 'error', message: `${code.code} is a category: choose a more specific code${such}` };
  }
  if (!(await findCode(db, SYSTEMS[kind], compact, dateOfService))) {
    const why =
      code.effectiveTo && code.effectiveTo < dateOfService
        ? `${code.code} ended on ${formatDate(code.effectiveTo)}`
        : code.effectiveFrom && code.effectiveFrom > dateOfService
          ? `${code.code} takes effect on ${formatDate(code.effectiveFrom)}`
          : `${code.code} is not in force`;
    return { kind: 'error', message: `${why}: it cannot be used for ${formatDate(dateOfService)}, the start date of service. Choose a code in force on that date` };
  }
  return { kind: 'code', code };
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export async function searchResults(db: Db, kind: CodeKind, text: string | undefined, dateOfService: string): Promise<Code[]> {
  return text ? searchCodes(db, SYSTEMS[kind], text, 20, dateOfService) : [];
}
