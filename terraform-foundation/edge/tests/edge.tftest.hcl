# Edge root: WAF, CloudFront, Route 53 (only with a domain), dashboards and alarms.
# Mocked providers (one per alias) with well-formed ARNs where the provider validates them.

mock_provider "aws" {
  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/ledgerline-origin-guard-us-east-1-tst/00000000-0000-0000-0000-000000000001" }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-ledgerline-origin-guard-us-east-1-tst" }
  }

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000001"
      domain_validation_options = [{
        domain_name           = "*.origin.ledgerline.example.com"
        resource_record_name  = "_abc.origin.ledgerline.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_def.acm-validations.aws."
      }]
    }
  }

  mock_resource "aws_acm_certificate_validation" {
    defaults = { certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000001" }
  }
}

mock_provider "aws" {
  alias = "secondary"

  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:us-west-2:123456789012:regional/webacl/ledgerline-origin-guard-us-west-2-tst/00000000-0000-0000-0000-000000000002" }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-west-2:123456789012:log-group:aws-waf-logs-ledgerline-origin-guard-us-west-2-tst" }
  }

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000002"
      domain_validation_options = [{
        domain_name           = "*.origin.ledgerline.example.com"
        resource_record_name  = "_abc.origin.ledgerline.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_def.acm-validations.aws."
      }]
    }
  }

  mock_resource "aws_acm_certificate_validation" {
    defaults = { certificate_arn = "arn:aws:acm:us-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000002" }
  }
}

mock_provider "aws" {
  alias = "global"

  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/ledgerline-edge-tst/00000000-0000-0000-0000-000000000000" }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-ledgerline-tst" }
  }

  mock_resource "aws_cloudfront_function" {
    defaults = { arn = "arn:aws:cloudfront::123456789012:function/ledgerline-not-found-tst" }
  }

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000003"
      domain_validation_options = [{
        domain_name           = "api.ledgerline.example.com"
        resource_record_name  = "_ghi.api.ledgerline.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_jkl.acm-validations.aws."
      }]
    }
  }

  mock_resource "aws_acm_certificate_validation" {
    defaults = { certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000003" }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn                = "arn:aws:s3:::ledgerline-cf-logs-tst-123456789012"
      bucket_domain_name = "ledgerline-cf-logs-tst-123456789012.s3.amazonaws.com"
    }
  }
}

variables {
  environment_suffix = "tst"
  account_id         = "123456789012"

  api_origins = {
    auth = {
      us-east-1 = "auth111111.execute-api.us-east-1.amazonaws.com"
      us-west-2 = "auth222222.execute-api.us-west-2.amazonaws.com"
    }
    transactions = {
      us-east-1 = "txns111111.execute-api.us-east-1.amazonaws.com"
      us-west-2 = "txns222222.execute-api.us-west-2.amazonaws.com"
    }
    profiles = {
      us-east-1 = "prof111111.execute-api.us-east-1.amazonaws.com"
      us-west-2 = "prof222222.execute-api.us-west-2.amazonaws.com"
    }
  }

  alarm_topic_arns = {
    us-east-1 = "arn:aws:sns:us-east-1:123456789012:ledgerline-alarms-tst"
    us-west-2 = "arn:aws:sns:us-west-2:123456789012:ledgerline-alarms-tst"
  }

  origin_verify_header_value = "testonlyplaceholder00000000000000000000"
}

