import type { HttpResult } from './types';

/**
 * 200 with a JSON body.
 *
 * @example
 * return ok({ accountId, balance });
 */
export const ok = (body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode: 200,
  body,
  headers,
});

/**
 * 201 with a `Location` header.
 *
 * @example
 * return created(`/accounts/${account.accountId}`, account);
 */
export const created = (
  location: string,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode: 201,
  body,
  headers: { location, ...headers },
});

/**
 * 204 without a body.
 *
 * @example
 * return noContent();
 */
export const noContent = (headers: Record<string, string> = {}): HttpResult => ({ statusCode: 204, headers });
