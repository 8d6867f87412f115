// The authorization table of the ledger (docs/transactions.md, "Who may do what";
// src/domain/rules.ts), row by row through the real handlers on DynamoDB Local: every allowed row
// succeeds, every refusal answers its status, and a refusal changes no balance. The expected
// statuses are written out here by hand, not derived from the rules they test.
import { closeTestDocumentClient } from '../../../../tests/support/dynamodb';
import type { Caller } from '../support';
import { api, balances, deposit, openAccount, service, user } from '../support';

afterAll(() => closeTestDocumentClient());

const usd = (value: number) => ({ value, currency: 'USD' });
const alice = user();
const bob = user();
let alices = '';
let bobs = '';

beforeAll(async () => {
  alices = await openAccount(alice);
  bobs = await openAccount(bob);
  await deposit(alices, 1_000_000);
  await deposit(bobs, 1_000_000);
});

const callers: Record<string, Caller> = {
  'user (owner of own)': alice,
  'ledger:deposit': service('ledger:deposit'),
  'ledger:withdraw': service('ledger:withdraw'),
  'ledger:admin': service('ledger:admin'),
  'transactions:read': service('transactions:read'),
};
type CallerName = keyof typeof callers;

/** from → to, then the status for each caller in the order of `callers`. */
const transferRows: Array<[string, string, boolean, [number, number, number, number, number]]> = [
  //  from                 to                   hold   user  deposit withdraw admin read
  ['own', 'customer', false, [201, 403, 403, 403, 403]],
  ['own', 'customer', true, [403, 403, 403, 403, 403]],
  ['own', 'system:settlement', false, [403, 403, 201, 403, 403]],
  ['own', 'system:settlement', true, [403, 403, 201, 403, 403]],
  ['own', 'system:fees', false, [403, 403, 403, 201, 403]],
  ['own', 'system:suspense', false, [403, 403, 403, 403, 403]],
  ['system:settlement', 'own', false, [403, 201, 403, 403, 403]],
  ['system:settlement', 'own', true, [403, 201, 403, 403, 403]],
  ['system:fees', 'system:suspense', false, [403, 403, 403, 201, 403]],
  ['system:suspense', 'system:settlement', false, [403, 403, 403, 201, 403]],
  ['system:settlement', 'system:settlement', false, [403, 403, 403, 403, 403]],
  ['system:fees', 'own', false, [403, 403, 403, 403, 403]],
  // Bob's account as the source: a user gets 404 (not 403: existence must not leak).
  ['other', 'customer', false, [404, 403, 403, 403, 403]],
];

const side = (name: string) =>
  name === 'own' ? alices : name === 'other' ? bobs : name === 'customer' ? bobs : name;

describe.each(transferRows)('POST /transfers %s → %s (hold: %s)', (from, to, hold, statuses) => {
  it.each(Object.keys(callers).map((name, i) => [name, statuses[i]!] as const))(
    '%s: %i',
    async (callerName, status) => {
      const caller = callers[callerName as CallerName]!;
      const before = [await balances(alices), await balances(bobs)];
      const body = {
        from: side(from),
        to: from === 'other' && to === 'customer' ? alices : side(to),
        amount: usd(1),
        ...(hold && { hold: { timeoutSeconds: 600 } }),
      };

      const response = await api.createTransfer(caller, body);

      expect(response.statusCode).toBe(status);
      if (status >= 400) expect([await balances(alices), await balances(bobs)]).toEqual(before);
    },
  );
});

