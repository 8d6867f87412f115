import { randomUUID } from 'node:crypto';

/**
 * The purposes a user can give or withdraw consent for, declared once: the path schema, the
 * state derivation and the docs follow this list. A new purpose is a new entry here.
 */
export const CONSENT_PURPOSES = ['marketing', 'analytics', 'product-research'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** The hash of the notice text the app showed: `sha256:` and 64 lowercase hex digits. */
export const NOTICE_VERSION_PATTERN = '^sha256:[0-9a-f]{64}$';

/** What the app sends: the answer and the notice it was given under. */
export interface ConsentInput {
  granted: boolean;
  noticeVersion: string;
}

/**
 * One immutable consent record: the user's answer for one purpose, under one notice, at one time
 * (server time). Records are only ever appended; the current state is the latest per purpose.
 * No channel, IP or user agent: they are personal data the proof does not need.
 */
export interface ConsentRecord extends ConsentInput {
  /** A random UUID, unique per record. */
  recordId: string;
  purpose: ConsentPurpose;
  /** ISO 8601 UTC with milliseconds, from the server clock. */
  recordedAt: string;
}

/** The current answer for one purpose; never answered: not granted (opt-in by default). */
export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  noticeVersion: string | null;
  recordedAt: string | null;
}

/**
 * A new record for `purpose`, at the server's `now`. The store keys it by time then id, so two
 * answers in the same millisecond stay two records.
 *
 * @example
 * newConsentRecord('marketing', { granted: false, noticeVersion: 'sha256:…' }, new Date());
 */
export function newConsentRecord(
  purpose: ConsentPurpose,
  input: ConsentInput,
  now: Date,
  random: () => string = randomUUID,
): ConsentRecord {
  return {
    recordId: random(),
    purpose,
    granted: input.granted,
    noticeVersion: input.noticeVersion,
    recordedAt: now.toISOString(),
  };
}

/**
 * A clock that never repeats or goes back: each call answers `now`, or 1 ms after the previous
 * answer when `now` is not later. The state is the latest record, so two answers of one user in
 * the same millisecond (in one container) must still sort in the order they were given; answers
 * from two containers in the same millisecond were concurrent, and either may win.
 *
 * @example
 * const clock = monotonicClock();
 * clock(new Date());
 */
export function monotonicClock(): (now: Date) => Date {
  let last = Number.NEGATIVE_INFINITY;
  return (now) => {
    last = Math.max(now.getTime(), last + 1);
    return new Date(last);
  };
}

/** Newest first: by recordedAt, then by id (a fixed order for records of the same millisecond). */
const newestFirst = (a: ConsentRecord, b: ConsentRecord): number =>
  b.recordedAt.localeCompare(a.recordedAt) || b.recordId.localeCompare(a.recordId);

/** The history, newest first. */
export const sortHistory = (records: readonly ConsentRecord[]): ConsentRecord[] =>
  [...records].sort(newestFirst);

/**
 * The current state of every purpose, in CONSENT_PURPOSES order: the latest record of each; a
 * purpose never answered is not granted (consent is opt-in: GDPR Art. 7). Records of purposes no
 * longer declared are ignored.
 *
 * @example
 * currentConsents([]); // every purpose { granted: false, noticeVersion: null, recordedAt: null }
 */
export function currentConsents(records: readonly ConsentRecord[]): ConsentState[] {
  const latest = new Map<string, ConsentRecord>();
  for (const record of sortHistory(records)) {
    if (!latest.has(record.purpose)) latest.set(record.purpose, record);
  }
  return CONSENT_PURPOSES.map((purpose) => {
    const record = latest.get(purpose);
    return record
      ? {
          purpose,
          granted: record.granted,
          noticeVersion: record.noticeVersion,
          recordedAt: record.recordedAt,
        }
      : { purpose, granted: false, noticeVersion: null, recordedAt: null };
  });
}

/** The API's view of a record (the stored record as is). */
export const consentView = ({ recordId, purpose, granted, noticeVersion, recordedAt }: ConsentRecord) => ({
  recordId,
  purpose,
  granted,
  noticeVersion,
  recordedAt,
});
