import { unlockUser } from '../use-cases/sessions';
import { adminUserAction } from '../admin-user-action';

/** POST /auth/admin/users/{userId}/unlock — back office: the user can sign in again (sessions the lock ended stay ended). */
export const handler = adminUserAction('unlock-user', 'unlockUser', unlockUser);