run "waf_blocks_sanctioned_countries_rate_and_injection" {
  command = apply

  assert {
    condition     = module.waf.web_acl.scope == "CLOUDFRONT" && module.waf.web_acl_name == "ledgerline-edge-tst"
    error_message = "The web ACL must be CLOUDFRONT-scoped and named with the suffix."
  }

  assert {
    condition = anytrue([
      for r in module.waf.web_acl.rule : try(length(one(r.action).block), 0) == 1 && anytrue([
        for s in one(r.statement).rate_based_statement : s.limit == 10000 && s.aggregate_key_type == "IP" && s.evaluation_window_sec == 300
      ])
    ])
    error_message = "A blocking rate-based rule of 10,000 requests per 5 minutes per IP is required."
  }

  assert {
    condition = anytrue([
      for r in module.waf.web_acl.rule : try(length(one(r.action).block), 0) == 1 && anytrue([
        for s in one(r.statement).geo_match_statement : toset(s.country_codes) == toset(["CU", "IR", "KP", "SY"])
      ])
    ])
    error_message = "A blocking geo rule with the sanctioned-country list is required."
  }

  assert {
    condition = toset(flatten([
      for r in module.waf.web_acl.rule : [for g in one(r.statement).managed_rule_group_statement : g.name if g.vendor_name == "AWS"]
    ])) == toset(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"])
    error_message = "AWS managed common (XSS), SQL injection and known-bad-inputs rule groups are required."
  }

  assert {
    condition     = startswith(module.waf.log_group.name, "aws-waf-logs-") && module.waf.log_group.retention_in_days >= 90
    error_message = "WAF logs go to an aws-waf-logs- log group kept at least 90 days."
  }

  assert {
    condition     = module.waf.logging_configuration.resource_arn == module.waf.web_acl_arn && one(module.waf.logging_configuration.log_destination_configs) == module.waf.log_group.arn
    error_message = "WAF logging must send the web ACL's logs to the WAF log group."
  }
}

run "cloudfront_fronts_both_regions_securely" {
  command = apply

  assert {
    condition     = aws_cloudfront_distribution.api.web_acl_id == module.waf.web_acl_arn
    error_message = "The WAF web ACL must be attached."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.api.logging_config).bucket == aws_s3_bucket.cloudfront_logs.bucket_domain_name
    error_message = "Access logging must go to the log bucket."
  }

  assert {
    condition = alltrue([
      for o in aws_cloudfront_distribution.api.origin :
      one(o.custom_origin_config).origin_protocol_policy == "https-only" && toset(one(o.custom_origin_config).origin_ssl_protocols) == toset(["TLSv1.2"]) &&
      anytrue([for h in o.custom_header : h.name == "x-origin-verify" && h.value == "testonlyplaceholder00000000000000000000"])
    ])
    error_message = "Every origin must be HTTPS/TLSv1.2 only and carry the x-origin-verify header."
  }

  assert {
    condition     = length(aws_cloudfront_distribution.api.origin) == 6 && alltrue([for o in aws_cloudfront_distribution.api.origin : o.origin_path == "/tst"])
    error_message = "One origin per service and region, at the /<stage> path."
  }

  assert {
    condition = length(aws_cloudfront_distribution.api.origin_group) == 3 && alltrue([
      for g in aws_cloudfront_distribution.api.origin_group :
      toset(one(g.failover_criteria).status_codes) == toset([500, 502, 503, 504]) &&
      g.member[0].origin_id == "${trimsuffix(g.origin_id, "-failover")}-us-east-1" &&
      g.member[1].origin_id == "${trimsuffix(g.origin_id, "-failover")}-us-west-2"
    ])
    error_message = "Each service needs an origin group failing over from us-east-1 to us-west-2 on 5xx."
  }

  assert {
    condition = alltrue([
      for b in concat(aws_cloudfront_distribution.api.ordered_cache_behavior, aws_cloudfront_distribution.api.default_cache_behavior) :
      b.viewer_protocol_policy == "https-only" && b.cache_policy_id == aws_cloudfront_cache_policy.no_cache.id && b.origin_request_policy_id == aws_cloudfront_origin_request_policy.api.id
    ])
    error_message = "Every behaviour is HTTPS-only, never caches and forwards viewer headers."
  }

  assert {
    condition = {
      for b in aws_cloudfront_distribution.api.ordered_cache_behavior : b.path_pattern => b.target_origin_id
      } == {
      "/auth/health"         = "auth-failover"
      "/transactions/health" = "transactions-failover"
      "/profiles/health"     = "profiles-failover"
      "/auth/*"              = "auth-us-east-1"
      "/accounts*"           = "transactions-us-east-1"
      "/transactions/*"      = "transactions-us-east-1"
      "/profiles/*"          = "profiles-us-east-1"
      "/me/*"                = "profiles-us-east-1"
    }
    error_message = "Path behaviours must route each service's paths; read-only paths through the failover group."
  }

  assert {
    condition = alltrue([
      for b in aws_cloudfront_distribution.api.ordered_cache_behavior :
      endswith(b.target_origin_id, "-failover") ? toset(b.allowed_methods) == toset(["GET", "HEAD", "OPTIONS"]) : length(b.allowed_methods) == 7
    ])
    error_message = "Origin-group behaviours allow only GET/HEAD/OPTIONS (CloudFront rule); the others allow every method."
  }

  assert {
    condition = (
      aws_cloudfront_cache_policy.no_cache.max_ttl == 0 && aws_cloudfront_cache_policy.no_cache.default_ttl == 0 &&
      one(one(aws_cloudfront_origin_request_policy.api.headers_config).headers).items == toset(["host"]) &&
      one(aws_cloudfront_origin_request_policy.api.headers_config).header_behavior == "allExcept"
    )
    error_message = "Caching must be disabled and every viewer header but Host (so Authorization) forwarded."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.api.viewer_certificate).cloudfront_default_certificate && length(aws_cloudfront_distribution.api.aliases) == 0
    error_message = "Without a domain the CloudFront certificate and URL are used."
  }

  assert {
    condition     = length(aws_route53_zone.this) == 0 && length(aws_acm_certificate.cloudfront) == 0 && length(aws_route53_health_check.api) == 0 && length(aws_route53_record.api_latency) == 0 && length(aws_api_gateway_domain_name.primary) == 0
    error_message = "No Route 53, ACM or custom domain resources without domain_name."
  }

  assert {
    condition     = output.api_base_url == "https://${aws_cloudfront_distribution.api.domain_name}"
    error_message = "Without a domain the CloudFront URL is the entry point."
  }
}

run "writes_can_be_moved_to_the_secondary_region" {
  command = plan

  variables {
    write_origin_region = "us-west-2"
  }

  assert {
    condition     = alltrue([for b in aws_cloudfront_distribution.api.ordered_cache_behavior : endswith(b.target_origin_id, "-failover") || endswith(b.target_origin_id, "-us-west-2")])
    error_message = "write_origin_region must move every all-method behaviour."
  }
}

