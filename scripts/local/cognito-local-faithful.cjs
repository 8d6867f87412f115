// Preload for cognito-local 5.3 (`node --require <this file> .../cognito-local/lib/bin/start.js`):
// patches the behaviours our sessions depend on where cognito-local differs from Amazon Cognito.
// node_modules stays untouched; every patch names what AWS does and why we need it. A cognito-local
// upgrade that removes or renames a patched function makes this file throw at startup, so a patch
// can never silently stop applying (docs/auth.md, "Where cognito-local differs, and the shim").
//
// Patches (all in cognito-local's own module instances, which start.js then loads from the cache):
// 1. Token families: `origin_jti` in access, ID and refresh tokens, one per authentication, kept by
//    REFRESH_TOKEN_AUTH (JwtTokenGenerator.prototype.generate + UserPoolServiceImpl.getUserByRefreshToken).
// 2. `auth_time` survives refresh (same two patches).
// 3. Disabled users (AdminDisableUser) cannot authenticate or refresh (generate + InitiateAuth).
// 4. Targets cognito-local lacks: GlobalSignOut, AdminUserGlobalSignOut, AdminSetUserMFAPreference;
//    RevokeToken and the sign-outs also revoke the access tokens of the families they end, and every
//    target taking an AccessToken refuses a revoked one.
// 5. RespondToAuthChallenge stores the refresh token it issues (cognito-local forgets it, so a refresh
//    after an MFA login failed).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for `node --require` */

const { randomUUID } = require('node:crypto');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');

/** Where cognito-local lives: the package the local stack starts (scripts/local/cognito-local.ts). */
const COGNITO_LOCAL_LIB = join(dirname(require.resolve('cognito-local/package.json')), 'lib');

/** The cognito-local modules this shim patches, by the names used below. */
function loadCognitoLocal(lib = COGNITO_LOCAL_LIB) {
  const requireFromLib = createRequire(join(lib, 'index.js'));
  return {
    tokenGenerator: requireFromLib('./services/tokenGenerator.js'),
    userPoolService: requireFromLib('./services/userPoolService.js'),
    targets: requireFromLib('./targets/targets.js'),
    target: requireFromLib('./targets/Target.js'),
    errors: requireFromLib('./errors.js'),
    privateKey: requireFromLib('./keys/cognitoLocal.private.json'),
    // cognito-local's own copy, so tokens are signed exactly as it signs them.
    jwt: requireFromLib('jsonwebtoken'),
  };
}

const fail = (what) => {
  throw new Error(
    `cognito-local-faithful: ${what} is missing in this cognito-local version; ` +
      'the shim cannot apply (see docs/auth.md, "Where cognito-local differs, and the shim").',
  );
};
const requireFunction = (owner, name, label) => {
  if (typeof owner?.[name] !== 'function') fail(label);
};

/** Targets the shim adds; it refuses to shadow a native implementation (drop ours, re-check). */
const ADDED_TARGETS = ['GlobalSignOut', 'AdminUserGlobalSignOut', 'AdminSetUserMFAPreference'];
const WRAPPED_TARGETS = [
  'InitiateAuth',
  'AdminInitiateAuth',
  'RespondToAuthChallenge',
  'RevokeToken',
  'AdminDisableUser',
];

/**
 * Applies every patch to the given cognito-local modules (`loadCognitoLocal()`); throws, before
 * changing anything, if one of the functions it patches or relies on is missing.
 */
