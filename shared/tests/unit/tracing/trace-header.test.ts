import { formatTraceHeader, parseTraceHeader } from '../../../src/tracing/trace-header';
import { parseDaemonAddress } from '../../../src/tracing/xray-daemon';

describe('parseTraceHeader', () => {
  it('reads Root, Parent and Sampled, keeping other keys in order', () => {
    expect(
      parseTraceHeader(
        'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a:1',
      ),
    ).toEqual({
      root: '1-5759e988-bd862e3fe1be46a994272793',
      parent: '53995c3f42cd8ad8',
      sampled: true,
      extra: [['Lineage', 'a:1']],
    });
  });

  it.each([
    [undefined],
    [''],
    ['Parent=53995c3f42cd8ad8;Sampled=1'],
    ['Root=2-5759e988-bd862e3fe1be46a994272793;Sampled=1'],
    ['Root=1-5759e988-bd862e3fe1be46a99427279;Sampled=1'],
  ])('refuses a header without a well-formed Root: %p', (value) => {
    expect(parseTraceHeader(value)).toBeUndefined();
  });

  it('treats a missing or 0 Sampled as not sampled, and drops a malformed Parent', () => {
    expect(parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz')).toMatchObject({
      sampled: false,
      parent: undefined,
    });
    expect(parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0')?.sampled).toBe(false);
  });

  it('formats the downstream header with the new parent and the extra keys', () => {
    const header = parseTraceHeader(
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a:1',
    )!;
    expect(formatTraceHeader(header, '0123456789abcdef')).toBe(
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0123456789abcdef;Sampled=1;Lineage=a:1',
    );
  });
});

describe('parseDaemonAddress', () => {
  it.each([
    ['169.254.79.129:2000', { host: '169.254.79.129', port: 2000 }],
    ['tcp:127.0.0.1:2000 udp:127.0.0.2:2001', { host: '127.0.0.2', port: 2001 }],
    [undefined, { host: '127.0.0.1', port: 2000 }],
    ['nonsense', { host: '127.0.0.1', port: 2000 }],
  ])('%p → %p', (value, expected) => {
    expect(parseDaemonAddress(value)).toEqual(expected);
  });
});
