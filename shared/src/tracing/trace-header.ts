/**
 * The X-Ray trace header Lambda hands a function in `_X_AMZN_TRACE_ID` (and a client sends as
 * `X-Amzn-Trace-Id`): `Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=1`, plus optional keys
 * (`Lineage=…`) that must travel on unchanged.
 */
export interface TraceHeader {
  root: string;
  parent?: string;
  sampled: boolean;
  /** Any other `key=value` pairs, in order. */
  extra: [string, string][];
}

const ROOT = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const ID = /^[0-9a-f]{16}$/;

/**
 * Parses a trace header; undefined when there is no well-formed Root.
 *
 * @example
 * parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
 * // { root: '1-5759e988-bd862e3fe1be46a994272793', parent: '53995c3f42cd8ad8', sampled: true, extra: [] }
 */
export function parseTraceHeader(value: string | undefined): TraceHeader | undefined {
  if (!value) return undefined;
  const header: TraceHeader = { root: '', sampled: false, extra: [] };
  for (const part of value.split(';')) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const key = part.slice(0, at).trim();
    const val = part.slice(at + 1).trim();
    if (key === 'Root') header.root = val;
    else if (key === 'Parent') header.parent = ID.test(val) ? val : undefined;
    else if (key === 'Sampled') header.sampled = val === '1';
    else header.extra.push([key, val]);
  }
  return ROOT.test(header.root) ? header : undefined;
}

/** The header to send downstream: same trace, `parent` as the caller's segment. */
export function formatTraceHeader(header: TraceHeader, parent: string): string {
  return [
    `Root=${header.root}`,
    `Parent=${parent}`,
    `Sampled=${header.sampled ? '1' : '0'}`,
    ...header.extra.map(([key, value]) => `${key}=${value}`),
  ].join(';');
}