function patchCognitoLocal(m) {
  // ---- Fail loudly: check everything first, patch afterwards.
  requireFunction(
    m.tokenGenerator?.JwtTokenGenerator?.prototype,
    'generate',
    'JwtTokenGenerator.prototype.generate',
  );
  const UserPool = m.userPoolService?.UserPoolServiceImpl;
  for (const name of [
    'getUserByRefreshToken',
    'getUserByUsername',
    'listUsers',
    'storeRefreshToken',
    'saveUser',
  ])
    requireFunction(UserPool?.prototype, name, `UserPoolServiceImpl.prototype.${name}`);
  for (const name of ['NotAuthorizedError', 'UserNotFoundError', 'InvalidParameterError'])
    requireFunction(m.errors, name, `errors.${name}`);
  requireFunction(m.target, 'isSupportedTarget', 'targets/Target.isSupportedTarget');
  const Targets = m.targets?.Targets;
  if (!Targets || typeof Targets !== 'object') fail('targets/targets.Targets');
  for (const name of WRAPPED_TARGETS) requireFunction(Targets, name, `Targets.${name}`);
  for (const name of ADDED_TARGETS)
    if (name in Targets)
      fail(`the absence of a native Targets.${name} (cognito-local now implements it: drop the shim's)`);
  if (typeof m.privateKey?.pem !== 'string') fail('keys/cognitoLocal.private.json (pem)');
  requireFunction(m.jwt, 'sign', 'jsonwebtoken.sign');
  requireFunction(m.jwt, 'decode', 'jsonwebtoken.decode');

  const { NotAuthorizedError, UserNotFoundError, InvalidParameterError } = m.errors;
  const { jwt } = m;
  const pem = m.privateKey.pem;
  const decode = (token) => (typeof token === 'string' ? jwt.decode(token) : null);
  // Revocation state: the token families whose tokens are revoked, on the user record (kept by
  // cognito-local's own saves, which spread the user; never returned by its API responses).
  const REVOKED = 'RevokedTokenFamilies';

  // ---- 1 + 2. Token families and auth_time.
  // AWS: with token revocation on (EnableTokenRevocation, the default for new clients), access and ID
  // tokens carry `origin_jti`, the same for every token of one authentication, including those later
  // minted by REFRESH_TOKEN_AUTH; a refresh changes `jti`, `iat` and `exp` but keeps `auth_time`
  // (Cognito developer guide: "Using the access token", "Using the ID token", "Revoking tokens").
  // cognito-local: fresh `jti` only, `auth_time` = now on every refresh.
  // The refresh flows (initiateAuth/adminInitiateAuth refreshTokenAuthFlow, oauth2 token route) call
  // getUserByRefreshToken(ctx, token) and then generate(ctx, ..., "RefreshTokens") with the SAME ctx:
  // the family is noted against that ctx and read back in generate.
  const refreshFamily = new WeakMap();
  const originalGetUserByRefreshToken = UserPool.prototype.getUserByRefreshToken;
  UserPool.prototype.getUserByRefreshToken = async function getUserByRefreshToken(ctx, refreshToken) {
    const user = await originalGetUserByRefreshToken.call(this, ctx, refreshToken);
    const claims = decode(refreshToken);
    if (!user && claims?.origin_jti) {
      // A refresh token ended by a sign-out, RevokeToken or AdminDisableUser: AWS names the reason
      // (NotAuthorizedException "Refresh Token has been revoked" / "User is disabled."), where
      // cognito-local only says "User not authorized".
      const owner = (await this.listUsers(ctx)).find((u) => (u[REVOKED] ?? []).includes(claims.origin_jti));
      if (owner)
        throw new NotAuthorizedError(
          owner.Enabled === false ? 'User is disabled.' : 'Refresh Token has been revoked',
        );
    }
    if (user && ctx && claims?.origin_jti)
      refreshFamily.set(ctx, { originJti: claims.origin_jti, authTime: claims.auth_time });
    return user;
  };

  const originalGenerate = m.tokenGenerator.JwtTokenGenerator.prototype.generate;
  m.tokenGenerator.JwtTokenGenerator.prototype.generate = async function generate(ctx, user, ...rest) {
    // 3. AWS refuses every token issue to a disabled user: InitiateAuth (password and refresh),
    // RespondToAuthChallenge, AdminInitiateAuth → NotAuthorizedException "User is disabled."
    // (API reference: AdminDisableUser). cognito-local ignores `Enabled`.
    if (user?.Enabled === false) throw new NotAuthorizedError('User is disabled.');
    const tokens = await originalGenerate.call(this, ctx, user, ...rest);
    const source = rest[3];
    const family = source === 'RefreshTokens' && ctx ? refreshFamily.get(ctx) : undefined;
    const originJti = family?.originJti ?? randomUUID();
    const resign = (token, withAuthTime) => {
      const { header, payload } = jwt.decode(token, { complete: true });
      const claims = { ...payload, origin_jti: originJti };
      if (withAuthTime) claims.auth_time = family?.authTime ?? payload.auth_time ?? payload.iat;
      // Same key, algorithm and header as cognito-local (kid "CognitoLocal" on access/ID tokens,
      // none on its refresh token); iss, aud, iat and exp come back from the payload unchanged.
      return jwt.sign(claims, pem, { algorithm: 'RS256', ...(header.kid && { keyid: header.kid }) });
    };
    return {
      ...tokens,
      AccessToken: resign(tokens.AccessToken, true),
      IdToken: resign(tokens.IdToken, true),
      // Carries the family and the original auth_time into the next refresh (cognito-local's refresh
      // token is a readable JWT; AWS's is opaque, which nothing here relies on).
      RefreshToken: resign(tokens.RefreshToken, true),
    };
  };

  // ---- Revocation.
  const familyOf = (token) => decode(token)?.origin_jti;
  const revokeFamilies = (user, families) => [
    ...new Set([...(user[REVOKED] ?? []), ...families.filter((f) => typeof f === 'string')]),
  ];
  /** GlobalSignOut semantics: every refresh token stops working, with the access tokens of their families. */
  const signOutEverywhere = async (ctx, userPool, user) => {
    const refreshTokens = Array.isArray(user.RefreshTokens) ? user.RefreshTokens : [];
    await userPool.saveUser(ctx, {
      ...user,
      RefreshTokens: [],
      [REVOKED]: revokeFamilies(user, refreshTokens.map(familyOf)),
    });
  };
  const userOfAccessToken = async (services, ctx, accessToken) => {
    const claims = decode(accessToken);
    if (!claims?.client_id || !claims.sub || claims.token_use !== 'access') return undefined;
    const userPool = await services.cognito.getUserPoolForClientId(ctx, claims.client_id);
    const user = await userPool.getUserByUsername(ctx, claims.sub);
    return user ? { claims, userPool, user } : undefined;
  };

  // Every target that takes an AccessToken (GetUser, ChangePassword, AssociateSoftwareToken,
  // VerifySoftwareToken, SetUserMFAPreference, UpdateUserAttributes, DeleteUser, GlobalSignOut…) refuses
  // a revoked one, as AWS does: NotAuthorizedException "Access Token has been revoked". cognito-local
  // only decodes access tokens (no signature or expiry check); the shim keeps that and adds revocation.
  const refuseRevokedAccessToken = (factory) => (services) => {
    const target = factory(services);
    return async (ctx, req) => {
      if (typeof req?.AccessToken === 'string') {
        // A token whose pool or user cannot be found is left to the target's own error.
        const found = await userOfAccessToken(services, ctx, req.AccessToken).catch(() => undefined);
        const family = found?.claims.origin_jti;
        if (family && (found.user[REVOKED] ?? []).includes(family))
          throw new NotAuthorizedError('Access Token has been revoked');
      }
      return target(ctx, req);
    };
  };

  // ---- 3. Disabled users, before a challenge: with MFA on, InitiateAuth answers a challenge before any
  // token is generated; AWS refuses a disabled user there already. Checked once the password is right
  // (as cognito-local orders its own checks), so the answer reveals nothing to a wrong password.
  const refuseDisabledPasswordLogin = (factory, poolOf) => (services) => {
    const target = factory(services);
    return async (ctx, req) => {
      const params = req?.AuthParameters;
      if (params?.USERNAME && params.PASSWORD !== undefined && /PASSWORD/.test(String(req.AuthFlow))) {
        const userPool = await poolOf(services, ctx, req);
        const user = await userPool.getUserByUsername(ctx, params.USERNAME);
        if (user?.Enabled === false && user.Password === params.PASSWORD)
          throw new NotAuthorizedError('User is disabled.');
      }
      return target(ctx, req);
    };
  };

  // ---- 5. AWS: a refresh token from RespondToAuthChallenge (an MFA login) works with
  // REFRESH_TOKEN_AUTH like any other. cognito-local returns it without storing it, so it is refused.
  const storeChallengeRefreshToken = (factory) => (services) => {
    const target = factory(services);
    return async (ctx, req) => {
      const result = await target(ctx, req);
      const refreshToken = result?.AuthenticationResult?.RefreshToken;
      if (refreshToken) {
        const userPool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
        const user = await userPool.getUserByUsername(ctx, req.ChallengeResponses.USERNAME);
        if (user) await userPool.storeRefreshToken(ctx, refreshToken, user);
      }
      return result;
    };
  };

  // ---- RevokeToken. AWS: "Revokes all of the access tokens generated by, and at the same time as, the
  // specified refresh token" (API reference: RevokeToken). cognito-local only drops the refresh token.
  const revokeFamilyToo = (factory) => (services) => {
    const target = factory(services);
    return async (ctx, req) => {
      const userPool = req?.ClientId
        ? await services.cognito.getUserPoolForClientId(ctx, req.ClientId)
        : undefined;
      const owner = userPool ? await originalGetUserByRefreshToken.call(userPool, ctx, req.Token) : null;
      const result = await target(ctx, req);
      if (owner) {
        const user = (await userPool.getUserByUsername(ctx, owner.Username)) ?? owner;
        await userPool.saveUser(ctx, { ...user, [REVOKED]: revokeFamilies(user, [familyOf(req.Token)]) });
      }
      return result;
    };
  };

  // ---- 4. Missing targets.
  // GlobalSignOut (API reference: GlobalSignOut): request {AccessToken}, response {}. Invalidates the
  // user's refresh tokens and the access/ID tokens issued with them. Errors: NotAuthorizedException for
  // an invalid or revoked access token.
  const GlobalSignOut = (services) => async (ctx, req) => {
    if (!req?.AccessToken) throw new InvalidParameterError('Missing required parameter AccessToken');
    const found = await userOfAccessToken(services, ctx, req.AccessToken);
    if (!found) throw new NotAuthorizedError('Invalid Access Token');
    await signOutEverywhere(ctx, found.userPool, found.user);
    return {};
  };

  // AdminUserGlobalSignOut (API reference: AdminUserGlobalSignOut): request {UserPoolId, Username}
  // (Username: the username or an alias such as the email, or the sub), response {}. Same effect as
  // GlobalSignOut. Errors: ResourceNotFoundException (pool), UserNotFoundException.
  const AdminUserGlobalSignOut = (services) => async (ctx, req) => {
    if (!req?.UserPoolId || !req.Username)
      throw new InvalidParameterError('Missing required parameter UserPoolId or Username');
    const userPool = await services.cognito.getUserPool(ctx, req.UserPoolId);
    const user = await userPool.getUserByUsername(ctx, req.Username);
    if (!user) throw new UserNotFoundError('User does not exist.');
    await signOutEverywhere(ctx, userPool, user);
    return {};
  };

  // AdminSetUserMFAPreference (API reference: AdminSetUserMFAPreference): request {UserPoolId, Username,
  // SMSMfaSettings?, SoftwareTokenMfaSettings?: {Enabled, PreferredMfa}}, response {}. Same rules as
  // cognito-local's SetUserMFAPreference (targets/setUserMFAPreference.js), for an admin: enabling TOTP
  // needs a verified authenticator; turning it off means the next login is not challenged.
  const AdminSetUserMFAPreference = (services) => async (ctx, req) => {
    if (!req?.UserPoolId || !req.Username)
      throw new InvalidParameterError('Missing required parameter UserPoolId or Username');
    const userPool = await services.cognito.getUserPool(ctx, req.UserPoolId);
    const user = await userPool.getUserByUsername(ctx, req.Username);
    if (!user) throw new UserNotFoundError('User does not exist.');
    const sms = req.SMSMfaSettings;
    const software = req.SoftwareTokenMfaSettings;
    if (software?.Enabled && !user.SoftwareTokenMfaConfiguration?.Verified)
      throw new InvalidParameterError('User has not verified software token MFA');
    const methods = new Set(user.UserMFASettingList ?? []);
    for (const [settings, method] of [
      [sms, 'SMS_MFA'],
      [software, 'SOFTWARE_TOKEN_MFA'],
    ]) {
      if (settings?.Enabled) methods.add(method);
      else if (settings) methods.delete(method);
    }
    const preferred = sms?.PreferredMfa
      ? 'SMS_MFA'
      : software?.PreferredMfa
        ? 'SOFTWARE_TOKEN_MFA'
        : undefined;
    if (preferred && !methods.has(preferred))
      throw new InvalidParameterError(`Cannot set ${preferred} as preferred \u2014 it is not enabled`);
    await userPool.saveUser(ctx, {
      ...user,
      UserMFASettingList: [...methods],
      PreferredMfaSetting: preferred,
    });
    return {};
  };

  // ---- AdminDisableUser. AWS: "Deactivates a user and revokes all access tokens for the user" (API
  // reference: AdminDisableUser). The shim also ends the user's refresh tokens, i.e. a global sign-out:
  // AWS does not document whether a refresh token from before survives a later AdminEnableUser, and the
  // stricter reading is the safe one to develop against.
  const signOutAfterDisable = (factory) => (services) => {
    const target = factory(services);
    return async (ctx, req) => {
      const result = await target(ctx, req);
      const userPool = await services.cognito.getUserPool(ctx, req.UserPoolId);
      const user = await userPool.getUserByUsername(ctx, req.Username);
      if (user) await signOutEverywhere(ctx, userPool, user);
      return result;
    };
  };
  // ---- Install. Router.js looks a target up in this same Targets object per request, and
  // Target.isSupportedTarget checks Object.keys(Targets) per call, so added keys are served.
  const poolOfClient = (services, ctx, req) => services.cognito.getUserPoolForClientId(ctx, req.ClientId);
  const poolById = (services, ctx, req) => services.cognito.getUserPool(ctx, req.UserPoolId);
  Targets.InitiateAuth = refuseDisabledPasswordLogin(Targets.InitiateAuth, poolOfClient);
  Targets.AdminInitiateAuth = refuseDisabledPasswordLogin(Targets.AdminInitiateAuth, poolById);
  Targets.RespondToAuthChallenge = storeChallengeRefreshToken(Targets.RespondToAuthChallenge);
  Targets.RevokeToken = revokeFamilyToo(Targets.RevokeToken);
  Targets.AdminDisableUser = signOutAfterDisable(Targets.AdminDisableUser);
  Object.assign(Targets, { GlobalSignOut, AdminUserGlobalSignOut, AdminSetUserMFAPreference });
  for (const name of Object.keys(Targets)) Targets[name] = refuseRevokedAccessToken(Targets[name]);
  for (const name of ADDED_TARGETS)
    if (!m.target.isSupportedTarget(name)) fail(`a Targets map that isSupportedTarget reads (${name})`);
}

module.exports = { patchCognitoLocal, loadCognitoLocal };

// Preloaded with `node --require` (no main module yet): patch the real cognito-local now. Required from
// a test (require.main is set), it only exports, so the test can check the load-time refusals.
if (require.main === undefined) {
  patchCognitoLocal(loadCognitoLocal());
}
