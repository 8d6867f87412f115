import type { ErrorObject } from 'ajv';
import { createHash } from 'node:crypto';
import type { JsonSchema } from './types';

/**
 * A validation function as Ajv generates it: true when valid, else false with `errors` set.
 * Only the type comes from Ajv; nothing of Ajv is loaded at run time.
 */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The validators generated for one service (`src/validators.generated.js`), by `schemaKey`. */
export type PrecompiledValidators = Readonly<Record<string, Validator>>;

/**
 * The key of a schema in a generated validators module: a hash of its JSON, so a schema that
 * changed after the last `npm run validators` has no validator (and the freshness test fails).
 *
 * @example
 * schemaKey({ type: 'string' }); // 'v_…'
 */
export function schemaKey(schema: JsonSchema): string {
  return `v_${createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 20)}`;
}

/**
 * Test-only hook: `shared/src/http/validation.ts` (the one module that loads Ajv) installs its
 * compiler here, so tests can give the stack ad-hoc schemas. Handlers never import that module,
 * so a deployed function has no compiler and refuses to start with a schema nobody precompiled.
 * A global (not a module variable) so that it survives jest.resetModules().
 */
const COMPILER = Symbol.for('ledgerline.http.compileSchema');
type Compiler = (schema: JsonSchema) => Validator;

export function installSchemaCompiler(compile: Compiler): void {
  (globalThis as { [COMPILER]?: Compiler })[COMPILER] = compile;
}

/**
 * The precompiled validator of `schema`, or (tests only) one compiled now.
 *
 * @example
 * const validate = validatorFor(accountPathSchema, validators);
 */
export function validatorFor(schema: JsonSchema, precompiled: PrecompiledValidators = {}): Validator {
  const key = schemaKey(schema);
  const validate = precompiled[key];
  if (validate) return validate;
  const compile = (globalThis as { [COMPILER]?: Compiler })[COMPILER];
  if (compile) return compile(schema);
  throw new Error(
    `No precompiled validator for schema ${key} (${JSON.stringify(schema).slice(0, 80)}…): ` +
      'pass the service validators (src/validators.generated.js) and run `npm run validators`.',
  );
}
