import type { JsonSchema } from '@ledgerline/shared/http';

// Request bodies of the auth endpoints (JSON Schema 2020-12, validated by the shared HTTP stack).
// Bounded strings everywhere: hostile input stays cheap to reject.

const email = { type: 'string', format: 'email', minLength: 3, maxLength: 254 } as const;
const password = { type: 'string', minLength: 1, maxLength: 256 } as const;
const refreshToken = { type: 'string', minLength: 20, maxLength: 4096 } as const;

const object = (properties: Record<string, unknown>): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

export interface Credentials {
  email: string;
  password: string;
}
export const signUpSchema = object({ email, password });
export const logInSchema = object({ email, password });

export interface ConfirmBody {
  email: string;
  code: string;
}
export const confirmSchema = object({ email, code: { type: 'string', pattern: '^[0-9]{4,10}$' } });

export interface RefreshBody {
  refreshToken: string;
}
export const refreshSchema = object({ refreshToken });
export const logOutSchema = object({ refreshToken });
