/**
 * The user pool (Cognito), as the profiles service needs it for the data subject's rights.
 * adapters/cognito-user-directory.ts implements it with the pool's Admin* API.
 */
export interface UserDirectory {
  /** Ends every refresh token of the user at Cognito (AdminUserGlobalSignOut); a missing user is done. */
  signOutEverywhere(sub: string): Promise<void>;
  /** Deletes the user and every attribute (AdminDeleteUser); a missing user is done (idempotent). */
  deleteUser(sub: string): Promise<void>;
}
