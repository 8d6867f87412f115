// POST /accounts and GET /accounts/{accountId}, in-process against DynamoDB Local.
import { closeTestDocumentClient, scanTable } from '../../../../tests/support/dynamodb';
import { api, PROBLEM, service, user } from '../support';

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
