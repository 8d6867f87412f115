/**
 * Every route of the auth service, declared once: `npm run generate` writes the functions block of
 * serverless.yml, the precompiled validators and the OpenAPI operations from it. (The authorizer
 * is a function but not a route: serverless.yml declares it beside the generated block.)
 *
 * The endpoints call only Cognito's public client APIs (SignUp, ConfirmSignUp, InitiateAuth,
 * RevokeToken, GlobalSignOut, AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference,
 * RespondToAuthChallenge), which Cognito authorizes by the user's token or session, not by IAM:
 * they need no IAM permission, so their roles hold X-Ray only.
 */
import { defineRoutes, healthRoute } from '@ledgerline/shared/http/route-manifest';
import * as schemas from './schemas';

/** The pool client, region and local-stack switches every endpoint reads (resources/functions.yml). */
const environment = '${self:custom.auth.endpointEnvironment}';

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
    summary: 'Refresh token to new access and id tokens',
    authorizer: 'none',
    request: { body: schemas.refreshSchema },
    bodyName: 'RefreshRequest',
    responses: { 200: { description: 'New access and id tokens', schema: 'Tokens' } },
    problems: [400, 401, 413, 415, 429],
    environment,
    iam: [],
  },
  logout: {
    method: 'post',
    path: '/auth/logout',
    handler: 'logout',
    summary: 'Revoke the refresh token and sign out everywhere',
    authorizer: 'jwt',
    request: { body: schemas.logOutSchema },
    bodyName: 'LogOutRequest',
    responses: { 204: { description: 'Signed out' } },
    problems: [400, 413, 415, 429],
    environment,
    iam: [],
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
});
