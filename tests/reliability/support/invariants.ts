// The double-entry invariants, checked on the table itself (support/tables.ts `ledger()`), never
// through the API under test. Each broken invariant is one readable line, so a failing run says
// which account or transfer is wrong and how, rather than "expected 0".
import type { Item } from './tables';

type Ledger = {
  accounts: Map<string, Item>;
  entries: Map<string, Item[]>;
  transfers: Map<string, Item>;
};

export interface LedgerCheck {
  /** Every broken invariant; empty when the ledger is sound. */
  violations: string[];
  counts: {
    customerAccounts: number;
    systemShards: number;
    entries: number;
    transfers: Record<string, number>;
    /** Cross-region transfers (with a `route`): four entries when posted, two per region. */
    crossRegion: number;
    currencies: string[];
  };
}

const num = (value: unknown): number => (typeof value === 'number' ? value : Number.NaN);
const money = (value: unknown): number => num((value as { value?: unknown } | undefined)?.value);
const add = (map: Map<string, number>, key: string, value: number) =>
  map.set(key, (map.get(key) ?? 0) + value);

/**
 * Checks, over every account (customers AND system shards) and every transfer:
 * - per currency, Σ posted = 0 (money is only ever moved, never made) and Σ debitsPending =
 *   Σ creditsPending (each reservation has two sides);
 * - each account's entries are sequence 1..entryCount with no gap, their balanceAfter chains from 0,
 *   and `posted` equals their sum;
 * - each account's pending amounts equal the holds (pending transfers) that reserve on it;
 * - no customer account is below its limit (`posted − debitsPending ≥ −overdraftLimit`);
 * - each posted transfer has exactly two entries (one per side, −/+ its posted amount; four for a
 *   cross-region transfer, summing to 0), and no other transfer has any; every entry belongs to a
 *   posted transfer of its account.
 *
 * @example
 * const { violations } = checkLedger(await ledger(db));
 * expect(violations).toEqual([]);
 */
