import { randomBytes } from 'node:crypto';
import { cursorCodec } from '../../src/cursor';

describe('cursorCodec', () => {
  const codec = cursorCodec(randomBytes(32));
  const position = { sk: 'TX#000000000042' };

  it('round-trips a position for the same binding', () => {
    const cursor = codec.sign(position, 'acc_1\nuser-1');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(codec.verify(cursor, 'acc_1\nuser-1')).toEqual(position);
  });

  it('refuses another binding, another key, and any edit', () => {
    const cursor = codec.sign(position, 'acc_1\nuser-1');
    const [payload, mac] = cursor.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ sk: 'TX#000000000001' })).toString('base64url');
    expect(codec.verify(cursor, 'acc_2\nuser-1')).toBeUndefined();
    expect(codec.verify(cursor, 'acc_1\nuser-2')).toBeUndefined();
    expect(cursorCodec(randomBytes(32)).verify(cursor, 'acc_1\nuser-1')).toBeUndefined();
    expect(codec.verify(`${forged}.${mac}`, 'acc_1\nuser-1')).toBeUndefined();
    const flipped = (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1);
    expect(codec.verify(`${payload}.${flipped}`, 'acc_1\nuser-1')).toBeUndefined();
    for (const junk of ['', '.', 'abc', `${payload}.`, `${cursor}.x`, 'x'.repeat(5000)]) {
      expect(codec.verify(junk, 'acc_1\nuser-1')).toBeUndefined();
    }
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => cursorCodec(randomBytes(16))).toThrow(/32 bytes/);
  });
});
