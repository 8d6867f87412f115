# Customer-managed keys: data (DynamoDB), secrets (Secrets Manager), observability (SNS + CloudWatch Logs).
# With replication on, each key is a multi-region primary in the primary region with a replica in the
# secondary region, so replicas of tables and secrets are encrypted with "the same" key there.

locals {
  kms_policy_regions = distinct([var.primary_region, var.secondary_region])

  # Actions a service may use on a key. Listed one by one: no kms:* / ReEncrypt* / GenerateDataKey*.
  kms_use_actions = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:DescribeKey",
  ]

  kms_root_statement = {
    # AWS-standard key administration statement (README: "IAM wildcard exceptions").
    Sid       = "EnableRootAccountAdministration"
    Effect    = "Allow"
    Principal = { AWS = "arn:${local.partition}:iam::${var.account_id}:root" }
    Action    = "kms:*"
    Resource  = "*"
  }

  kms_policies = {
    for region in local.kms_policy_regions : region => {
      for purpose, key in local.kms_keys : purpose => jsonencode({
        Version = "2012-10-17"
        Statement = concat(
          [local.kms_root_statement],
          key.via_service == null ? [] : [{
            Sid       = "AllowUseThrough${title(key.via_service)}"
            Effect    = "Allow"
            Principal = { AWS = "arn:${local.partition}:iam::${var.account_id}:root" }
            Action    = concat(local.kms_use_actions, ["kms:CreateGrant"])
            Resource  = "*"
            Condition = {
              StringEquals = {
                "kms:ViaService"    = "${key.via_service}.${region}.amazonaws.com"
                "kms:CallerAccount" = var.account_id
              }
            }
          }],
          purpose != "observability" ? [] : [
            {
              Sid       = "AllowCloudWatchLogsEncryption"
              Effect    = "Allow"
              Principal = { Service = "logs.${region}.amazonaws.com" }
              Action    = local.kms_use_actions
              Resource  = "*"
              Condition = {
                ArnLike = {
                  "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${region}:${var.account_id}:log-group:*"
                }
              }
            },
            {
              Sid       = "AllowCloudWatchAlarmsToPublishToEncryptedTopics"
              Effect    = "Allow"
              Principal = { Service = "cloudwatch.amazonaws.com" }
              Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
              Resource  = "*"
              Condition = {
                StringEquals = { "aws:SourceAccount" = var.account_id }
              }
            },
          ],
        )
      })
    }
  }
}

resource "aws_kms_key" "this" {
  for_each = local.kms_keys

  description             = "ledgerline-${each.key}-${var.environment_suffix}: ${each.value.description}"
  multi_region            = var.enable_replication
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = local.kms_policies[var.primary_region][each.key]
}

resource "aws_kms_alias" "this" {
  for_each = local.kms_keys

  name          = "alias/ledgerline-${each.key}-${var.environment_suffix}"
  target_key_id = aws_kms_key.this[each.key].key_id
}

resource "aws_kms_replica_key" "this" {
  for_each = local.replica_kms_keys
  provider = aws.secondary

  description             = "ledgerline-${each.key}-${var.environment_suffix} replica: ${each.value.description}"
  primary_key_arn         = aws_kms_key.this[each.key].arn
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = local.kms_policies[var.secondary_region][each.key]
}

resource "aws_kms_alias" "replica" {
  for_each = local.replica_kms_keys
  provider = aws.secondary

  name          = "alias/ledgerline-${each.key}-${var.environment_suffix}"
  target_key_id = aws_kms_replica_key.this[each.key].key_id
}

# Without replication (a single-region stage, or the emulated deploy) the services and the edge alarms
# still run in the secondary region (the pipeline deploys both regions), and CloudWatch alarms can only
# publish to an SNS topic in their own region encrypted with a customer-managed key: the secondary
# region then gets a single-region observability key of its own (same policy) for its alarm topic and
# log groups. With replication the replica key plays that part.
resource "aws_kms_key" "secondary_observability" {
  count    = var.enable_replication ? 0 : 1
  provider = aws.secondary

  description             = "ledgerline-observability-${var.environment_suffix} (secondary region, single-region key): ${local.kms_keys.observability.description}"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = local.kms_policies[var.secondary_region]["observability"]
}

resource "aws_kms_alias" "secondary_observability" {
  count    = var.enable_replication ? 0 : 1
  provider = aws.secondary

  name          = "alias/ledgerline-observability-${var.environment_suffix}"
  target_key_id = aws_kms_key.secondary_observability[0].key_id
}
