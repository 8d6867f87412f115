# Three dashboards (created in the primary region; every widget names its own region):
#   ledgerline-apis-<suffix>  API 4xx/5xx/p99 latency per region, Lambda errors/throttles/p99/concurrency
#   ledgerline-data-<suffix>  DynamoDB consumed capacity, throttles, replication latency per region
#   ledgerline-edge-<suffix>  WAF allowed/blocked (edge and regional origin guards), CloudFront requests and error rates

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
