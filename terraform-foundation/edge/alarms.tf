# Alarms, defined once as data and created in the region their metrics live in. Every alarm notifies
# the (KMS-encrypted) alarm topic of its own region, created by the core root.
#
# An entry of regional_alarm_list has key/region/name/description/namespace/metric/statistic/
# extended/dimensions/threshold, and may set comparison, periods, missing and period; entries that
# leave them out get regional_alarm_defaults (>= threshold over var.alarm_evaluation_periods periods
# of var.alarm_period_seconds, missing data not breaching).

locals {
  other_region = {
    (var.primary_region)   = var.secondary_region
    (var.secondary_region) = var.primary_region
  }

  regional_alarm_list = flatten([
    for region in local.regions : concat(
      [for svc, api in local.api_names : {
        key         = "${region}/api-5xx-${svc}"
        region      = region
        name        = "ledgerline-${svc}-api-5xx-rate-${region}-${local.env}"
        description = "${api} (${region}): share of requests answered 5xx above threshold"
        namespace   = "AWS/ApiGateway"
        metric      = "5XXError"
        statistic   = "Average"
        extended    = null
        dimensions  = { ApiName = api, Stage = local.env }
        threshold   = var.alarm_thresholds.api_5xx_rate
      }],
      [for svc, api in local.api_names : {
        key         = "${region}/api-latency-${svc}"
        region      = region
        name        = "ledgerline-${svc}-api-latency-p99-${region}-${local.env}"
        description = "${api} (${region}): p99 latency above threshold (ms)"
        namespace   = "AWS/ApiGateway"
        metric      = "Latency"
        statistic   = null
        extended    = "p99"
        dimensions  = { ApiName = api, Stage = local.env }
        threshold   = var.alarm_thresholds.api_latency_p99_ms
      }],
      [for k, fn in local.function_names : {
        key         = "${region}/lambda-errors-${k}"
        region      = region
        name        = "${fn}-errors-${region}"
        description = "${fn} (${region}): errors per period above threshold"
        namespace   = "AWS/Lambda"
        metric      = "Errors"
        statistic   = "Sum"
        extended    = null
        dimensions  = { FunctionName = fn }
        threshold   = var.alarm_thresholds.lambda_errors
      }],
      [for k, fn in local.function_names : {
        key         = "${region}/lambda-throttles-${k}"
        region      = region
        name        = "${fn}-throttles-${region}"
        description = "${fn} (${region}): throttled invocations"
        namespace   = "AWS/Lambda"
        metric      = "Throttles"
        statistic   = "Sum"
        extended    = null
        dimensions  = { FunctionName = fn }
        threshold   = var.alarm_thresholds.lambda_throttles
      }],
      flatten([for stem, table in local.table_names : [
        for metric in ["ReadThrottleEvents", "WriteThrottleEvents"] : {
          key         = "${region}/dynamodb-${lower(metric)}-${stem}"
          region      = region
          name        = "ledgerline-${stem}-${lower(trimsuffix(metric, "Events"))}s-${region}-${local.env}"
          description = "${table} (${region}): ${metric} above threshold"
          namespace   = "AWS/DynamoDB"
          metric      = metric
          statistic   = "Sum"
          extended    = null
          dimensions  = { TableName = table }
          threshold   = var.alarm_thresholds.dynamodb_throttle_events
        }
      ]]),
      [for stem, table in local.table_names : {
        key         = "${region}/dynamodb-replication-${stem}"
        region      = region
        name        = "ledgerline-${stem}-replication-latency-${region}-${local.env}"
        description = "${table}: replication ${region} -> ${local.other_region[region]} slower than threshold (ms)"
        namespace   = "AWS/DynamoDB"
        metric      = "ReplicationLatency"
        statistic   = "Average"
        extended    = null
        dimensions  = { TableName = table, ReceivingRegion = local.other_region[region] }
        threshold   = var.alarm_thresholds.replication_latency_ms
      }],
      # REGIONAL web ACL metrics carry a Region dimension (origin_guard.tf).
      [{
        key         = "${region}/waf-origin-guard-blocked"
        region      = region
        name        = "ledgerline-origin-guard-blocked-${region}-${local.env}"
        description = "${local.origin_guard_names[region]}: requests blocked per period above threshold (direct calls bypassing CloudFront, or an origin-verify mismatch)"
        namespace   = "AWS/WAFV2"
        metric      = "BlockedRequests"
        statistic   = "Sum"
        extended    = null
        dimensions  = { WebACL = local.origin_guard_names[region], Region = region, Rule = "ALL" }
        threshold   = var.alarm_thresholds.origin_guard_blocked_requests
      }],
      [for a in local.ledger_alarms[region] : a if local.ledger_enabled],
    )
  ])

  regional_alarm_defaults = {
    comparison = "GreaterThanOrEqualToThreshold"
    periods    = var.alarm_evaluation_periods
    missing    = "notBreaching"
    period     = var.alarm_period_seconds
  }

  regional_alarms = { for a in local.regional_alarm_list : a.key => merge(local.regional_alarm_defaults, a) }
}

