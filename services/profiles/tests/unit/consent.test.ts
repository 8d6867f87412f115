import type { ConsentRecord } from '../../src/domain/consent';
import {
  CONSENT_PURPOSES,
  currentConsents,
  monotonicClock,
  newConsentRecord,
  sortHistory,
} from '../../src/domain/consent';
import { listConsents, recordConsent } from '../../src/use-cases/consents';

const V1 = `sha256:${'1'.repeat(64)}`;
const V2 = `sha256:${'2'.repeat(64)}`;
const record = (
  purpose: ConsentRecord['purpose'],
  granted: boolean,
  recordedAt: string,
  recordId = `id-${recordedAt}`,
  noticeVersion = V1,
): ConsentRecord => ({ recordId, purpose, granted, noticeVersion, recordedAt });

describe('consent state', () => {
  it('is not granted for every purpose never answered (opt-in), in the declared order', () => {
    expect(currentConsents([])).toEqual(
      CONSENT_PURPOSES.map((purpose) => ({ purpose, granted: false, noticeVersion: null, recordedAt: null })),
    );
  });

  it('is the latest record per purpose, whatever order the records come in', () => {
    const records = [
      record('marketing', true, '2026-12-01T10:00:00.000Z', 'a', V1),
      record('marketing', true, '2026-12-03T10:00:00.000Z', 'c', V2),
      record('analytics', true, '2026-12-02T10:00:00.000Z'),
      record('marketing', false, '2026-12-02T10:00:00.000Z', 'b', V1),
      record('analytics', false, '2026-12-04T10:00:00.000Z'),
    ];
    for (const order of [records, [...records].reverse()]) {
      expect(currentConsents(order)).toEqual([
        { purpose: 'marketing', granted: true, noticeVersion: V2, recordedAt: '2026-12-03T10:00:00.000Z' },
        { purpose: 'analytics', granted: false, noticeVersion: V1, recordedAt: '2026-12-04T10:00:00.000Z' },
        { purpose: 'product-research', granted: false, noticeVersion: null, recordedAt: null },
      ]);
    }
  });

  it('a withdrawal after a grant wins, and a grant after a withdrawal wins', () => {
    const given = record('marketing', true, '2026-12-01T10:00:00.000Z');
    const withdrawn = record('marketing', false, '2026-12-01T10:00:00.001Z');
    expect(currentConsents([given, withdrawn])[0]!.granted).toBe(false);
    const regiven = record('marketing', true, '2026-12-01T10:00:00.002Z');
    expect(currentConsents([regiven, given, withdrawn])[0]!.granted).toBe(true);
  });

  it('ignores records of purposes no longer declared', () => {
    const old = { ...record('marketing', true, '2026-12-01T10:00:00.000Z'), purpose: 'retired' };
    expect(currentConsents([old as unknown as ConsentRecord]).every((s) => !s.granted)).toBe(true);
  });

  it('sorts the history newest first, same-millisecond records by id, without changing the input', () => {
    const records = [
      record('marketing', true, '2026-12-01T10:00:00.000Z', 'a'),
      record('analytics', true, '2026-12-02T10:00:00.000Z', 'a'),
      record('marketing', false, '2026-12-02T10:00:00.000Z', 'b'),
    ];
    expect(sortHistory(records).map((r) => [r.recordedAt, r.recordId])).toEqual([
      ['2026-12-02T10:00:00.000Z', 'b'],
      ['2026-12-02T10:00:00.000Z', 'a'],
      ['2026-12-01T10:00:00.000Z', 'a'],
    ]);
    expect(records[0]!.recordId).toBe('a');
  });
});

describe('consent records', () => {
  it('take the answer, the notice and the server time, with a fresh id', () => {
    const now = new Date('2026-12-04T10:00:00Z');
    expect(newConsentRecord('analytics', { granted: true, noticeVersion: V1 }, now, () => 'uuid-1')).toEqual({
      recordId: 'uuid-1',
      purpose: 'analytics',
      granted: true,
      noticeVersion: V1,
      recordedAt: '2026-12-04T10:00:00.000Z',
    });
    const a = newConsentRecord('analytics', { granted: true, noticeVersion: V1 }, now);
    const b = newConsentRecord('analytics', { granted: true, noticeVersion: V1 }, now);
    expect(a.recordId).not.toBe(b.recordId);
  });

  it('get times that never repeat or go back within one container', () => {
    const clock = monotonicClock();
    const t = new Date('2026-12-04T10:00:00.000Z');
    expect(clock(t).toISOString()).toBe('2026-12-04T10:00:00.000Z');
    expect(clock(t).toISOString()).toBe('2026-12-04T10:00:00.001Z');
    expect(clock(new Date('2026-12-04T09:00:00.000Z')).toISOString()).toBe('2026-12-04T10:00:00.002Z');
    expect(clock(new Date('2026-12-04T11:00:00.000Z')).toISOString()).toBe('2026-12-04T11:00:00.000Z');
  });

  it('are appended one per answer (a retry appends another), and the state follows the latest', async () => {
    const stored: ConsentRecord[] = [];
    const store = {
      appendConsent: async (_user: string, r: ConsentRecord) => void stored.push(r),
      listConsents: async () => [...stored],
    };
    const clock = monotonicClock();
    const at = new Date('2026-12-04T10:00:00Z');
    const first = await recordConsent(
      store,
      'u',
      'marketing',
      { granted: true, noticeVersion: V1 },
      clock(at),
    );
    expect(first.state).toEqual({
      purpose: 'marketing',
      granted: true,
      noticeVersion: V1,
      recordedAt: first.record.recordedAt,
    });
    await recordConsent(store, 'u', 'marketing', { granted: false, noticeVersion: V1 }, clock(at));
    await recordConsent(store, 'u', 'marketing', { granted: false, noticeVersion: V1 }, clock(at));
    const { consents, history } = await listConsents(store, 'u');
    expect(history.map((r) => r.granted)).toEqual([false, false, true]);
    expect(consents[0]!.granted).toBe(false);
  });
});
