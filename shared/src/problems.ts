/**
 * The registry of problem types (RFC 9457). Each kind of error has one stable `type` URI,
 * `https://ledgerline.dev/problems/<slug>`, documented in docs/errors.md (a unit test keeps
 * that page in step with this table). Clients switch on `type`, never on `title` or `detail`.
 */
export const PROBLEM_BASE_URI = 'https://ledgerline.dev/problems/';

export const problemTypes = {
  'validation-failed': { status: 400, title: 'Your request is not valid.' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON.' },
  'bad-request': { status: 400, title: 'The request cannot be processed as sent.' },
  unauthorized: { status: 401, title: 'Authentication is required.' },
  'reauthentication-required': {
    status: 401,
    title: 'This operation needs a recent sign-in; sign in again first.',
  },
  forbidden: { status: 403, title: 'You are not allowed to do this.' },
  'not-found': { status: 404, title: 'The resource does not exist.' },
  'method-not-allowed': { status: 405, title: 'The method is not allowed on this resource.' },
  conflict: { status: 409, title: 'The request conflicts with the current state of the resource.' },
  'balance-not-zero': {
    status: 409,
    title: 'An account still holds money or has pending transfers.',
  },
  'request-in-progress': { status: 409, title: 'A request with this Idempotency-Key is still in progress.' },
  'precondition-failed': { status: 412, title: 'The resource has changed since you read it.' },
  'payload-too-large': { status: 413, title: 'The request body is too large.' },
  'unsupported-media-type': { status: 415, title: 'The request body must be application/json.' },
  'unprocessable-request': { status: 422, title: 'The request is well-formed but cannot be applied.' },
  'insufficient-funds': { status: 422, title: 'The account balance is too low for this debit.' },
  'currency-mismatch': { status: 422, title: 'The accounts and the amount are not all in one currency.' },
  'account-unavailable': { status: 422, title: 'The destination account does not exist or is closed.' },
  'transfer-not-pending': { status: 409, title: 'The transfer is no longer pending.' },
  'hold-expired': { status: 422, title: 'The hold expired before it was posted.' },
  'already-reversed': { status: 409, title: 'The transfer has already been reversed.' },
  'idempotency-key-reused': {
    status: 422,
    title: 'This Idempotency-Key was already used with a different request.',
  },
  'precondition-required': { status: 428, title: 'This request must be conditional (send If-Match).' },
  'too-many-requests': { status: 429, title: 'Too many requests; retry later.' },
  'internal-error': { status: 500, title: 'Something went wrong on our side.' },
  'service-unavailable': { status: 503, title: 'The service is temporarily unavailable; retry later.' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemSlug = keyof typeof problemTypes;

/** A field-level validation problem: `pointer` is a JSON Pointer (RFC 6901) into the request. */
export interface FieldProblem {
  pointer: string;
  detail: string;
}

/** The body of every error response (RFC 9457 `application/problem+json`). */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldProblem[];
  /** Extension members of some problems (RFC 9457 §3.2), e.g. the MFA challenge of a login. */
  [extension: string]: unknown;
}

/**
 * The `type` URI of a problem kind.
 *
 * @example
 * problemTypeUri('not-found'); // 'https://ledgerline.dev/problems/not-found'
 */
export function problemTypeUri(slug: ProblemSlug): string {
  return PROBLEM_BASE_URI + slug;
}
