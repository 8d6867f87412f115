/** The user pool (Cognito), as the profiles service sees it (adapters/cognito-user-directory.ts). */
export interface UserDirectory {
  /** The user's attributes in the pool (email, email_verified, sub…); undefined when no such user. */
  attributesOf(sub: string): Promise<Record<string, string> | undefined>;
  /** Ends every refresh token of the user at Cognito (AdminUserGlobalSignOut); a missing user is done. */
  signOutEverywhere(sub: string): Promise<void>;
  /** Deletes the user and every attribute (AdminDeleteUser); a missing user is done (idempotent). */
  deleteUser(sub: string): Promise<void>;
}
