output "table_names" {
  description = "DynamoDB table name per stem (same name in every region)."
  value       = { for stem, t in aws_dynamodb_table.this : stem => t.name }
}

output "table_arns" {
  description = "Primary-region DynamoDB table ARN per stem."
  value       = { for stem, t in aws_dynamodb_table.this : stem => t.arn }
}

output "table_stream_arns" {
  description = "Primary-region stream ARN per stem."
  value       = { for stem, t in aws_dynamodb_table.this : stem => t.stream_arn }
}

output "table_stream_arns_by_region" {
  description = "Stream ARN per stem per region (the table's and its replica's). The transactions service's stream consumer takes its region's as the transferStreamArn param."
  value = {
    for stem, t in aws_dynamodb_table.this : stem => merge(
      { (var.primary_region) = t.stream_arn },
      { for r in t.replica : r.region_name => r.stream_arn },
    )
  }
}

output "kms_key_arns" {
  description = "Customer-managed key ARN per purpose (data, secrets, observability, person-keys) per region. Services need kms:Decrypt/GenerateDataKey on data (tables), kms:Decrypt on secrets, and GenerateDataKey/Decrypt on person-keys where they seal or open personal fields."
  value = {
    for purpose, key in aws_kms_key.this : purpose => merge(
      { (var.primary_region) = key.arn },
      { for p, r in aws_kms_replica_key.this : var.secondary_region => r.arn if p == purpose },
    )
  }
}

output "secret_arns" {
  description = "Secret ARN per secret key (primary region; replicas carry the same name in the secondary region)."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.arn }
}

output "secret_names" {
  description = "Secret name per secret key: ledgerline/<suffix>/<key>."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.name }
}

output "alarm_topic_arns" {
  description = "Alarm SNS topic ARN per region; pass to the edge root as alarm_topic_arns."
  value = merge(
    { (var.primary_region) = aws_sns_topic.alarms.arn },
    { for region, t in aws_sns_topic.alarms_secondary : region => t.arn },
  )
}

output "observability_kms_key_arns" {
  description = "Observability key ARN per region, for encrypted log groups (edge WAF logs, service log groups)."
  value = merge(
    { (var.primary_region) = aws_kms_key.this["observability"].arn },
    { for p, r in aws_kms_replica_key.this : var.secondary_region => r.arn if p == "observability" },
    { for k in aws_kms_key.secondary_observability : var.secondary_region => k.arn },
  )
}

output "default_tags" {
  description = "Tags applied to every resource through the providers' default_tags."
  value       = local.default_tags
}

output "exports_bucket" {
  description = "Data-subject exports bucket (primary region): name and ARN. Objects expire after 7 days; SSE-KMS with exports_kms_key_arn."
  value       = { name = aws_s3_bucket.exports.bucket, arn = aws_s3_bucket.exports.arn }
}

output "exports_logs_bucket" {
  description = "Server access-log bucket of the exports bucket: name and ARN."
  value       = { name = aws_s3_bucket.exports_logs.bucket, arn = aws_s3_bucket.exports_logs.arn }
}

output "exports_kms_key_arn" {
  description = "CMK of the exports bucket. The export worker needs kms:GenerateDataKey/Decrypt on it (through S3)."
  value       = aws_kms_key.exports.arn
}

output "person_keys_table" {
  description = "Table of wrapped per-person data keys (crypto-shredding): name and primary-region ARN."
  value       = { name = aws_dynamodb_table.this["person-keys"].name, arn = aws_dynamodb_table.this["person-keys"].arn }
}

output "portal_ecr_repository_urls" {
  description = "The portal's ECR repository per region (CI pushes to the portal region's; the standby's is its replica): <account>.dkr.ecr.<region>.amazonaws.com/ledgerline-portal-<suffix>."
  value = {
    (var.portal_region)         = aws_ecr_repository.portal.repository_url
    (var.portal_standby_region) = aws_ecr_repository.portal_standby.repository_url
  }
}
