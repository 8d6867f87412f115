/**
 * Every route of the auth service, declared once: `npm run generate` writes the functions block of
 * serverless.yml, the precompiled validators and the OpenAPI operations from it. (The authorizer
 * is a function but not a route: serverless.yml declares it beside the generated block.) Who may
 * call each route: src/domain/rules.ts.
 *
 * The user endpoints call only Cognito's public client APIs (SignUp, ConfirmSignUp, InitiateAuth,
 * RevokeToken, GlobalSignOut, AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference,
 * RespondToAuthChallenge), which Cognito authorizes by the user's token or session, not by IAM. Their
 * IAM is the revocation records they write or read (the auth table in this region, `USER#` items
 * only); the back-office routes also get the one Admin* action each needs, on the pool only.
 */
import { defineRoutes, healthRoute, localTableArn } from '@ledgerline/shared/http/route-manifest';
import type { IamStatement } from '@ledgerline/shared/http/route-manifest';
import * as schemas from './schemas';

/** The pool client, region and local-stack switches every endpoint reads (resources/functions.yml). */
const environment = '${self:custom.auth.endpointEnvironment}';
/** The same and the pool id, for the back-office (Admin*) calls. */
const adminEnvironment = '${self:custom.auth.adminEnvironment}';

/** Access to the revocation records (`USER#<sub>` items of the auth table in this region). */
const revocationRecords = (action: 'dynamodb:UpdateItem' | 'dynamodb:BatchGetItem'): IamStatement => ({
  Effect: 'Allow',
  Action: [action],
  Resource: localTableArn,
  Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } },
});

/** Cognito Admin* actions on the platform's user pool only. */
const onThePool = (...actions: string[]): IamStatement => ({
  Effect: 'Allow',
  Action: actions.map((action) => `cognito-idp:${action}`),
  Resource: '${self:custom.auth.userPoolArn}',
});

/** What each back-office route shares: service tokens with `auth:admin`, a user by id, 204. */
const adminRoute = {
  authorizer: 'jwt' as const,
  request: { path: schemas.userPathSchema },
  problems: [400, 404, 429],
  environment: adminEnvironment,
};

