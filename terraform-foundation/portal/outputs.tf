output "portal_url" {
  description = "Public entry point of the portal."
  value       = "https://${var.domain_name}"
}

output "cloudfront_domain_name" {
  description = "CloudFront domain of the distribution (the alias target of domain_name)."
  value       = aws_cloudfront_distribution.portal.domain_name
}

output "origin_names" {
  description = "Failover origin name and the per-region origin names (health-checked)."
  value       = { failover = local.failover_origin, regional = local.regional_origins }
}

output "alb_dns_names" {
  description = "ALB DNS name per region."
  value       = merge({ (var.primary_region) = module.primary.alb_dns_name }, var.standby_enabled ? { (var.secondary_region) = module.standby[0].alb_dns_name } : {})
}

output "ecs_cluster_names" {
  description = "ECS cluster per region (scale the standby service here on failover)."
  value       = merge({ (var.primary_region) = module.primary.ecs_cluster_name }, var.standby_enabled ? { (var.secondary_region) = module.standby[0].ecs_cluster_name } : {})
}

output "db_cluster_identifier" {
  description = "Primary Aurora cluster identifier."
  value       = module.primary.db_cluster_identifier
}

output "db_master_secret_arn" {
  description = "ARN of the Aurora-managed master secret (read by the task execution role)."
  value       = module.primary.database.cluster[0].master_user_secret[0].secret_arn
}

output "standby_backup_vault_arn" {
  description = "Vault in the standby region holding the database copies (null without a standby)."
  value       = var.standby_enabled ? aws_backup_vault.standby[0].arn : null
}

output "alarm_topic_arn" {
  description = "SNS topic of the portal alarms."
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard of the portal."
  value       = aws_cloudwatch_dashboard.portal.dashboard_name
}

output "cloudtrail_bucket" {
  description = "Bucket of the audit trail."
  value       = aws_s3_bucket.cloudtrail.bucket
}

output "default_tags" {
  description = "Tags every resource carries through the providers' default_tags."
  value       = local.default_tags
}
