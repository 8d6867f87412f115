# A CLOUDFRONT-scope web ACL whose rules are data: geo block (0), per-IP rate limit (1), optional
# SQLi/XSS match rules (2-9), AWS managed groups (10+). One dynamic "rule" renders them all; the
# statement type is picked by dynamic blocks that render only for their kind. Optional logging to a
# CloudWatch Logs group with redacted headers.

locals {
  rules = merge(
    {
      geo-block-sanctioned-countries = { priority = 0, kind = "geo", metric = "geo-block", match = null, group = null }
      rate-limit-per-ip              = { priority = 1, kind = "rate", metric = "rate-limit", match = null, group = null }
    },
    { for name, r in var.match_rules : name => { priority = r.priority, kind = "match", metric = r.metric, match = r.match, group = null } },
    { for i, g in var.managed_rule_groups : g => { priority = 10 + i, kind = "managed", metric = g, match = null, group = g } },
  )
}

resource "aws_wafv2_web_acl" "this" {
  name        = var.name
  description = var.description
  scope       = "CLOUDFRONT"

  default_action {
    allow {}
  }

  dynamic "rule" {
    for_each = local.rules

    content {
      name     = rule.key
      priority = rule.value.priority

      # Own rules block; managed groups keep their own actions.
      dynamic "action" {
        for_each = rule.value.kind == "managed" ? [] : [1]
        content {
          block {}
        }
      }

      dynamic "override_action" {
        for_each = rule.value.kind == "managed" ? [1] : []
        content {
          none {}
        }
      }

      statement {
        dynamic "geo_match_statement" {
          for_each = rule.value.kind == "geo" ? [1] : []
          content {
            country_codes = var.sanctioned_countries
          }
        }

        dynamic "rate_based_statement" {
          for_each = rule.value.kind == "rate" ? [1] : []
          content {
            limit                 = var.rate_limit.limit
            evaluation_window_sec = var.rate_limit.window_seconds
            aggregate_key_type    = "IP"
          }
        }

        dynamic "or_statement" {
          for_each = rule.value.kind == "match" ? [rule.value.match] : []
          content {
            dynamic "statement" {
              for_each = var.inspected_fields
              content {
                dynamic "sqli_match_statement" {
                  for_each = or_statement.value == "sqli" ? [1] : []
                  content {
                    field_to_match {
                      dynamic "body" {
                        for_each = statement.value == "body" ? [1] : []
                        content {
                          oversize_handling = "MATCH"
                        }
                      }
                      dynamic "query_string" {
                        for_each = statement.value == "query_string" ? [1] : []
                        content {}
                      }
                      dynamic "uri_path" {
                        for_each = statement.value == "uri_path" ? [1] : []
                        content {}
                      }
                    }
                    text_transformation {
                      priority = 0
                      type     = "URL_DECODE"
                    }
                    text_transformation {
                      priority = 1
                      type     = "HTML_ENTITY_DECODE"
                    }
                  }
                }

                dynamic "xss_match_statement" {
                  for_each = or_statement.value == "xss" ? [1] : []
                  content {
                    field_to_match {
                      dynamic "body" {
                        for_each = statement.value == "body" ? [1] : []
                        content {
                          oversize_handling = "MATCH"
                        }
                      }
                      dynamic "query_string" {
                        for_each = statement.value == "query_string" ? [1] : []
                        content {}
                      }
                      dynamic "uri_path" {
                        for_each = statement.value == "uri_path" ? [1] : []
                        content {}
                      }
                    }
                    text_transformation {
                      priority = 0
                      type     = "URL_DECODE"
                    }
                    text_transformation {
                      priority = 1
                      type     = "HTML_ENTITY_DECODE"
                    }
                  }
                }
              }
            }
          }
        }

        dynamic "managed_rule_group_statement" {
          for_each = rule.value.kind == "managed" ? [rule.value.group] : []
          content {
            name        = managed_rule_group_statement.value
            vendor_name = "AWS"
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.rule_metric_name.prefix}-${rule.value.metric}-${var.rule_metric_name.suffix}"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.metric_name
    sampled_requests_enabled   = true
  }
}

resource "aws_cloudwatch_log_group" "this" {
  count = var.logging == null ? 0 : 1

  name              = var.logging.log_group_name
  retention_in_days = var.logging.retention_in_days
  kms_key_id        = var.logging.kms_key_arn
}

resource "aws_wafv2_web_acl_logging_configuration" "this" {
  count = var.logging == null ? 0 : 1

  resource_arn            = aws_wafv2_web_acl.this.arn
  log_destination_configs = [aws_cloudwatch_log_group.this[0].arn]

  dynamic "redacted_fields" {
    for_each = var.logging.redacted_headers
    content {
      single_header {
        name = redacted_fields.value
      }
    }
  }
}