run "custom_domain_adds_route53_acm_and_latency_records" {
  command = apply

  variables {
    domain_name = "ledgerline.example.com"
  }

  assert {
    condition     = aws_route53_zone.this[0].name == "ledgerline.example.com" && aws_route53_zone.this[0].force_destroy
    error_message = "A destroyable zone for domain_name is required."
  }

  assert {
    condition     = aws_acm_certificate.cloudfront[0].domain_name == "api.ledgerline.example.com" && aws_acm_certificate.regional_primary[0].domain_name == "*.origin.ledgerline.example.com" && aws_acm_certificate.regional_secondary[0].domain_name == "*.origin.ledgerline.example.com"
    error_message = "Certificates: api.<domain> for CloudFront, *.origin.<domain> in each API region."
  }

  assert {
    condition = (
      one(aws_cloudfront_distribution.api.viewer_certificate).acm_certificate_arn == aws_acm_certificate_validation.cloudfront[0].certificate_arn &&
      one(aws_cloudfront_distribution.api.viewer_certificate).minimum_protocol_version == "TLSv1.2_2021" &&
      one(aws_cloudfront_distribution.api.viewer_certificate).ssl_support_method == "sni-only" &&
      aws_cloudfront_distribution.api.aliases == toset(["api.ledgerline.example.com"])
    )
    error_message = "With a domain CloudFront uses the validated certificate, SNI and TLSv1.2_2021."
  }

  assert {
    condition = length(aws_route53_health_check.api) == 6 && alltrue([
      for k, h in aws_route53_health_check.api :
      h.type == "HTTPS" && h.fqdn == var.api_origins[split("-us-", k)[0]]["us-${split("-us-", k)[1]}"] && h.resource_path == "/tst/${split("-us-", k)[0]}/health"
    ])
    error_message = "One HTTPS health check per service and region on /<stage>/<service>/health."
  }

  assert {
    condition = length(aws_route53_record.api_latency) == 6 && alltrue([
      for k, r in aws_route53_record.api_latency :
      one(r.latency_routing_policy).region == "us-${split("-us-", k)[1]}" && r.health_check_id == aws_route53_health_check.api[k].id && r.name == "${split("-us-", k)[0]}.origin.ledgerline.example.com"
    ])
    error_message = "Latency records per service and region, each tied to its health check."
  }

  assert {
    condition     = toset(keys(aws_route53_record.cloudfront)) == toset(["A", "AAAA"]) && alltrue([for r in aws_route53_record.cloudfront : one(r.alias).name == aws_cloudfront_distribution.api.domain_name])
    error_message = "api.<domain> must alias the distribution (A and AAAA)."
  }

  assert {
    condition     = alltrue([for m in aws_api_gateway_base_path_mapping.primary : m.stage_name == "tst"]) && aws_api_gateway_base_path_mapping.secondary["auth"].api_id == "auth222222"
    error_message = "Regional custom domains map to each service's API stage."
  }

  assert {
    condition     = alltrue([for b in aws_cloudfront_distribution.api.ordered_cache_behavior : endswith(b.target_origin_id, "-failover") || endswith(b.target_origin_id, "-latency")])
    error_message = "With a domain, all-method behaviours use the latency-routed origins."
  }
}

run "alarms_and_dashboards_cover_every_region_api_function_and_table" {
  command = plan

  assert {
    condition = alltrue([
      for region, alarms in { "us-east-1" = aws_cloudwatch_metric_alarm.primary, "us-west-2" = aws_cloudwatch_metric_alarm.secondary } :
      length(alarms) == 32 && alltrue([for a in alarms : a.alarm_actions == toset([var.alarm_topic_arns[region]]) && strcontains(a.alarm_name, "-${region}") && strcontains(a.alarm_name, "-tst")])
    ])
    error_message = "Each region needs 32 alarms (27 API/Lambda/DynamoDB/origin-guard: 3 per table, 5 ledger) notifying its own region's topic."
  }

  assert {
    condition = alltrue([
      for metric in ["5XXError", "Latency", "Errors", "Throttles", "ReadThrottleEvents", "WriteThrottleEvents", "ReplicationLatency"] :
      anytrue([for a in aws_cloudwatch_metric_alarm.primary : a.metric_name == metric]) && anytrue([for a in aws_cloudwatch_metric_alarm.secondary : a.metric_name == metric])
    ])
    error_message = "Alarms for API 5xx and p99 latency, Lambda errors and throttles, DynamoDB throttles and replication latency in both regions."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.primary["us-east-1/api-latency-auth"].extended_statistic == "p99" && aws_cloudwatch_metric_alarm.primary["us-east-1/api-latency-auth"].dimensions.ApiName == "ledgerline-auth-tst"
    error_message = "API latency alarms use p99 on the service's REST API name."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.secondary["us-west-2/lambda-errors-auth-health"].dimensions.FunctionName == "ledgerline-auth-tst-health" && aws_cloudwatch_metric_alarm.secondary["us-west-2/dynamodb-replication-transactions"].dimensions.ReceivingRegion == "us-east-1"
    error_message = "Lambda alarms follow ledgerline-<service>-<stage>-<function>; replication alarms watch the other region."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.global["waf-blocked"].metric_name == "BlockedRequests" && aws_cloudwatch_metric_alarm.global["waf-blocked"].alarm_actions == toset([var.alarm_topic_arns["us-east-1"]])
    error_message = "A WAF blocked-requests spike alarm in us-east-1 is required."
  }

  assert {
    condition = alltrue([
      for needle in ["4XXError", "5XXError", "\"p99\"", "ConcurrentExecutions", "Throttles", "ledgerline-transactions-tst-health", "\"us-west-2\""] :
      strcontains(aws_cloudwatch_dashboard.apis.dashboard_body, needle)
    ])
    error_message = "The APIs dashboard shows API 4xx/5xx/p99 and Lambda errors/throttles/p99/concurrency per region and function."
  }

  assert {
    condition = alltrue([
      for needle in ["ConsumedWriteCapacityUnits", "WriteThrottleEvents", "ReplicationLatency", "ledgerline-profiles-tst"] :
      strcontains(aws_cloudwatch_dashboard.data.dashboard_body, needle)
    ])
    error_message = "The data dashboard shows DynamoDB capacity, throttles and replication latency."
  }

  assert {
    condition     = strcontains(aws_cloudwatch_dashboard.edge.dashboard_body, "AllowedRequests") && strcontains(aws_cloudwatch_dashboard.edge.dashboard_body, "BlockedRequests")
    error_message = "The edge dashboard shows WAF allowed and blocked requests."
  }
}

# --- Ledger (alarms.tf ledger_alarms, dashboards.tf ledger_widgets): the transactions service's
# reconciliation metrics and its cross-region delivery DLQ, in each API region --------------------------

