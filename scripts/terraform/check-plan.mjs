#!/usr/bin/env node
// Checks a `terraform show -json` plan of a terraform-foundation root against the project invariants.
// Usage: node scripts/terraform/check-plan.mjs --suffix <environment_suffix> <plan.json> [...]
// Exit 0 when every invariant holds, 1 with one line per violation otherwise. No dependencies.
import { readFileSync } from 'node:fs';

const REQUIRED_TAGS = ['CostCenter', 'Environment', 'Compliance'];
const MIN_LOG_RETENTION_DAYS = 90;
// Documented in terraform-foundation/README.md, "IAM wildcard exceptions".
const ROOT_ADMIN_SID = 'EnableRootAccountAdministration';
const KEY_POLICY_TYPES = new Set(['aws_kms_key', 'aws_kms_replica_key']);
// Resources whose `name` is a DNS name rather than one of ours.
const DNS_NAMED_TYPES = new Set(['aws_route53_record', 'aws_route53_zone']);
const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
// Reconciliation metric for which any non-zero value is an incident (edge alarms.tf, ledger alarms).
const LEDGER_NAMESPACE = 'Ledgerline/Ledger';

function parseArgs(argv) {
  const args = { suffix: null, files: [] };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--suffix') args.suffix = argv[(i += 1)];
    else args.files.push(argv[i]);
  }
  if (!args.suffix || args.files.length === 0) {
    console.error('usage: check-plan.mjs --suffix <environment_suffix> <plan.json> [...]');
    process.exit(2);
  }
  return args;
}

