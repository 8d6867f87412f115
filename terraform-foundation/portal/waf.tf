# CLOUDFRONT-scope WAF of the portal: sanctioned-country geo block, per-IP rate limit, AWS managed
# rules (common incl. XSS, SQL injection, known bad inputs) and explicit SQLi/XSS match rules on the
# request parts a portal form posts.

locals {
  waf_managed_groups = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]
  # field => WAF field_to_match block
  waf_inspected_fields = ["body", "query_string", "uri_path"]
}

resource "aws_wafv2_web_acl" "portal" {
  provider = aws.global

  name        = "${local.prefix}-waf-${local.env}"
  description = "Ledgerline portal edge protection (${local.env})"
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
      metric_name                = "${local.prefix}-geo-block-${local.env}"
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
        aggregate_key_type    = "IP"
        evaluation_window_sec = 300
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.prefix}-rate-limit-${local.env}"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "block-sql-injection"
    priority = 2

    action {
      block {}
    }

    statement {
      or_statement {
        dynamic "statement" {
          for_each = local.waf_inspected_fields
          content {
            sqli_match_statement {
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

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.prefix}-sqli-${local.env}"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "block-cross-site-scripting"
    priority = 3

    action {
      block {}
    }

    statement {
      or_statement {
        dynamic "statement" {
          for_each = local.waf_inspected_fields
          content {
            xss_match_statement {
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

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.prefix}-xss-${local.env}"
      sampled_requests_enabled   = true
    }
  }

  dynamic "rule" {
    for_each = local.waf_managed_groups
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
        metric_name                = "${local.prefix}-${rule.value}-${local.env}"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.prefix}-waf-${local.env}"
    sampled_requests_enabled   = true
  }
}
