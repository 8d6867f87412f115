# Alarm topics, one per region (a CloudWatch alarm can only notify a topic in its own region),
# encrypted with the observability key. The edge root's alarms publish here.

locals {
  alarm_topic_name = "ledgerline-alarms-${var.environment_suffix}"

  alarm_topic_policies = {
    for region in local.kms_policy_regions : region => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid       = "AllowCloudWatchAlarmsToPublish"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = "arn:${local.partition}:sns:${region}:${var.account_id}:${local.alarm_topic_name}"
        Condition = {
          StringEquals = { "aws:SourceAccount" = var.account_id }
        }
      }]
    })
  }
}

resource "aws_sns_topic" "alarms" {
  name              = local.alarm_topic_name
  kms_master_key_id = aws_kms_key.this["observability"].arn
  policy            = local.alarm_topic_policies[var.primary_region]
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# Secondary topic: encrypted with the observability replica key, or without replication with the
# secondary region's own observability key (kms.tf).
resource "aws_sns_topic" "alarms_secondary" {
  for_each = var.enable_replication ? { for purpose, key in aws_kms_replica_key.this : var.secondary_region => key.arn if purpose == "observability" } : { (var.secondary_region) = aws_kms_key.secondary_observability[0].arn }
  provider = aws.secondary

  name              = local.alarm_topic_name
  kms_master_key_id = each.value
  policy            = local.alarm_topic_policies[each.key]
}

resource "aws_sns_topic_subscription" "alarm_email_secondary" {
  for_each = var.alarm_email == null ? {} : aws_sns_topic.alarms_secondary
  provider = aws.secondary

  topic_arn = each.value.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}
