// docs/transactions.md, "Who may do what", is the ledger's authorization table as written in
// src/domain/rules.ts: the same rows, in the same order (the integration test runs them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_RULES, TRANSFER_RULES } from '../../src/domain/rules';

/** The markdown rows of both tables, as docs/transactions.md must show them. */
function renderRules(): { transfers: string; actions: string } {
  const transfers = TRANSFER_RULES.map(
    (rule) =>
      `| ${rule.kind} | ${rule.from} | ${rule.to} | ${rule.caller === 'user' ? 'user (access token)' : `service: \`${rule.caller}\``} | ${rule.holds ? 'yes' : 'no'} |`,
  ).join('\n');
  const actions = ACTION_RULES.map((rule) => `| ${rule.action} | ${rule.user} | ${rule.service} |`).join(
    '\n',
  );
  return { transfers, actions };
}

it('docs/transactions.md shows the rules of src/domain/rules.ts, row for row', () => {
  const doc = readFileSync(join(__dirname, '../../../../docs/transactions.md'), 'utf8');
  const { transfers, actions } = renderRules();
  expect(doc).toContain(
    `| kind | from | to | caller | may be a hold |\n|---|---|---|---|---|\n${transfers}\n`,
  );
  expect(doc).toContain(
    `| action | user (access token) | service token (any of) |\n|---|---|---|\n${actions}\n`,
  );
});
