/** The HTTP stack for API Gateway handlers; see http/handler.ts for how it is put together. */
export { httpHandler } from './http/handler';
export { created, noContent, ok } from './http/responses';
export { CORRELATION_HEADER } from './http/correlation';
export { PROBLEM_CONTENT_TYPE, problemResponse, toProblemError } from './http/problem-response';
// Ajv itself (`./http/validation`: ajv, compileSchema) is not re-exported: handlers use the
// precompiled validators, and importing it here would put Ajv back into every bundle.
export { toFieldProblems } from './http/request-validator';
export { schemaKey, validatorFor } from './http/precompiled';
export type { PrecompiledValidators, Validator } from './http/precompiled';
export type { HttpRequest, HttpResult, HttpRouteSpec, JsonSchema, RequestSchemas } from './http/types';
export { ProblemError } from './errors';
