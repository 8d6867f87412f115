/**
 * Move money: a transfer out of one of the person's own accounts, in two steps (details, then
 * confirmation). The confirmation form carries an idempotency key minted when it was shown, so a
 * double submit or a retried POST applies the transfer once (the API's Idempotency-Key).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PortalContext } from '../context';
import { apiCall, auditOf, fieldErrors, requireSession } from '../context';
import { formatMinor, parseMajor } from '../money';
import type { Account } from './accounts';
import { listOwnAccounts } from './accounts';

const ACCOUNT_ID = /^acc_[a-z2-7]{20}$/;
const TRANSFER_ID = /^tr_[a-z2-7]{26}$/;
const IDEMPOTENCY_KEY = /^portal-[0-9a-f-]{36}$/;

interface TransferForm {
  from?: string;
  to?: string;
  amount?: string;
  description?: string;
  idempotencyKey?: string;
}

interface CheckedTransfer {
  from: Account;
  to: string;
  value: number;
  description?: string;
}

function check(
  form: TransferForm,
  accounts: Account[],
): { transfer?: CheckedTransfer; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const from = accounts.find((account) => account.accountId === form.from && account.status === 'open');
  if (!from) errors.from = 'Choose one of your open accounts.';
  const to = String(form.to ?? '').trim();
  if (!ACCOUNT_ID.test(to))
    errors.to = 'Enter the recipient account id (acc_ followed by 20 letters or digits).';
  else if (to === form.from) errors.to = 'Choose an account other than the one you pay from.';
  const description = String(form.description ?? '').trim();
  if (description.length > 280) errors.description = 'Use at most 280 characters.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F]/.test(description)) errors.description = 'Remove control characters.';
  let value = 0;
  if (from) {
    const parsed = parseMajor(String(form.amount ?? '').trim(), from.currency);
    if (!parsed.ok) errors.amount = parsed.message;
    else if (parsed.value < 1) errors.amount = 'Enter an amount above zero.';
    else value = parsed.value;
  }
  if (Object.keys(errors).length > 0 || !from) return { errors };
  return { transfer: { from, to, value, ...(description ? { description } : {}) }, errors };
}

export function registerTransferRoutes(app: FastifyInstance, context: PortalContext): void {
  const { render } = context;
  const openAccounts = async (request: FastifyRequest) =>
    (await listOwnAccounts(request)).filter((account) => account.status === 'open');
  const showForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    accounts: Account[],
    form: TransferForm,
    errors: Record<string, string>,
  ) =>
    render(request, reply.code(Object.keys(errors).length > 0 ? 400 : 200), 'transfer', {
      title: 'Move money',
      accounts: accounts.map((account) => ({
        ...account,
        available: formatMinor(account.balances.available.value, account.currency),
      })),
      form,
      errors,
    });

  app.get<{ Querystring: { from?: string } }>(
    '/transfers/new',
    { preHandler: requireSession },
    async (request, reply) => {
      return showForm(request, reply, await openAccounts(request), { from: request.query.from }, {});
    },
  );

  app.post<{ Body: TransferForm }>(
    '/transfers/new',
    { preHandler: requireSession },
    async (request, reply) => {
      const accounts = await openAccounts(request);
      const form = request.body ?? {};
      const { transfer, errors } = check(form, accounts);
      if (!transfer) return showForm(request, reply, accounts, form, errors);
      return render(request, reply, 'transfer-confirm', {
        title: 'Confirm transfer',
        form: {
          ...form,
          amount: formatMinor(transfer.value, transfer.from.currency),
          idempotencyKey: `portal-${randomUUID()}`,
        },
        shown: {
          amount: formatMinor(transfer.value, transfer.from.currency),
          currency: transfer.from.currency,
        },
      });
    },
  );

  app.post<{ Body: TransferForm }>('/transfers', { preHandler: requireSession }, async (request, reply) => {
    const audit = auditOf(context, request);
    const accounts = await openAccounts(request);
    const form = request.body ?? {};
    const { transfer, errors } = check(form, accounts);
    if (!transfer || !IDEMPOTENCY_KEY.test(String(form.idempotencyKey)))
      return showForm(request, reply, accounts, form, errors);
    const body = {
      from: transfer.from.accountId,
      to: transfer.to,
      amount: { value: transfer.value, currency: transfer.from.currency as never },
      ...(transfer.description ? { description: transfer.description } : {}),
    };
    const result = await apiCall(
      'transactions.createTransfer',
      () =>
        request.portal.api().POST('/transfers', {
          params: { header: { 'Idempotency-Key': String(form.idempotencyKey) } },
          body,
        }),
      [400, 403, 404, 409, 422, 429],
    );
    if (!result.ok) {
      await audit('create-transfer', 'failure', transfer.from.accountId, { status: result.status });
      const apiErrors = fieldErrors(result.problem);
      const message = result.problem?.detail ?? result.problem?.title ?? 'The transfer was refused.';
      return showForm(
        request,
        reply,
        accounts,
        form,
        Object.keys(apiErrors).length > 0 ? apiErrors : { amount: message },
      );
    }
    const created = result.data.transfer;
    await audit('create-transfer', 'success', created.transferId, {
      from: transfer.from.accountId,
      to: transfer.to,
      value: transfer.value,
      currency: transfer.from.currency,
    });
    return reply.redirect(`/transfers/${created.transferId}`, 303);
  });

  app.get<{ Params: { transferId: string } }>(
    '/transfers/:transferId',
    { preHandler: requireSession },
    async (request, reply) => {
      const { transferId } = request.params;
      const result = TRANSFER_ID.test(transferId)
        ? await apiCall(
            'transactions.getTransfer',
            () => request.portal.api().GET('/transfers/{transferId}', { params: { path: { transferId } } }),
            [403, 404],
          )
        : undefined;
      if (!result?.ok)
        return render(request, reply.code(404), 'error', {
          title: 'Not found',
          message: 'There is no such transfer among yours.',
        });
      const transfer = result.data;
      return render(request, reply, 'transfer-status', {
        title: 'Transfer',
        transfer,
        amount: formatMinor(transfer.amount.value, transfer.amount.currency),
        // A pending transfer's page reloads itself (no script needed) until it is final.
        refreshSeconds: transfer.status === 'pending' ? 2 : undefined,
      });
    },
  );
}
