import type { ProblemError } from '@ledgerline/shared/errors';
import { parseTransactionId, transactionId } from '../../src/domain/ids';
import type { Account, RequestContext } from '../../src/domain/ledger';
import { applyTransaction, openAccount } from '../../src/domain/ledger';
import { MAX_MINOR_UNITS } from '../../src/domain/money';
import { writeRegionFor } from '../../src/domain/regions';

const now = '2026-11-22T10:00:00.000Z';
const context: RequestContext = {
  actor: { sub: 'u1', tokenType: 'access', clientId: 'c' },
  requestId: 'r1',
  sourceIp: '203.0.113.1',
  userAgent: 'ua',
};
const account = (balance: number, version = 3): Account => ({
  ...openAccount({
    accountId: 'acc_aaaaaaaaaaaaaaaaaaaa',
    ownerSub: 'u1',
    currency: 'USD',
    homeRegion: 'us-east-1',
    now,
  }),
  balance,
  version,
});
const problemOf = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return (error as ProblemError).slug;
  }
  return undefined;
};

describe('applyTransaction', () => {
  it('credits and debits, bumping the version that numbers the transaction, with before/after in the audit', () => {
    const { account: after, transaction } = applyTransaction(
      account(1000),
      { type: 'debit', amount: { value: 250, currency: 'USD' } },
      context,
      now,
    );
    expect(after).toMatchObject({ balance: 750, version: 4, updatedAt: now });
    expect(transaction).toMatchObject({
      transactionId: 'txn_aaaaaaaaaaaaaaaaaaaa_4',
      sequence: 4,
      audit: { balanceBefore: 1000, balanceAfter: 750, at: now, requestId: 'r1' },
    });
  });

  it('refuses a debit below zero, a currency mismatch and a balance above 2^53-1', () => {
    const debit = (value: number) => ({
      type: 'debit' as const,
      amount: { value, currency: 'USD' as const },
    });
    expect(problemOf(() => applyTransaction(account(100), debit(101), context, now))).toBe(
      'insufficient-funds',
    );
    expect(applyTransaction(account(100), debit(100), context, now).account.balance).toBe(0);
    expect(
      problemOf(() =>
        applyTransaction(
          account(100),
          { type: 'credit', amount: { value: 1, currency: 'EUR' } },
          context,
          now,
        ),
      ),
    ).toBe('unprocessable-request');
    expect(
      problemOf(() =>
        applyTransaction(
          account(MAX_MINOR_UNITS),
          { type: 'credit', amount: { value: 1, currency: 'USD' } },
          context,
          now,
        ),
      ),
    ).toBe('unprocessable-request');
  });
});

describe('transaction ids', () => {
  it('round-trip and reject anything else', () => {
    const id = transactionId('acc_abcdefghijklmnopqrst', 42);
    expect(parseTransactionId(id)).toEqual({ accountId: 'acc_abcdefghijklmnopqrst', sequence: 42 });
    for (const bad of [
      'txn_abc_1',
      `${id}x`,
      id.replace('_42', '_0'),
      id.replace('_42', '_042'),
      `${id}1234567890123`,
    ]) {
      expect(parseTransactionId(bad)).toBeUndefined();
    }
  });
});

describe('writeRegionFor', () => {
  it('is the home region unless a failover names a survivor for it', () => {
    expect(writeRegionFor('us-east-1', {})).toBe('us-east-1');
    const env = { HOME_REGION_FAILOVER: 'us-east-1:us-west-2' };
    expect(writeRegionFor('us-east-1', env)).toBe('us-west-2');
    expect(writeRegionFor('us-west-2', env)).toBe('us-west-2');
  });
});
