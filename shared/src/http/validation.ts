import type { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { installSchemaCompiler } from './precompiled';
import type { JsonSchema } from './types';

/**
 * Ajv itself: for the validator generator (scripts/validators/generate.ts) and tests only. Handlers
 * never import this module: they run the Ajv standalone code generated from the services' schemas
 * (`src/validators.generated.js`, `npm run validators`), so no schema is compiled at cold start and
 * Ajv is not in any bundle. These options are the generator's too (`ajvOptions`): `allErrors` so a
 * 400 lists every invalid field at once; schemas bound arrays and strings so that stays cheap on
 * hostile input.
 */
export const ajvOptions = { allErrors: true, strict: true, coerceTypes: false } as const;
export const ajv = addFormats(new Ajv2020(ajvOptions));

/**
 * Compiles a schema (cached by Ajv per schema object).
 *
 * @example
 * const validateAccount = compileSchema(accountSchema);
 */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  return ajv.compile(schema);
}

// Tests may hand the HTTP stack schemas that no generated module holds (see precompiled.ts).
installSchemaCompiler(compileSchema);

export { requestValidator, toFieldProblems } from './request-validator';
