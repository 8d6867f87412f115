# Whole objects where the root's tests need several attributes; names and ARNs for the root's outputs.

output "web_acl" {
  description = "The REGIONAL web ACL (sensitive: its rules carry the origin-verify values)."
  value       = aws_wafv2_web_acl.this
  sensitive   = true
}

output "web_acl_arn" {
  description = "ARN of the web ACL."
  value       = aws_wafv2_web_acl.this.arn
}

output "web_acl_name" {
  description = "Name of the web ACL (the WebACL dimension of its metrics)."
  value       = aws_wafv2_web_acl.this.name
}

output "log_group" {
  description = "The log group the web ACL logs to."
  value       = aws_cloudwatch_log_group.this
}

output "logging_configuration" {
  description = "The web ACL's logging configuration (destination and redacted fields)."
  value       = aws_wafv2_web_acl_logging_configuration.this
}

output "associations" {
  description = "Web ACL association per service (key of stage_arns)."
  value       = aws_wafv2_web_acl_association.this
}
