/**
 * Accounts overview, opening an account, an account's history (filters, pages, CSV download).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Schemas } from '../api/client';
import type { PortalContext } from '../context';
import { apiCall, auditOf, requireSession, sessionOf } from '../context';
import type { HistoryQuery } from '../history';
import { allEntries, decodePosition, historyPage, parseHistoryFilter } from '../history';
import { formatMinor } from '../money';
import { historyCsv } from '../statements/history-csv';

export type Account = Schemas['Account'];
const ACCOUNT_ID = /^acc_[a-z2-7]{20}$/;
/** The currencies the portal offers when opening an account (the API accepts any ISO 4217 code). */
export const OPENABLE_CURRENCIES = ['EUR', 'GBP', 'USD', 'SGD', 'JPY'] as const;

/** All of the signed-in person's accounts (every page). */
export async function listOwnAccounts(request: FastifyRequest): Promise<Account[]> {
  const accounts: Account[] = [];
  let cursor: string | undefined;
  do {
    const query = { limit: '100', ...(cursor ? { cursor } : {}) };
    const result = await apiCall('transactions.listAccounts', () =>
      request.portal.api().GET('/accounts', { params: { query } }),
    );
    if (!result.ok) break;
    accounts.push(...result.data.items);
    cursor = result.data.nextCursor ?? undefined;
  } while (cursor);
  return accounts;
}

export async function getOwnAccount(
  request: FastifyRequest,
  accountId: string,
): Promise<Account | undefined> {
  if (!ACCOUNT_ID.test(accountId)) return undefined;
  const result = await apiCall(
    'transactions.getAccount',
    () => request.portal.api().GET('/accounts/{accountId}', { params: { path: { accountId } } }),
    [403, 404],
  );
  return result.ok ? result.data : undefined;
}

export const balancesOf = (account: Account) => ({
  posted: formatMinor(account.balances.posted.value, account.currency),
  pending: formatMinor(account.balances.pending.value, account.currency),
  available: formatMinor(account.balances.available.value, account.currency),
});

export function registerAccountRoutes(app: FastifyInstance, context: PortalContext): void {
  const { render } = context;
  const notFound = (request: FastifyRequest, reply: Parameters<typeof render>[1]) =>
    render(request, reply.code(404), 'error', {
      title: 'Not found',
      message: 'There is no such account among yours.',
    });

  app.get('/accounts', { preHandler: requireSession }, async (request, reply) => {
    const accounts = await listOwnAccounts(request);
    return render(request, reply, 'accounts', {
      title: 'Accounts',
      accounts: accounts.map((account) => ({ ...account, shown: balancesOf(account) })),
      currencies: OPENABLE_CURRENCIES,
    });
  });

  app.post<{ Body: { currency?: string } }>(
    '/accounts',
    { preHandler: requireSession },
    async (request, reply) => {
      const currency = String(request.body?.currency ?? '');
      if (!(OPENABLE_CURRENCIES as readonly string[]).includes(currency))
        return reply.redirect('/accounts', 303);
      const result = await apiCall(
        'transactions.createAccount',
        () => request.portal.api().POST('/accounts', { body: { currency: currency as never } }),
        [400, 409, 422],
      );
      await auditOf(context, request)(
        'open-account',
        result.ok ? 'success' : 'failure',
        result.ok ? result.data.accountId : undefined,
        { currency },
      );
      return reply.redirect(result.ok ? `/accounts/${result.data.accountId}` : '/accounts', 303);
    },
  );

  app.get<{ Params: { accountId: string }; Querystring: HistoryQuery }>(
    '/accounts/:accountId',
    { preHandler: requireSession },
    async (request, reply) => {
      const session = sessionOf(request);
      const account = await getOwnAccount(request, request.params.accountId);
      if (!account) return notFound(request, reply);
      const { filter, errors } = parseHistoryFilter(request.query, account.currency);
      const position = decodePosition(request.query.cursor);
      if (!position) errors.cursor = 'That page link is no longer valid; start again from the first page.';
      const preferences = await context.preferences.get(session.userSub);
      const page =
        Object.keys(errors).length === 0 && position
          ? await historyPage(
              request.portal.api(),
              account.accountId,
              filter,
              preferences.historyPageSize,
              position,
            )
          : { items: [] };
      await auditOf(context, request)('view-history', 'success', account.accountId);
      const filters = new URLSearchParams(
        Object.entries(request.query).filter(
          ([key, value]) => key !== 'cursor' && typeof value === 'string' && value !== '',
        ) as [string, string][],
      );
      return render(request, reply.code(Object.keys(errors).length > 0 ? 400 : 200), 'history', {
        title: 'Account history',
        account: { ...account, shown: balancesOf(account) },
        query: request.query,
        errors,
        entries: page.items.map((entry) => ({
          ...entry,
          direction: entry.amount.value < 0 ? 'out' : 'in',
          shownAmount: formatMinor(Math.abs(entry.amount.value), entry.amount.currency),
          shownBalance: formatMinor(entry.balanceAfter.value, entry.balanceAfter.currency),
        })),
        nextHref: page.next
          ? `/accounts/${account.accountId}?${new URLSearchParams([...filters, ['cursor', page.next]])}`
          : undefined,
        csvHref: `/accounts/${account.accountId}/history.csv${filters.size > 0 ? `?${filters}` : ''}`,
      });
    },
  );

  app.get<{ Params: { accountId: string }; Querystring: HistoryQuery }>(
    '/accounts/:accountId/history.csv',
    { preHandler: requireSession },
    async (request, reply) => {
      const account = await getOwnAccount(request, request.params.accountId);
      if (!account) return notFound(request, reply);
      const { filter, errors } = parseHistoryFilter(request.query, account.currency);
      if (Object.keys(errors).length > 0) return reply.redirect(`/accounts/${account.accountId}`, 303);
      const entries = [];
      for await (const entry of allEntries(request.portal.api(), account.accountId, filter))
        entries.push(entry);
      await auditOf(context, request)('download-history-csv', 'success', account.accountId, {
        rows: entries.length,
      });
      const csv = historyCsv(entries, account.currency);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${account.accountId}-history.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );
}
