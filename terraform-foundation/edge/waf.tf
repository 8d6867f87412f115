# WAF v2 web ACL for CloudFront: sanctioned-country geo block, per-IP rate limit, AWS managed rules.

resource "aws_wafv2_web_acl" "edge" {
  provider = aws.global

  name        = "ledgerline-edge-${local.env}"
  description = "Ledgerline API edge protection (${local.env})"
  scope       = "CLOUDFRONT"

  default_action {
    allow {}
  }

  rule {
    name     = "geo-block-sanctioned-countries"
    priority = 0

    action {
      block {}
    }

    statement {
      geo_match_statement {
        country_codes = var.sanctioned_countries
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ledgerline-geo-block-${local.env}"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.waf_rate_limit
        evaluation_window_sec = var.waf_rate_window_seconds
        aggregate_key_type    = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ledgerline-rate-limit-${local.env}"
      sampled_requests_enabled   = true
    }
  }

  dynamic "rule" {
    for_each = var.waf_managed_rule_groups

    content {
      name     = rule.value
      priority = 10 + rule.key

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          name        = rule.value
          vendor_name = "AWS"
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "ledgerline-${rule.value}-${local.env}"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "ledgerline-edge-${local.env}"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_logging_configuration" "edge" {
  provider = aws.global

  resource_arn            = aws_wafv2_web_acl.edge.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]

  redacted_fields {
    single_header {
      name = "authorization"
    }
  }

  redacted_fields {
    single_header {
      name = "cookie"
    }
  }
}
