// Consent records in-process against DynamoDB Local: the history of give → withdraw → give, the
// derived state, opt-in by default, validation that writes nothing, isolation between users, user
// tokens only, no profile needed, and records that outlive a deleted profile.
import { createHash } from 'node:crypto';
import { closeTestDocumentClient } from '../../../../tests/support/dynamodb';
import { handler as createProfile } from '../../src/handlers/create-profile';
import { handler as deleteProfile } from '../../src/handlers/delete-profile';
import { handler as listConsents } from '../../src/handlers/list-consents';
import { handler as putConsent } from '../../src/handlers/put-consent';
import { call, itemsOf, jwtAuthorizer, newUser, validProfile } from '../support/profiles-api';

afterAll(() => closeTestDocumentClient());

/** The notice version the app sends: the SHA-256 of the notice text it showed. */
const notice = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const NOTICE_V1 = notice('We would like to send you offers. v1');
const NOTICE_V2 = notice('We would like to send you offers. v2');

const put = (as: string, purpose: string, body: unknown, authorizer?: Record<string, unknown>) =>
  call(putConsent, {
    method: 'PUT',
    path: `/me/consents/${purpose}`,
    pathParameters: { purpose },
    body,
    ...(authorizer ? { authorizer } : { as }),
  });
const list = (as: string) => call(listConsents, { path: '/me/consents', as });
const consentItemsOf = async (user: string) =>
  (await itemsOf(user)).filter((item) => String(item.sk).startsWith('CONSENT#'));

type Record_ = {
  recordId: string;
  purpose: string;
  granted: boolean;
  noticeVersion: string;
  recordedAt: string;
};
type State = { purpose: string; granted: boolean; noticeVersion: string | null; recordedAt: string | null };

