import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ProblemError } from '../errors';
import type { FieldProblem } from '../problems';
import type { JsonSchema, RequestSchemas } from './types';

/**
 * One Ajv for the process: schemas are compiled once, when a handler module is loaded (cold
 * start), never per request. `allErrors` so a 400 lists every invalid field at once; schemas
 * bound arrays and strings so that stays cheap on hostile input.
 */
export const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, coerceTypes: false }));

/**
 * Compiles a schema (cached by Ajv per schema object).
 *
 * @example
 * const validateAccount = compileSchema(accountSchema);
 */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  return ajv.compile(schema);
}

/**
 * Turns Ajv errors into RFC 9457 `errors[]` entries with JSON Pointers rooted at the request part,
 * e.g. `/body/amount/value`.
 *
 * @example
 * toFieldProblems('body', validate.errors ?? []);
 */
export function toFieldProblems(part: string, errors: ErrorObject[]): FieldProblem[] {
  return errors.map((error) => {
    const base = `/${part}${error.instancePath}`;
    if (error.keyword === 'required') {
      return { pointer: `${base}/${String(error.params.missingProperty)}`, detail: 'is required' };
    }
    if (error.keyword === 'additionalProperties') {
      return { pointer: `${base}/${String(error.params.additionalProperty)}`, detail: 'is not allowed' };
    }
    return { pointer: base, detail: error.message ?? 'is invalid' };
  });
}

const EVENT_PARTS = {
  body: (event: APIGatewayProxyEvent) => event.body as unknown,
  path: (event: APIGatewayProxyEvent) => event.pathParameters ?? {},
  query: (event: APIGatewayProxyEvent) => event.queryStringParameters ?? {},
  headers: (event: APIGatewayProxyEvent) => event.headers ?? {},
} as const;

/**
 * Validates the request parts a route declares. Compiles at construction time (cold start).
 *
 * @example
 * middy(handler).use(requestValidator({ body: createAccountSchema }));
 */
export function requestValidator(
  schemas: RequestSchemas,
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const validators = (Object.keys(EVENT_PARTS) as Array<keyof RequestSchemas>)
    .filter((part) => schemas[part])
    .map((part) => ({ part, read: EVENT_PARTS[part], validate: compileSchema(schemas[part]!) }));
  return {
    before: (request) => {
      const problems: FieldProblem[] = [];
      for (const { part, read, validate } of validators) {
        const value = read(request.event);
        if (part === 'body' && value === undefined) {
          problems.push({ pointer: '/body', detail: 'a JSON body is required' });
        } else if (!validate(value)) {
          problems.push(...toFieldProblems(part, validate.errors ?? []));
        }
      }
      if (problems.length > 0) {
        throw new ProblemError('validation-failed', {
          detail: `${problems.length} field(s) failed validation.`,
          errors: problems,
        });
      }
    },
  };
}
