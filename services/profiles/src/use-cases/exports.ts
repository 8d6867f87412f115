import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { ProblemError } from '@ledgerline/shared/errors';
import { sortHistory } from '../domain/consent';
import type { ExportFileName, ExportJob } from '../domain/export-job';
import {
  EXPORT_FILES,
  EXPORT_SCHEMA_VERSION,
  LEASE_MS,
  LINK_TTL_SECONDS,
  MAX_ATTEMPTS,
  expiryOf,
  exportObjectKey,
} from '../domain/export-job';
import type { Session } from '../domain/session';
import type { ExportFiles } from '../ports/export-files';
import type { ExportJobStore } from '../ports/export-jobs';
import type { LedgerReader } from '../ports/ledger-reader';
import type { ProfileStore } from '../ports/profile-store';
import type { UserDirectory } from '../ports/user-directory';

// Right of access and portability: POST /me/exports opens a job, the export worker writes the
// person's data to two objects in the exports bucket, GET /me/exports/{id} hands out short links.

/**
 * Opens an export for the caller, or answers the one still unfinished (a repeated request while
 * one runs gets the same job: idempotent, and one export at a time per person).
 *
 * @example
 * const job = await requestExport(jobs, userId, new Date());
 */
export async function requestExport(
  jobs: Pick<ExportJobStore, 'openExport'>,
  userId: string,
  now: Date,
  newId: () => string = randomUUID,
): Promise<ExportJob> {
  const at = now.toISOString();
  return jobs.openExport({
    userId,
    exportId: newId(),
    status: 'pending',
    createdAt: at,
    dueAt: at,
    attempts: 0,
  });
}

export interface ExportStatusView {
  exportId: string;
  status: ExportJob['status'];
  createdAt: string;
  readyAt?: string;
  expiresAt?: string;
  files?: Array<{ name: ExportFileName; url: string; expiresAt: string }>;
}

/**
 * The caller's export with fresh links to its files once ready (each link valid LINK_TTL_SECONDS,
 * never past the export's own expiry). Another person's id, an unknown one, or an expired export:
 * 404 (an id never tells whether it exists for someone else).
 *
 * @example
 * const view = await exportStatus(jobs, files, userId, exportId, new Date());
 */
export async function exportStatus(
  jobs: Pick<ExportJobStore, 'getExport'>,
  files: Pick<ExportFiles, 'linkTo'>,
  userId: string,
  exportId: string,
  now: Date,
): Promise<ExportStatusView> {
  const job = await jobs.getExport(userId, exportId);
  if (!job || (job.expiresAt && Date.parse(job.expiresAt) <= now.getTime())) {
    throw new ProblemError('not-found', { detail: 'No such export.' });
  }
  const view: ExportStatusView = { exportId, status: job.status, createdAt: job.createdAt };
  if (job.status !== 'ready' || !job.readyAt || !job.expiresAt) return view;
  const seconds = Math.max(
    1,
    Math.min(LINK_TTL_SECONDS, Math.floor((Date.parse(job.expiresAt) - now.getTime()) / 1000)),
  );
  const linkExpiry = new Date(now.getTime() + seconds * 1000).toISOString();
  return {
    ...view,
    readyAt: job.readyAt,
    expiresAt: job.expiresAt,
    files: await Promise.all(
      EXPORT_FILES.map(async (name) => ({
        name,
        url: await files.linkTo(exportObjectKey(userId, exportId, name), seconds),
        expiresAt: linkExpiry,
      })),
    ),
  };
}

export interface ExportDependencies {
  jobs: ExportJobStore;
  files: ExportFiles;
  profiles: Pick<ProfileStore, 'getProfile' | 'listSessions' | 'listConsents'>;
  directory: Pick<UserDirectory, 'attributesOf'>;
  ledger: LedgerReader;
}

/**
 * One run of one export: claims it (nothing to do when finished or held by a live worker), writes
 * export.json then entries.csv, both streamed, and marks it ready. Resumable and idempotent: a run
 * that dies leaves the job running until its lease lapses; the next run writes both files again
 * under the same keys. After MAX_ATTEMPTS claims the job is given up as failed.
 *
 * @example
 * await runExport(deps, { userId, exportId }, new Date());
 */
