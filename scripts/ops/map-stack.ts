/**
 * Maps a minified stack trace (as CloudWatch shows it: functions run without
 * --enable-source-maps, see serverless.common.yml) back to the TypeScript sources, with the
 * `.js.map` that serverless-esbuild ships beside each bundle (`sourcemap: linked`).
 *
 *   npx tsx scripts/ops/map-stack.ts <bundle.js.map> < stack.txt
 *   pbpaste | npx tsx scripts/ops/map-stack.ts .serverless/unzipped/src/handlers/create-transaction.js.map
 *
 * Uses Node's own source-map decoder (`node:module` SourceMap, the one --enable-source-maps uses),
 * so there is no dependency to keep. Frames that are not in the bundle are printed unchanged.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';

const mapFile = process.argv[2];
if (!mapFile) {
  console.error('usage: npx tsx scripts/ops/map-stack.ts <bundle.js.map> < stack.txt');
  process.exit(2);
}
const map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
// `at name (/var/task/src/handlers/x.js:1:2345)` or `at /var/task/src/handlers/x.js:1:2345`
const FRAME = /(\(|\s)([^\s()]+\.js):(\d+):(\d+)(\)?)$/;

/** One line of a stack: the frame with its original source position, or the line unchanged. */
export function mapLine(line: string): string {
  const match = FRAME.exec(line);
  if (!match) return line;
  const [whole, open, , lineNo, column, close] = match;
  const entry = map.findEntry(Number(lineNo) - 1, Number(column) - 1) as {
    originalSource?: string;
    originalLine?: number;
    originalColumn?: number;
  };
  if (entry.originalSource === undefined || entry.originalLine === undefined) return line;
  const original = `${entry.originalSource}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
  return line.slice(0, line.length - whole!.length) + `${open}${original}${close}`;
}

const input = readFileSync(0, 'utf8');
process.stdout.write(input.split('\n').map(mapLine).join('\n'));
