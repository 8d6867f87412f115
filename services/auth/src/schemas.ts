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

// TOTP (authenticator app) MFA. A code is the 6 digits the app shows (Cognito: SHA-1, 30 s).
const totpCode = { type: 'string', pattern: '^[0-9]{6}$' } as const;

export interface VerifyTotpBody {
  code: string;
  /** Shown in the user's MFA settings; printable characters only. */
  deviceName?: string;
}
export const verifyTotpSchema: JsonSchema = {
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
};

export interface LogInMfaBody {
  email: string;
  /** The `session` member of /auth/login's 403 (Cognito's challenge session: 20-2048 characters). */
  session: string;
  code: string;
}
export const logInMfaSchema = object({
  email,
  session: { type: 'string', minLength: 20, maxLength: 2048, pattern: '^[\\x21-\\x7E]+$' },
  code: totpCode,
});