export const routes = defineRoutes({
  health: healthRoute('auth'),
  signup: {
    method: 'post',
    path: '/auth/signup',
    handler: 'signup',
    summary: 'Create an unconfirmed account (a confirmation code is emailed)',
    authorizer: 'none',
    request: { body: schemas.signUpSchema },
    bodyName: 'SignUpRequest',
    responses: { 201: { description: 'Created', schema: 'SignUpResult', headers: ['Location'] } },
    problems: [400, 409, 413, 415, 429],
    environment,
    iam: [],
  },
  confirm: {
    method: 'post',
    path: '/auth/confirm',
    handler: 'confirm',
    summary: 'Confirm the email address with the emailed code',
    authorizer: 'none',
    request: { body: schemas.confirmSchema },
    bodyName: 'ConfirmRequest',
    responses: { 204: { description: 'Confirmed' } },
    problems: [400, 413, 415, 429],
    environment,
    iam: [],
  },
  login: {
    method: 'post',
    path: '/auth/login',
    handler: 'login',
    summary: 'Email and password to tokens',
    authorizer: 'none',
    request: { body: schemas.logInSchema },
    bodyName: 'LogInRequest',
    responses: {
      200: { description: 'Tokens', schema: 'Tokens' },
      403: {
        description: 'Refused; with `challenge: SOFTWARE_TOKEN_MFA` and `session` when a TOTP code is needed',
        schema: 'LoginProblem',
        mediaType: 'application/problem+json',
      },
    },
    problems: [400, 401, 403, 413, 415, 429],
    environment,
    iam: [],
  },
  loginMfa: {
    method: 'post',
    path: '/auth/login/mfa',
    handler: 'login-mfa',
    summary: "Second login step for TOTP users: the 403's session and the authenticator's code to tokens",
    authorizer: 'none',
    request: { body: schemas.logInMfaSchema },
    bodyName: 'LogInMfaRequest',
    responses: { 200: { description: 'Tokens (as /auth/login)', schema: 'Tokens' } },
    problems: [400, 401, 413, 415, 429],
    environment,
    iam: [],
  },
  refresh: {
    method: 'post',
    path: '/auth/refresh',
    handler: 'refresh',
    summary: 'Refresh token to new access and id tokens (401 once its session has ended)',
    authorizer: 'none',
    request: { body: schemas.refreshSchema },
    bodyName: 'RefreshRequest',
    responses: { 200: { description: 'New access and id tokens', schema: 'Tokens' } },
    problems: [400, 401, 413, 415, 429],
    environment,
    iam: [revocationRecords('dynamodb:BatchGetItem')],
  },
  logout: {
    method: 'post',
    path: '/auth/logout',
    handler: 'logout',
    summary: "End this device's session: its tokens are refused and its refresh token revoked",
    authorizer: 'jwt',
    request: { body: schemas.logOutSchema },
    bodyName: 'LogOutRequest',
    responses: { 204: { description: 'Signed out on this device' } },
    problems: [400, 413, 415, 429],
    environment,
    iam: [revocationRecords('dynamodb:UpdateItem')],
  },
  logoutAll: {
    method: 'post',
    path: '/auth/logout-all',
    handler: 'logout-all',
    summary: 'End every session of the caller, on every device (this one included)',
    authorizer: 'jwt',
    responses: { 204: { description: 'Signed out everywhere' } },
    problems: [429],
    environment,
    iam: [revocationRecords('dynamodb:UpdateItem')],
  },
  setupTotp: {
    method: 'post',
    path: '/auth/mfa/totp',
    handler: 'setup-totp',
    summary:
      'Start authenticator-app (TOTP) setup: a new secret and its otpauth URI (Cache-Control: no-store)',
    authorizer: 'jwt',
    responses: { 200: { description: 'The secret', schema: 'TotpSetup' } },
    problems: [429],
    environment,
    iam: [],
  },
  verifyTotp: {
    method: 'post',
    path: '/auth/mfa/totp/verify',
    handler: 'verify-totp',
    summary: 'Check a code of the new authenticator and turn TOTP MFA on (409 without a setup first)',
    authorizer: 'jwt',
    request: { body: schemas.verifyTotpSchema },
    bodyName: 'VerifyTotpRequest',
    responses: { 204: { description: 'TOTP MFA is on: logins now need a code' } },
    problems: [400, 409, 413, 415, 429],
    environment,
    iam: [],
  },
  disableTotp: {
    method: 'delete',
    path: '/auth/mfa/totp',
    handler: 'disable-totp',
    summary: 'Turn authenticator-app (TOTP) sign-in off: the password and a current code (409 if not on)',
    authorizer: 'jwt',
    request: { body: schemas.disableTotpSchema },
    bodyName: 'DisableTotpRequest',
    responses: { 204: { description: 'TOTP MFA is off: logins need the password only' } },
    problems: [400, 409, 413, 415, 429],
    environment,
    iam: [],
  },
  lockUser: {
    ...adminRoute,
    method: 'post',
    path: '/auth/admin/users/{userId}/lock',
    handler: 'lock-user',
    summary: 'Back office (auth:admin): lock a user; no sign-in or refresh, every session ended',
    responses: { 204: { description: 'Locked' } },
    iam: [revocationRecords('dynamodb:UpdateItem'), onThePool('AdminDisableUser', 'AdminUserGlobalSignOut')],
  },
  unlockUser: {
    ...adminRoute,
    method: 'post',
    path: '/auth/admin/users/{userId}/unlock',
    handler: 'unlock-user',
    summary: 'Back office (auth:admin): unlock a user; sessions ended by the lock stay ended',
    responses: { 204: { description: 'Unlocked' } },
    iam: [onThePool('AdminEnableUser')],
  },
  resetMfa: {
    ...adminRoute,
    method: 'post',
    path: '/auth/admin/users/{userId}/mfa/reset',
    handler: 'reset-mfa',
    summary: 'Back office (auth:admin), lost authenticator: TOTP off and every session ended',
    responses: { 204: { description: 'TOTP off, signed out everywhere' } },
    iam: [
      revocationRecords('dynamodb:UpdateItem'),
      onThePool('AdminSetUserMFAPreference', 'AdminUserGlobalSignOut'),
    ],
  },
});
