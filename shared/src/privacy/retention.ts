import { PERSONAL_DATA } from './inventory';

/**
 * How each retention of the records of processing (inventory.ts) is enforced, and the tests that
 * fail if it is not: `<file> › <test name>` (a Jest test, or a `terraform test` run). A limit set by
 * AWS and not configurable says so instead of naming a test. docs/privacy.md, "Retention", shows
 * this table; shared/tests/unit/privacy-retention.test.ts checks every row of the inventory has one
 * and every named test exists.
 */
export interface RetentionEnforcement {
  /** The inventory row (its `data`, verbatim). */
  data: string;
  /** What deletes the data when its time is up. */
  mechanism: string;
  tests: readonly string[];
}

/** The inventory row whose `data` starts with `prefix` (one, or the module fails to load). */
function row(prefix: string): string {
  const rows = PERSONAL_DATA.filter((r) => r.data.startsWith(prefix));
  if (rows.length !== 1) throw new Error(`retention: ${rows.length} inventory rows start with "${prefix}"`);
  return rows[0]!.data;
}

const ERASURE =
  'services/profiles/tests/integration/erasure.test.ts › deletes the user and their data, closes the accounts, refuses old tokens, keeps the ledger';
const SHREDDED =
  'services/transactions/tests/integration/sealed-fields.test.ts › after the payer’s keys are shredded: no description, audit erased, amounts and balances intact';
const AML_TTL =
  'services/transactions/tests/integration/sealed-fields.test.ts › expires the payer’s keys 5 years after their last account closes, and keeps them again when one opens';
const CORE = 'terraform-foundation/core/tests/core.tftest.hcl › run';
const PORTAL_RETENTION = 'services/portal/tests/integration/retention.test.ts';