const asList = (value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

function namesOf(type, after) {
  const names = [];
  for (const key of ['name', 'bucket', 'alarm_name', 'dashboard_name', 'function_name']) {
    if (typeof after[key] === 'string' && !(key === 'name' && DNS_NAMED_TYPES.has(type)))
      names.push(after[key]);
  }
  if (after.tags && typeof after.tags.Name === 'string') names.push(after.tags.Name);
  if (KEY_POLICY_TYPES.has(type) && typeof after.description === 'string') names.push(after.description);
  return names;
}

function policyDocuments(after) {
  const docs = [];
  for (const [key, value] of Object.entries(after)) {
    if (!/policy$/.test(key) || typeof value !== 'string' || !value.includes('Statement')) continue;
    try {
      docs.push({ key, doc: JSON.parse(value) });
    } catch {
      docs.push({ key, doc: null });
    }
  }
  return docs;
}

// S3 server access log delivery into a log bucket: the logging service principal, s3:PutObject only, bound
// to the source bucket and account by conditions.
function isLogDeliveryGrant(type, st) {
  const actions = asList(st.Action);
  return (
    type === 'aws_s3_bucket_policy' &&
    st.Principal?.Service === 'logging.s3.amazonaws.com' &&
    actions.length === 1 &&
    actions[0] === 's3:PutObject' &&
    typeof st.Condition?.ArnLike?.['aws:SourceArn'] === 'string' &&
    !st.Condition.ArnLike['aws:SourceArn'].includes('*') &&
    typeof st.Condition?.StringEquals?.['aws:SourceAccount'] === 'string'
  );
}

function checkPolicy(address, type, key, doc, fail) {
  if (!doc) return fail(`${address}: ${key} is not valid JSON`);
  for (const st of asList(doc.Statement)) {
    if (st.Effect !== 'Allow') continue; // a broad Deny only narrows access
    const isRootAdmin =
      KEY_POLICY_TYPES.has(type) && st.Sid === ROOT_ADMIN_SID && /:root$/.test(String(st.Principal?.AWS));
    for (const action of asList(st.Action)) {
      if (action.includes('*') && !(isRootAdmin && action === 'kms:*')) {
        fail(`${address}: ${key} statement ${st.Sid ?? '?'} allows wildcard action ${action}`);
      }
    }
    const logDelivery = isLogDeliveryGrant(type, st);
    for (const resource of asList(st.Resource)) {
      // In a key policy, Resource "*" means "this key" (the only form KMS accepts). S3 server access log
      // delivery writes objects under a prefix it names itself: a trailing object wildcard is the only form.
      const logObjects = logDelivery && /^arn:aws:s3:::[a-z0-9.-]+\/[A-Za-z0-9/_.-]*\*$/.test(resource);
      if (resource.includes('*') && !(KEY_POLICY_TYPES.has(type) && resource === '*') && !logObjects) {
        fail(`${address}: ${key} statement ${st.Sid ?? '?'} allows wildcard resource ${resource}`);
      }
    }
    if (st.Principal === '*' || st.Principal?.AWS === '*') {
      fail(`${address}: ${key} statement ${st.Sid ?? '?'} allows any principal`);
    }
  }
}

// Regional origin guard in front of the API stages (edge origin_guard.tf, modules/origin-guard): default Block; the only
// allowances are the exact x-origin-verify header and GET on an anchored .../health path.
function checkOriginGuard(address, after, fail) {
  if (!after.default_action?.[0]?.block?.length || after.default_action?.[0]?.allow?.length) {
    fail(`${address}: regional web ACL default action is not Block`);
  }
  if (!after.visibility_config?.[0]?.cloudwatch_metrics_enabled) fail(`${address}: CloudWatch metrics off`);
  const headerMatch = (st) =>
    (st?.byte_match_statement ?? []).some(
      (m) =>
        m.positional_constraint === 'EXACTLY' &&
        m.field_to_match?.[0]?.single_header?.[0]?.name === ORIGIN_VERIFY_HEADER &&
        typeof m.search_string === 'string' &&
        m.search_string.length >= 32,
    );
  const healthMatch = (st) => {
    const parts = st?.and_statement?.[0]?.statement ?? [];
    const get = parts.some((p) =>
      (p.byte_match_statement ?? []).some(
        (m) =>
          m.search_string === 'GET' &&
          m.positional_constraint === 'EXACTLY' &&
          m.field_to_match?.[0]?.method?.length,
      ),
    );
    const path = parts.some(
      (p) =>
        (p.regex_match_statement ?? []).some(
          (m) => m.field_to_match?.[0]?.uri_path?.length && /^\^.*\/health\$$/.test(m.regex_string),
        ) ||
        (p.byte_match_statement ?? []).some(
          (m) =>
            m.field_to_match?.[0]?.uri_path?.length &&
            m.positional_constraint === 'ENDS_WITH' &&
            /\/health$/.test(m.search_string),
        ),
    );
    return parts.length === 2 && get && path;
  };
  const rules = after.rule ?? [];
  if (!rules.some((r) => r.action?.[0]?.allow?.length && headerMatch(r.statement?.[0]))) {
    fail(`${address}: no rule allowing the exact ${ORIGIN_VERIFY_HEADER} header`);
  }
  for (const r of rules) {
    if (!r.visibility_config?.[0]?.cloudwatch_metrics_enabled)
      fail(`${address}: rule ${r.name} without metrics`);
    if (!r.action?.[0]?.allow?.length) continue;
    if (!headerMatch(r.statement?.[0]) && !healthMatch(r.statement?.[0])) {
      fail(`${address}: rule ${r.name} allows more than the origin-verify header or GET .../health`);
    }
  }
}

// Every execute-api origin of the distribution must have its stage associated with a regional web ACL,
// and every REGIONAL web ACL must have a logging configuration that redacts the origin-verify header.
function checkOriginGuardCoverage(changes, fail) {
  const stageArns = new Set();
  for (const rc of changes.filter((c) => c.type === 'aws_cloudfront_distribution')) {
    for (const origin of rc.change.after?.origin ?? []) {
      const m = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(origin.domain_name ?? '');
      if (m)
        stageArns.add(
          `arn:aws:apigateway:${m[2]}::/restapis/${m[1]}/stages/${String(origin.origin_path).replace(/^\//, '')}`,
        );
    }
  }
  const associated = new Set(
    changes
      .filter((c) => c.type === 'aws_wafv2_web_acl_association')
      .map((c) => c.change.after?.resource_arn),
  );
  for (const arn of stageArns) {
    if (!associated.has(arn))
      fail(`origin guard: API stage ${arn} behind CloudFront has no web ACL association`);
  }
  const guards = changes.filter(
    (c) => c.type === 'aws_wafv2_web_acl' && c.change.after?.scope === 'REGIONAL',
  ).length;
  const redacting = changes.filter(
    (c) =>
      c.type === 'aws_wafv2_web_acl_logging_configuration' &&
      (c.change.after?.redacted_fields ?? []).some(
        (f) => f.single_header?.[0]?.name === ORIGIN_VERIFY_HEADER,
      ),
  ).length;
  if (redacting < guards)
    fail(
      `origin guard: ${guards} regional web ACL(s) but ${redacting} logging configuration(s) redacting ${ORIGIN_VERIFY_HEADER}`,
    );
  if (stageArns.size > 0 && guards === 0)
    fail('origin guard: API stages behind CloudFront but no regional web ACL');
}

function checkResource(rc, suffix, fail) {
  const { address, type } = rc;
  const after = rc.change.after ?? {};
  const unknown = rc.change.after_unknown ?? {};
  const token = new RegExp(`(^|[-/ ])${suffix}($|[-/ :])`);

  for (const name of namesOf(type, after)) {
    if (!token.test(name)) fail(`${address}: name "${name}" does not carry the suffix "${suffix}"`);
  }

  if ('tags_all' in after || unknown.tags_all) {
    const tags = after.tags_all ?? {};
    for (const tag of REQUIRED_TAGS) {
      if (!tags[tag]) fail(`${address}: tag ${tag} missing`);
    }
    if (tags.Environment && tags.Environment !== suffix) fail(`${address}: Environment tag is not ${suffix}`);
  }

  if (type === 'aws_cloudwatch_log_group' && !(after.retention_in_days >= MIN_LOG_RETENTION_DAYS)) {
    fail(`${address}: retention ${after.retention_in_days} < ${MIN_LOG_RETENTION_DAYS} days`);
  }
  if (after.deletion_protection_enabled === true) fail(`${address}: deletion protection blocks destroy`);
  if (type === 'aws_s3_bucket' && after.force_destroy !== true)
    fail(`${address}: bucket without force_destroy`);
  if (type === 'aws_secretsmanager_secret' && after.recovery_window_in_days !== 0) {
    fail(`${address}: recovery window is not 0`);
  }
  if (KEY_POLICY_TYPES.has(type) && after.deletion_window_in_days !== 7) {
    fail(`${address}: KMS deletion window is not 7 days`);
  }
  if (type === 'aws_kms_key' && after.enable_key_rotation !== true) fail(`${address}: key rotation off`);

  for (const { key, doc } of policyDocuments(after)) checkPolicy(address, type, key, doc, fail);

  if (type === 'aws_dynamodb_table') {
    if (after.billing_mode !== 'PAY_PER_REQUEST') fail(`${address}: not on demand`);
    if (!after.point_in_time_recovery?.[0]?.enabled) fail(`${address}: PITR off`);
    if (!after.server_side_encryption?.[0]?.enabled) fail(`${address}: no CMK encryption`);
    if (!after.stream_enabled) fail(`${address}: stream off`);
    for (const replica of after.replica ?? []) {
      if (replica.point_in_time_recovery !== true)
        fail(`${address}: replica ${replica.region_name} without PITR`);
    }
  }

  // An alarm nobody hears is no alarm. Topic ARNs created in the same plan are still unknown.
  if (type === 'aws_cloudwatch_metric_alarm') {
    const actions = after.alarm_actions ?? [];
    const pending = unknown.alarm_actions === true || asList(unknown.alarm_actions).includes(true);
    if (actions.length === 0 && !pending) fail(`${address}: alarm without alarm_actions`);
    for (const arn of actions) {
      if (!/^arn:aws[a-z-]*:sns:/.test(arn)) fail(`${address}: alarm action ${arn} is not an SNS topic`);
    }
    if (
      after.namespace === LEDGER_NAMESPACE &&
      after.metric_name === 'LedgerImbalance' &&
      !(after.threshold === 0 && after.comparison_operator === 'GreaterThanThreshold')
    ) {
      fail(`${address}: a ledger imbalance alarm must fire on any value above 0`);
    }
  }

  if (type === 'aws_sns_topic' && !after.kms_master_key_id && !unknown.kms_master_key_id) {
    fail(`${address}: topic not KMS-encrypted`);
  }

  if (type === 'aws_wafv2_web_acl' && after.scope === 'REGIONAL') checkOriginGuard(address, after, fail);

  if (type === 'aws_wafv2_web_acl' && after.scope !== 'REGIONAL') {
    const rules = after.rule ?? [];
    const rate = rules.flatMap((r) => r.statement?.[0]?.rate_based_statement ?? []);
    if (!rate.some((s) => s.limit === 10000 && s.aggregate_key_type === 'IP')) {
      fail(`${address}: no per-IP rate rule of 10,000 requests`);
    }
    if (!rules.some((r) => r.statement?.[0]?.geo_match_statement?.[0]?.country_codes?.length > 0)) {
      fail(`${address}: no geo-blocking rule`);
    }
    const groups = rules
      .flatMap((r) => r.statement?.[0]?.managed_rule_group_statement ?? [])
      .map((g) => g.name);
    for (const group of ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet']) {
      if (!groups.includes(group)) fail(`${address}: managed rule group ${group} missing`);
    }
  }

  if (type === 'aws_cloudfront_distribution') {
    const behaviours = [...(after.default_cache_behavior ?? []), ...(after.ordered_cache_behavior ?? [])];
    if (!behaviours.every((b) => b.viewer_protocol_policy === 'https-only'))
      fail(`${address}: not HTTPS-only`);
    if (!(after.web_acl_id || unknown.web_acl_id)) fail(`${address}: no WAF attached`);
    if (!(after.logging_config ?? []).length) fail(`${address}: no access logging`);
    if (!(after.origin_group ?? []).length) fail(`${address}: no failover origin group`);
    for (const origin of after.origin ?? []) {
      const cfg = origin.custom_origin_config?.[0];
      if (cfg?.origin_protocol_policy !== 'https-only' || String(cfg?.origin_ssl_protocols) !== 'TLSv1.2') {
        fail(`${address}: origin ${origin.origin_id} is not HTTPS/TLSv1.2 only`);
      }
    }
    const cert = after.viewer_certificate?.[0] ?? {};
    if (!cert.cloudfront_default_certificate && cert.minimum_protocol_version !== 'TLSv1.2_2021') {
      fail(`${address}: custom certificate without the TLSv1.2_2021 policy`);
    }
  }
}

const { suffix, files } = parseArgs(process.argv.slice(2));
let failures = 0;
for (const file of files) {
  const plan = JSON.parse(readFileSync(file, 'utf8'));
  const changes = (plan.resource_changes ?? []).filter((rc) => rc.mode === 'managed');
  const problems = [];
  for (const rc of changes) checkResource(rc, suffix, (msg) => problems.push(msg));
  checkOriginGuardCoverage(changes, (msg) => problems.push(msg));
  for (const msg of problems) console.error(`  FAIL ${msg}`);
  console.log(`  ${file}: ${changes.length} resources, ${problems.length} violation(s)`);
  failures += problems.length;
}
process.exit(failures === 0 ? 0 : 1);
