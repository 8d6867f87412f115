// The reliability suite's ledger checker (tests/reliability/support/invariants.ts) must pass a sound
// ledger and name every kind of break: a checker that cannot fail proves nothing.
import { checkLedger } from '../reliability/support/invariants';
import type { Item } from '../reliability/support/tables';

const ALICE = 'acc_aaaaaaaaaaaaaaaaaaaa';
const BOB = 'acc_bbbbbbbbbbbbbbbbbbbb';
const SETTLEMENT = 'sys_settlement_USD_us-east-1_007';

const account = (accountId: string, fields: Partial<Item> = {}): Item => ({
  accountId,
  kind: accountId.startsWith('acc_') ? 'customer' : 'system',
  currency: 'USD',
  posted: 0,
  debitsPending: 0,
  creditsPending: 0,
  entryCount: 0,
  overdraftLimit: 0,
  ...fields,
});
const entry = (
  accountId: string,
  sequence: number,
  transferId: string,
  amount: number,
  balanceAfter: number,
): Item => ({
  accountId,
  sequence,
  transferId,
  amount,
  balanceAfter,
  currency: 'USD',
});
const transfer = (
  transferId: string,
  debit: string,
  credit: string,
  value: number,
  fields: Partial<Item> = {},
): Item => ({
  transferId,
  debitAccountId: debit,
  creditAccountId: credit,
  amount: { value, currency: 'USD' },
  postedAmount: value,
  status: 'posted',
  ...fields,
});

/** A deposit of 1,000 to Alice, a p2p of 300 to Bob, and a pending hold of 200 on Alice. */
function soundLedger() {
  return {
    accounts: new Map([
      [SETTLEMENT, account(SETTLEMENT, { posted: -1_000, entryCount: 1, creditsPending: 200 })],
      [ALICE, account(ALICE, { posted: 700, entryCount: 2, debitsPending: 200 })],
      [BOB, account(BOB, { posted: 300, entryCount: 1 })],
    ]),
    entries: new Map([
      [SETTLEMENT, [entry(SETTLEMENT, 1, 'tr_dep', -1_000, -1_000)]],
      [ALICE, [entry(ALICE, 1, 'tr_dep', 1_000, 1_000), entry(ALICE, 2, 'tr_p2p', -300, 700)]],
      [BOB, [entry(BOB, 1, 'tr_p2p', 300, 300)]],
    ]),
    transfers: new Map([
      ['tr_dep', transfer('tr_dep', SETTLEMENT, ALICE, 1_000)],
      ['tr_p2p', transfer('tr_p2p', ALICE, BOB, 300)],
      ['tr_hold', transfer('tr_hold', ALICE, SETTLEMENT, 200, { status: 'pending', postedAmount: 0 })],
    ]),
  };
}

describe('checkLedger', () => {
  it('passes a sound ledger and counts what it checked', () => {
    const { violations, counts } = checkLedger(soundLedger());

    expect(violations).toEqual([]);
    expect(counts).toEqual({
      customerAccounts: 2,
      systemShards: 1,
      entries: 4,
      transfers: { posted: 2, pending: 1 },
      crossRegion: 0,
      currencies: ['USD'],
    });
  });

  it.each<[string, (l: ReturnType<typeof soundLedger>) => void, RegExp]>([
    [
      'money made from nothing',
      (l) => (l.accounts.get(BOB)!.posted = 301),
      /Σ posted over every account is 1/,
    ],
    [
      'a balance that is not the sum of its entries',
      (l) => {
        l.accounts.get(BOB)!.posted = 400;
        l.accounts.get(ALICE)!.posted = 600;
      },
      /posted 400 ≠ Σ entries 300/,
    ],
    [
      'a broken balanceAfter chain',
      (l) => (l.entries.get(ALICE)![1]!.balanceAfter = 701),
      /balanceAfter 701, chain says 700/,
    ],
    ['a gap in the sequence', (l) => (l.entries.get(ALICE)![1]!.sequence = 3), /entry #2 has sequence 3/],
    ['a posted transfer with one entry', (l) => l.entries.set(BOB, []), /posted transfer tr_p2p: entries/],
    ['an entry of no transfer', (l) => l.transfers.delete('tr_p2p'), /names no stored transfer/],
    [
      'entries of a voided transfer',
      (l) => (l.transfers.get('tr_p2p')!.status = 'voided'),
      /is voided but has 2 entries/,
    ],
    [
      'a reservation with one side',
      (l) => (l.accounts.get(SETTLEMENT)!.creditsPending = 0),
      /Σ debitsPending − Σ creditsPending is 200/,
    ],
    [
      'a reservation without its hold',
      (l) => l.transfers.delete('tr_hold'),
      /pending 200\/0, holds on it 0\/0/,
    ],
    [
      'a customer below zero',
      (l) => {
        l.accounts.get(ALICE)!.debitsPending = 900;
        l.accounts.get(SETTLEMENT)!.creditsPending = 900;
        l.transfers.get('tr_hold')!.amount = { value: 900, currency: 'USD' };
      },
      /available -200 below its limit/,
    ],
    [
      'a reversal that does not link back',
      (l) => (l.transfers.get('tr_p2p')!.reversedBy = 'tr_nope'),
      /does not link back/,
    ],
  ])('names %s', (_case, breakIt, message) => {
    const broken = soundLedger();
    breakIt(broken);

    const { violations } = checkLedger(broken);

    expect(violations).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});