export const RETENTION: readonly RetentionEnforcement[] = [
  { data: row('email, '), mechanism: 'erasure job: AdminDeleteUser', tests: [ERASURE] },
  {
    data: row('password '),
    mechanism: 'erasure job: AdminDeleteUser (MFA off: Cognito drops the secret)',
    tests: [ERASURE],
  },
  { data: row('`sub` '), mechanism: 'with each record it keys (below)', tests: [ERASURE] },
  {
    data: row('profile: '),
    mechanism: '`DELETE /profiles/me`; erasure job',
    tests: [
      'services/profiles/tests/integration/profiles.test.ts › creates, reads, patches and deletes the caller’s own profile',
      ERASURE,
    ],
  },
  {
    data: row('device sessions: '),
    mechanism: 'DynamoDB TTL `expiresAt` = lastSeenAt + 30 days; erasure job',
    tests: [
      'services/profiles/tests/unit/session.test.ts › expire 30 days after lastSeenAt, in epoch seconds',
      ERASURE,
    ],
  },
  {
    data: row('consent records: '),
    mechanism: 'erasure job (kept by `DELETE /profiles/me` on purpose)',
    tests: [
      'services/profiles/tests/integration/consents.test.ts › needs no profile, and the records outlive a deleted profile (proof until the account is erased)',
      ERASURE,
    ],
  },
  {
    data: row('erasure record: '),
    mechanism: 'DynamoDB TTL `expiresAt` = completion + 400 days',
    tests: [
      'services/profiles/tests/unit/erasure.test.ts › runs every step in order, then completes the job and keeps the record for 400 days',
    ],
  },
  {
    data: row('revocation records: '),
    mechanism: 'DynamoDB TTL `expiresAt` = 31 days',
    tests: [
      'services/auth/tests/unit/domain/sessions.test.ts › records outlive every token they refuse (refresh-token lifetime, plus a day)',
    ],
  },
  {
    data: row('accounts: '),
    mechanism:
      'amounts kept (not personal once the keys are gone); the owner key with the sealed fields below',
    tests: [ERASURE, AML_TTL],
  },
  {
    data: row('transfers and entries: '),
    mechanism:
      'sealed under the person’s keys: erasure deletes them; their TTL 5 years after the last account closed',
    tests: [SHREDDED, AML_TTL],
  },
  { data: row('transfer audit: '), mechanism: 'as the transfer (sealed)', tests: [SHREDDED, AML_TTL] },
  {
    data: row('per-person data keys '),
    mechanism: 'erasure job deletes them in every region; TTL 5 years after the last account closed',
    tests: [ERASURE, AML_TTL],
  },
  {
    data: row('data-subject exports: '),
    mechanism: 'S3 lifecycle: 7 days; presigned links ≤ 15 min; access-log lifecycle ≥ 90 days; erasure job',
    tests: [
      `${CORE} "exports_bucket_is_private_tls_only_kms_encrypted_and_short_lived"`,
      `${CORE} "export_access_logs_are_sse_s3_kept_90_days_and_delivered_by_policy"`,
      'tests/integration/privacy-export.test.ts › exports everything of the person and nothing of anyone else, through links valid ≤ 15 minutes',
      ERASURE,
    ],
  },
  { data: row('export jobs: '), mechanism: 'erasure job (the partition)', tests: [ERASURE] },
  {
    data: row('portal browser sessions: '),
    mechanism:
      'refused past the idle/absolute deadline on every request; the portal’s 10-minute retention sweep deletes the rows',
    tests: [
      `${PORTAL_RETENTION} › browser sessions: refused after 15 idle minutes or 12 hours in all, and deleted by the sweep`,
      'services/portal/tests/integration/app.test.ts › when the API refuses the tokens (revoked elsewhere), the portal session ends and its row is gone',
    ],
  },
  {
    data: row('portal audit trail: '),
    mechanism:
      'a trigger refuses UPDATE, TRUNCATE and DELETE of rows younger than 5 years; the sweep deletes older ones',
    tests: [
      `${PORTAL_RETENTION} › audit events: the database refuses UPDATE, TRUNCATE and early DELETE; the sweep deletes them after 5 years`,
    ],
  },
  {
    data: row('portal preferences '),
    mechanism: 'the retention sweep: 13 months after last written',
    tests: [
      `${PORTAL_RETENTION} › preferences and statement metadata: deleted 13 months after they were last written`,
    ],
  },
  {
    data: row('portal logs: '),
    mechanism: 'log group retention `log_retention_days` (≥ 90)',
    tests: [
      'terraform-foundation/portal/tests/portal.tftest.hcl › run "ecs_runs_three_spot_backed_tasks_with_zero_downtime_deploys_and_least_privilege"',
    ],
  },
  {
    data: row('API access logs: '),
    mechanism: 'log group retention 90 days',
    tests: [
      'tests/infra/transactions.test.ts › keeps access logs 90 days in a group the framework will not delete, and names everything by stage',
    ],
  },
  {
    data: row('function logs'),
    mechanism: 'log group retention 90 days; redaction before writing',
    tests: [
      'tests/infra/packaged-services.test.ts › keeps every log group for 90 days',
      'tests/integration/privacy-inventory.test.ts › stores every planted personal value exactly where the inventory says, and logs none of them',
    ],
  },
  {
    data: row('WAF and CloudFront logs: '),
    mechanism: 'log group retention and S3 lifecycle `log_retention_days` (≥ 90)',
    tests: [
      'terraform-foundation/edge/tests/edge.tftest.hcl › run "logs_are_kept_90_days_and_nothing_blocks_destroy"',
      'terraform-foundation/edge/tests/edge.tftest.hcl › run "rejects_bad_origins_countries_and_retention"',
    ],
  },
  { data: row('X-Ray traces: '), mechanism: 'fixed by AWS (30 days), not configurable', tests: [] },
  {
    data: row('backups'),
    mechanism: 'point-in-time recovery on every table; its 35-day window is fixed by AWS',
    tests: [`${CORE} "tables_match_the_shared_definitions"`],
  },
];

/** docs/privacy.md's "Retention" table. */
export const retentionRows = (): string =>
  RETENTION.map(
    (r) =>
      `| ${r.data} | ${r.mechanism} | ${r.tests.length === 0 ? '—' : r.tests.map((t) => `\`${t}\``).join('<br>')} |`,
  ).join('\n');
