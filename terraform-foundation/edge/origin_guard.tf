# Origin guard: closes the CloudFront bypass (calling https://<api-id>.execute-api.<region>.amazonaws.com/<stage>/...
# or a regional custom domain directly, skipping the edge WAF) without code in the services.
#
# One REGIONAL web ACL per API region, associated with every service's API stage there:
#   default action      Block
#   allow-origin-verify x-origin-verify header EXACTLY equal to the secret CloudFront sends
#   allow-...-previous  the previous secret value, only while origin_verify_header_previous_value is set
#                       (rotation overlap: CloudFront edges pick up a new value over several minutes)
#   allow-health-checks GET and a URI path of exactly [/<stage>]/<service>/health (Route 53 health checks
#                       cannot send custom headers; the health answer reveals only pass/fail, version,
#                       region and stage)
# A regional custom domain maps to the same stage, so the stage association covers it too.
#
# Logs: aws-waf-logs-ledgerline-origin-guard-<region>-<suffix>, with x-origin-verify, authorization and
# cookie redacted (the secret never reaches a log). The allow rule's sampled requests are off for the
# same reason (samples show headers). Blocked-request alarms are in alarms.tf.

locals {
  origin_guard_names = { for r in local.regions : r => "ledgerline-origin-guard-${r}-${local.env}" }
  origin_guard_log_groups = {
    for r in local.regions : r => "aws-waf-logs-ledgerline-origin-guard-${r}-${local.env}"
  }
  origin_guard_logs_kms_key_arns = {
    for r in local.regions : r => try(var.regional_logs_kms_key_arns[r], r == local.global_region ? var.logs_kms_key_arn : null)
  }

  # Anchored at both ends; the stage prefix is optional because requests through a regional custom
  # domain (base path "") carry no stage in the path. Services and stage are [a-z0-9-] (validated).
  health_path_regex = "^(/${local.env})?/(${join("|", sort(keys(var.services)))})/health$"

  # Stage ARN per "<service>-<region>" origin: arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>.
  api_stage_arns = {
    for k, o in local.regional_origins : k => "arn:aws:apigateway:${o.region}::/restapis/${o.api_id}/stages/${local.env}"
  }

  # Only whether a previous value is set is used for the rule's presence (for_each cannot be sensitive).
  origin_verify_rotation = nonsensitive(var.origin_verify_header_previous_value != null)
}

# --- primary region -----------------------------------------------------------------------------------

