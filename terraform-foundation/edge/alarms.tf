# Alarms, defined once as data and created in the region their metrics live in. Every alarm notifies
# the (KMS-encrypted) alarm topic of its own region, created by the core root.

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
    )
  ])

  regional_alarms = { for a in local.regional_alarm_list : a.key => a }
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
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
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
  period              = var.alarm_period_seconds
  evaluation_periods  = var.alarm_evaluation_periods
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
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
