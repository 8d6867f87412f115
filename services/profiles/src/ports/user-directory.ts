/** The user pool (Cognito), as the profiles service sees it (adapters/cognito-user-directory.ts). */
export interface UserDirectory {
  /** The user's attributes in the pool (email, email_verified, sub…); undefined when no such user. */
  attributesOf(sub: string): Promise<Record<string, string> | undefined>;
}