run "ledger_alarms_exist_in_both_regions_on_the_metric_contract" {
  command = plan

  assert {
    condition = alltrue(flatten([
      for region, alarms in { "us-east-1" = aws_cloudwatch_metric_alarm.primary, "us-west-2" = aws_cloudwatch_metric_alarm.secondary } : [
        for key, want in {
          ledger-imbalance            = { name = "ledgerline-ledger-imbalance", metric = "LedgerImbalance", stat = "Maximum" }
          ledger-invariant-violations = { name = "ledgerline-ledger-invariant-violations", metric = "InvariantViolations", stat = "Maximum" }
          ledger-stuck-pending        = { name = "ledgerline-ledger-stuck-pending", metric = "StuckPendingTransfers", stat = "Maximum" }
          ledger-reconciliation-runs  = { name = "ledgerline-ledger-reconciliation-stopped", metric = "ReconciliationRuns", stat = "Sum" }
          } : try(
          alarms["${region}/${key}"].alarm_name == "${want.name}-${region}-tst" &&
          alarms["${region}/${key}"].namespace == "Ledgerline/Ledger" &&
          alarms["${region}/${key}"].metric_name == want.metric &&
          alarms["${region}/${key}"].statistic == want.stat &&
          alarms["${region}/${key}"].dimensions == tomap({ service = "ledgerline-transactions", environment = "tst" }) &&
          alarms["${region}/${key}"].alarm_actions == toset([var.alarm_topic_arns[region]]) &&
          alarms["${region}/${key}"].ok_actions == toset([var.alarm_topic_arns[region]]),
          false
        )
      ]
    ]))
    error_message = "Each API region needs the four reconciliation alarms on Ledgerline/Ledger (service, environment dimensions), named <alarm>-<region>-<suffix>, notifying that region's topic."
  }

  assert {
    condition = alltrue([
      for region, alarms in { "us-east-1" = aws_cloudwatch_metric_alarm.primary, "us-west-2" = aws_cloudwatch_metric_alarm.secondary } : try(
        alarms["${region}/transfer-delivery-dlq"].alarm_name == "ledgerline-transfer-delivery-dlq-not-empty-${region}-tst" &&
        alarms["${region}/transfer-delivery-dlq"].namespace == "AWS/SQS" &&
        alarms["${region}/transfer-delivery-dlq"].metric_name == "ApproximateNumberOfMessagesVisible" &&
        alarms["${region}/transfer-delivery-dlq"].statistic == "Maximum" &&
        alarms["${region}/transfer-delivery-dlq"].dimensions == tomap({ QueueName = "ledgerline-transfer-delivery-dlq-tst" }) &&
        alarms["${region}/transfer-delivery-dlq"].alarm_actions == toset([var.alarm_topic_arns[region]]),
        false
      )
    ])
    error_message = "Each API region needs an alarm on the depth of ledgerline-transfer-delivery-dlq-<suffix>, notifying that region's topic."
  }

  assert {
    condition = alltrue(flatten([
      for region, alarms in { "us-east-1" = aws_cloudwatch_metric_alarm.primary, "us-west-2" = aws_cloudwatch_metric_alarm.secondary } : [
        for key, want in {
          ledger-imbalance            = { comparison = "GreaterThanThreshold", threshold = 0, periods = 1 }
          ledger-invariant-violations = { comparison = "GreaterThanThreshold", threshold = 0, periods = 1 }
          ledger-stuck-pending        = { comparison = "GreaterThanThreshold", threshold = 0, periods = 2 }
          ledger-reconciliation-runs  = { comparison = "LessThanThreshold", threshold = 1, periods = 3 }
          transfer-delivery-dlq       = { comparison = "GreaterThanThreshold", threshold = 0, periods = 1 }
          } : try(
          alarms["${region}/${key}"].comparison_operator == want.comparison &&
          alarms["${region}/${key}"].threshold == want.threshold &&
          alarms["${region}/${key}"].evaluation_periods == want.periods,
          false
        )
      ]
    ]))
    error_message = "Imbalance, invariant violations and the DLQ alarm on any value above 0 in one period, stuck pending above 0 in two, reconciliation runs below 1 in three."
  }

  assert {
    condition = alltrue([
      for a in concat(values(aws_cloudwatch_metric_alarm.primary), values(aws_cloudwatch_metric_alarm.secondary), values(aws_cloudwatch_metric_alarm.global)) :
      (a.treat_missing_data == "breaching") == (a.metric_name == "ReconciliationRuns")
    ])
    error_message = "Only the reconciliation-runs alarms treat missing data as breaching (a job that stopped reporting)."
  }

  assert {
    condition = alltrue([
      for a in concat(values(aws_cloudwatch_metric_alarm.primary), values(aws_cloudwatch_metric_alarm.secondary)) :
      a.treat_missing_data == "ignore" if contains(["LedgerImbalance", "InvariantViolations", "StuckPendingTransfers"], a.metric_name)
    ])
    error_message = "Imbalance, violations and stuck transfers keep their state when no run reports (they clear only on a run reporting 0)."
  }
}

