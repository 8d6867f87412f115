import type { FieldProblem, ProblemSlug } from './problems';
import { problemTypes } from './problems';

export interface ProblemErrorOptions {
  /** Human-readable explanation specific to this occurrence; safe to show to the client. */
  detail?: string;
  /** Field-level problems (validation). */
  errors?: FieldProblem[];
  /** Extra response headers, e.g. `Retry-After` or `Allow`. */
  headers?: Record<string, string>;
  /**
   * RFC 9457 extension members: extra top-level members of the problem document, safe to show to
   * the client (e.g. the challenge a login must complete). Never overrides a standard member
   * (`type`, `title`, `status`, `detail`, `instance`, `errors`).
   */
  extensions?: Record<string, unknown>;
  /** The underlying error or structured data, for logs only; never sent to the client. */
  cause?: unknown;
}

/**
 * An error that becomes an RFC 9457 problem response. Domain code throws these; the error
 * middleware renders them. Anything else thrown is treated as a bug (500, details only in logs).
 *
 * @example
 * throw new ProblemError('not-found', { detail: 'No account with this id.' });
 */
export class ProblemError extends Error {
  readonly slug: ProblemSlug;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors?: FieldProblem[];
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(slug: ProblemSlug, options: ProblemErrorOptions = {}) {
    const kind = problemTypes[slug];
    // A 4xx is an expected answer, not a bug: nobody reads its stack (it is logged at INFO without
    // one), and capturing it was ~5 % of a warm 4xx request. 5xx keep their stack. The
    // cause (with its own stack, if any) is kept either way.
    const stackTraceLimit = Error.stackTraceLimit;
    if (kind.status < 500) Error.stackTraceLimit = 0;
    try {
      super(options.detail ?? kind.title, { cause: options.cause });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.name = 'ProblemError';
    this.slug = slug;
    this.status = kind.status;
    this.title = kind.title;
    this.detail = options.detail ?? kind.title;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

/**
 * True for an error that must be retried by the client later (the platform's 503 family):
 * throttling and timeouts from AWS SDK calls.
 *
 * @example
 * if (isTransientAwsError(error)) throw new ProblemError('service-unavailable', { headers: { 'Retry-After': '1' } });
 */
export function isTransientAwsError(error: unknown): boolean {
  // By shape, not `instanceof Error`: an error made in another realm (a vm context, Jest's module
  // sandbox receiving Node's own socket errors such as ECONNRESET) is not an instance of this
  // realm's Error, and a transient failure must not turn into a 500 because of where it was built.
  if (typeof error !== 'object' || error === null) return false;
  const { name } = error as { name?: unknown };
  const meta = (error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown }).$metadata;
  const transientNames = new Set([
    'ProvisionedThroughputExceededException',
    'ThrottlingException',
    'RequestLimitExceeded',
    'LimitExceededException',
    'TooManyRequestsException',
    'InternalServerError',
    'ServiceUnavailable',
    'TimeoutError',
    'RequestTimeout',
    'RequestTimeoutException',
  ]);
  if (typeof name === 'string' && transientNames.has(name)) return true;
  const code = (error as { code?: string }).code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'].includes(code)) return true;
  return meta?.httpStatusCode !== undefined && meta.httpStatusCode >= 500;
}
