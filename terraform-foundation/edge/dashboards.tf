# Four dashboards (created in the primary region; every widget names its own region):
#   ledgerline-apis-<suffix>    API 4xx/5xx/p99 latency per region, Lambda errors/throttles/p99/concurrency
#   ledgerline-data-<suffix>    DynamoDB consumed capacity, throttles, replication latency per region
#   ledgerline-edge-<suffix>    WAF allowed/blocked (edge and regional origin guards), CloudFront requests and error rates
#   ledgerline-ledger-<suffix>  per region: the reconciliation results behind the ledger alarms (alarms.tf),
#                               the transfer-delivery DLQ, and transfers/volume/rejections/replays

locals {
  dashboard_period = 300

  api_widgets = flatten([
    for region in local.regions : concat(
      [for svc, api in local.api_names : {
        type   = "metric"
        width  = 12
        height = 6
        properties = {
          title  = "${api} ${region}: 4xx / 5xx / p99 latency"
          region = region
          view   = "timeSeries"
          period = local.dashboard_period
          metrics = [
            ["AWS/ApiGateway", "4XXError", "ApiName", api, "Stage", local.env, { stat = "Sum" }],
            ["AWS/ApiGateway", "5XXError", "ApiName", api, "Stage", local.env, { stat = "Sum" }],
            ["AWS/ApiGateway", "Latency", "ApiName", api, "Stage", local.env, { stat = "p99", yAxis = "right" }],
          ]
        }
      }],
      [for k, fn in local.function_names : {
        type   = "metric"
        width  = 12
        height = 6
        properties = {
          title  = "${fn} ${region}: errors / throttles / p99 duration / concurrency"
          region = region
          view   = "timeSeries"
          period = local.dashboard_period
          metrics = [
            ["AWS/Lambda", "Errors", "FunctionName", fn, { stat = "Sum" }],
            ["AWS/Lambda", "Throttles", "FunctionName", fn, { stat = "Sum" }],
            ["AWS/Lambda", "Duration", "FunctionName", fn, { stat = "p99", yAxis = "right" }],
            ["AWS/Lambda", "ConcurrentExecutions", "FunctionName", fn, { stat = "Maximum" }],
          ]
        }
      }],
    )
  ])

  data_widgets = flatten([
    for region in local.regions : [
      for stem, table in local.table_names : {
        type   = "metric"
        width  = 12
        height = 6
        properties = {
          title  = "${table} ${region}: capacity / throttles / replication latency"
          region = region
          view   = "timeSeries"
          period = local.dashboard_period
          metrics = [
            ["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", table, { stat = "Sum" }],
            ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", table, { stat = "Sum" }],
            ["AWS/DynamoDB", "ReadThrottleEvents", "TableName", table, { stat = "Sum" }],
            ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", table, { stat = "Sum" }],
            ["AWS/DynamoDB", "ReplicationLatency", "TableName", table, "ReceivingRegion", local.other_region[region], { stat = "Average", yAxis = "right" }],
          ]
        }
      }
    ]
  ])

  edge_widgets = concat([
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "WAF ledgerline-edge-${local.env}: allowed / blocked"
        region = local.global_region
        view   = "timeSeries"
        period = local.dashboard_period
        metrics = [
          ["AWS/WAFV2", "AllowedRequests", "WebACL", module.waf.web_acl_name, "Rule", "ALL", { stat = "Sum" }],
          ["AWS/WAFV2", "BlockedRequests", "WebACL", module.waf.web_acl_name, "Rule", "ALL", { stat = "Sum" }],
        ]
      }
    },
    {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "CloudFront ledgerline-api-${local.env}: requests / error rates"
        region = local.global_region
        view   = "timeSeries"
        period = local.dashboard_period
        metrics = [
          ["AWS/CloudFront", "Requests", "DistributionId", aws_cloudfront_distribution.api.id, "Region", "Global", { stat = "Sum" }],
          ["AWS/CloudFront", "4xxErrorRate", "DistributionId", aws_cloudfront_distribution.api.id, "Region", "Global", { stat = "Average", yAxis = "right" }],
          ["AWS/CloudFront", "5xxErrorRate", "DistributionId", aws_cloudfront_distribution.api.id, "Region", "Global", { stat = "Average", yAxis = "right" }],
        ]
      }
    },
    ], [for region in local.regions : {
      type   = "metric"
      width  = 12
      height = 6
      properties = {
        title  = "WAF ${local.origin_guard_names[region]}: allowed / blocked (direct API calls)"
        region = region
        view   = "timeSeries"
        period = local.dashboard_period
        metrics = [
          ["AWS/WAFV2", "AllowedRequests", "WebACL", local.origin_guard_names[region], "Region", region, "Rule", "ALL", { stat = "Sum" }],
          ["AWS/WAFV2", "BlockedRequests", "WebACL", local.origin_guard_names[region], "Region", region, "Rule", "ALL", { stat = "Sum" }],
        ]
      }
  }])
}

