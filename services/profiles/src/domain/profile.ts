import { createHash } from 'node:crypto';
import { ProblemError } from '@ledgerline/shared/errors';
import { canonicalLocale } from './format-predicates';

/** The fields a user controls (validated by ../schemas.ts before they reach the domain). */
export interface ProfileFields {
  displayName: string;
  email: string;
  phone?: string;
  locale?: string;
  timeZone?: string;
  country?: string;
}

/** A stored profile: the caller's fields plus what the service maintains. */
export interface Profile extends ProfileFields {
  /** The Cognito `sub` of the owner; the only key to a profile. */
  userId: string;
  /** Starts at 1, +1 on every change: the optimistic-locking version. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A JSON Merge Patch (RFC 7396) of the fields: `null` removes an optional field. */
export type ProfilePatch = { [K in keyof ProfileFields]?: ProfileFields[K] | null };

const OPTIONAL_FIELDS = ['phone', 'locale', 'timeZone', 'country'] as const;

function normalised<T extends Partial<ProfileFields>>(fields: T): T {
  return fields.locale ? { ...fields, locale: canonicalLocale(fields.locale) } : fields;
}

/**
 * A new profile at version 1.
 *
 * @example
 * newProfile('sub-1', { displayName: 'Ana', email: 'ana@example.com' }, new Date());
 */
export function newProfile(userId: string, fields: ProfileFields, now: Date): Profile {
  const at = now.toISOString();
  return { ...normalised(fields), userId, version: 1, createdAt: at, updatedAt: at };
}

/**
 * Applies a merge patch: given fields replace, `null` removes, absent fields stay; the version
 * goes up by one. Pure: the caller persists the result conditionally on the old version.
 *
 * @example
 * applyPatch(profile, { phone: null, timeZone: 'Europe/Paris' }, new Date());
 */
export function applyPatch(current: Profile, patch: ProfilePatch, now: Date): Profile {
  const next: Profile = { ...current };
  for (const [field, value] of Object.entries(normalised(patch as Partial<ProfileFields>))) {
    const key = field as keyof ProfileFields;
    if (value === null) {
      if (!(OPTIONAL_FIELDS as readonly string[]).includes(key)) continue; // schema forbids it anyway
      delete next[key as (typeof OPTIONAL_FIELDS)[number]];
    } else if (value !== undefined) {
      next[key] = value;
    }
  }
  return { ...next, version: current.version + 1, updatedAt: now.toISOString() };
}

/**
 * The profile's entity tag: strong, opaque, and different for every (owner, incarnation, version)
 * — a profile deleted and created again starts at version 1 but has a new `createdAt`, so an ETag
 * of the old one never matches the new one.
 *
 * @example
 * etagOf(profile); // '"3-5f0c9a1b2d3e4f50"'
 */
export function etagOf(profile: Pick<Profile, 'userId' | 'version' | 'createdAt'>): string {
  const digest = createHash('sha256')
    .update(`${profile.userId}\n${profile.createdAt}\n${profile.version}`)
    .digest('hex')
    .slice(0, 16);
  return `"${profile.version}-${digest}"`;
}

/**
 * Requires a conditional request (RFC 6585 §3): 428 without `If-Match`. Returns the header.
 *
 * @example
 * const ifMatch = requireConditional(request.headers['if-match']);
 */
export function requireConditional(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw new ProblemError('precondition-required', {
      detail: 'Send If-Match with the ETag of the profile you read (GET /profiles/me).',
    });
  }
  return header;
}

/**
 * Enforces `If-Match` (RFC 9110 §13.1.1, strong comparison): 428 without it, 412 unless it is `*`
 * or lists the current ETag. Weak tags (`W/"…"`) never match.
 *
 * @example
 * requireIfMatch(request.headers['if-match'], current);
 */
export function requireIfMatch(header: string | undefined, current: Profile): void {
  const value = requireConditional(header).trim();
  if (value === '*') return;
  const tags: string[] = value.match(/(?:W\/)?"[^"]*"/g) ?? [];
  if (!tags.includes(etagOf(current))) {
    throw new ProblemError('precondition-failed', {
      detail: 'The profile has changed since you read it: read it again and reapply your change.',
    });
  }
}

/**
 * What the API returns for a profile (the stored fields, in a stable order).
 *
 * @example
 * ok(profileView(profile), { etag: etagOf(profile) });
 */
export function profileView(profile: Profile): Profile {
  const { userId, displayName, email, phone, locale, timeZone, country, version, createdAt, updatedAt } =
    profile;
  return Object.fromEntries(
    Object.entries({
      userId,
      displayName,
      email,
      phone,
      locale,
      timeZone,
      country,
      version,
      createdAt,
      updatedAt,
    }).filter(([, value]) => value !== undefined),
  ) as unknown as Profile;
}
