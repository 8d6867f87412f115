# Whole objects where the roots' tests need several attributes; ARN and name for wiring.

output "web_acl" {
  description = "The CLOUDFRONT-scope web ACL."
  value       = aws_wafv2_web_acl.this
}

output "web_acl_arn" {
  description = "ARN of the web ACL (the distribution's web_acl_id)."
  value       = aws_wafv2_web_acl.this.arn
}

output "web_acl_name" {
  description = "Name of the web ACL (the WebACL dimension of its metrics)."
  value       = aws_wafv2_web_acl.this.name
}

output "log_group" {
  description = "The log group the web ACL logs to (null without logging)."
  value       = one(aws_cloudwatch_log_group.this)
}

output "logging_configuration" {
  description = "The web ACL's logging configuration (null without logging)."
  value       = one(aws_wafv2_web_acl_logging_configuration.this)
}
