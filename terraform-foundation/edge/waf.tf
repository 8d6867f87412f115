# WAF v2 web ACL for CloudFront: sanctioned-country geo block, per-IP rate limit, AWS managed rules,
# logged (authorization and cookie headers redacted) to a log group whose name starts aws-waf-logs-.
# The shared modules/cloudfront-waf holds the web ACL; the portal uses the same module.

module "waf" {
  source = "../modules/cloudfront-waf"

  providers = {
    aws = aws.global
  }

  name                 = "ledgerline-edge-${local.env}"
  description          = "Ledgerline API edge protection (${local.env})"
  metric_name          = "ledgerline-edge-${local.env}"
  rule_metric_name     = { prefix = "ledgerline", suffix = local.env }
  sanctioned_countries = var.sanctioned_countries
  rate_limit           = { limit = var.waf_rate_limit, window_seconds = var.waf_rate_window_seconds }
  managed_rule_groups  = var.waf_managed_rule_groups

  logging = {
    log_group_name    = "aws-waf-logs-ledgerline-${local.env}"
    retention_in_days = var.log_retention_days
    kms_key_arn       = var.logs_kms_key_arn
    redacted_headers  = ["authorization", "cookie"]
  }
}

# Before the module these resources sat in this root: deployed stages move in the state instead of
# being destroyed and created again.
moved {
  from = aws_wafv2_web_acl.edge
  to   = module.waf.aws_wafv2_web_acl.this
}

moved {
  from = aws_cloudwatch_log_group.waf
  to   = module.waf.aws_cloudwatch_log_group.this[0]
}

moved {
  from = aws_wafv2_web_acl_logging_configuration.edge
  to   = module.waf.aws_wafv2_web_acl_logging_configuration.this[0]
}
