/**
 * The PAS 2.2.1 profiles' required elements, checked structurally (the guide's StructureDefinitions are not
 * reachable from here, issue 15), taken from the profiles' pages and the guide's own response examples:
 * profile-pas-response-bundle (identifier, timestamp, the ClaimResponse first, every reference resolved
 * inside the Bundle) and profile-claimresponse (identifier with its system, status active, type, use
 * preauthorization, patient, created, insurer, requestor, request, outcome; each item's itemSequence and
 * its adjudication's reviewAction extension with an X12 306 reviewActionCode; certified items their
 * certification number, pended ones the administration reference number).
 * https://hl7.org/fhir/us/davinci-pas/STU2.2/StructureDefinition-profile-claimresponse.html
 */
const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const REVIEW_ACTION_SYSTEM = 'https://codesystem.x12.org/005010/306';
const REVIEW_ACTION_CODES = ['A1', 'A2', 'A3', 'A4', 'A6', 'C', 'NA'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const extension = (v: unknown, url: string): Json | undefined => list(isObject(v) ? v.extension : undefined).find((e): e is Json => isObject(e) && e.url === url);

/** What a PAS response Bundle lacks, by FHIRPath; none when it has every required element. */
export function pasResponseProblems(bundle: unknown): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, path: string, what = 'is required') => void (ok ? undefined : problems.push(`${path} ${what}`));
  if (!isObject(bundle)) return ['Bundle is not an object'];
  need(bundle.resourceType === 'Bundle' && bundle.type === 'collection', 'Bundle.type', 'must be a collection Bundle');
  need(isObject(bundle.identifier) && bundle.identifier.value, 'Bundle.identifier');
  need(typeof bundle.timestamp === 'string', 'Bundle.timestamp');
  const entries = list(bundle.entry).filter(isObject);
  for (const [i, e] of entries.entries()) need(typeof e.fullUrl === 'string' && isObject(e.resource), `Bundle.entry[${i}]`, 'needs fullUrl and resource');
  const cr = entries[0]?.resource;
  if (!isObject(cr) || cr.resourceType !== 'ClaimResponse') return [...problems, 'Bundle.entry[0].resource must be the ClaimResponse'];
  const C = 'ClaimResponse';
  const identifiers = list(cr.identifier).filter(isObject);
  need(identifiers.length > 0, `${C}.identifier`);
  identifiers.forEach((id, i) => need(id.system && id.value, `${C}.identifier[${i}]`, 'needs system and value (PAS Identifier)'));
  need(cr.status === 'active', `${C}.status`, 'must be active');
  need(isObject(cr.type) && list(cr.type.coding).length > 0, `${C}.type`);
  need(cr.use === 'preauthorization', `${C}.use`, 'must be preauthorization');
  need(typeof cr.created === 'string', `${C}.created`);
  need(typeof cr.outcome === 'string', `${C}.outcome`);
  // Every reference the ClaimResponse makes resolves to an entry (Type/id against the entries' fullUrl).
  const resolves = (ref: unknown, types: string[]) => {
    const r = isObject(ref) && typeof ref.reference === 'string' ? ref.reference : undefined;
    if (!r) return false;
    return entries.some((e) => isObject(e.resource) && types.includes(String(e.resource.resourceType)) && (e.fullUrl === r || String(e.fullUrl).endsWith(`/${r}`) || `${String(e.resource.resourceType)}/${String(e.resource.id)}` === r));
  };
  need(resolves(cr.patient, ['Patient']), `${C}.patient`, 'must reference a Patient in the Bundle');
  need(resolves(cr.insurer, ['Organization']), `${C}.insurer`, 'must reference the insurer Organization in the Bundle');
  need(resolves(cr.requestor, ['Organization', 'PractitionerRole', 'Practitioner']), `${C}.requestor`, 'must reference the requestor in the Bundle');
  need(isObject(cr.request) && (cr.request.reference || cr.request.identifier), `${C}.request`);
  const items = list(cr.item).filter(isObject);
  need(items.length > 0, `${C}.item`);
  for (const [i, item] of items.entries()) {
    const I = `${C}.item[${i}]`;
    need(Number.isInteger(item.itemSequence) && Number(item.itemSequence) >= 1, `${I}.itemSequence`);
    const adjudication = list(item.adjudication).filter(isObject)[0];
    need(adjudication && isObject(adjudication.category), `${I}.adjudication.category`);
    const reviewAction = extension(adjudication, `${PAS}/extension-reviewAction`);
    const codeExtension = extension(reviewAction, `${PAS}/extension-reviewActionCode`);
    const coding = list(isObject(codeExtension?.valueCodeableConcept) ? codeExtension.valueCodeableConcept.coding : undefined).filter(isObject)[0];
    need(coding?.system === REVIEW_ACTION_SYSTEM && REVIEW_ACTION_CODES.includes(String(coding.code)), `${I}.adjudication.extension(reviewAction).extension(reviewActionCode)`, 'must carry an X12 306 review action code');
    const code = String(coding?.code);
    if (code === 'A1' || code === 'A2' || code === 'A6') {
      need(typeof extension(reviewAction, 'number')?.valueString === 'string', `${I}.adjudication.extension(reviewAction).extension(number)`, 'must carry the certification number of a certified item');
      need(typeof cr.preAuthRef === 'string', `${C}.preAuthRef`, 'must be given when an item is certified');
    }
    if (code === 'A4') need(typeof extension(item, `${PAS}/extension-administrationReferenceNumber`)?.valueString === 'string', `${I}.extension(administrationReferenceNumber)`, 'must carry the reference of a pended item');
  }
  return problems;
}

export function expectPasResponse(bundle: unknown): void {
  const problems = pasResponseProblems(bundle);
  if (problems.length > 0) throw new Error(`Not a PAS response Bundle:\n${problems.join('\n')}`);
}
