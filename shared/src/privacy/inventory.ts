/**
 * The platform's records of processing (GDPR Art. 30): every personal-data field it stores, where,
 * why, on what basis, how long and who reads it. docs/privacy.md shows these rows (a unit test keeps
 * it identical) and tests/integration/privacy-inventory.test.ts plants a distinctive value into every
 * `fields` entry through the routes and checks it is stored exactly at the listed locations and
 * nowhere else (no table, no log line). The export and erasure jobs read the same list.
 *
 * A location is `<table stem>:<pk prefix>/<sk prefix>:<attribute>` for DynamoDB items (prefixes are
 * the key up to the first `#`; an attribute holding JSON or a nested map counts as one), prefixed
 * `sealed:` where the value is stored only sealed under the person's data key (crypto-shredding),
 * or `cognito:<attribute>` for the user pool.
 */
export interface PersonalDataRecord {
  data: string;
  where: string;
  purpose: string;
  basis: string;
  retention: string;
  readers: string;
  /** Field → every location a value of it is stored at (checked by planting values). */
  fields: Record<string, readonly string[]>;
}

export const PERSONAL_DATA: readonly PersonalDataRecord[] = [
  {
    data: 'email, `email_verified`',
    where: 'Cognito user pool (us-east-1 only; no replica)',
    purpose: 'sign-in, account messages',
    basis: 'contract',
    retention: 'life of the account',
    readers: 'the auth service; back office through the AWS console (IAM)',
    fields: { signUpEmail: ['cognito:email'] },
  },
  {
    data: 'password (salted hash, Cognito-internal), TOTP secret (Cognito-internal)',
    where: 'Cognito',
    purpose: 'authentication',
    basis: 'contract',
    retention: 'life of the account; TOTP secret until MFA is turned off',
    readers: 'nobody (Cognito never returns them)',
    fields: {},
  },
  {
    data: '`sub` (pseudonymous user id)',
    where: 'Cognito; every table below as the owner key; logs as `sub`/`principalId`',
    purpose: "linking a person's records",
    basis: 'contract',
    retention: 'as the record it keys',
    readers: 'services (own user only), back office',
    fields: {},
  },
  {
    data: 'profile: `displayName`, `email`, `phone`, `locale`, `timeZone`, `country`',
    where: 'profiles table (`ledgerline-profiles-<stage>`, home region us-east-1, replica us-west-2)',
    purpose: "the app's profile",
    basis: 'contract',
    retention: 'until `DELETE /profiles/me` or account erasure',
    readers: 'the user (own profile only)',
    fields: {
      displayName: ['profiles:USER/PROFILE:displayName'],
      profileEmail: ['profiles:USER/PROFILE:email'],
      phone: ['profiles:USER/PROFILE:phone'],
    },
  },
  {
    data: 'device sessions: `deviceId`, `platform`, `appVersion`, `locale`, `pushToken`, `lastSeenAt`, `tokenFamily`',
    where: 'profiles table, `SESSION#` items',
    purpose: 'device list, push notifications, "log out that phone"',
    basis: 'contract',
    retention: '30 days after `lastSeenAt` (DynamoDB TTL `expiresAt`), or until deleted',
    readers: 'the user (own devices; `pushToken` and `tokenFamily` are write-only)',
    fields: {
      deviceId: ['profiles:USER/SESSION:sk', 'profiles:USER/SESSION:deviceId'],
      pushToken: ['profiles:USER/SESSION:pushToken'],
    },
  },
  {
    data: 'consent records: purpose, granted, notice version (hash of the text shown), time',
    where: 'profiles table, `CONSENT#` items (append-only)',
    purpose: 'proof of consent and of its withdrawal (Art. 7(1))',
    basis: 'legal obligation',
    retention: 'life of the account (kept by `DELETE /profiles/me`; deleted by account erasure)',
    readers: 'the user (own history: `GET /me/consents`)',
    fields: {},
  },
  {
    data: 'erasure record: `sub`, job id, step states, timestamps (nothing else about the person)',
    where: "profiles table, the `ERASURE` item of the person's partition (kept by the erasure)",
    purpose: 'running the erasure step by step (resumable), and evidence that it was done (Art. 5(2))',
    basis: 'legal obligation',
    retention:
      '400 days after completion (TTL `expiresAt`): the 35-day PITR window, then one year of evidence',
    readers: 'the person until the job ends their sessions (`GET /me/erasure`); the erasure worker',
    fields: {},
  },
  {
    data: 'revocation records: `sub`, token family id, instants, reason code',
    where: 'auth table (`ledgerline-auth-<stage>`, global)',
    purpose: 'ending sessions (logout, lock) in both regions',
    basis: 'legitimate interest (security)',
    retention: '31 days (TTL `expiresAt`)',
    readers: 'the JWT authorizer',
    fields: { tokenFamily: ['auth:USER/FAMILY:sk', 'profiles:USER/SESSION:tokenFamily'] },
  },
  {
    data: 'accounts: owner `sub` (also the owner index key), currency, balances',
    where: 'transactions table (global, home region per account)',
    purpose: 'the account',
    basis: 'contract; legal obligation',
    retention:
      'amounts: as the ledger; the owner link with the sealed fields: erasure, or 5 years after the last account closes (AML; person-key TTL)',
    readers: 'the owner; back office (`transactions:read`, `ledger:admin`)',
    fields: {},
  },
  {
    data: 'transfers and entries: amounts, counterparties (account ids), `description` (free text)',
    where: 'transactions table',
    purpose: 'payments, statements',
    basis: 'contract; legal obligation',
    retention:
      'sealed fields: until erasure, or 5 years after the payer’s last account closes (AML; person-key TTL); amounts as the ledger',
    readers: "the debit side's owner; the credit side (no audit); back office",
    fields: {
      description: [
        'sealed:transactions:TRANSFER/META:description',
        // The first answer, kept for byte-identical replays of the same Idempotency-Key.
        'sealed:transactions:TRANSFER/META:response',
        'sealed:transactions:ACCOUNT/ENTRY:description',
      ],
    },
  },
  {
    data: 'transfer audit: actor `sub`, client id, request id, **source IP, user agent**',
    where: 'transactions table, on the transfer',
    purpose: 'fraud investigation, AML',
    basis: 'legitimate interest; legal obligation',
    retention: 'as the transfer',
    readers: "the debit side's owner; back office",
    fields: {
      sourceIp: ['sealed:transactions:TRANSFER/META:audit'],
      userAgent: ['sealed:transactions:TRANSFER/META:audit'],
    },
  },
  {
    data: 'per-person data keys (wrapped by KMS; keyed by `sub`)',
    where: 'person-keys table (`ledgerline-person-keys-<stage>`, global)',
    purpose:
      "crypto-shredding: the ledger's personal fields are sealed under them (AES-256-GCM; shared/src/privacy)",
    basis: 'legal obligation',
    retention:
      'until erasure deletes them, or TTL 5 years after the person’s last account closed; then up to 35 days in PITR',
    readers:
      'the transactions routes that take or show personal fields; the export and erasure jobs (no person, no operator reads a key in clear)',
    fields: {},
  },
  {
    data: 'data-subject exports: everything above about one person',
    where:
      'exports bucket (`ledgerline-exports-<stage>-<account>`, SSE-KMS, us-east-1); its access logs in `ledgerline-exports-logs-…`',
    purpose: 'right of access and portability (Art. 15, 20)',
    basis: 'legal obligation',
    retention: '7 days (lifecycle rule); download links valid ≤ 15 min; access logs 90 days',
    readers:
      'the person, through presigned links (≤ 15 min, from `GET /me/exports/{id}`); the export worker writes them (tokenFamily excluded)',
    fields: {},
  },
  {
    data: 'export jobs: status, times, attempts (keyed by `sub`; no other personal value)',
    where: 'profiles table, `EXPORT#<exportId>` items and the one-open-export slot `EXPORTS-OPEN`',
    purpose: 'running and resuming a data-subject export; proof it was answered (Art. 12(3))',
    basis: 'legal obligation',
    retention: 'life of the account (account erasure deletes the partition)',
    readers: 'the person (`GET /me/exports/{id}`); the export worker',
    fields: {},
  },
  {
    data: 'portal browser sessions: `sub`, client IP, user agent, the API tokens (sealed: only the browser’s cookie opens them)',
    where:
      'portal Aurora PostgreSQL `portal_sessions` (ap-southeast-1; restored into the standby region only on failover); the cookie keeps only a random token, the table its SHA-256',
    purpose: 'keeping the customer signed in to the portal; the Devices page; security',
    basis: 'contract',
    retention:
      'until sign-out, sign-out everywhere, erasure requested in the portal, or the idle (15 min) / absolute (12 h) timeout; deleted by the 10-minute sweep; then up to `backup_retention_days` (7) in Aurora backups',
    readers: 'the person (Devices: browser and times, not the IP); portal operators (database IAM)',
    fields: {},
  },
  {
    data: 'portal audit trail: `sub`, action, resource ids, outcome, client IP, correlation id, time',
    where: 'portal Aurora PostgreSQL `portal_audit_events` (append-only: the database refuses changes)',
    purpose:
      'security and compliance audit of portal actions (sign-in, views, downloads, transfers, changes)',
    basis: 'legal obligation; legitimate interest (security)',
    retention: '5 years (the database refuses deletion before; the sweep deletes after)',
    readers: 'compliance and security operators (database IAM)',
    fields: {},
  },
  {
    data: 'portal preferences and statement metadata: `sub`, account ids, months, content hashes',
    where: 'portal Aurora PostgreSQL `portal_preferences`, `portal_statements`',
    purpose: 'page size and date format; proof of which statement was issued',
    basis: 'contract',
    retention: '13 months after last written (the portal is not told of an erasure made through the app)',
    readers: 'the person (Statements page); portal operators',
    fields: {},
  },
  {
    data: 'portal logs: correlation id, HTTP method, route pattern, status (no IP, no user id, no query string)',
    where: 'CloudWatch Logs of the portal’s ECS service (ap-southeast-1)',
    purpose: 'operations',
    basis: 'legitimate interest',
    retention: '`log_retention_days` of the portal root (365 by default, at least 90)',
    readers: 'operators (IAM)',
    fields: {},
  },
  {
    data: 'API access logs: request id, **source IP, user agent**, `principalId` (sub), method, path, status',
    where: 'CloudWatch Logs `/aws/api-gateway/access/<service>-<stage>` (per region)',
    purpose: 'security, operations',
    basis: 'legitimate interest',
    retention: '90 days',
    readers: 'operators (IAM)',
    fields: {},
  },
  {
    data: 'function logs',
    where: 'CloudWatch Logs `/aws/lambda/<function>`',
    purpose: 'operations',
    basis: 'legitimate interest',
    retention: '90 days',
    readers:
      'operators (IAM); personal values are redacted before writing (`shared/src/redact.ts`: by key, and emails/phone numbers/tokens by pattern)',
    fields: {},
  },
  {
    data: 'WAF and CloudFront logs: IP, user agent, path',
    where: 'CloudWatch Logs `aws-waf-logs-…`; CloudFront standard logs in S3 (edge root)',
    purpose: 'security',
    basis: 'legitimate interest',
    retention:
      '`log_retention_days` of the edge root: 365 days by default, at least 90 (log group retention, S3 lifecycle)',
    readers: 'operators',
    fields: {},
  },
  {
    data: 'X-Ray traces: request metadata, no bodies',
    where: 'X-Ray',
    purpose: 'operations',
    basis: 'legitimate interest',
    retention: "30 days (X-Ray's fixed retention)",
    readers: 'operators',
    fields: {},
  },
  {
    data: 'backups',
    where: 'DynamoDB point-in-time recovery of every table',
    purpose: 'recovery',
    basis: 'as the data',
    retention: '35 days (PITR window)',
    readers: 'operators',
    fields: {},
  },
];

/** The markdown rows of docs/privacy.md's inventory table. */
export const inventoryRows = (): string =>
  PERSONAL_DATA.map(
    (r) => `| ${r.data} | ${r.where} | ${r.purpose} | ${r.basis} | ${r.retention} | ${r.readers} |`,
  ).join('\n');
