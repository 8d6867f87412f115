output "api_base_url" {
  description = "Public entry point of the APIs: https://<api_subdomain>.<domain_name> with a domain, else the CloudFront URL."
  value       = local.domain_enabled ? "https://${local.api_fqdn}" : "https://${aws_cloudfront_distribution.api.domain_name}"
}

output "cloudfront_distribution_id" {
  description = "CloudFront distribution id."
  value       = aws_cloudfront_distribution.api.id
}

output "cloudfront_domain_name" {
  description = "CloudFront domain name (*.cloudfront.net)."
  value       = aws_cloudfront_distribution.api.domain_name
}

output "waf_web_acl_arn" {
  description = "WAF web ACL attached to the distribution."
  value       = module.waf.web_acl_arn
}

output "origin_guard_web_acl_arns" {
  description = "Regional origin-guard web ACL per API region (associated with every service's API stage there)."
  value = {
    (var.primary_region)   = module.origin_guard_primary.web_acl_arn
    (var.secondary_region) = module.origin_guard_secondary.web_acl_arn
  }
}

output "log_group_names" {
  description = "Log groups created by the edge root."
  value       = [module.waf.log_group.name, aws_cloudwatch_log_group.cloudfront_function.name, module.origin_guard_primary.log_group.name, module.origin_guard_secondary.log_group.name]
}

output "cloudfront_logs_bucket" {
  description = "S3 bucket with the CloudFront access logs."
  value       = aws_s3_bucket.cloudfront_logs.bucket
}

output "dashboard_names" {
  description = "CloudWatch dashboards."
  value       = concat([aws_cloudwatch_dashboard.apis.dashboard_name, aws_cloudwatch_dashboard.data.dashboard_name, aws_cloudwatch_dashboard.edge.dashboard_name], aws_cloudwatch_dashboard.ledger[*].dashboard_name)
}

output "alarm_names" {
  description = "CloudWatch alarms, all regions."
  value = concat(
    [for a in aws_cloudwatch_metric_alarm.primary : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.secondary : a.alarm_name],
    [for k in ["waf-blocked", "cloudfront-5xx"] : aws_cloudwatch_metric_alarm.global[k].alarm_name], # order as before the map
  )
}

output "route53_name_servers" {
  description = "Name servers of the zone to delegate to (empty without a domain)."
  value       = local.domain_enabled ? aws_route53_zone.this[0].name_servers : []
}

output "regional_origin_domains" {
  description = "Latency-routed regional custom domain per service (empty without a domain)."
  value       = { for k, v in local.latency_origins : trimsuffix(k, "-latency") => v }
}

output "default_tags" {
  description = "Tags applied to every resource through the providers' default_tags."
  value       = local.default_tags
}
