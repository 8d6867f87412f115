/** Who a verified token speaks for; becomes the authorizer context (strings only). */
export interface Principal {
  /** Cognito user sub, or the calling system for a service token (`sub`, else `iss`). */
  sub: string;
  /** Space-separated OAuth scopes. */
  scope: string;
  tokenType: 'access' | 'service';
  /** The Cognito app client (access tokens) or the issuing system (service tokens). */
  clientId: string;
}