export function checkLedger({ accounts, entries, transfers }: Ledger): LedgerCheck {
  const violations: string[] = [];
  const postedByCurrency = new Map<string, number>();
  const pendingByCurrency = new Map<string, number>();
  const reservedDebit = new Map<string, number>();
  const reservedCredit = new Map<string, number>();
  const entriesByTransfer = new Map<string, Item[]>();
  const statuses: Record<string, number> = {};
  let crossRegion = 0;
  let entryCount = 0;

  for (const list of entries.values()) {
    for (const entry of list) {
      const id = String(entry.transferId);
      entriesByTransfer.set(id, [...(entriesByTransfer.get(id) ?? []), entry]);
    }
  }

  for (const [transferId, transfer] of transfers) {
    const status = String(transfer.status);
    statuses[status] = (statuses[status] ?? 0) + 1;
    const own = entriesByTransfer.get(transferId) ?? [];
    const route = transfer.route as { sourceTransit?: string } | undefined;
    const amount = money(transfer.amount);
    const postedAmount = num(transfer.postedAmount);
    if (status === 'pending') {
      add(reservedDebit, String(transfer.debitAccountId), amount);
      add(reservedCredit, route ? String(route.sourceTransit) : String(transfer.creditAccountId), amount);
    }
    if (route) {
      crossRegion += 1;
      const sum = own.reduce((total, entry) => total + num(entry.amount), 0);
      if (status === 'posted' && (own.length !== 4 || sum !== 0)) {
        violations.push(
          `cross-region transfer ${transferId}: ${own.length} entries summing to ${sum} (want 4, 0)`,
        );
      }
      continue;
    }
    if (status !== 'posted') {
      if (own.length > 0)
        violations.push(`transfer ${transferId} is ${status} but has ${own.length} entries`);
      if (postedAmount !== 0)
        violations.push(`transfer ${transferId} is ${status} with postedAmount ${postedAmount}`);
      continue;
    }
    if (!(postedAmount > 0 && postedAmount <= amount)) {
      violations.push(`transfer ${transferId}: postedAmount ${postedAmount} outside 1..${amount}`);
    }
    const sides = own.map((entry) => `${String(entry.accountId)} ${num(entry.amount)}`).sort();
    const expected = [
      `${String(transfer.debitAccountId)} ${-postedAmount}`,
      `${String(transfer.creditAccountId)} ${postedAmount}`,
    ].sort();
    if (JSON.stringify(sides) !== JSON.stringify(expected)) {
      violations.push(
        `posted transfer ${transferId}: entries [${sides.join(', ')}], want [${expected.join(', ')}]`,
      );
    }
    if (transfer.reversedBy !== undefined) {
      const reversal = transfers.get(String(transfer.reversedBy));
      if (reversal?.reversalOf !== transferId) {
        violations.push(
          `transfer ${transferId}: reversedBy ${String(transfer.reversedBy)} does not link back`,
        );
      }
    }
  }

  let customers = 0;
  let shards = 0;
  for (const [accountId, account] of accounts) {
    const currency = String(account.currency);
    const isCustomer = account.kind === 'customer';
    if (isCustomer) customers += 1;
    else shards += 1;
    if (isCustomer !== accountId.startsWith('acc_') || (!isCustomer && !accountId.startsWith('sys_'))) {
      violations.push(`account ${accountId}: kind ${String(account.kind)} does not match its id`);
    }
    const posted = num(account.posted);
    const debitsPending = num(account.debitsPending);
    const creditsPending = num(account.creditsPending);
    add(postedByCurrency, currency, posted);
    add(pendingByCurrency, currency, debitsPending - creditsPending);

    const list = entries.get(accountId) ?? [];
    entryCount += list.length;
    let running = 0;
    list.forEach((entry, index) => {
      running += num(entry.amount);
      if (num(entry.sequence) !== index + 1) {
        violations.push(`account ${accountId}: entry #${index + 1} has sequence ${String(entry.sequence)}`);
      }
      if (num(entry.balanceAfter) !== running) {
        violations.push(
          `account ${accountId}: entry ${String(entry.sequence)} balanceAfter ${String(entry.balanceAfter)}, chain says ${running}`,
        );
      }
      if (entry.currency !== currency)
        violations.push(`account ${accountId}: entry ${String(entry.sequence)} in ${String(entry.currency)}`);
      const transfer = transfers.get(String(entry.transferId));
      if (!transfer)
        violations.push(`account ${accountId}: entry ${String(entry.sequence)} names no stored transfer`);
      else if (transfer.status !== 'posted') {
        violations.push(
          `account ${accountId}: entry ${String(entry.sequence)} of a ${String(transfer.status)} transfer`,
        );
      }
    });
    if (posted !== running) violations.push(`account ${accountId}: posted ${posted} ≠ Σ entries ${running}`);
    if (num(account.entryCount) !== list.length) {
      violations.push(
        `account ${accountId}: entryCount ${String(account.entryCount)} but ${list.length} entries`,
      );
    }
    if (debitsPending < 0 || creditsPending < 0) {
      violations.push(`account ${accountId}: negative pending (${debitsPending}, ${creditsPending})`);
    }
    if (
      debitsPending !== (reservedDebit.get(accountId) ?? 0) ||
      creditsPending !== (reservedCredit.get(accountId) ?? 0)
    ) {
      violations.push(
        `account ${accountId}: pending ${debitsPending}/${creditsPending}, holds on it ${reservedDebit.get(accountId) ?? 0}/${reservedCredit.get(accountId) ?? 0}`,
      );
    }
    if (isCustomer && posted - debitsPending < -num(account.overdraftLimit ?? 0)) {
      violations.push(`customer account ${accountId}: available ${posted - debitsPending} below its limit`);
    }
  }
  for (const id of new Set([...reservedDebit.keys(), ...reservedCredit.keys()])) {
    if (!accounts.has(id)) violations.push(`a pending transfer reserves on ${id}, which does not exist`);
  }
  for (const [currency, sum] of postedByCurrency) {
    if (sum !== 0) violations.push(`${currency}: Σ posted over every account is ${sum}, not 0`);
  }
  for (const [currency, sum] of pendingByCurrency) {
    if (sum !== 0) violations.push(`${currency}: Σ debitsPending − Σ creditsPending is ${sum}, not 0`);
  }
  return {
    violations,
    counts: {
      customerAccounts: customers,
      systemShards: shards,
      entries: entryCount,
      transfers: statuses,
      crossRegion,
      currencies: [...postedByCurrency.keys()].sort(),
    },
  };
}
