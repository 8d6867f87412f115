import type { FromSchema } from 'json-schema-to-ts';

// Request bodies of the auth endpoints (JSON Schema 2020-12, validated by the shared HTTP stack).
// Bounded strings everywhere: hostile input stays cheap to reject.

const email = { type: 'string', format: 'email', minLength: 3, maxLength: 254 } as const;
const password = { type: 'string', minLength: 1, maxLength: 256 } as const;
const refreshToken = { type: 'string', minLength: 20, maxLength: 4096 } as const;

/** A closed object of required properties; literal types kept (the handlers' body types come from it). */
const object = <const P extends Record<string, unknown>>(properties: P) =>
  ({
    type: 'object',
    properties,
    required: Object.keys(properties) as Array<keyof P & string>,
    additionalProperties: false,
  }) as const;

export const signUpSchema = object({ email, password });
export const logInSchema = object({ email, password });

export const confirmSchema = object({ email, code: { type: 'string', pattern: '^[0-9]{4,10}$' } });

export const refreshSchema = object({ refreshToken });
export const logOutSchema = object({ refreshToken });

// TOTP (authenticator app) MFA. A code is the 6 digits the app shows (Cognito: SHA-1, 30 s).
const totpCode = { type: 'string', pattern: '^[0-9]{6}$' } as const;

export const verifyTotpSchema = {
  type: 'object',
  properties: {
    code: totpCode,
    deviceName: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: '^[^\\p{C}\\s](?:[^\\p{C}]*[^\\p{C}\\s])?$',
    },
  },
  required: ['code'],
  additionalProperties: false,
} as const;

/** Turning TOTP off is a step-up: the password and a current code. */
export const disableTotpSchema = object({ password, code: totpCode });

/** A user in the back-office routes: the pool's username, which is the user's `sub` (a UUID). */
export const userPathSchema = object({
  userId: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
});

export const logInMfaSchema = object({
  email,
  session: { type: 'string', minLength: 20, maxLength: 2048, pattern: '^[\\x21-\\x7E]+$' },
  code: totpCode,
});

// The request bodies as the schemas declare them (types only: the handlers get the same types from
// the schemas through httpHandler).
export type Credentials = FromSchema<typeof signUpSchema>;
export type ConfirmBody = FromSchema<typeof confirmSchema>;
export type RefreshBody = FromSchema<typeof refreshSchema>;
export type VerifyTotpBody = FromSchema<typeof verifyTotpSchema>;
export type LogInMfaBody = FromSchema<typeof logInMfaSchema>;
export type DisableTotpBody = FromSchema<typeof disableTotpSchema>;