# Ledger alarms on the transactions service's EMF metrics (Powertools Metrics, namespace
# Ledgerline/Ledger, dimensions service + environment) and on its cross-region delivery DLQ, in each
# API region. Their thresholds are part of the metric contract, not tunables: any ledger imbalance or
# broken invariant is a correctness incident, so they stay out of var.alarm_thresholds (whose
# thresholds are positive by validation).
locals {
  # Only a stage that runs the transactions service publishes these metrics; without it the
  # reconciliation-runs alarm (missing data = breaching) would fire forever.
  ledger_enabled = contains(keys(var.services), "transactions")

  ledger_namespace  = "Ledgerline/Ledger"
  ledger_dimensions = { service = "ledgerline-transactions", environment = local.env }
  ledger_dlq_name   = "ledgerline-transfer-delivery-dlq-${local.env}"

  # The reconciliation job runs every 5 minutes: its alarms count periods of that length whatever
  # var.alarm_period_seconds says (a shorter period would see the gaps between runs as missing data).
  ledger_period_seconds = 300

  # Imbalance, violations and stuck transfers only clear when a run reports zero: a job that stops
  # reporting must not turn a correctness alarm green (the reconciliation-runs alarm pages for that).
  ledger_missing_data = "ignore"

  ledger_alarms = { for region in local.regions : region => [
    {
      key         = "${region}/ledger-imbalance"
      region      = region
      name        = "ledgerline-ledger-imbalance-${region}-${local.env}"
      description = "Ledger (${region}): the reconciliation found a non-zero sum of all account balances (minor units): money was created or lost."
      namespace   = local.ledger_namespace
      metric      = "LedgerImbalance"
      statistic   = "Maximum"
      extended    = null
      dimensions  = local.ledger_dimensions
      threshold   = 0
      comparison  = "GreaterThanThreshold"
      periods     = 1
      period      = local.ledger_period_seconds
      missing     = local.ledger_missing_data
    },
    {
      key         = "${region}/ledger-invariant-violations"
      region      = region
      name        = "ledgerline-ledger-invariant-violations-${region}-${local.env}"
      description = "Ledger (${region}): the reconciliation found accounts whose balance differs from their entries, posted transfers without exactly two entries, or negative customer balances."
      namespace   = local.ledger_namespace
      metric      = "InvariantViolations"
      statistic   = "Maximum"
      extended    = null
      dimensions  = local.ledger_dimensions
      threshold   = 0
      comparison  = "GreaterThanThreshold"
      periods     = 1
      period      = local.ledger_period_seconds
      missing     = local.ledger_missing_data
    },
    {
      key         = "${region}/ledger-stuck-pending"
      region      = region
      name        = "ledgerline-ledger-stuck-pending-${region}-${local.env}"
      description = "Ledger (${region}): holds past their timeout not expired, or cross-region transfers not delivered within 15 min, in two consecutive reconciliation runs."
      namespace   = local.ledger_namespace
      metric      = "StuckPendingTransfers"
      statistic   = "Maximum"
      extended    = null
      dimensions  = local.ledger_dimensions
      threshold   = 0
      comparison  = "GreaterThanThreshold"
      periods     = 2
      period      = local.ledger_period_seconds
      missing     = local.ledger_missing_data
    },
    {
      key         = "${region}/ledger-reconciliation-runs"
      region      = region
      name        = "ledgerline-ledger-reconciliation-stopped-${region}-${local.env}"
      description = "Ledger (${region}): no completed reconciliation run for 15 minutes (ledgerline-transactions-${local.env}-reconcile failing or not scheduled); the other ledger alarms are blind meanwhile."
      namespace   = local.ledger_namespace
      metric      = "ReconciliationRuns"
      statistic   = "Sum"
      extended    = null
      dimensions  = local.ledger_dimensions
      threshold   = 1
      comparison  = "LessThanThreshold"
      periods     = 3
      period      = local.ledger_period_seconds
      # No data is what a stopped job looks like.
      missing = "breaching"
    },
    {
      key         = "${region}/transfer-delivery-dlq"
      region      = region
      name        = "ledgerline-transfer-delivery-dlq-not-empty-${region}-${local.env}"
      description = "${local.ledger_dlq_name} (${region}): cross-region transfer deliveries gave up and wait in the dead-letter queue."
      namespace   = "AWS/SQS"
      metric      = "ApproximateNumberOfMessagesVisible"
      statistic   = "Maximum"
      extended    = null
      dimensions  = { QueueName = local.ledger_dlq_name }
      threshold   = 0
      comparison  = "GreaterThanThreshold"
      periods     = 1
    },
  ] }
}

