// HTTP client of the reliability suite: every answer is recorded by section and status so the
// suite can write its figures (.build/reliability/summary.json) and docs/reliability.md quotes them.
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { Agent } from 'undici';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body, or undefined when the body is not JSON. */
  json: Record<string, unknown> | undefined;
  correlationId: string;
}

export interface CallOptions {
  method?: string;
  token?: string;
  /** Raw Authorization header (wins over `token`). */
  authorization?: string;
  /** Objects are JSON-encoded with `content-type: application/json`; strings/buffers are sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** The connection pool to send through (default: the suite's, 256 connections per origin). */
  dispatcher?: Dispatcher;
  /**
   * Times to resend after the connection was reset before an answer arrived (default 0). Only for
   * requests that cannot write: a server that answers before reading the whole request (a header
   * above its limit, an authorizer refusing a large body) closes the socket, and under load the
   * client can see the reset before the answer, as any HTTP client can; a mobile app resends.
   */
  resendOnReset?: number;
}

/** Socket-level failures where the server may have answered but the client lost it. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** The code of a failed fetch's cause (`fetch failed` wraps the socket error). */
export function failureCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : String((error as Error).name);
}

/** Resends counted per section, for the run summary. */
export const resends: Record<string, number> = {};

/** Counts of answers per section and status, plus invariant checks, for the run summary. */
export const figures = {
  sections: {} as Record<string, Record<string, number>>,
  checks: {} as Record<string, unknown>,
};

export function record(section: string, status: number | string): void {
  const counts = (figures.sections[section] ??= {});
  counts[String(status)] = (counts[String(status)] ?? 0) + 1;
}

// Many sockets so concurrency is real; no keep-alive surprises across DynamoDB pauses.
const dispatcher = connectionPool(256);

/**
 * A client that opens at most `connections` sockets per origin; requests beyond that wait for a
 * free one, as behind a client's or a gateway's connection pool.
 */
export function connectionPool(connections: number): Dispatcher {
  return new Agent({ connections, keepAliveTimeout: 1_000, headersTimeout: 60_000 });
}

/** One HTTP call; never throws for an HTTP status (network errors are recorded as `network`). */
export async function call(section: string, url: string, options: CallOptions = {}): Promise<Reply> {
  for (let resendsLeft = options.resendOnReset ?? 0; ; resendsLeft--) {
    try {
      return await callOnce(section, url, options);
    } catch (error) {
      if (resendsLeft <= 0 || !RESET_CODES.has(failureCode(error))) throw error;
      resends[section] = (resends[section] ?? 0) + 1;
    }
  }
}

async function callOnce(section: string, url: string, options: CallOptions): Promise<Reply> {
  const correlationId = `rel-${randomUUID()}`;
  const headers: Record<string, string> = { 'x-correlation-id': correlationId, ...options.headers };
  let body: string | Buffer | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) body = options.body;
    else {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
  }
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  try {
    const response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      // @ts-expect-error undici's dispatcher option is not in the DOM RequestInit type
      dispatcher: options.dispatcher ?? dispatcher,
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    record(section, response.status);
    return { status: response.status, headers: response.headers, text, json, correlationId };
  } catch (error) {
    record(section, 'network');
    throw error;
  }
}

/** Runs `tasks` with at most `concurrency` in flight; results in task order. */
export async function pool<T>(concurrency: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return results;
}

/** True for an RFC 9457 answer of our HTTP stack: problem+json with type/title/status/instance. */
export function isProblem(reply: Reply): boolean {
  const body = reply.json;
  return (
    (reply.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
    body !== undefined &&
    typeof body.type === 'string' &&
    body.type.startsWith('https://ledgerline.dev/problems/') &&
    typeof body.title === 'string' &&
    body.status === reply.status &&
    typeof body.instance === 'string'
  );
}
