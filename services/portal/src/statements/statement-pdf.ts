/**
 * A statement as an A4 PDF (pdfkit, built-in Helvetica): title, holder, account, period, opening and
 * closing balance, the entries as a table that continues over as many pages as it needs (header
 * repeated), totals, and the content hash at the foot of every page.
 *
 * Deterministic: the document's CreationDate is the statement's generatedAt, and pdfkit derives the
 * trailer /ID from the info dictionary (md5), so the same statement gives the same bytes.
 * The standard fonts ship inside pdfkit as JS modules (`pdfkit/standard-fonts/*`), not files read at
 * runtime, so a bundle with pdfkit external needs nothing copied beside it.
 */
import PDFDocument from 'pdfkit';
import { major, type Statement } from './statement';

export interface PdfOptions {
  /** Deflate page streams (default true). Tests turn it off to read the text. */
  compress?: boolean;
}

const MARGIN = 50;
const ROW = 16;
const FOOTER = 30;
// x offset and width of each table column, A4 = 595.28 pt wide, 495 pt between the margins.
const COLUMNS = {
  date: { x: 0, width: 62, align: 'left' },
  details: { x: 66, width: 209, align: 'left' },
  moneyIn: { x: 279, width: 70, align: 'right' },
  moneyOut: { x: 353, width: 70, align: 'right' },
  balance: { x: 427, width: 68, align: 'right' },
} as const;
type Column = keyof typeof COLUMNS;

export function statementPdf(statement: Statement, options: PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER, left: MARGIN, right: MARGIN },
    compress: options.compress ?? true,
    bufferPages: true,
    info: {
      Title: `Statement ${statement.account.accountId} ${statement.month}`,
      Author: 'Ledgerline',
      CreationDate: statement.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const { currency } = statement.account;
  const bottom = (): number => doc.page.height - doc.page.margins.bottom;

  doc.font('Helvetica-Bold').fontSize(18).text('Account statement');
  doc.moveDown(0.5).font('Helvetica').fontSize(10);
  doc.text(`Account holder: ${statement.holder.displayName}`);
  doc.text(`Account: ${statement.account.accountId} (${currency})`);
  doc.text(`Period: ${statement.month}`);
  doc.text(`Opening balance: ${major(statement, statement.totals.opening)} ${currency}`);
  doc.text(`Closing balance: ${major(statement, statement.totals.closing)} ${currency}`);
  doc.text(`Generated: ${statement.generatedAt.toISOString()}`);
  doc.moveDown();

  const row = (cells: Record<Column, string>, font: 'Helvetica' | 'Helvetica-Bold'): void => {
    const y = doc.y;
    doc.font(font).fontSize(9);
    for (const [name, column] of Object.entries(COLUMNS) as [Column, (typeof COLUMNS)[Column]][]) {
      // One line per row: long descriptions are cut with an ellipsis so rows stay ROW tall and the
      // page-break arithmetic below holds.
      doc.text(cells[name], MARGIN + column.x, y, {
        width: column.width,
        align: column.align,
        lineBreak: false,
        ellipsis: true,
        height: ROW,
      });
    }
    doc.x = MARGIN;
    doc.y = y + ROW;
  };
  const header = (): void =>
    row(
      { date: 'Date', details: 'Details', moneyIn: 'In', moneyOut: 'Out', balance: 'Balance' },
      'Helvetica-Bold',
    );

  header();
  for (const line of statement.lines) {
    if (doc.y + ROW > bottom()) {
      doc.addPage();
      header();
    }
    const details = [line.counterparty, line.description].filter(Boolean).join(' - ');
    row(
      {
        date: line.at.slice(0, 10),
        details: details || line.transferId,
        moneyIn: line.direction === 'in' ? major(statement, line.amount) : '',
        moneyOut: line.direction === 'out' ? major(statement, line.amount) : '',
        balance: major(statement, line.balanceAfter),
      },
      'Helvetica',
    );
  }
  if (statement.lines.length === 0)
    row({ date: '', details: 'No entries this month.', moneyIn: '', moneyOut: '', balance: '' }, 'Helvetica');
  if (doc.y + ROW * 2 > bottom()) doc.addPage();
  doc.moveDown(0.5);
  row(
    {
      date: '',
      details: 'Totals',
      moneyIn: major(statement, statement.totals.in),
      moneyOut: major(statement, statement.totals.out),
      balance: major(statement, statement.totals.closing),
    },
    'Helvetica-Bold',
  );

  // Footers last, once the page count is known. Writing below the bottom margin would make pdfkit
  // start a new page, so the margin is lifted while the footer is drawn.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .text(
        `${statement.contentHash}   Page ${index + 1} of ${range.count}`,
        MARGIN,
        doc.page.height - MARGIN - 10,
        { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
  return done;
}
