/**
 * A statement as CSV: the history columns, one row per line, then a footer `# content-hash,sha256:…`
 * that matches the PDF's and the statements page's.
 */
import { defuse, HISTORY_CSV_HEADER } from './entry';
import { csvText } from './history-csv';
import { major, type Statement } from './statement';

export function statementCsv(statement: Statement): string {
  const { currency } = statement.account;
  const rows = statement.lines.map((line) => [
    defuse(line.at),
    defuse(line.transferId),
    line.direction,
    major(statement, line.amount),
    currency,
    major(statement, line.balanceAfter),
    defuse(line.counterparty),
    defuse(line.description),
  ]);
  return csvText([[...HISTORY_CSV_HEADER], ...rows, ['# content-hash', statement.contentHash]]);
}
