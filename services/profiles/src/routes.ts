/**
 * Every route of the profiles service, declared once: `npm run generate` writes the functions block
 * of serverless.yml, the precompiled validators and the OpenAPI operations from it.
 */
import type { IamStatement } from '@ledgerline/shared/http/route-manifest';
import { defineRoutes, healthRoute } from '@ledgerline/shared/http/route-manifest';
import * as schemas from './schemas';

/** Every profile lives in its home region's table replica (custom.profiles.homeRegion). */
const homeTable = '${self:custom.profiles.tableArn}';
/**
 * The auth table (the auth service's revocation records, a global table) in THIS region: removing
 * a device revokes its token family and the session list reads the families' records
 * (custom.profiles.authTableArn). Only the users' partitions (`USER#…`), never anything else.
 */
const authTableUsers = (action: 'dynamodb:UpdateItem' | 'dynamodb:BatchGetItem'): IamStatement => ({
  Effect: 'Allow',
  Action: [action],
  Resource: '${self:custom.profiles.authTableArn}',
  Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } },
});
/**
 * The transactions table (a global table) in THIS region, for the erasure's ledger checks
 * (`holdingsOf` of `@ledgerline/transactions/privacy`): the owner index (gsi3, keys only) lists a
 * person's accounts, BatchGetItem reads their balances (custom.profiles).
 */
const ledgerReads: IamStatement[] = [
  {
    Effect: 'Allow',
    Action: ['dynamodb:Query'],
    Resource: '${self:custom.profiles.transactionsOwnerIndexArn}',
  },
  {
    Effect: 'Allow',
    Action: ['dynamodb:BatchGetItem'],
    Resource: '${self:custom.profiles.transactionsTableArn}',
  },
];

/**
 * The exports bucket's objects (`exports/*` only) and its CMK (custom.profiles.exports*), from the
 * Terraform core outputs through compose params.
 */
const exportObjects = '${self:custom.profiles.exportObjectsArn}';
const exportsKey = '${self:custom.profiles.exportsKmsKeyArn}';
/** The home region and the app client every protected route checks (custom.profiles.environment). */
const environment = '${self:custom.profiles.environment}';