# Non-default alarm period and evaluation periods: the existing alarms follow the variables, the ledger
# alarms keep the 5-minute periods of the reconciliation schedule and their own evaluation periods.
run "ledger_alarms_keep_the_reconciliation_schedule_whatever_the_alarm_period" {
  command = plan

  variables {
    alarm_period_seconds     = 60
    alarm_evaluation_periods = 4
  }

  assert {
    condition = alltrue([
      for a in concat(values(aws_cloudwatch_metric_alarm.primary), values(aws_cloudwatch_metric_alarm.secondary)) :
      a.period == 300 if a.namespace == "Ledgerline/Ledger"
      ]) && alltrue([
      for k, a in aws_cloudwatch_metric_alarm.secondary : a.evaluation_periods == { "us-west-2/ledger-imbalance" = 1, "us-west-2/ledger-invariant-violations" = 1, "us-west-2/ledger-stuck-pending" = 2, "us-west-2/ledger-reconciliation-runs" = 3 }[k] if strcontains(k, "/ledger-")
    ])
    error_message = "Reconciliation alarms use 300 s periods and their fixed evaluation periods."
  }

  assert {
    condition = alltrue([
      for a in concat(values(aws_cloudwatch_metric_alarm.primary), values(aws_cloudwatch_metric_alarm.secondary)) :
      a.period == 60 && a.evaluation_periods == 4 && a.comparison_operator == "GreaterThanOrEqualToThreshold" && a.treat_missing_data == "notBreaching"
      if a.namespace != "Ledgerline/Ledger" && a.namespace != "AWS/SQS"
    ])
    error_message = "The other regional alarms keep alarm_period_seconds, alarm_evaluation_periods, >= threshold and notBreaching."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.primary["us-east-1/transfer-delivery-dlq"].period == 60 && aws_cloudwatch_metric_alarm.primary["us-east-1/transfer-delivery-dlq"].evaluation_periods == 1
    error_message = "The DLQ alarm follows alarm_period_seconds and fires on one period."
  }
}

run "ledger_dashboard_shows_reconciliation_dlq_and_business_metrics_per_region" {
  command = plan

  assert {
    condition     = aws_cloudwatch_dashboard.ledger[0].dashboard_name == "ledgerline-ledger-tst" && contains(output.dashboard_names, "ledgerline-ledger-tst")
    error_message = "A ledgerline-ledger-<suffix> dashboard is required (and listed in dashboard_names)."
  }

  assert {
    condition = alltrue(flatten([
      for region in ["us-east-1", "us-west-2"] : [
        for metric in ["LedgerImbalance", "InvariantViolations", "StuckPendingTransfers", "ReconciliationRuns", "IdempotentReplays"] : anytrue([
          for w in jsondecode(aws_cloudwatch_dashboard.ledger[0].dashboard_body).widgets :
          w.properties.region == region && anytrue([for m in w.properties.metrics : try(slice(m, 0, 6) == ["Ledgerline/Ledger", metric, "service", "ledgerline-transactions", "environment", "tst"], false)])
        ])
      ]
    ]))
    error_message = "Each region has widgets for imbalance, invariant violations, stuck pending, reconciliation runs and idempotent replays, on the contract's dimensions."
  }

  assert {
    condition = alltrue([
      for region in ["us-east-1", "us-west-2"] : anytrue([
        for w in jsondecode(aws_cloudwatch_dashboard.ledger[0].dashboard_body).widgets :
        w.properties.region == region && anytrue([for m in w.properties.metrics : try(slice(m, 0, 4) == ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "ledgerline-transfer-delivery-dlq-tst"], false)])
      ])
    ])
    error_message = "Each region has a widget with the depth of its transfer-delivery DLQ."
  }

  assert {
    condition = alltrue([
      for region in ["us-east-1", "us-west-2"] : toset([
        for w in jsondecode(aws_cloudwatch_dashboard.ledger[0].dashboard_body).widgets : w.properties.metrics[0][0].expression
        if w.properties.region == region && can(w.properties.metrics[0][0].expression)
        ]) == toset([
        "SEARCH('{Ledgerline/Ledger,service,environment,Kind,Outcome} MetricName=\"Transfers\" service=\"ledgerline-transactions\" environment=\"tst\"', 'Sum', 300)",
        "SEARCH('{Ledgerline/Ledger,service,environment,Currency} MetricName=\"TransferVolume\" service=\"ledgerline-transactions\" environment=\"tst\"', 'Sum', 300)",
        "SEARCH('{Ledgerline/Ledger,service,environment,Reason} MetricName=\"TransferRejections\" service=\"ledgerline-transactions\" environment=\"tst\"', 'Sum', 300)",
      ])
    ])
    error_message = "Each region graphs Transfers by Kind/Outcome, TransferVolume by Currency and TransferRejections by Reason with SEARCH on this environment."
  }
}

# A stage without the transactions service publishes no ledger metrics: no ledger alarms (the
# reconciliation-runs one would be in alarm forever) and no ledger dashboard.
run "no_ledger_alarms_or_dashboard_without_the_transactions_service" {
  command = plan

  variables {
    services = {
      auth = {
        path_patterns           = ["/auth/*"]
        read_only_path_patterns = ["/auth/health"]
        functions               = ["health", "authorizer"]
      }
    }
    api_origins = {
      auth = {
        us-east-1 = "auth111111.execute-api.us-east-1.amazonaws.com"
        us-west-2 = "auth222222.execute-api.us-west-2.amazonaws.com"
      }
    }
  }

  assert {
    condition     = length(aws_cloudwatch_dashboard.ledger) == 0 && !anytrue([for k in concat(keys(aws_cloudwatch_metric_alarm.primary), keys(aws_cloudwatch_metric_alarm.secondary)) : strcontains(k, "ledger") || strcontains(k, "dlq")])
    error_message = "Without the transactions service there are no ledger alarms or dashboard."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.primary) > 0 && length(aws_cloudwatch_metric_alarm.secondary) == length(aws_cloudwatch_metric_alarm.primary)
    error_message = "The remaining services keep their alarms in both regions."
  }
}

run "logs_are_kept_90_days_and_nothing_blocks_destroy" {
  command = plan

  variables {
    log_retention_days = 90
  }

  assert {
    condition     = alltrue([for g in [module.waf.log_group, aws_cloudwatch_log_group.cloudfront_function, module.origin_guard_primary.log_group, module.origin_guard_secondary.log_group] : g.retention_in_days >= 90])
    error_message = "Every log group is kept at least 90 days."
  }

  assert {
    condition     = one(one(aws_s3_bucket_lifecycle_configuration.cloudfront_logs.rule).expiration).days >= 90 && aws_s3_bucket.cloudfront_logs.force_destroy
    error_message = "Access logs are kept at least 90 days and the bucket never blocks destroy."
  }

  assert {
    condition     = !aws_cloudfront_distribution.api.retain_on_delete
    error_message = "The distribution must be deleted on destroy."
  }
}

