// Types of the generated validators (export-validator.generated.js); see schema/build-validator.ts.
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
export interface Validator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}
/** The whole JSON export document. */
export declare const validate: Validator;
/** One record of each table (NDJSON lines without their "type"). */
export declare const validateRetailer: Validator;
export declare const validateFlow: Validator;
export declare const validatePlacement: Validator;
export declare const validateConsent: Validator;
export declare const validateBanner: Validator;
