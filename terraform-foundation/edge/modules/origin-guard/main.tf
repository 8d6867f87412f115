# One API region's origin guard: a REGIONAL web ACL that blocks every request to the region's API
# stages except those through CloudFront (exact origin-verify header) and Route 53 health checks,
# its log group and logging configuration, and its association with every stage. The rules and why
# they look like this: the edge root's origin_guard.tf.

locals {
  # Keyed by which origin-verify value the rule matches; the previous one only during a rotation.
  origin_verify_rules = merge(
    {
      current = { name = "allow-origin-verify", priority = 0, metric_name = "ledgerline-origin-verify-${var.region}-${var.env}" }
    },
    var.origin_verify_rotation ? {
      previous = { name = "allow-origin-verify-previous", priority = 1, metric_name = "ledgerline-origin-verify-previous-${var.region}-${var.env}" }
    } : {},
  )
}

resource "aws_wafv2_web_acl" "this" {
  name        = var.web_acl_name
  description = "Ledgerline APIs ${var.region}: only CloudFront (origin-verify header) and Route 53 health checks (${var.env})"
  scope       = "REGIONAL"

  default_action {
    block {}
  }

  # The header allowances: the current value and, during a rotation, the previous one as well
  # (CloudFront edges pick up a new value over several minutes). One block, so the two cannot match
  # differently. Samples are off: they show the request headers, i.e. the secret.
  dynamic "rule" {
    for_each = local.origin_verify_rules

    content {
      name     = rule.value.name
      priority = rule.value.priority

      action {
        allow {}
      }

      statement {
        byte_match_statement {
          search_string         = rule.key == "current" ? var.origin_verify_header_value : var.origin_verify_header_previous_value
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
        metric_name                = rule.value.metric_name
        sampled_requests_enabled   = false
      }
    }
  }

  # Route 53 health checks cannot send custom headers: GET AND an exact health path.
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
            regex_string = var.health_path_regex

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
      metric_name                = "ledgerline-health-checks-${var.region}-${var.env}"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.web_acl_name
    sampled_requests_enabled   = true
  }
}

resource "aws_cloudwatch_log_group" "this" {
  name              = var.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn
}

# The secret never reaches a log; neither do credentials.
resource "aws_wafv2_web_acl_logging_configuration" "this" {
  resource_arn            = aws_wafv2_web_acl.this.arn
  log_destination_configs = [aws_cloudwatch_log_group.this.arn]

  dynamic "redacted_fields" {
    for_each = [var.origin_verify_header_name, "authorization", "cookie"]

    content {
      single_header {
        name = redacted_fields.value
      }
    }
  }
}

# Keyed by service. The stages exist once the services are deployed (edge is applied after them). The
# associations wait for associate_after (the distribution that sends the header), so the guard never
# blocks CloudFront on the first apply.
resource "aws_wafv2_web_acl_association" "this" {
  for_each = var.stage_arns

  resource_arn = each.value
  web_acl_arn  = aws_wafv2_web_acl.this.arn

  depends_on = [var.associate_after]
}