run "names_carry_the_suffix_and_tags_are_set" {
  command = plan

  assert {
    condition = alltrue(concat(
      [for n in [module.origin_guard_primary.web_acl.name, module.origin_guard_secondary.web_acl.name, module.origin_guard_primary.log_group.name, module.origin_guard_secondary.log_group.name] : endswith(n, "-tst")],
      [for n in [module.waf.web_acl_name, module.waf.log_group.name, aws_cloudwatch_log_group.cloudfront_function.name, aws_s3_bucket.cloudfront_logs.bucket, aws_cloudfront_function.not_found.name, aws_cloudfront_cache_policy.no_cache.name, aws_cloudfront_origin_request_policy.api.name, aws_cloudfront_distribution.api.comment] : strcontains(n, "-tst")],
      [for d in concat([aws_cloudwatch_dashboard.apis, aws_cloudwatch_dashboard.data, aws_cloudwatch_dashboard.edge], aws_cloudwatch_dashboard.ledger) : endswith(d.dashboard_name, "-tst")],
      [for a in concat(values(aws_cloudwatch_metric_alarm.primary), values(aws_cloudwatch_metric_alarm.secondary), [aws_cloudwatch_metric_alarm.global["waf-blocked"], aws_cloudwatch_metric_alarm.global["cloudfront-5xx"]]) : strcontains(a.alarm_name, "-tst")],
    ))
    error_message = "Every name must carry environment_suffix."
  }

  assert {
    condition     = output.default_tags.Environment == "tst" && output.default_tags.CostCenter != "" && output.default_tags.Compliance != ""
    error_message = "default_tags must carry CostCenter, Environment and Compliance."
  }
}

# --- Origin guard (origin_guard.tf, modules/origin-guard): regional WAF in front of every API stage ----

run "origin_guard_blocks_by_default_in_each_api_region" {
  command = apply

  assert {
    condition = alltrue([
      for region, acl in { "us-east-1" = module.origin_guard_primary.web_acl, "us-west-2" = module.origin_guard_secondary.web_acl } :
      acl.scope == "REGIONAL" && acl.name == "ledgerline-origin-guard-${region}-tst" && strcontains(acl.arn, ":${region}:") &&
      length(one(acl.default_action).block) == 1 && length(one(acl.default_action).allow) == 0
    ])
    error_message = "Each API region needs a REGIONAL web ACL (in that region) whose default action is Block."
  }

  assert {
    condition = alltrue([
      for acl in [module.origin_guard_primary.web_acl, module.origin_guard_secondary.web_acl] :
      toset([for r in acl.rule : r.name]) == toset(["allow-origin-verify", "allow-health-checks"]) &&
      one(acl.visibility_config).cloudwatch_metrics_enabled && alltrue([for r in acl.rule : one(r.visibility_config).cloudwatch_metrics_enabled])
    ])
    error_message = "Outside a rotation the guard has exactly the origin-verify and health-check allowances, with CloudWatch metrics on."
  }

  assert {
    condition = alltrue([
      for region, alarm in { "us-east-1" = aws_cloudwatch_metric_alarm.primary["us-east-1/waf-origin-guard-blocked"], "us-west-2" = aws_cloudwatch_metric_alarm.secondary["us-west-2/waf-origin-guard-blocked"] } :
      alarm.namespace == "AWS/WAFV2" && alarm.metric_name == "BlockedRequests" && alarm.dimensions == tomap({ WebACL = "ledgerline-origin-guard-${region}-tst", Region = region, Rule = "ALL" }) &&
      alarm.threshold == 100 && alarm.alarm_actions == toset([var.alarm_topic_arns[region]])
    ])
    error_message = "Each region needs a blocked-requests alarm on its origin guard, notifying the region's topic."
  }

  assert {
    condition     = output.origin_guard_web_acl_arns == { "us-east-1" = module.origin_guard_primary.web_acl.arn, "us-west-2" = module.origin_guard_secondary.web_acl.arn }
    error_message = "The guards' ARNs are an output."
  }
}

# With origin_verify_header_previous_value set (rotation overlap); without it the guard has only the
# two rules (origin_guard_blocks_by_default_in_each_api_region).
run "origin_guard_allows_the_exact_origin_verify_header" {
  command = apply

  variables {
    origin_verify_header_previous_value = "previousplaceholder000000000000000000000"
  }

  assert {
    condition = alltrue([
      for acl in [module.origin_guard_primary.web_acl, module.origin_guard_secondary.web_acl] : anytrue([
        for r in acl.rule : r.name == "allow-origin-verify" && r.priority == 0 && length(one(r.action).allow) == 1 && alltrue([
          for m in one(r.statement).byte_match_statement :
          m.positional_constraint == "EXACTLY" && m.search_string == "testonlyplaceholder00000000000000000000" &&
          one(one(m.field_to_match).single_header).name == "x-origin-verify" &&
          [for t in m.text_transformation : t.type] == ["NONE"]
        ]) && length(one(r.statement).byte_match_statement) == 1
      ])
    ])
    error_message = "The first rule allows requests whose x-origin-verify header EXACTLY equals the value CloudFront sends (no transformation)."
  }

  assert {
    condition = alltrue([
      for acl in [module.origin_guard_primary.web_acl, module.origin_guard_secondary.web_acl] : alltrue([
        for r in acl.rule : !one(r.visibility_config).sampled_requests_enabled if startswith(r.name, "allow-origin-verify")
      ])
    ])
    error_message = "Sampled requests (which show headers) are off for the rule matching the secret."
  }

  assert {
    condition = alltrue([
      for o in aws_cloudfront_distribution.api.origin : anytrue([for h in o.custom_header : h.name == "x-origin-verify" && h.value == var.origin_verify_header_value])
    ])
    error_message = "CloudFront sends the same value the guard accepts."
  }

  assert {
    condition = alltrue([
      for acl in [module.origin_guard_primary.web_acl, module.origin_guard_secondary.web_acl] : length(acl.rule) == 3 && anytrue([
        for r in acl.rule : r.name == "allow-origin-verify-previous" && anytrue([
          for m in one(r.statement).byte_match_statement :
          m.positional_constraint == "EXACTLY" && m.search_string == "previousplaceholder000000000000000000000" && one(one(m.field_to_match).single_header).name == "x-origin-verify"
        ])
      ])
    ])
    error_message = "With a previous value set, both guards also accept it (rotation overlap)."
  }
}

