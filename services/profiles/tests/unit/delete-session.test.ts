import { ProblemError } from '@ledgerline/shared/errors';
import type { Session } from '../../src/domain/session';
import type { ProfileStore } from '../../src/ports/profile-store';
import { deleteSession, MAX_DELETE_SESSION_ATTEMPTS } from '../../src/use-cases/profiles';

// The order and the race of removing a device (DynamoDB itself: tests/integration/sessions.test.ts).

const now = new Date('2026-11-22T10:00:00.000Z');
const session = (tokenFamily?: string) =>
  ({ userId: 'u-1', deviceId: 'phone', ...(tokenFamily && { tokenFamily }) }) as Session;

/** A one-session store; `signIns` are the families the device signs in with between our read and delete. */
function deviceStore(initial: Session | undefined, signIns: string[] = []) {
  let stored = initial;
  const pending = [...signIns];
  const events: string[] = [];
  const store = {
    getSession: async () => stored,
    deleteSession: async (_userId: string, _deviceId: string, family: string | undefined) => {
      const next = pending.shift();
      if (next !== undefined && stored) stored = { ...stored, tokenFamily: next };
      if (!stored || stored.tokenFamily !== family) return false;
      events.push(`delete ${family ?? '-'}`);
      stored = undefined;
      return true;
    },
  } as unknown as ProfileStore;
  const revocations = {
    revokeFamily: jest.fn(async (_sub: string, family: string) => {
      events.push(`revoke ${family}`);
    }),
  };
  return { ports: { store, revocations }, events, stored: () => stored };
}

describe('deleteSession', () => {
  it('revokes the device’s family before deleting its session, as device-removed', async () => {
    const { ports, events } = deviceStore(session('fam-1'));

    await deleteSession(ports, 'u-1', 'phone', now);

    expect(events).toEqual(['revoke fam-1', 'delete fam-1']);
    expect(ports.revocations.revokeFamily).toHaveBeenCalledWith('u-1', 'fam-1', 'device-removed', now);
  });

  it('deletes nothing when the revocation fails (the retry finds the session and does both)', async () => {
    const { ports, events, stored } = deviceStore(session('fam-1'));
    ports.revocations.revokeFamily.mockRejectedValueOnce(new Error('DynamoDB unavailable'));

    await expect(deleteSession(ports, 'u-1', 'phone', now)).rejects.toThrow('DynamoDB unavailable');
    expect(stored()).toBeDefined();

    await deleteSession(ports, 'u-1', 'phone', now);
    expect(events).toEqual(['revoke fam-1', 'delete fam-1']);
  });

  it('revokes a family the device signed in with meanwhile too, then deletes', async () => {
    const { ports, events, stored } = deviceStore(session('fam-1'), ['fam-2']);

    await deleteSession(ports, 'u-1', 'phone', now);

    expect(events).toEqual(['revoke fam-1', 'revoke fam-2', 'delete fam-2']);
    expect(stored()).toBeUndefined();
  });

  it('answers 409 when the device keeps signing in anew, having revoked every family it saw', async () => {
    const signIns = Array.from({ length: MAX_DELETE_SESSION_ATTEMPTS }, (_, i) => `fam-${i + 2}`);
    const { ports, events, stored } = deviceStore(session('fam-1'), signIns);

    const error = await deleteSession(ports, 'u-1', 'phone', now).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ status: 409 });
    expect(events).toEqual(['revoke fam-1', 'revoke fam-2', 'revoke fam-3']);
    expect(stored()).toBeDefined();
  });

  it('only deletes a session without a family; 404 for no session, revoking nothing', async () => {
    const legacy = deviceStore(session());
    await deleteSession(legacy.ports, 'u-1', 'phone', now);
    expect(legacy.events).toEqual(['delete -']);

    const none = deviceStore(undefined);
    await expect(deleteSession(none.ports, 'u-1', 'phone', now)).rejects.toMatchObject({ status: 404 });
    expect(none.ports.revocations.revokeFamily).not.toHaveBeenCalled();
  });
});
