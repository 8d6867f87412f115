import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ErrorObject } from 'ajv';
import { ProblemError } from '../errors';
import type { FieldProblem } from '../problems';
import type { PrecompiledValidators } from './precompiled';
import { validatorFor } from './precompiled';
import type { RequestSchemas } from './types';

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
 * Validates the request parts a route declares with the service's precompiled validators
 * (Ajv standalone code, `npm run validators`), looked up once at construction time (cold start).
 *
 * @example
 * middy(handler).use(requestValidator({ body: createAccountSchema }, validators));
 */
export function requestValidator(
  schemas: RequestSchemas,
  precompiled?: PrecompiledValidators,
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const validators = (Object.keys(EVENT_PARTS) as Array<keyof RequestSchemas>)
    .filter((part) => schemas[part])
    .map((part) => ({ part, read: EVENT_PARTS[part], validate: validatorFor(schemas[part]!, precompiled) }));
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