resource "aws_cloudwatch_metric_alarm" "primary" {
  for_each = { for k, a in local.regional_alarms : k => a if a.region == var.primary_region }

  alarm_name          = each.value.name
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended
  dimensions          = each.value.dimensions
  period              = each.value.period
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  treat_missing_data  = each.value.missing
  alarm_actions       = [var.alarm_topic_arns[var.primary_region]]
  ok_actions          = [var.alarm_topic_arns[var.primary_region]]
}

resource "aws_cloudwatch_metric_alarm" "secondary" {
  for_each = { for k, a in local.regional_alarms : k => a if a.region == var.secondary_region }
  provider = aws.secondary

  alarm_name          = each.value.name
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended
  dimensions          = each.value.dimensions
  period              = each.value.period
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  treat_missing_data  = each.value.missing
  alarm_actions       = [var.alarm_topic_arns[var.secondary_region]]
  ok_actions          = [var.alarm_topic_arns[var.secondary_region]]
}

# Alarms on us-east-1-only metrics. CLOUDFRONT-scope WAF metrics are published in us-east-1 without a
# Region dimension; CloudFront's carry Region = Global.
locals {
  global_alarms = {
    waf-blocked = {
      name        = "ledgerline-waf-blocked-spike-${local.env}"
      description = "WAF ledgerline-edge-${local.env}: blocked requests per period above threshold (attack or false positives)"
      namespace   = "AWS/WAFV2"
      metric      = "BlockedRequests"
      statistic   = "Sum"
      dimensions  = { WebACL = module.waf.web_acl_name, Rule = "ALL" }
      periods     = 1
      threshold   = var.alarm_thresholds.waf_blocked_requests
    }
    cloudfront-5xx = {
      name        = "ledgerline-cloudfront-5xx-rate-${local.env}"
      description = "CloudFront ledgerline-api-${local.env}: 5xx error rate (%) above threshold"
      namespace   = "AWS/CloudFront"
      metric      = "5xxErrorRate"
      statistic   = "Average"
      dimensions  = { DistributionId = aws_cloudfront_distribution.api.id, Region = "Global" }
      periods     = var.alarm_evaluation_periods
      threshold   = var.alarm_thresholds.cloudfront_5xx_rate_pct
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "global" {
  for_each = local.global_alarms
  provider = aws.global

  alarm_name          = each.value.name
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  dimensions          = each.value.dimensions
  period              = var.alarm_period_seconds
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arns[local.global_region]]
  ok_actions          = [var.alarm_topic_arns[local.global_region]]
}

moved {
  from = aws_cloudwatch_metric_alarm.waf_blocked
  to   = aws_cloudwatch_metric_alarm.global["waf-blocked"]
}

moved {
  from = aws_cloudwatch_metric_alarm.cloudfront_5xx
  to   = aws_cloudwatch_metric_alarm.global["cloudfront-5xx"]
}