resource "aws_wafv2_web_acl" "origin_guard_primary" {
  name        = local.origin_guard_names[var.primary_region]
  description = "Ledgerline APIs ${var.primary_region}: only CloudFront (origin-verify header) and Route 53 health checks (${local.env})"
  scope       = "REGIONAL"

  default_action {
    block {}
  }

  rule {
    name     = "allow-origin-verify"
    priority = 0

    action {
      allow {}
    }

    statement {
      byte_match_statement {
        search_string         = var.origin_verify_header_value
        positional_constraint = "EXACTLY"

        field_to_match {
          single_header {
            name = var.origin_verify_header_name
          }
        }

        text_transformation {
          priority = 0
          type     = "NONE"
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ledgerline-origin-verify-${var.primary_region}-${local.env}"
      sampled_requests_enabled   = false
    }
  }

  dynamic "rule" {
    for_each = local.origin_verify_rotation ? ["previous"] : []

    content {
      name     = "allow-origin-verify-previous"
      priority = 1

      action {
        allow {}
      }

      statement {
        byte_match_statement {
          search_string         = var.origin_verify_header_previous_value
          positional_constraint = "EXACTLY"

          field_to_match {
            single_header {
              name = var.origin_verify_header_name
            }
          }

          text_transformation {
            priority = 0
            type     = "NONE"
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "ledgerline-origin-verify-previous-${var.primary_region}-${local.env}"
        sampled_requests_enabled   = false
      }
    }
  }

  rule {
    name     = "allow-health-checks"
    priority = 2

    action {
      allow {}
    }

    statement {
      and_statement {
        statement {
          byte_match_statement {
            search_string         = "GET"
            positional_constraint = "EXACTLY"

            field_to_match {
              method {}
            }

            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }

        statement {
          regex_match_statement {
            regex_string = local.health_path_regex

            field_to_match {
              uri_path {}
            }

            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ledgerline-health-checks-${var.primary_region}-${local.env}"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = local.origin_guard_names[var.primary_region]
    sampled_requests_enabled   = true
  }
}

resource "aws_cloudwatch_log_group" "origin_guard_primary" {
  name              = local.origin_guard_log_groups[var.primary_region]
  retention_in_days = var.log_retention_days
  kms_key_id        = local.origin_guard_logs_kms_key_arns[var.primary_region]
}

resource "aws_wafv2_web_acl_logging_configuration" "origin_guard_primary" {
  resource_arn            = aws_wafv2_web_acl.origin_guard_primary.arn
  log_destination_configs = [aws_cloudwatch_log_group.origin_guard_primary.arn]

  redacted_fields {
    single_header {
      name = var.origin_verify_header_name
    }
  }

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

# The stages exist once the services are deployed (edge is applied after them). The distribution that
# sends the header is created first, so the guard never blocks CloudFront on the first apply.
resource "aws_wafv2_web_acl_association" "origin_guard_primary" {
  for_each = { for k, o in local.regional_origins : o.service => k if o.region == var.primary_region }

  resource_arn = local.api_stage_arns[each.value]
  web_acl_arn  = aws_wafv2_web_acl.origin_guard_primary.arn

  depends_on = [aws_cloudfront_distribution.api]
}

# --- secondary region ---------------------------------------------------------------------------------

resource "aws_wafv2_web_acl" "origin_guard_secondary" {
  provider = aws.secondary

  name        = local.origin_guard_names[var.secondary_region]
  description = "Ledgerline APIs ${var.secondary_region}: only CloudFront (origin-verify header) and Route 53 health checks (${local.env})"
  scope       = "REGIONAL"

  default_action {
    block {}
  }

  rule {
    name     = "allow-origin-verify"
    priority = 0

    action {
      allow {}
    }

    statement {
      byte_match_statement {
        search_string         = var.origin_verify_header_value
        positional_constraint = "EXACTLY"

        field_to_match {
          single_header {
            name = var.origin_verify_header_name
          }
        }

        text_transformation {
          priority = 0
          type     = "NONE"
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ledgerline-origin-verify-${var.secondary_region}-${local.env}"
      sampled_requests_enabled   = false
    }
  }

  dynamic "rule" {
    for_each = local.origin_verify_rotation ? ["previous"] : []

    content {
      name     = "allow-origin-verify-previous"
      priority = 1

      action {
        allow {}
      }

      statement {
        byte_match_statement {
          search_string         = var.origin_verify_header_previous_value
          positional_constraint = "EXACTLY"

          field_to_match {
            single_header {
              name = var.origin_verify_header_name
            }
          }

          text_transformation {
            priority = 0
            type     = "NONE"
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "ledgerline-origin-verify-previous-${var.secondary_region}-${local.env}"
        sampled_requests_enabled   = false
      }
    }
  }

  rule {
    name     = "allow-health-checks"
    priority = 2

    action {
      allow {}
    }

    statement {
      and_statement {
        statement {
          byte_match_statement {
            search_string         = "GET"
            positional_constraint = "EXACTLY"

            field_to_match {
              method {}
            }

            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }

        statement {
          regex_match_statement {
            regex_string = local.health_path_regex

            field_to_match {
              uri_path {}
            }

            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "ledgerline-health-checks-${var.secondary_region}-${local.env}"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = local.origin_guard_names[var.secondary_region]
    sampled_requests_enabled   = true
  }
}

resource "aws_cloudwatch_log_group" "origin_guard_secondary" {
  provider = aws.secondary

  name              = local.origin_guard_log_groups[var.secondary_region]
  retention_in_days = var.log_retention_days
  kms_key_id        = local.origin_guard_logs_kms_key_arns[var.secondary_region]
}

resource "aws_wafv2_web_acl_logging_configuration" "origin_guard_secondary" {
  provider = aws.secondary

  resource_arn            = aws_wafv2_web_acl.origin_guard_secondary.arn
  log_destination_configs = [aws_cloudwatch_log_group.origin_guard_secondary.arn]

  redacted_fields {
    single_header {
      name = var.origin_verify_header_name
    }
  }

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

resource "aws_wafv2_web_acl_association" "origin_guard_secondary" {
  for_each = { for k, o in local.regional_origins : o.service => k if o.region == var.secondary_region }
  provider = aws.secondary

  resource_arn = local.api_stage_arns[each.value]
  web_acl_arn  = aws_wafv2_web_acl.origin_guard_secondary.arn

  depends_on = [aws_cloudfront_distribution.api]
}