run "origin_guard_health_allowance_is_get_and_health_paths_only" {
  command = apply

  assert {
    condition = alltrue([
      for acl in [module.origin_guard_primary.web_acl, module.origin_guard_secondary.web_acl] : alltrue([
        for r in acl.rule : length(one(r.action).allow) == 1 && length(one(r.statement).and_statement) == 1 && length(one(one(r.statement).and_statement).statement) == 2 &&
        anytrue([
          for st in one(one(r.statement).and_statement).statement : anytrue([
            for m in st.byte_match_statement : m.search_string == "GET" && m.positional_constraint == "EXACTLY" && length(one(m.field_to_match).method) == 1
          ])
        ]) &&
        anytrue([
          for st in one(one(r.statement).and_statement).statement : anytrue([
            for m in st.regex_match_statement : m.regex_string == "^(/tst)?/(auth|profiles|transactions)/health$" && length(one(m.field_to_match).uri_path) == 1 && [for t in m.text_transformation : t.type] == ["NONE"]
          ])
        ]) if r.name == "allow-health-checks"
      ])
    ])
    error_message = "The health allowance must require method GET AND a URI path of exactly [/<stage>]/<service>/health."
  }

  # The patterns the guards carry, exercised (RE2 here; WAF reads this syntax the same way).
  assert {
    condition = alltrue([
      for pattern in flatten([
        for acl in [module.origin_guard_primary.web_acl, module.origin_guard_secondary.web_acl] : [
          for r in acl.rule : [for st in one(one(r.statement).and_statement).statement : [for m in st.regex_match_statement : m.regex_string]] if r.name == "allow-health-checks"
        ]
        ]) : alltrue([
        for p in ["/tst/auth/health", "/tst/transactions/health", "/tst/profiles/health", "/auth/health"] : can(regex(pattern, p))
        ]) && !anytrue([
        for p in ["/tst/auth/health/", "/tst/auth/healthz", "/tst/accounts/health", "/tst/auth/x/health", "/tst/transactions/accounts/health", "/prod/auth/health", "/tst/auth/health/../token", "/tst/auth", "/tst//auth/health"] : can(regex(pattern, p))
      ])
    ])
    error_message = "Only the services' health paths (with or without the stage) match; subpaths, suffixes and other stages do not."
  }
}

run "origin_guard_covers_every_stage_of_every_service_in_both_regions" {
  command = apply

  assert {
    condition = toset([for a in module.origin_guard_primary.associations : a.resource_arn]) == toset([
      "arn:aws:apigateway:us-east-1::/restapis/auth111111/stages/tst",
      "arn:aws:apigateway:us-east-1::/restapis/txns111111/stages/tst",
      "arn:aws:apigateway:us-east-1::/restapis/prof111111/stages/tst",
    ]) && alltrue([for a in module.origin_guard_primary.associations : a.web_acl_arn == module.origin_guard_primary.web_acl.arn])
    error_message = "Every us-east-1 API stage is associated with the us-east-1 guard."
  }

  assert {
    condition = toset([for a in module.origin_guard_secondary.associations : a.resource_arn]) == toset([
      "arn:aws:apigateway:us-west-2::/restapis/auth222222/stages/tst",
      "arn:aws:apigateway:us-west-2::/restapis/txns222222/stages/tst",
      "arn:aws:apigateway:us-west-2::/restapis/prof222222/stages/tst",
    ]) && alltrue([for a in module.origin_guard_secondary.associations : a.web_acl_arn == module.origin_guard_secondary.web_acl.arn])
    error_message = "Every us-west-2 API stage is associated with the us-west-2 guard."
  }

  assert {
    condition     = length(module.origin_guard_primary.associations) + length(module.origin_guard_secondary.associations) == length(aws_cloudfront_distribution.api.origin)
    error_message = "One association per CloudFront regional origin (service x region)."
  }
}

run "custom_domain_reaches_only_guarded_stages" {
  command = apply

  variables {
    domain_name = "ledgerline.example.com"
  }

  assert {
    condition = alltrue([
      for svc, m in aws_api_gateway_base_path_mapping.primary :
      contains([for a in module.origin_guard_primary.associations : a.resource_arn], "arn:aws:apigateway:us-east-1::/restapis/${m.api_id}/stages/${m.stage_name}")
      ]) && alltrue([
      for svc, m in aws_api_gateway_base_path_mapping.secondary :
      contains([for a in module.origin_guard_secondary.associations : a.resource_arn], "arn:aws:apigateway:us-west-2::/restapis/${m.api_id}/stages/${m.stage_name}")
    ]) && length(aws_api_gateway_base_path_mapping.primary) == 3 && length(aws_api_gateway_base_path_mapping.secondary) == 3
    error_message = "Every regional custom domain maps to a stage the guard of its region is associated with."
  }

  assert {
    condition     = length(module.origin_guard_primary.associations) == 3 && length(module.origin_guard_secondary.associations) == 3
    error_message = "A domain adds no stages: the same six associations."
  }

  assert {
    condition = alltrue([
      for k, h in aws_route53_health_check.api : can(regex("^(/tst)?/(auth|profiles|transactions)/health$", h.resource_path)) && strcontains(h.fqdn, ".execute-api.")
    ])
    error_message = "The Route 53 health checks request paths the guard's health allowance lets through."
  }
}

