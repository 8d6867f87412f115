// The export use cases without I/O: links never outlive 15 minutes nor the export, an expired or
// unknown export is a 404, a job claimed too often is given up, and a finished run frees nothing it
// no longer owns.
import type { ExportJob } from '../../src/domain/export-job';
import { LINK_TTL_SECONDS, MAX_ATTEMPTS } from '../../src/domain/export-job';
import type { ExportFiles } from '../../src/ports/export-files';
import type { ExportJobStore } from '../../src/ports/export-jobs';
import { exportStatus, runExport } from '../../src/use-cases/exports';

const NOW = new Date('2026-12-04T12:00:00.000Z');
const ready = (expiresAt: string): ExportJob => ({
  userId: 'u',
  exportId: 'e',
  status: 'ready',
  createdAt: '2026-12-04T11:00:00.000Z',
  readyAt: '2026-12-04T11:01:00.000Z',
  expiresAt,
  attempts: 1,
});
const jobsWith = (job: ExportJob | undefined) => ({ getExport: async () => job });
/** Links that say how long they were signed for. */
const files: Pick<ExportFiles, 'linkTo'> = {
  linkTo: async (key, seconds) => `https://s3/${key}?ttl=${seconds}`,
};

describe('exportStatus', () => {
  it('signs each file for 15 minutes while the export lives longer', async () => {
    const view = await exportStatus(jobsWith(ready('2026-12-10T00:00:00.000Z')), files, 'u', 'e', NOW);

    expect(view.files?.map((f) => [f.name, f.url])).toEqual([
      ['export.json', `https://s3/exports/u/e/export.json?ttl=${LINK_TTL_SECONDS}`],
      ['entries.csv', `https://s3/exports/u/e/entries.csv?ttl=${LINK_TTL_SECONDS}`],
    ]);
    expect(view.files?.[0]?.expiresAt).toBe('2026-12-04T12:15:00.000Z');
  });

  it('never signs a link past the export’s own expiry', async () => {
    const view = await exportStatus(jobsWith(ready('2026-12-04T12:02:00.000Z')), files, 'u', 'e', NOW);

    expect(view.files?.every((f) => f.url.endsWith('?ttl=120'))).toBe(true);
  });

  it('answers 404 for an expired or unknown export, and no links before it is ready', async () => {
    await expect(
      exportStatus(jobsWith(ready(NOW.toISOString())), files, 'u', 'e', NOW),
    ).rejects.toMatchObject({
      slug: 'not-found',
      status: 404,
    });
    await expect(exportStatus(jobsWith(undefined), files, 'u', 'e', NOW)).rejects.toMatchObject({
      slug: 'not-found',
      status: 404,
    });
    const pending = await exportStatus(
      jobsWith({ ...ready('x'), status: 'pending', readyAt: undefined, expiresAt: undefined }),
      files,
      'u',
      'e',
      NOW,
    );
    expect(pending).toEqual({ exportId: 'e', status: 'pending', createdAt: '2026-12-04T11:00:00.000Z' });
  });
});

describe('runExport', () => {
  const deps = (claimed: ExportJob | undefined) => {
    const finished: unknown[] = [];
    const jobs: ExportJobStore = {
      openExport: async (job) => job,
      getExport: async () => claimed,
      claimExport: async () => claimed,
      finishExport: async (_job, outcome) => {
        finished.push(outcome.status);
        return true;
      },
      dueExports: async () => [],
    };
    const written: string[] = [];
    return {
      finished,
      written,
      deps: {
        jobs,
        files: { linkTo: files.linkTo, write: async (key: string) => void written.push(key) } as ExportFiles,
        profiles: {
          getProfile: async () => undefined,
          listSessions: async () => ({ profileExists: false, sessions: [] }),
          listConsents: async () => [],
        },
        directory: { attributesOf: async () => undefined },
        ledger: {
          accountsOf: async () => [],
          entriesOf: async function* () {},
          transfersOf: async function* () {},
        },
      },
    };
  };
  const running = (attempts: number): ExportJob => ({ ...ready('x'), status: 'running', attempts });

  it('does nothing when the job cannot be claimed (finished, or a live worker holds it)', async () => {
    const { deps: d, written, finished } = deps(undefined);
    expect(await runExport(d, { userId: 'u', exportId: 'e' }, NOW)).toBe('skipped');
    expect({ written, finished }).toEqual({ written: [], finished: [] });
  });

  it(`gives a job up as failed on claim ${MAX_ATTEMPTS + 1}, writing nothing`, async () => {
    const { deps: d, written, finished } = deps(running(MAX_ATTEMPTS + 1));
    expect(await runExport(d, { userId: 'u', exportId: 'e' }, NOW)).toBe('failed');
    expect({ written, finished }).toEqual({ written: [], finished: ['failed'] });
  });

  it('writes export.json then entries.csv, then marks the job ready', async () => {
    const { deps: d, written, finished } = deps(running(1));
    expect(await runExport(d, { userId: 'u', exportId: 'e' }, NOW)).toBe('ready');
    expect(written).toEqual(['exports/u/e/export.json', 'exports/u/e/entries.csv']);
    expect(finished).toEqual(['ready']);
  });
});