export const routes = defineRoutes({
  health: healthRoute('profiles'),
  createProfile: {
    method: 'post',
    path: '/profiles',
    handler: 'create-profile',
    summary: "Create the caller's profile",
    authorizer: 'jwt',
    request: { body: schemas.createProfileSchema },
    bodyName: 'CreateProfileRequest',
    responses: { 201: { description: 'Created', schema: 'Profile', headers: ['Location', 'ETag'] } },
    problems: [400, 409, 413, 415, 429],
    environment,
    iam: [{ Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: homeTable }],
  },
  getProfile: {
    method: 'get',
    path: '/profiles/me',
    handler: 'get-profile',
    summary: "The caller's profile with its ETag",
    authorizer: 'jwt',
    responses: { 200: { description: 'The profile', schema: 'Profile', headers: ['ETag'] } },
    problems: [404, 429],
    environment,
    iam: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: homeTable }],
  },
  updateProfile: {
    method: 'patch',
    path: '/profiles/me',
    handler: 'update-profile',
    summary: 'JSON Merge Patch (RFC 7396) under If-Match (optimistic locking)',
    authorizer: 'jwt',
    request: { body: schemas.updateProfileSchema },
    bodyName: 'UpdateProfileRequest',
    bodyMediaTypes: ['application/merge-patch+json'],
    headers: [
      {
        name: 'If-Match',
        required: true,
        description:
          'The ETag of the profile as read (or `*`); 428 without it, 412 when stale; with `*` a lost race is re-applied (409 + Retry-After after 8 lost races).',
        schema: { type: 'string' },
      },
    ],
    responses: { 200: { description: 'The updated profile', schema: 'Profile', headers: ['ETag'] } },
    problems: [400, 404, 409, 412, 413, 415, 428, 429],
    environment,
    iam: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: homeTable }],
  },
  deleteProfile: {
    method: 'delete',
    path: '/profiles/me',
    handler: 'delete-profile',
    summary: 'Delete the profile and all its sessions',
    authorizer: 'jwt',
    responses: { 204: { description: 'Deleted' } },
    problems: [404, 429],
    environment,
    iam: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem'],
        Resource: homeTable,
      },
    ],
  },
  putSession: {
    method: 'put',
    path: '/profiles/me/sessions/{deviceId}',
    handler: 'put-session',
    summary: 'Record a device session (30-day TTL)',
    authorizer: 'jwt',
    request: { path: schemas.sessionPathSchema, body: schemas.putSessionSchema },
    bodyName: 'PutSessionRequest',
    responses: {
      200: { description: 'Known device updated', schema: 'Session' },
      201: { description: 'New device', schema: 'Session', headers: ['Location'] },
    },
    problems: [400, 404, 413, 415, 429],
    environment,
    // TransactWriteItems needs the action of each item it holds, nothing of its own.
    iam: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: homeTable,
      },
    ],
  },
  listSessions: {
    method: 'get',
    path: '/profiles/me/sessions',
    handler: 'list-sessions',
    summary:
      "The caller's live sessions, most recently seen first: which are signed in, which is the caller's",
    authorizer: 'jwt',
    responses: { 200: { description: 'Sessions', schema: 'SessionList' } },
    problems: [404, 429],
    environment,
    iam: [
      { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: homeTable },
      authTableUsers('dynamodb:BatchGetItem'),
    ],
  },
  deleteSession: {
    method: 'delete',
    path: '/profiles/me/sessions/{deviceId}',
    handler: 'delete-session',
    summary: 'Forget one device and sign it out (its token family is revoked)',
    authorizer: 'jwt',
    request: { path: schemas.sessionPathSchema },
    responses: { 204: { description: 'Deleted; the device is signed out' } },
    problems: [400, 404, 409, 429],
    environment,
    iam: [
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:DeleteItem'], Resource: homeTable },
      authTableUsers('dynamodb:UpdateItem'),
    ],
  },
  putConsent: {
    method: 'put',
    path: '/me/consents/{purpose}',
    handler: 'put-consent',
    summary: 'Give or withdraw consent for one purpose: appends a record (no profile needed)',
    authorizer: 'jwt',
    request: { path: schemas.consentPathSchema, body: schemas.putConsentSchema },
    bodyName: 'PutConsentRequest',
    responses: { 201: { description: 'Recorded', schema: 'ConsentRecorded', headers: ['Location'] } },
    problems: [400, 413, 415, 429],
    environment,
    // Append-only: a conditional PutItem on a new key; never UpdateItem or DeleteItem.
    iam: [{ Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: homeTable }],
  },
  listConsents: {
    method: 'get',
    path: '/me/consents',
    handler: 'list-consents',
    summary: "The caller's current consent per purpose and the full history, newest first",
    authorizer: 'jwt',
    responses: { 200: { description: 'Consents', schema: 'ConsentList' } },
    problems: [429],
    environment,
    iam: [{ Effect: 'Allow', Action: ['dynamodb:Query'], Resource: homeTable }],
  },
  deleteMe: {
    method: 'delete',
    path: '/me',
    handler: 'delete-me',
    summary:
      'Erase the caller (right to erasure): starts the erasure job; needs a sign-in of the last 5 minutes and empty accounts',
    authorizer: 'jwt',
    responses: {
      202: {
        description: 'Erasure started (or already started: no-op)',
        schema: 'Erasure',
        headers: ['Location'],
      },
    },
    problems: [409, 429],
    environment,
    // The job item only (the erasure worker does the rest), and the ledger's holdings for the 409.
    iam: [
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: homeTable },
      ...ledgerReads,
    ],
  },
  getErasure: {
    method: 'get',
    path: '/me/erasure',
    handler: 'get-erasure',
    summary: "The caller's erasure job: status, each step's state and timestamps",
    authorizer: 'jwt',
    responses: { 200: { description: 'The erasure job', schema: 'Erasure' } },
    problems: [404, 429],
    environment,
    iam: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: homeTable }],
  },
  createExport: {
    method: 'post',
    path: '/me/exports',
    handler: 'create-export',
    summary:
      'Ask for a copy of all your data (access, portability): 202 with the job; the same job while one is unfinished',
    authorizer: 'jwt',
    responses: {
      202: { description: 'Accepted: poll the Location', schema: 'ExportAccepted', headers: ['Location'] },
    },
    problems: [429],
    environment,
    // The job and the person's one-open-export slot, written together (conditional puts).
    iam: [{ Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:GetItem'], Resource: homeTable }],
  },
  getExport: {
    method: 'get',
    path: '/me/exports/{exportId}',
    handler: 'get-export',
    summary: "The caller's export; once ready, links to its files valid for at most 15 minutes",
    authorizer: 'jwt',
    request: { path: schemas.exportPathSchema },
    responses: { 200: { description: 'The export', schema: 'ExportStatus' } },
    problems: [400, 404, 429],
    environment: '${self:custom.profiles.exportEnvironment}',
    // Presigning needs no call; the link works only if this role may read the object (and decrypt).
    iam: [
      { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: homeTable },
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: exportObjects },
      { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: exportsKey },
    ],
  },
});