export async function runExport(
  deps: ExportDependencies,
  ref: { userId: string; exportId: string },
  now: Date,
  clock: () => Date = () => new Date(),
): Promise<'ready' | 'failed' | 'skipped'> {
  const job = await deps.jobs.claimExport(ref.userId, ref.exportId, now, new Date(now.getTime() + LEASE_MS));
  if (!job) return 'skipped';
  if (job.attempts > MAX_ATTEMPTS) {
    await deps.jobs.finishExport(job, { status: 'failed', at: clock() });
    return 'failed';
  }
  const generatedAt = clock();
  await deps.files.write(
    exportObjectKey(job.userId, job.exportId, 'export.json'),
    Readable.from(exportDocument(deps, job.userId, generatedAt)),
    'application/json; charset=utf-8',
  );
  await deps.files.write(
    exportObjectKey(job.userId, job.exportId, 'entries.csv'),
    entriesCsv(deps.ledger, job.userId),
    'text/csv; charset=utf-8',
  );
  const readyAt = clock();
  const finished = await deps.jobs.finishExport(job, {
    status: 'ready',
    readyAt,
    expiresAt: expiryOf(readyAt),
  });
  return finished ? 'ready' : 'skipped';
}

/**
 * Finds the exports due (new ones, and those whose worker died) and runs them one after another.
 *
 * @example
 * const results = await sweepExports(deps, new Date());
 */
export async function sweepExports(
  deps: ExportDependencies,
  now: Date,
  limit = 10,
): Promise<Array<{ exportId: string; result: 'ready' | 'failed' | 'skipped' | 'error' }>> {
  const results: Array<{ exportId: string; result: 'ready' | 'failed' | 'skipped' | 'error' }> = [];
  for (const ref of await deps.jobs.dueExports(now, limit)) {
    try {
      results.push({ exportId: ref.exportId, result: await runExport(deps, ref, now) });
    } catch {
      // One job failing must not starve the others; it keeps its lease and is retried when it lapses.
      results.push({ exportId: ref.exportId, result: 'error' });
    }
  }
  return results;
}

/**
 * A session as exported: everything stored, the push token included (it is the person's device
 * address), the token family excluded: it identifies a live sign-in and is a bearer secret, and
 * a copy in a download would let whoever holds the file revoke or correlate the person's
 * sign-ins (docs/privacy.md, "Access and portability").
 */
const sessionExport = ({ tokenFamily: _family, tokenFamilySince: _since, ...session }: Session) => ({
  ...session,
  expiresAt: new Date(session.expiresAt * 1000).toISOString(),
});

/**
 * export.json, as a sequence of text chunks: the small parts at once, the ledger's entries and
 * transfers one at a time as the ledger pages them in (never the whole history in memory).
 */
export async function* exportDocument(
  deps: Pick<ExportDependencies, 'profiles' | 'directory' | 'ledger'>,
  userId: string,
  generatedAt: Date,
): AsyncGenerator<string> {
  const [attributes, profile, { sessions }, consents, accounts] = await Promise.all([
    deps.directory.attributesOf(userId),
    deps.profiles.getProfile(userId),
    deps.profiles.listSessions(userId),
    deps.profiles.listConsents(userId),
    deps.ledger.accountsOf(userId),
  ]);
  const head = {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    generatedAt: generatedAt.toISOString(),
    subject: userId,
    account: attributes ?? null,
    profile: profile ?? null,
    sessions: sessions.map(sessionExport),
    consents: sortHistory(consents),
  };
  const opening = JSON.stringify(head);
  yield `${opening.slice(0, -1)},"ledger":{"accounts":${JSON.stringify(accounts)},"entries":[`;
  let first = true;
  for (const account of accounts) {
    for await (const entry of deps.ledger.entriesOf(account.accountId)) {
      yield `${first ? '' : ','}${JSON.stringify(entry)}`;
      first = false;
    }
  }
  yield '],"transfers":[';
  first = true;
  for await (const transfer of deps.ledger.transfersOf(userId)) {
    yield `${first ? '' : ','}${JSON.stringify(transfer)}`;
    first = false;
  }
  yield ']}}\n';
}

/** The columns of entries.csv, in order (amounts in minor units, as in the API). */
export const CSV_COLUMNS = [
  'accountId',
  'sequence',
  'at',
  'transferId',
  'kind',
  'amount',
  'currency',
  'balanceAfter',
  'counterparty',
  'description',
] as const;

/** entries.csv: one row per ledger entry of every account of the person, streamed. */
export function entriesCsv(ledger: LedgerReader, userId: string): Readable {
  async function* rows() {
    for (const account of await ledger.accountsOf(userId)) {
      for await (const entry of ledger.entriesOf(account.accountId)) {
        yield CSV_COLUMNS.map((column) => entry[column] ?? '');
      }
    }
  }
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS] });
  // pipe() does not pass errors on: a ledger read that fails must fail the upload, not end the file.
  const source = Readable.from(rows());
  source.on('error', (error) => csv.destroy(error));
  return source.pipe(csv);
}