run "origin_guard_logs_are_kept_90_days_encrypted_and_redacted" {
  command = apply

  variables {
    log_retention_days = 90
    logs_kms_key_arn   = "arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000001"
    regional_logs_kms_key_arns = {
      us-west-2 = "arn:aws:kms:us-west-2:123456789012:key/mrk-00000000000000000000000000000001"
    }
  }

  assert {
    condition = alltrue([
      for region, g in { "us-east-1" = module.origin_guard_primary.log_group, "us-west-2" = module.origin_guard_secondary.log_group } :
      g.name == "aws-waf-logs-ledgerline-origin-guard-${region}-tst" && g.retention_in_days >= 90 && g.skip_destroy != true
    ])
    error_message = "Each guard logs to aws-waf-logs-ledgerline-origin-guard-<region>-<suffix>, kept at least 90 days, destroyable."
  }

  assert {
    condition     = module.origin_guard_primary.log_group.kms_key_id == var.logs_kms_key_arn && module.origin_guard_secondary.log_group.kms_key_id == var.regional_logs_kms_key_arns["us-west-2"]
    error_message = "Guard log groups use the observability key of their own region (us-east-1 falls back to logs_kms_key_arn)."
  }

  assert {
    condition = (
      module.origin_guard_primary.logging_configuration.resource_arn == module.origin_guard_primary.web_acl.arn &&
      one(module.origin_guard_primary.logging_configuration.log_destination_configs) == module.origin_guard_primary.log_group.arn &&
      module.origin_guard_secondary.logging_configuration.resource_arn == module.origin_guard_secondary.web_acl.arn &&
      one(module.origin_guard_secondary.logging_configuration.log_destination_configs) == module.origin_guard_secondary.log_group.arn
    )
    error_message = "Each guard's logging configuration writes to its own region's log group."
  }

  assert {
    condition = alltrue([
      for c in [module.origin_guard_primary.logging_configuration, module.origin_guard_secondary.logging_configuration] :
      toset(flatten([for f in c.redacted_fields : [for h in f.single_header : h.name]])) == toset(["x-origin-verify", "authorization", "cookie"])
    ])
    error_message = "Guard logs redact the x-origin-verify secret, Authorization and Cookie."
  }
}

run "rejects_malformed_api_host_or_id" {
  command = plan

  variables {
    api_origins = {
      auth         = { us-east-1 = "AUTH_1111.execute-api.us-east-1.amazonaws.com", us-west-2 = "auth222222.execute-api.us-west-2.amazonaws.com" }
      transactions = { us-east-1 = "txns111111.execute-api.us-east-1.amazonaws.com", us-west-2 = "txns222222.execute-api.us-west-2.amazonaws.com.evil.example" }
      profiles     = { us-east-1 = "prof111111.execute-api.us-east-1.amazonaws.com", us-west-2 = "prof222222.execute-api.us-west-2.amazonaws.com" }
    }
  }

  expect_failures = [var.api_origins]
}

run "rejects_reused_api_ids_long_secrets_and_foreign_log_key" {
  command = plan

  variables {
    api_origins = {
      auth         = { us-east-1 = "auth111111.execute-api.us-east-1.amazonaws.com", us-west-2 = "auth222222.execute-api.us-west-2.amazonaws.com" }
      transactions = { us-east-1 = "auth111111.execute-api.us-east-1.amazonaws.com", us-west-2 = "txns222222.execute-api.us-west-2.amazonaws.com" }
      profiles     = { us-east-1 = "prof111111.execute-api.us-east-1.amazonaws.com", us-west-2 = "prof222222.execute-api.us-west-2.amazonaws.com" }
    }
    origin_verify_header_value          = join("", [for i in range(201) : "a"])
    origin_verify_header_previous_value = join("", [for i in range(201) : "b"])
    regional_logs_kms_key_arns          = { us-west-2 = "arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000001" }
  }

  expect_failures = [var.api_origins, var.origin_verify_header_value, var.origin_verify_header_previous_value, var.regional_logs_kms_key_arns]
}

run "rejects_bad_origins_countries_and_retention" {
  command = plan

  variables {
    api_origins = {
      auth         = { us-east-1 = "https://auth111111.execute-api.us-east-1.amazonaws.com/dev", us-west-2 = "auth222222.execute-api.us-east-1.amazonaws.com" }
      transactions = { us-east-1 = "txns111111.execute-api.us-east-1.amazonaws.com" }
      profiles     = { us-east-1 = "prof111111.execute-api.us-east-1.amazonaws.com", us-west-2 = "prof222222.execute-api.us-west-2.amazonaws.com" }
    }
    sanctioned_countries = ["ir", "KP"]
    log_retention_days   = 30
  }

  expect_failures = [var.api_origins, var.sanctioned_countries, var.log_retention_days]
}

run "rejects_weak_waf_secret_topics_domain_and_services" {
  command = plan

  variables {
    waf_rate_limit             = 10
    waf_managed_rule_groups    = ["AWSManagedRulesCommonRuleSet"]
    origin_verify_header_value = "short"
    alarm_topic_arns           = { us-east-1 = "arn:aws:sns:us-east-1:123456789012:ledgerline-alarms-tst" }
    domain_name                = "Not A Domain"
    environment_suffix         = "UPPER"
  }

  expect_failures = [var.waf_rate_limit, var.waf_managed_rule_groups, var.origin_verify_header_value, var.alarm_topic_arns, var.domain_name, var.environment_suffix]
}
