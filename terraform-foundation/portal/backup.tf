# Cross-region copies of the primary database for the pilot-light standby: AWS Backup takes an Aurora
# snapshot on var.backup_copy_schedule (hourly) and copies it into a vault in the standby region,
# encrypted with the standby CMK. (Aurora global databases would give RPO ~1 s but cannot use the
# Aurora-managed master secret the tasks read; see README, "Standby".)

resource "aws_backup_vault" "primary" {
  count = var.standby_enabled ? 1 : 0

  name          = "${local.prefix}-backup-${var.primary_region}-${local.env}"
  kms_key_arn   = module.primary.kms_key_arn
  force_destroy = true
}

resource "aws_backup_vault" "standby" {
  provider = aws.secondary
  count    = var.standby_enabled ? 1 : 0

  name          = "${local.prefix}-backup-${var.secondary_region}-${local.env}"
  kms_key_arn   = module.standby[0].kms_key_arn
  force_destroy = true
}

resource "aws_backup_plan" "portal" {
  count = var.standby_enabled ? 1 : 0

  name = "${local.prefix}-backup-${local.env}"

  rule {
    rule_name         = "hourly-with-standby-copy"
    target_vault_name = aws_backup_vault.primary[0].name
    schedule          = var.backup_copy_schedule
    start_window      = 60
    completion_window = 180

    lifecycle {
      delete_after = var.backup_copy_retention_days
    }

    copy_action {
      destination_vault_arn = aws_backup_vault.standby[0].arn

      lifecycle {
        delete_after = var.backup_copy_retention_days
      }
    }
  }
}

resource "aws_iam_role" "backup" {
  count = var.standby_enabled ? 1 : 0

  name = "${local.prefix}-backup-${local.env}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "backup.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } }
    }]
  })
}

# AWS-managed service-role policies for AWS Backup (README, IAM wildcard exceptions).
resource "aws_iam_role_policy_attachment" "backup" {
  for_each = var.standby_enabled ? toset([
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  ]) : toset([])

  role       = aws_iam_role.backup[0].name
  policy_arn = each.value
}

resource "aws_backup_selection" "portal" {
  count = var.standby_enabled ? 1 : 0

  name         = "${local.prefix}-db-${local.env}"
  plan_id      = aws_backup_plan.portal[0].id
  iam_role_arn = aws_iam_role.backup[0].arn
  resources    = [module.primary.db_cluster_arn]
}
