// POST /accounts and GET /accounts/{accountId}, in-process against DynamoDB Local.
import { closeTestDocumentClient, scanTable } from '../../../../tests/support/dynamodb';
import { api, deposit, openAccount, PROBLEM, service, user } from '../support';

afterAll(() => closeTestDocumentClient());

const accountsOf = async (sub: string) =>
  (await scanTable('transactions')).filter((item) => item.entity === 'account' && item.ownerSub === sub);

describe('POST /accounts', () => {
  it('opens an empty account for the caller, homed in this region, with a Location', async () => {
    const alice = user();

    const response = await api.createAccount(alice, { currency: 'JPY' });

    expect(response.statusCode).toBe(201);
    expect(response.json).toEqual({
      accountId: expect.stringMatching(/^acc_[a-z2-7]{20}$/),
      currency: 'JPY',
      status: 'open',
      balances: {
        posted: { value: 0, currency: 'JPY' },
        pending: { value: 0, currency: 'JPY' },
        available: { value: 0, currency: 'JPY' },
      },
      homeRegion: 'us-east-1',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 0,
    });
    expect(response.headers.location).toBe(`/accounts/${String(response.json.accountId)}`);
    expect(await accountsOf(alice.sub)).toHaveLength(1);
  });

  it.each([
    ['an unknown currency', { currency: 'ABC' }],
    ['a currency without minor units', { currency: 'XAU' }],
    ['a lower-case code', { currency: 'usd' }],
    ['a number', { currency: 840 }],
    ['no currency', {}],
    ['an extra field', { currency: 'USD', balance: 100 }],
    ['malformed JSON', '{"currency": "USD"'],
    ['no body', undefined],
  ])('rejects %s with a problem and writes nothing', async (_case, body) => {
    const alice = user();

    const response = await api.createAccount(alice, body);

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe(PROBLEM);
    expect(await accountsOf(alice.sub)).toEqual([]);
  });

  it('is for users: a service token gets 403, no token 401', async () => {
    expect((await api.createAccount(service(), { currency: 'USD' })).statusCode).toBe(403);
    expect((await api.createAccount(undefined, { currency: 'USD' })).statusCode).toBe(401);
  });
});

describe('GET /accounts/{accountId}', () => {
  it('returns the owner their account', async () => {
    const alice = user();
    const created = await api.createAccount(alice, { currency: 'KWD' });

    const response = await api.getAccount(alice, created.json.accountId as string);

    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual(created.json);
  });

  it('answers 404 alike for another user’s account, a missing one and a malformed id', async () => {
    const alice = user();
    const accountId = (await api.createAccount(alice, { currency: 'USD' })).json.accountId as string;

    const foreign = await api.getAccount(user(), accountId);
    const missing = await api.getAccount(alice, 'acc_aaaaaaaaaaaaaaaaaaaa');
    const malformed = await api.getAccount(alice, 'not-an-id');

    for (const response of [foreign, missing, malformed]) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe(PROBLEM);
    }
    expect(JSON.parse(foreign.body).detail).toBe(JSON.parse(missing.body).detail);
  });

  it('lets a service token with transactions:read read any account, and refuses one without it', async () => {
    const accountId = (await api.createAccount(user(), { currency: 'USD' })).json.accountId as string;

    expect((await api.getAccount(service('transactions:read'), accountId)).statusCode).toBe(200);
    expect((await api.getAccount(service('transactions:write'), accountId)).statusCode).toBe(403);
  });
});

describe('GET /accounts', () => {
  it("lists the caller's accounts newest first, as GET /accounts/{id} shows them, page by page", async () => {
    const alice = user();
    const first = await openAccount(alice);
    await deposit(first, 1_500);
    const second = await openAccount(alice);
    const third = await openAccount(alice, 'EUR');
    await openAccount(user());

    const page1 = await api.listAccounts(alice, { limit: '2' });
    const page2 = await api.listAccounts(alice, { limit: '2', cursor: String(page1.json.nextCursor) });

    expect(page1.statusCode).toBe(200);
    const ids = (page: typeof page1) =>
      (page.json.items as Array<{ accountId: string }>).map((a) => a.accountId);
    expect(ids(page1)).toEqual([third, second]);
    expect(ids(page2)).toEqual([first]);
    expect(page2.json.nextCursor).toBeNull();
    expect((page2.json.items as unknown[])[0]).toEqual((await api.getAccount(alice, first)).json);
    expect((page2.json.items as Array<{ balances: unknown }>)[0]!.balances).toMatchObject({
      posted: { value: 1_500, currency: 'USD' },
      available: { value: 1_500, currency: 'USD' },
    });
  });

  it("gives back office anyone's accounts with ?owner, and an empty page for someone with none", async () => {
    const alice = user();
    const account = await openAccount(alice);

    const listed = await api.listAccounts(service('transactions:read'), { owner: alice.sub });
    const nobody = await api.listAccounts(service('transactions:read'), { owner: 'nobody-here' });

    expect((listed.json.items as Array<{ accountId: string }>).map((a) => a.accountId)).toEqual([account]);
    expect(nobody.json).toEqual({ items: [], nextCursor: null });
  });

  it("refuses a cursor from another person's listing (400) and a malformed owner (400)", async () => {
    const alice = user();
    const bob = user();
    await openAccount(alice);
    await openAccount(alice);
    const cursor = String((await api.listAccounts(alice, { limit: '1' })).json.nextCursor);

    const replayed = await api.listAccounts(bob, { limit: '1', cursor });
    const malformed = await api.listAccounts(service('transactions:read'), { owner: 'a b' });

    expect([replayed.statusCode, replayed.headers['content-type']]).toEqual([400, PROBLEM]);
    expect(malformed.statusCode).toBe(400);
  });
});
