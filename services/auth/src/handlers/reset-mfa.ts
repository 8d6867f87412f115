import { resetMfa } from '../use-cases/sessions';
import { adminUserAction } from '../admin-user-action';

/** POST /auth/admin/users/{userId}/mfa/reset — back office, lost authenticator: TOTP off, every session ended. */
export const handler = adminUserAction('reset-mfa', 'resetMfa', resetMfa);