describe('actions on transfers and accounts', () => {
  let p2p = '';
  let hold = '';
  beforeAll(async () => {
    p2p = (
      (await api.createTransfer(alice, { from: alices, to: bobs, amount: usd(5) })).json.transfer as {
        transferId: string;
      }
    ).transferId;
    const held = await api.createTransfer(service('ledger:withdraw'), {
      from: alices,
      to: 'system:settlement',
      amount: usd(5),
      hold: { timeoutSeconds: 3600 },
    });
    hold = (held.json.transfer as { transferId: string }).transferId;
  });

  const stranger = user();
  it.each<[string, () => Promise<{ statusCode: number }>, number]>([
    ['read a transfer: debit side owner', () => api.getTransfer(alice, p2p), 200],
    ['read a transfer: credit side owner', () => api.getTransfer(bob, p2p), 200],
    ['read a transfer: anyone else', () => api.getTransfer(stranger, p2p), 404],
    ['read a transfer: transactions:read', () => api.getTransfer(service('transactions:read'), p2p), 200],
    ['read a transfer: ledger:deposit only', () => api.getTransfer(service('ledger:deposit'), p2p), 403],
    ['read an account: owner', () => api.getAccount(alice, alices), 200],
    ['read an account: another user', () => api.getAccount(bob, alices), 404],
    ['read an account: ledger:admin', () => api.getAccount(service('ledger:admin'), alices), 200],
    ['read an account: ledger:withdraw only', () => api.getAccount(service('ledger:withdraw'), alices), 403],
    ['list accounts: own', () => api.listAccounts(alice), 200],
    ['list accounts: own, naming themselves', () => api.listAccounts(alice, { owner: alice.sub }), 200],
    ['list accounts: naming another user', () => api.listAccounts(bob, { owner: alice.sub }), 403],
    [
      'list accounts: transactions:read, ?owner',
      () => api.listAccounts(service('transactions:read'), { owner: alice.sub }),
      200,
    ],
    ['list accounts: transactions:read, no owner', () => api.listAccounts(service('transactions:read')), 400],
    [
      'list accounts: ledger:deposit only',
      () => api.listAccounts(service('ledger:deposit'), { owner: alice.sub }),
      403,
    ],
    ['list accounts: no token', () => api.listAccounts(undefined), 401],
    ['list entries: owner', () => api.listEntries(alice, alices), 200],
    ['list entries: another user', () => api.listEntries(bob, alices), 404],
    ['list entries: transactions:read', () => api.listEntries(service('transactions:read'), alices), 200],
    [
      'open an account: service token',
      () => api.createAccount(service('ledger:admin'), { currency: 'USD' }),
      403,
    ],
    ['close an account: another user', () => api.closeAccount(bob, alices), 404],
    ['close an account: service token', () => api.closeAccount(service('ledger:admin'), alices), 403],
    ['close an account: owner, money on it', () => api.closeAccount(alice, alices), 422],
    ['post a hold: its owner (a user)', () => api.resolve(alice, 'post', hold), 403],
    [
      'post a hold: ledger:deposit (another kind)',
      () => api.resolve(service('ledger:deposit'), 'post', hold),
      403,
    ],
    ['void a hold: transactions:read', () => api.resolve(service('transactions:read'), 'void', hold), 403],
    ['reverse: a user', () => api.resolve(alice, 'reverse', p2p), 403],
    ['reverse: ledger:withdraw', () => api.resolve(service('ledger:withdraw'), 'reverse', p2p), 403],
    [
      'post a hold: ledger:withdraw (its kind)',
      () => api.resolve(service('ledger:withdraw'), 'post', hold, { amount: 2 }),
      200,
    ],
    ['void a decided hold: ledger:admin', () => api.resolve(service('ledger:admin'), 'void', hold), 409],
    ['reverse: ledger:admin', () => api.resolve(service('ledger:admin'), 'reverse', p2p), 201],
    [
      'set an overdraft limit: the owner',
      () => api.setOverdraftLimit(alice, alices, { limit: usd(100) }),
      403,
    ],
    [
      'set an overdraft limit: ledger:withdraw',
      () => api.setOverdraftLimit(service('ledger:withdraw'), alices, { limit: usd(100) }),
      403,
    ],
    [
      'set an overdraft limit: ledger:admin',
      () => api.setOverdraftLimit(service('ledger:admin'), alices, { limit: usd(100) }),
      200,
    ],
  ])('%s → %i', async (_row, call, status) => {
    expect((await call()).statusCode).toBe(status);
  });
});