describe('consent history', () => {
  it('give → withdraw → give: three records, newest first, each with its notice; the state is the latest', async () => {
    const user = newUser();
    const given = await put(user, 'marketing', { granted: true, noticeVersion: NOTICE_V1 });
    expect(given.status).toBe(201);
    expect(given.headers.location).toBe('/me/consents');
    const givenRecord = given.body.record as Record_;
    expect(givenRecord).toEqual({
      recordId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      purpose: 'marketing',
      granted: true,
      noticeVersion: NOTICE_V1,
      recordedAt: expect.any(String),
    });
    expect(given.body.state).toEqual({
      purpose: 'marketing',
      granted: true,
      noticeVersion: NOTICE_V1,
      recordedAt: givenRecord.recordedAt,
    });

    const withdrawn = await put(user, 'marketing', { granted: false, noticeVersion: NOTICE_V1 });
    expect(withdrawn.status).toBe(201);
    expect((withdrawn.body.state as State).granted).toBe(false);
    const again = await put(user, 'marketing', { granted: true, noticeVersion: NOTICE_V2 });
    expect(again.status).toBe(201);

    const response = await list(user);
    expect(response.status).toBe(200);
    const history = response.body.history as Record_[];
    expect(history.map((r) => [r.granted, r.noticeVersion])).toEqual([
      [true, NOTICE_V2],
      [false, NOTICE_V1],
      [true, NOTICE_V1],
    ]);
    expect(history.map((r) => r.recordId)).toEqual([
      (again.body.record as Record_).recordId,
      (withdrawn.body.record as Record_).recordId,
      givenRecord.recordId,
    ]);
    const states = response.body.consents as State[];
    expect(states.find((s) => s.purpose === 'marketing')).toEqual({
      purpose: 'marketing',
      granted: true,
      noticeVersion: NOTICE_V2,
      recordedAt: history[0]!.recordedAt,
    });
    // Append-only: one stored item per answer, none changed.
    const items = await consentItemsOf(user);
    expect(items).toHaveLength(3);
    expect(items.map((item) => item.entity)).toEqual(['consent', 'consent', 'consent']);
    expect(items.every((item) => item.expiresAt === undefined)).toBe(true);
  });

  it('reports every purpose: never answered is not granted (opt-in), purposes are independent', async () => {
    const user = newUser();
    expect((await list(user)).body).toEqual({
      consents: [
        { purpose: 'marketing', granted: false, noticeVersion: null, recordedAt: null },
        { purpose: 'analytics', granted: false, noticeVersion: null, recordedAt: null },
        { purpose: 'product-research', granted: false, noticeVersion: null, recordedAt: null },
      ],
      history: [],
    });
    await put(user, 'analytics', { granted: true, noticeVersion: NOTICE_V1 });
    const states = (await list(user)).body.consents as State[];
    expect(states.map((s) => [s.purpose, s.granted])).toEqual([
      ['marketing', false],
      ['analytics', true],
      ['product-research', false],
    ]);
  });

  it('answers 400 with the pointer for an unknown purpose or a bad body, and writes nothing', async () => {
    const user = newUser();
    for (const purpose of ['newsletter', 'MARKETING', '..%2Fmarketing', 'x'.repeat(300)]) {
      const response = await put(user, purpose, { granted: true, noticeVersion: NOTICE_V1 });
      expect(response.status).toBe(400);
      expect(response.body.errors!.map((e) => e.pointer)).toEqual(['/path/purpose']);
    }
    for (const [body, pointer] of [
      [{ granted: 'yes', noticeVersion: NOTICE_V1 }, '/body/granted'],
      [{ granted: true, noticeVersion: 'v1' }, '/body/noticeVersion'],
      [{ granted: true, noticeVersion: NOTICE_V1.toUpperCase() }, '/body/noticeVersion'],
      [{ granted: true }, '/body/noticeVersion'],
      [{ noticeVersion: NOTICE_V1 }, '/body/granted'],
    ] as const) {
      const response = await put(user, 'marketing', body);
      expect(response.status).toBe(400);
      expect(response.body.errors!.map((e) => e.pointer)).toContain(pointer);
    }
    const extra = await put(user, 'marketing', { granted: true, noticeVersion: NOTICE_V1, userId: 'other' });
    expect(extra.status).toBe(400);
    expect(await consentItemsOf(user)).toEqual([]);
  });

  it("never shows one user's consents to another", async () => {
    const alice = newUser();
    const bob = newUser();
    await put(alice, 'marketing', { granted: true, noticeVersion: NOTICE_V1 });
    const bobs = await list(bob);
    expect(bobs.body.history).toEqual([]);
    expect((bobs.body.consents as State[]).every((s) => !s.granted)).toBe(true);
    expect((await list(alice)).body.history).toHaveLength(1);
  });

  it('takes user access tokens only: a service token gets 403 and writes nothing', async () => {
    const user = newUser();
    const service = { ...jwtAuthorizer(user), tokenType: 'service' };
    const written = await put(user, 'marketing', { granted: true, noticeVersion: NOTICE_V1 }, service);
    expect(written.status).toBe(403);
    const read = await call(listConsents, { path: '/me/consents', authorizer: service });
    expect(read.status).toBe(403);
    const anonymous = await call(listConsents, { path: '/me/consents' });
    expect(anonymous.status).toBe(401);
    expect(await consentItemsOf(user)).toEqual([]);
  });

  it('needs no profile, and the records outlive a deleted profile (proof until the account is erased)', async () => {
    const user = newUser();
    expect((await itemsOf(user)).some((item) => item.sk === 'PROFILE')).toBe(false);
    expect((await put(user, 'marketing', { granted: false, noticeVersion: NOTICE_V1 })).status).toBe(201);

    await call(createProfile, { method: 'POST', path: '/profiles', body: validProfile, as: user });
    expect((await call(deleteProfile, { method: 'DELETE', path: '/profiles/me', as: user })).status).toBe(
      204,
    );
    const after = await list(user);
    expect(after.body.history).toHaveLength(1);
    expect((await itemsOf(user)).map((item) => String(item.sk).split('#')[0])).toEqual(['CONSENT']);
  });
});
