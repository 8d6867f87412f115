// Calls the profiles handlers in-process, as API Gateway would after its authorizer.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { apiEvent, lambdaContext } from '../../../../tests/support/api-gateway';
import type { ApiEventOptions } from '../../../../tests/support/api-gateway';
import { scanTable } from '../../../../tests/support/dynamodb';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown> & { errors?: Array<{ pointer: string; detail: string }> };
  raw: string;
}

/** A new user id (Cognito `sub`), unique per test so test files can share DynamoDB Local. */
export const newUser = (): string => randomUUID();

/** The token family (sign-in) the tests' tokens of `sub` belong to unless a test signs in anew. */
export const defaultFamily = (sub: string): string => `family-of-${sub}`;

/**
 * The context the platform's JWT authorizer (services/auth) passes for a user's access token:
 * `tokenFamily` is the sign-in (Cognito `origin_jti`) the token belongs to.
 */
export const jwtAuthorizer = (sub: string, clientId = 'mobile-client', tokenFamily = defaultFamily(sub)) => ({
  sub,
  scope: 'aws.cognito.signin.user.admin',
  tokenType: 'access',
  clientId,
  tokenFamily,
});

/** What API Gateway's native COGNITO_USER_POOLS authorizer would pass: no route of ours takes it. */
export const cognitoAuthorizer = (sub: string, claims: Record<string, string> = {}) => ({
  claims: {
    sub,
    token_use: 'access',
    client_id: 'mobile-client',
    scope: 'aws.cognito.signin.user.admin',
    iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test',
    ...claims,
  },
});

/**
 * Invokes a handler as `sub` with a token of sign-in `family` (default: defaultFamily(sub)), or
 * with the given authorizer / none, and parses the answer.
 *
 * @example
 * const response = await call(getProfile, { as: userId });
 */
export async function call(
  handler: Handler,
  options: ApiEventOptions & { as?: string; family?: string } = {},
): Promise<ApiResponse> {
  const { as, family, ...event } = options;
  const authorizer =
    event.authorizer ?? (as === undefined ? undefined : jwtAuthorizer(as, 'mobile-client', family));
  const result = (await handler(
    apiEvent({ ...event, authorizer }),
    lambdaContext(),
  )) as APIGatewayProxyResult;
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  return {
    status: result.statusCode,
    headers,
    body: result.body ? (JSON.parse(result.body) as ApiResponse['body']) : {},
    raw: result.body,
  };
}

/** Every item of a user's partition in the profiles table. */
export async function itemsOf(userId: string): Promise<Array<Record<string, unknown>>> {
  return (await scanTable('profiles')).filter((item) => item.pk === `USER#${userId}`);
}

export const validProfile = {
  displayName: 'Ana Lima',
  email: 'ana.lima@example.com',
  phone: '+14155550123',
  locale: 'pt-BR',
  timeZone: 'America/Sao_Paulo',
  country: 'BR',
};

export const validSession = (lastSeenAt = new Date().toISOString()) => ({
  platform: 'ios',
  appVersion: '4.2.0',
  locale: 'en-US',
  pushToken: 'apns-0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c',
  lastSeenAt,
});
