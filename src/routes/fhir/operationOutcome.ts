/** FHIR R4 OperationOutcome: how the API says what went wrong (https://hl7.org/fhir/R4/operationoutcome.html). */
export interface OutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  diagnostics: string;
  /** FHIRPath of the element at fault. */
  expression?: string[];
}

export function operationOutcome(issues: OutcomeIssue[]): object {
  return { resourceType: 'OperationOutcome', issue: issues };
}
