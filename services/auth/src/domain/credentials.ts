import type { FieldProblem } from '@ledgerline/shared/problems';

/**
 * The user pool's password policy: the CloudFormation pool (resources/cognito.yml), the local pool
 * (scripts/local/cognito-local.ts) and the sign-up check below all use these numbers.
 */
export const PASSWORD_POLICY = {
  minimumLength: 12,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
} as const;

/** Cognito's own symbol set for RequireSymbols. */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+ -]/;

/**
 * Field problems of a new password against PASSWORD_POLICY (empty: acceptable). Checked before
 * Cognito is called, so the answer is the same on AWS and locally (cognito-local ignores the policy).
 *
 * @example
 * passwordProblems('short'); // [{ pointer: '/body/password', detail: 'Use at least 12 characters ...' }]
 */
export function passwordProblems(password: string, pointer = '/body/password'): FieldProblem[] {
  const missing = [
    password.length < PASSWORD_POLICY.minimumLength && `at least ${PASSWORD_POLICY.minimumLength} characters`,
    PASSWORD_POLICY.requireUppercase && !/[A-Z]/.test(password) && 'an uppercase letter',
    PASSWORD_POLICY.requireLowercase && !/[a-z]/.test(password) && 'a lowercase letter',
    PASSWORD_POLICY.requireNumbers && !/[0-9]/.test(password) && 'a digit',
    PASSWORD_POLICY.requireSymbols && !SYMBOLS.test(password) && 'a symbol',
  ].filter((item): item is string => Boolean(item));
  return missing.length === 0 ? [] : [{ pointer, detail: `The password needs ${missing.join(', ')}.` }];
}

/** Emails are usernames: compared case-insensitively, stored lower-case and trimmed. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
