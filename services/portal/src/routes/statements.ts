/**
 * Monthly statements: one per account and calendar month (UTC), as CSV and PDF at stable URLs. The
 * content is regenerated from the ledger each time, and it is the same each time: its content hash
 * (printed on it) is recorded with the statement's metadata, so a changed statement would show.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PortalContext } from '../context';
import { apiCall, auditOf, requireSession, sessionOf } from '../context';
import type { Entry } from '../history';
import { allEntries } from '../history';
import { buildStatement } from '../statements/statement';
import { statementCsv } from '../statements/statement-csv';
import { statementPdf } from '../statements/statement-pdf';
import type { Account } from './accounts';
import { getOwnAccount, listOwnAccounts } from './accounts';

const STATEMENT_FILE = /^(\d{4})-(0[1-9]|1[0-2])\.(csv|pdf)$/;
/** Months shown on the statements page, newest first. */
const MONTHS_LISTED = 24;

const monthKey = (date: Date) =>
  `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;

/** The months from the account's opening to the current month, newest first (at most MONTHS_LISTED). */
export function monthsOf(account: Pick<Account, 'createdAt'>, now = new Date()): string[] {
  const months: string[] = [];
  const opened = new Date(account.createdAt);
  const cursor = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  while (
    months.length < MONTHS_LISTED &&
    cursor >= new Date(Date.UTC(opened.getUTCFullYear(), opened.getUTCMonth(), 1))
  ) {
    months.push(monthKey(cursor));
    cursor.setUTCMonth(cursor.getUTCMonth() - 1);
  }
  return months;
}

async function statementOf(request: FastifyRequest, account: Account, month: string) {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, monthNumber - 1, 1));
  const end = new Date(Date.UTC(year, monthNumber, 1) - 1);
  const api = request.portal.api();
  const entries: Entry[] = [];
  for await (const entry of allEntries(api, account.accountId, {
    direction: 'any',
    fromInstant: start.toISOString(),
    toInstant: end.toISOString(),
  }))
    entries.push(entry);
  entries.reverse();
  // Opening balance: the balance after the last entry before the month (0 for a new account).
  const before = await apiCall('transactions.listEntries', () =>
    api.GET('/accounts/{accountId}/entries', {
      params: {
        path: { accountId: account.accountId },
        query: { limit: '1', to: new Date(start.getTime() - 1).toISOString() },
      },
    }),
  );
  const openingBalance = before.ok ? (before.data.items[0]?.balanceAfter.value ?? 0) : 0;
  const profile = await apiCall('profiles.getProfile', () => api.GET('/profiles/me'), [404]);
  return buildStatement({
    account: { accountId: account.accountId, currency: account.currency },
    month,
    entries,
    openingBalance,
    holder: { displayName: profile.ok ? profile.data.displayName : '' },
    generatedAt: new Date(),
  });
}

export function registerStatementRoutes(app: FastifyInstance, context: PortalContext): void {
  const { render } = context;

  app.get('/statements', { preHandler: requireSession }, async (request, reply) => {
    const session = sessionOf(request);
    const accounts = await listOwnAccounts(request);
    const recorded = await context.statements.list(session.userSub);
    const hashOf = (accountId: string, month: string) =>
      recorded.find((r) => r.accountId === accountId && r.month === month)?.contentHash;
    return render(request, reply, 'statements', {
      title: 'Statements',
      accounts: accounts.map((account) => ({
        accountId: account.accountId,
        currency: account.currency,
        months: monthsOf(account).map((month) => ({ month, contentHash: hashOf(account.accountId, month) })),
      })),
    });
  });

  app.get<{ Params: { accountId: string; file: string } }>(
    '/accounts/:accountId/statements/:file',
    { preHandler: requireSession },
    async (request, reply) => {
      const session = sessionOf(request);
      const match = STATEMENT_FILE.exec(request.params.file);
      const account = match ? await getOwnAccount(request, request.params.accountId) : undefined;
      const month = match ? `${match[1]}-${match[2]}` : '';
      if (!match || !account || !monthsOf(account).includes(month)) {
        return render(request, reply.code(404), 'error', {
          title: 'Not found',
          message: 'There is no such statement.',
        });
      }
      const format = match[3] as 'csv' | 'pdf';
      const statement = await statementOf(request, account, month);
      await context.statements.record({
        userSub: session.userSub,
        accountId: account.accountId,
        month,
        format,
        contentHash: statement.contentHash,
        generatedAt: new Date(),
      });
      await auditOf(context, request)('download-statement', 'success', account.accountId, { month, format });
      const filename = `ledgerline-${account.accountId}-${month}.${format}`;
      reply
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .header('x-content-hash', statement.contentHash);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(statementCsv(statement));
      return reply.type('application/pdf').send(await statementPdf(statement));
    },
  );
}
