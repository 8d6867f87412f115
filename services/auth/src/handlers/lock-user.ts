import { lockUser } from '../use-cases/sessions';
import { adminUserAction } from '../admin-user-action';

/** POST /auth/admin/users/{userId}/lock — back office: the user can no longer sign in or refresh, and every outstanding token is refused. */
export const handler = adminUserAction('lock-user', 'lockUser', lockUser);
