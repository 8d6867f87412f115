import type { PersonalDataCipher } from '@ledgerline/shared/privacy/person-keys';
import { sealedSubject } from '@ledgerline/shared/privacy/personal-data-cipher';
import type { Entry, Transfer } from '../domain/transfers';

/**
 * The ledger's personal fields, sealed under the data subject's own key before they are stored
 * (docs/privacy.md, "Erasure"): a transfer's `description`, its audit `sourceIp` and `userAgent`,
 * its kept first answer and any decision's kept answer (they repeat the description), and the
 * entries' `description`. Amounts, accounts and balances stay in clear: the ledger's invariants and
 * the reconciliation never need a key, and erasure (deleting the key) leaves them intact.
 *
 * Only the ledger store of a function that shows or takes personal fields has a cipher. The
 * scheduled and stream jobs read and write the sealed values as they are (they never create a
 * personal value), so they need neither the person-keys table nor the KMS key.
 */

/** Whose key seals a transfer's fields: the payer, else the payee; system-only movements: the platform. */
export const subjectOf = (transfer: Pick<Transfer, 'debitOwner' | 'creditOwner'>): string =>
  transfer.debitOwner ?? transfer.creditOwner ?? 'platform';

/** What an erased person's audit shows: the record stays, the person is gone. */
export const ERASED = '[erased]';

type Open = (field: string, value: string) => Promise<string | undefined>;

async function mapTransfer(
  transfer: Transfer,
  apply: (field: string, value: string) => Promise<string | undefined>,
): Promise<Transfer> {
  const result: Transfer = { ...transfer, audit: { ...transfer.audit } };
  if (transfer.description !== undefined) {
    const description = await apply('description', transfer.description);
    if (description === undefined) delete result.description;
    else result.description = description;
  }
  result.audit.sourceIp = (await apply('audit.sourceIp', transfer.audit.sourceIp)) ?? ERASED;
  result.audit.userAgent = (await apply('audit.userAgent', transfer.audit.userAgent)) ?? ERASED;
  if (transfer.response.body !== '') {
    result.response = { ...transfer.response, body: (await apply('response', transfer.response.body)) ?? '' };
  }
  if (transfer.resolution?.response) {
    const body = (await apply('resolution.response', transfer.resolution.response.body)) ?? '';
    result.resolution = { ...transfer.resolution, response: { ...transfer.resolution.response, body } };
  }
  return result;
}

/** The transfer as stored: every personal field sealed under `subjectOf(transfer)`'s key. */
export const sealTransfer = (cipher: PersonalDataCipher, transfer: Transfer): Promise<Transfer> =>
  mapTransfer(transfer, (field, value) => cipher.seal(subjectOf(transfer), field, value));

/** The transfer as read: opened; an erased person's fields are absent or `[erased]`. */
export const openTransfer = (cipher: PersonalDataCipher, transfer: Transfer): Promise<Transfer> => {
  const open: Open = (field, value) => cipher.open(subjectOf(transfer), field, value);
  return mapTransfer(transfer, open);
};

export async function sealEntry(cipher: PersonalDataCipher, entry: Entry, subject: string) {
  if (entry.description === undefined) return entry;
  return { ...entry, description: await cipher.seal(subject, 'description', entry.description) };
}

/** An entry as read: its description (a copy of its transfer's, sealed under the same key) opened. */
export async function openEntry(cipher: PersonalDataCipher, entry: Entry): Promise<Entry> {
  if (entry.description === undefined) return entry;
  const { description, ...rest } = entry;
  const opened = await cipher.open(sealedSubject(description), 'description', description);
  return opened === undefined ? rest : { ...rest, description: opened };
}
