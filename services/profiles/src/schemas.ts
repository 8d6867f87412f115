import type { JsonSchema } from '@ledgerline/shared/http/types';
import { CONSENT_PURPOSES, NOTICE_VERSION_PATTERN } from './domain/consent';
import { ERASURE_STEPS } from './domain/erasure';

// The request and response contracts of the profiles API (docs/profiles.md). The handlers validate
// with the code generated from them (./validators.generated.js, `npm run validators`); the custom
// formats come from ./validation-formats.ts.

/** Largest request body of any profiles route; above it the stack answers 413. */
export const MAX_BODY_BYTES = 8 * 1024;

/** A display name: 1-64 characters, no control characters, no leading or trailing space. */
const displayName = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '^[^\\p{C}\\s](?:[^\\p{C}]*[^\\p{C}\\s])?$',
} as const;

const profileFields = {
  displayName,
  email: { type: 'string', format: 'email', maxLength: 254 },
  phone: { type: 'string', format: 'e164-phone', maxLength: 16 },
  locale: { type: 'string', format: 'bcp47-locale', maxLength: 35 },
  timeZone: { type: 'string', format: 'iana-time-zone', maxLength: 64 },
  country: { type: 'string', format: 'iso3166-alpha2', maxLength: 2 },
} as const;

/** `POST /profiles`: displayName and email required; unknown fields rejected. */
export const createProfileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['displayName', 'email'],
  properties: profileFields,
} as const;

/**
 * `PATCH /profiles/me` (JSON Merge Patch, RFC 7396): any subset of the fields; `null` removes an
 * optional field. displayName and email cannot be removed.
 */
export const updateProfileSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    displayName,
    email: profileFields.email,
    phone: { ...profileFields.phone, nullable: true },
    locale: { ...profileFields.locale, nullable: true },
    timeZone: { ...profileFields.timeZone, nullable: true },
    country: { ...profileFields.country, nullable: true },
  },
} as const;

/** `{deviceId}`: an app-generated installation id (UUID or similar). */
export const sessionPathSchema = {
  type: 'object',
  required: ['deviceId'],
  properties: { deviceId: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' } },
} as const;

/** `PUT /profiles/me/sessions/{deviceId}`: the device's current state (a full replacement). */
export const putSessionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['platform', 'appVersion', 'locale', 'lastSeenAt'],
  properties: {
    platform: { enum: ['ios', 'android'] },
    appVersion: { type: 'string', pattern: '^\\d{1,5}\\.\\d{1,5}\\.\\d{1,5}(?:[-+][0-9A-Za-z.-]{1,40})?$' },
    locale: profileFields.locale,
    pushToken: { type: 'string', minLength: 1, maxLength: 4096, pattern: '^[\\x21-\\x7E]+$' },
    lastSeenAt: { type: 'string', format: 'date-time', maxLength: 40 },
  },
} as const;

/** `{purpose}`: one of the declared purposes (domain/consent.ts); anything else is a 400. */
export const consentPathSchema = {
  type: 'object',
  required: ['purpose'],
  properties: { purpose: { enum: [...CONSENT_PURPOSES] } },
} as const;

/** `PUT /me/consents/{purpose}`: the answer and the hash of the notice text the app showed. */
export const putConsentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['granted', 'noticeVersion'],
  properties: {
    granted: { type: 'boolean' },
    noticeVersion: { type: 'string', maxLength: 71, pattern: NOTICE_VERSION_PATTERN },
  },
} as const;

/** `{exportId}`: a UUID the service issued; anything else is a 400 (never a table read). */
export const exportPathSchema = {
  type: 'object',
  required: ['exportId'],
  properties: {
    exportId: {
      type: 'string',
      maxLength: 36,
      pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
    },
  },
} as const;

const exportStatusEnum = { enum: ['pending', 'running', 'ready', 'failed'] };

const consentRecordResponse: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['recordId', 'purpose', 'granted', 'noticeVersion', 'recordedAt'],
  properties: {
    recordId: { type: 'string' },
    purpose: { enum: [...CONSENT_PURPOSES] },
    granted: { type: 'boolean' },
    noticeVersion: { type: 'string' },
    recordedAt: { type: 'string', format: 'date-time' },
  },
};

