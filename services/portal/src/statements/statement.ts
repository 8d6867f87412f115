/**
 * A monthly statement of one account: the month's entries in order, opening and closing balance,
 * money in and out, and a content hash over a canonical serialisation of exactly that content (not
 * the generation time), so the same month always carries the same hash and any changed cent shows.
 * Rendered as CSV (csv-stringify) and PDF (pdfkit, built-in Helvetica: no font files to ship).
 */
import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import type { Schemas } from '../api/client';
import { formatMinor } from '../money';
import { safeCell } from './history-csv';

type Entry = Schemas['Entry'];

export interface StatementInput {
  account: { accountId: string; currency: string };
  month: string;
  /** The month's entries, oldest first. */
  entries: readonly Entry[];
  /** Minor units at the start of the month. */
  openingBalance: number;
  holder: { displayName: string };
  generatedAt: Date;
}

export interface StatementLine {
  date: string;
  transferId: string;
  description: string;
  counterparty: string;
  /** Signed minor units. */
  amount: number;
  balanceAfter: number;
}

export interface Statement extends StatementInput {
  lines: StatementLine[];
  totals: { in: number; out: number; opening: number; closing: number };
  contentHash: string;
}

export const STATEMENT_CSV_HEADER = [
  'date',
  'transfer_id',
  'description',
  'counterparty',
  'amount',
  'balance_after',
] as const;

export function buildStatement(input: StatementInput): Statement {
  const lines = input.entries.map((entry) => ({
    date: entry.at,
    transferId: entry.transferId,
    description: entry.description ?? entry.kind,
    counterparty: entry.counterparty,
    amount: entry.amount.value,
    balanceAfter: entry.balanceAfter.value,
  }));
  const moneyIn = lines.reduce((sum, line) => sum + (line.amount > 0 ? line.amount : 0), 0);
  const moneyOut = lines.reduce((sum, line) => sum + (line.amount < 0 ? -line.amount : 0), 0);
  const closing = lines.at(-1)?.balanceAfter ?? input.openingBalance;
  const totals = { in: moneyIn, out: moneyOut, opening: input.openingBalance, closing };
  // Canonical content: one JSON array per line, fixed field order; the holder's name is shown but
  // not hashed, so a renamed profile does not change a past statement's identity.
  const canonical = [
    JSON.stringify(['ledgerline-statement-v1', input.account.accountId, input.account.currency, input.month]),
    ...lines.map((line) =>
      JSON.stringify([
        line.date,
        line.transferId,
        line.description,
        line.counterparty,
        line.amount,
        line.balanceAfter,
      ]),
    ),
    JSON.stringify(['totals', totals.opening, totals.in, totals.out, totals.closing]),
  ].join('\n');
  const contentHash = `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
  return { ...input, lines, totals, contentHash };
}

export function statementCsv(statement: Statement): string {
  const money = (value: number) => formatMinor(value, statement.account.currency);
  const rows = statement.lines.map((line) => [
    line.date,
    line.transferId,
    safeCell(line.description),
    safeCell(line.counterparty),
    money(line.amount),
    money(line.balanceAfter),
  ]);
  return (
    stringify([[...STATEMENT_CSV_HEADER], ...rows], { record_delimiter: '\r\n' }) +
    stringify(
      [
        ['# account', statement.account.accountId],
        ['# currency', statement.account.currency],
        ['# period', statement.month],
        ['# opening_balance', money(statement.totals.opening)],
        ['# money_in', money(statement.totals.in)],
        ['# money_out', money(statement.totals.out)],
        ['# closing_balance', money(statement.totals.closing)],
        ['# content-hash', statement.contentHash],
      ],
      { record_delimiter: '\r\n' },
    )
  );
}

const COLUMNS = [
  { title: 'Date', x: 50, width: 70, align: 'left' },
  { title: 'Description', x: 122, width: 170, align: 'left' },
  { title: 'Counterparty', x: 294, width: 110, align: 'left' },
  { title: 'Amount', x: 406, width: 65, align: 'right' },
  { title: 'Balance', x: 473, width: 72, align: 'right' },
] as const;

/** The PDF (A4). `compress: false` only for tests that read its text. */
export function statementPdf(statement: Statement, options: { compress?: boolean } = {}): Promise<Buffer> {
  const money = (value: number) => formatMinor(value, statement.account.currency);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 60, left: 50, right: 50 },
    compress: options.compress ?? true,
    bufferPages: true,
    info: {
      Title: `Ledgerline statement ${statement.account.accountId} ${statement.month}`,
      Author: 'Ledgerline',
      CreationDate: statement.generatedAt,
      ModDate: statement.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text('Ledgerline account statement');
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  doc.text(`Account holder: ${statement.holder.displayName || '(no profile name)'}`);
  doc.text(`Account: ${statement.account.accountId} (${statement.account.currency})`);
  doc.text(`Period: ${statement.month} (UTC)`);
  doc.text(
    `Opening balance: ${money(statement.totals.opening)}   Money in: ${money(statement.totals.in)}   Money out: ${money(statement.totals.out)}   Closing balance: ${money(statement.totals.closing)}`,
  );
  doc.moveDown();

  const header = () => {
    doc.font('Helvetica-Bold').fontSize(9);
    const y = doc.y;
    for (const column of COLUMNS)
      doc.text(column.title, column.x, y, { width: column.width, align: column.align });
    doc
      .moveTo(50, doc.y + 2)
      .lineTo(545, doc.y + 2)
      .stroke();
    doc.moveDown(0.4);
    doc.font('Helvetica').fontSize(9);
  };
  header();
  const bottom = doc.page.height - doc.page.margins.bottom - 20;
  for (const line of statement.lines) {
    if (doc.y > bottom) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    const cells = [
      line.date.slice(0, 10),
      line.description,
      line.counterparty,
      money(line.amount),
      money(line.balanceAfter),
    ];
    let next = y;
    COLUMNS.forEach((column, index) => {
      doc.text(cells[index] ?? '', column.x, y, {
        width: column.width,
        align: column.align,
        lineBreak: true,
        height: 24,
        ellipsis: true,
      });
      next = Math.max(next, doc.y);
    });
    doc.y = next + 2;
  }
  if (statement.lines.length === 0) doc.text('No entries in this period.', 50, doc.y);

  // The content hash at the foot of every page: any printed page can be checked against the portal.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    doc
      .font('Helvetica')
      .fontSize(7)
      .text(
        `Content hash ${statement.contentHash} · page ${index + 1} of ${range.count}`,
        50,
        doc.page.height - 45,
        { width: 495, align: 'center', lineBreak: false },
      );
  }
  doc.end();
  return done;
}
