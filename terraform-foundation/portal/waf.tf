# CLOUDFRONT-scope WAF of the portal: sanctioned-country geo block, per-IP rate limit, AWS managed
# rules (common incl. XSS, SQL injection, known bad inputs) and explicit SQLi/XSS match rules on the
# request parts a portal form posts (body, query string, URI path). The shared modules/cloudfront-waf
# holds the web ACL; the edge uses the same module.

module "waf" {
  source = "../modules/cloudfront-waf"

  providers = {
    aws = aws.global
  }

  name                 = "${local.prefix}-waf-${local.env}"
  description          = "Ledgerline portal edge protection (${local.env})"
  metric_name          = "${local.prefix}-waf-${local.env}"
  rule_metric_name     = { prefix = local.prefix, suffix = local.env }
  sanctioned_countries = var.sanctioned_countries
  rate_limit           = { limit = var.waf_rate_limit, window_seconds = 300 }
  managed_rule_groups  = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]
  inspected_fields     = ["body", "query_string", "uri_path"]

  match_rules = {
    block-sql-injection        = { priority = 2, match = "sqli", metric = "sqli" }
    block-cross-site-scripting = { priority = 3, match = "xss", metric = "xss" }
  }
}

# Before the module the web ACL sat in this root: it moves in the state instead of being replaced.
moved {
  from = aws_wafv2_web_acl.portal
  to   = module.waf.aws_wafv2_web_acl.this
}