const consentStateResponse: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['purpose', 'granted', 'noticeVersion', 'recordedAt'],
  properties: {
    purpose: { enum: [...CONSENT_PURPOSES] },
    // The latest answer; false for a purpose never answered (opt-in by default).
    granted: { type: 'boolean' },
    noticeVersion: { type: 'string', nullable: true },
    recordedAt: { type: 'string', format: 'date-time', nullable: true },
  },
};

const profileResponse: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['userId', 'displayName', 'email', 'version', 'createdAt', 'updatedAt'],
  properties: {
    userId: { type: 'string' },
    ...profileFields,
    version: { type: 'integer', minimum: 1 },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

const sessionResponse: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'deviceId',
    'platform',
    'appVersion',
    'locale',
    'hasPushToken',
    'lastSeenAt',
    'expiresAt',
    'signedIn',
    'current',
  ],
  properties: {
    deviceId: { type: 'string' },
    platform: { enum: ['ios', 'android'] },
    appVersion: { type: 'string' },
    locale: { type: 'string' },
    hasPushToken: { type: 'boolean' },
    lastSeenAt: { type: 'string', format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    // The device's sign-in (token family) is neither revoked nor ended by a sign-out everywhere;
    // false for a session whose sign-in was never recorded.
    signedIn: { type: 'boolean' },
    // The device whose sign-in made this request.
    current: { type: 'boolean' },
  },
};

const erasureResponse: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['jobId', 'status', 'steps', 'requestedAt'],
  properties: {
    jobId: { type: 'string' },
    status: { enum: ['pending', 'running', 'complete'] },
    // In the order they run; `blocked`: waiting (money arrived after the request: withdraw it).
    steps: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'state'],
        properties: {
          name: { enum: [...ERASURE_STEPS] },
          state: { enum: ['pending', 'done', 'blocked'] },
          at: { type: 'string', format: 'date-time' },
          reason: { enum: ['balance-not-zero'] },
        },
      },
    },
    requestedAt: { type: 'string', format: 'date-time' },
    startedAt: { type: 'string', format: 'date-time' },
    completedAt: { type: 'string', format: 'date-time' },
  },
};

/** Response contracts, checked in tests (LEDGERLINE_VALIDATE_RESPONSES=true). */
export const responses = {
  profile: profileResponse,
  session: sessionResponse,
  sessionList: {
    type: 'object',
    additionalProperties: false,
    required: ['sessions'],
    properties: { sessions: { type: 'array', items: sessionResponse } },
  } as JsonSchema,
  consentRecorded: {
    type: 'object',
    additionalProperties: false,
    required: ['record', 'state'],
    properties: { record: consentRecordResponse, state: consentStateResponse },
  } as JsonSchema,
  erasure: erasureResponse,
  exportAccepted: {
    type: 'object',
    additionalProperties: false,
    required: ['exportId', 'status'],
    properties: { exportId: { type: 'string' }, status: exportStatusEnum },
  } as JsonSchema,
  exportStatus: {
    type: 'object',
    additionalProperties: false,
    required: ['exportId', 'status', 'createdAt'],
    properties: {
      exportId: { type: 'string' },
      status: exportStatusEnum,
      createdAt: { type: 'string', format: 'date-time' },
      readyAt: { type: 'string', format: 'date-time' },
      // After it the files are gone and the export answers 404.
      expiresAt: { type: 'string', format: 'date-time' },
      // Once ready: a link per file, each valid for at most 15 minutes (ask again for fresh ones).
      files: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'url', 'expiresAt'],
          properties: {
            name: { enum: ['export.json', 'entries.csv'] },
            url: { type: 'string' },
            expiresAt: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  } as JsonSchema,
  consentList: {
    type: 'object',
    additionalProperties: false,
    required: ['consents', 'history'],
    properties: {
      consents: { type: 'array', items: consentStateResponse },
      history: { type: 'array', items: consentRecordResponse },
    },
  } as JsonSchema,
};
