import express, { type RequestHandler, type Response } from 'express';
import { scopeAllows, type ApiScope } from '../../domain/apiClients';
import { operationOutcome, type OutcomeIssue } from './operationOutcome';
import { tokenHolder } from './smartAuth';

const FHIR_JSON = ['application/fhir+json', 'application/json'];

export function sendFhir(res: Response, status: number, body: object): void {
  res.status(status).type('application/fhir+json').send(JSON.stringify(body));
}

/** The OperationOutcome of a refused Bundle: each issue with the FHIRPath of its element. */
export function refusal(issues: readonly { severity: OutcomeIssue['severity']; code: string; diagnostics: string; expression: string }[]): object {
  return operationOutcome(issues.map((i) => ({ severity: i.severity, code: i.code, diagnostics: i.diagnostics, expression: [i.expression] })));
}

/** A FHIR JSON body, read only when it is sent as one (415 otherwise); `what` names it in the refusal. */
export function fhirJsonBody(what: string, limit = '5mb'): RequestHandler[] {
  return [
    (req, res, next) => {
      if (!req.is(FHIR_JSON)) return sendFhir(res, 415, operationOutcome([{ severity: 'error', code: 'not-supported', diagnostics: `Send the ${what} as application/fhir+json` }]));
      next();
    },
    express.json({ type: FHIR_JSON, limit, strict: false }),
  ];
}

/** A PAS operation's first steps: the token's scope, then a FHIR JSON body (read only once both are right). */
export function fhirJsonOperation(scope: ApiScope, limit = '5mb'): RequestHandler[] {
  return [
    (_req, res, next) => {
      if (!scopeAllows(tokenHolder(res).scopes, scope)) return sendFhir(res, 403, operationOutcome([{ severity: 'error', code: 'forbidden', diagnostics: `The access token lacks the scope ${scope}` }]));
      next();
    },
    ...fhirJsonBody('Bundle', limit),
  ];
}
