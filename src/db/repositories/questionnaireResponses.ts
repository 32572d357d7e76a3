import type { Db } from '../database';

/** The questionnaire answers stored with a request's lines, with who attested them and when. */
export interface StoredQuestionnaireResponse {
  lineNumber: number;
  code: string;
  questionnaireTitle: string;
  questionnaireId: string;
  /** Whether the answers met the rule's criteria (an update of the line is assessed with them again). */
  criteriaMet: boolean;
  /** Shaped like a FHIR R4 QuestionnaireResponse, as stored at submit. */
  response: unknown;
  attestedBy: string | null;
  attestedAt: string;
}

export async function listQuestionnaireResponses(db: Db, requestId: number): Promise<StoredQuestionnaireResponse[]> {
  const rows = await db('questionnaire_responses as q')
    .join('request_lines as l', 'l.id', 'q.request_line_id')
    .leftJoin('questionnaires as d', 'd.id', 'q.questionnaire_id')
    .leftJoin('users as u', 'u.id', 'q.attested_by')
    // Answers sent through the API (issue 15) are attested by the API client that submitted the request.
    .join('auth_requests as r', 'r.id', 'l.request_id')
    .leftJoin('api_clients as ac', 'ac.id', 'r.api_client_id')
    .where('l.request_id', requestId)
    .orderBy([{ column: 'l.line_number' }, { column: 'q.id' }])
    .select('l.line_number', 'l.code', 'q.questionnaire_id', 'd.title', 'q.response', 'q.authored_at', 'q.criteria_met', db.raw('coalesce(u.display_name, ac.name) as display_name'));
  return rows.map((r) => ({
    lineNumber: r.line_number,
    code: r.code,
    // The title as the rules named it; a questionnaire since removed from the rules keeps its id.
    questionnaireTitle: r.title ?? r.questionnaire_id,
    questionnaireId: r.questionnaire_id,
    criteriaMet: Boolean(r.criteria_met),
    response: JSON.parse(r.response),
    attestedBy: r.display_name ?? null,
    attestedAt: r.authored_at,
  }));
}
