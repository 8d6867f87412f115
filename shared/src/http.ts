/** The HTTP stack for API Gateway handlers; see http/handler.ts for how it is put together. */
export { httpHandler } from './http/handler';
export { created, noContent, ok } from './http/responses';
export { CORRELATION_HEADER } from './http/correlation';
export { PROBLEM_CONTENT_TYPE, problemResponse, toProblemError } from './http/problem-response';
export { ajv, compileSchema, toFieldProblems } from './http/validation';
export type { HttpRequest, HttpResult, HttpRouteSpec, JsonSchema, RequestSchemas } from './http/types';
export { ProblemError } from './errors';