# Ledger widgets, per region. Metrics with per-transfer dimensions (Kind/Outcome, Currency, Reason) use
# SEARCH so that a new kind, currency or reason shows up without a change here; the dynamic label names
# the series by those dimensions.
locals {
  # Dimensions (besides service and environment) of the metrics graphed with SEARCH.
  ledger_search_dimensions = {
    Transfers          = ["Kind", "Outcome"]
    TransferVolume     = ["Currency"]
    TransferRejections = ["Reason"]
  }

  ledger_search = {
    for metric, dims in local.ledger_search_dimensions : metric => [[{
      id         = lower(metric)
      expression = "SEARCH('{${local.ledger_namespace},service,environment,${join(",", dims)}} MetricName=\"${metric}\" service=\"${local.ledger_dimensions.service}\" environment=\"${local.env}\"', 'Sum', ${local.dashboard_period})"
      label      = join(" ", [for d in dims : "$${PROP('Dim.${d}')}"])
    }]]
  }

  # Statistic of each metric graphed on its own; the alarmed ones as their alarms read them.
  ledger_metric_stats = {
    LedgerImbalance       = "Maximum"
    InvariantViolations   = "Maximum"
    StuckPendingTransfers = "Maximum"
    ReconciliationRuns    = "Sum"
    IdempotentReplays     = "Sum"
  }

  ledger_metric = {
    for metric, stat in local.ledger_metric_stats :
    metric => [[local.ledger_namespace, metric, "service", local.ledger_dimensions.service, "environment", local.env, { stat = stat }]]
  }

  ledger_widgets = flatten([
    for region in local.regions : [
      for w in [
        { title = "Ledger imbalance ${region} (minor units; alarm above 0)", width = 6, metrics = local.ledger_metric.LedgerImbalance },
        { title = "Invariant violations ${region} (alarm above 0)", width = 6, metrics = local.ledger_metric.InvariantViolations },
        { title = "Stuck pending transfers ${region} (alarm above 0, 2 runs)", width = 6, metrics = local.ledger_metric.StuckPendingTransfers },
        { title = "Reconciliation runs ${region} (alarm below 1 for 15 min)", width = 6, metrics = local.ledger_metric.ReconciliationRuns },
        {
          title = "${local.ledger_dlq_name} ${region}: messages / age of oldest (s)"
          width = 12
          metrics = [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.ledger_dlq_name, { stat = "Maximum" }],
            ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", local.ledger_dlq_name, { stat = "Maximum", yAxis = "right" }],
          ]
        },
        { title = "Idempotent replays ${region}", width = 12, metrics = local.ledger_metric.IdempotentReplays },
        { title = "Transfers ${region} by kind / outcome", width = 8, metrics = local.ledger_search.Transfers },
        { title = "Transfer volume ${region} by currency (minor units)", width = 8, metrics = local.ledger_search.TransferVolume },
        { title = "Transfer rejections ${region} by reason", width = 8, metrics = local.ledger_search.TransferRejections },
        ] : {
        type   = "metric"
        width  = w.width
        height = 6
        properties = {
          title   = w.title
          region  = region
          view    = "timeSeries"
          period  = local.dashboard_period
          metrics = w.metrics
        }
      }
    ]
  ])
}

resource "aws_cloudwatch_dashboard" "apis" {
  dashboard_name = "ledgerline-apis-${local.env}"
  dashboard_body = jsonencode({ widgets = local.api_widgets })
}

resource "aws_cloudwatch_dashboard" "data" {
  dashboard_name = "ledgerline-data-${local.env}"
  dashboard_body = jsonencode({ widgets = local.data_widgets })
}

resource "aws_cloudwatch_dashboard" "edge" {
  dashboard_name = "ledgerline-edge-${local.env}"
  dashboard_body = jsonencode({ widgets = local.edge_widgets })
}

resource "aws_cloudwatch_dashboard" "ledger" {
  count = local.ledger_enabled ? 1 : 0

  dashboard_name = "ledgerline-ledger-${local.env}"
  dashboard_body = jsonencode({ widgets = local.ledger_widgets })
}
