# The portal's container registry. It lives here, not in the portal root, because the image must exist
# before the portal root can be applied (the task definition names it by digest), and core is applied
# first. ECR is regional: a repository in the portal region (CI pushes there) and one of the same name in
# the portal's standby region, filled by registry replication, so a failover pulls from its own region.
# Tags are immutable (CI pushes a unique tag per run and deploys by digest), images are scanned on push,
# encrypted with a customer-managed key per region, and expire by the lifecycle policy below.

locals {
  portal_ecr_name = "${local.name_prefix}-portal-${var.environment_suffix}"

  portal_ecr_lifecycle_policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Untagged images (layers of superseded pushes) after 14 days"
        selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 14 }
        action       = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the newest ${var.portal_image_retention_count} images"
        selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = var.portal_image_retention_count }
        action       = { type = "expire" }
      },
    ]
  })

  portal_ecr_kms_policies = {
    for region in [var.portal_region, var.portal_standby_region] : region => jsonencode({
      Version = "2012-10-17"
      Statement = [
        local.kms_root_statement,
        {
          # ECR encrypts layers through grants it creates on behalf of the account's principals.
          Sid       = "AllowUseThroughEcr"
          Effect    = "Allow"
          Principal = { AWS = "arn:${local.partition}:iam::${var.account_id}:root" }
          Action    = concat(local.kms_use_actions, ["kms:CreateGrant"])
          Resource  = "*"
          Condition = {
            StringEquals = {
              "kms:ViaService"    = "ecr.${region}.amazonaws.com"
              "kms:CallerAccount" = var.account_id
            }
          }
        },
      ]
    })
  }
}

resource "aws_kms_key" "portal_ecr" {
  provider = aws.portal

  description             = "${local.portal_ecr_name} container images (${var.portal_region})"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = local.portal_ecr_kms_policies[var.portal_region]
}

resource "aws_kms_alias" "portal_ecr" {
  provider = aws.portal

  name          = "alias/${local.portal_ecr_name}-ecr"
  target_key_id = aws_kms_key.portal_ecr.key_id
}

resource "aws_kms_key" "portal_ecr_standby" {
  provider = aws.portal_standby

  description             = "${local.portal_ecr_name} container images (${var.portal_standby_region})"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = local.portal_ecr_kms_policies[var.portal_standby_region]
}

resource "aws_kms_alias" "portal_ecr_standby" {
  provider = aws.portal_standby

  name          = "alias/${local.portal_ecr_name}-ecr"
  target_key_id = aws_kms_key.portal_ecr_standby.key_id
}

resource "aws_ecr_repository" "portal" {
  provider = aws.portal

  name                 = local.portal_ecr_name
  image_tag_mutability = "IMMUTABLE"
  # Destroyable like every other resource here (scripts/terraform/check.sh, static rules).
  force_delete = true

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.portal_ecr.arn
  }
}

# Created up front (same name) so the replicated images get these settings, not ECR's defaults.
resource "aws_ecr_repository" "portal_standby" {
  provider = aws.portal_standby

  name                 = local.portal_ecr_name
  image_tag_mutability = "IMMUTABLE"
  force_delete         = true

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.portal_ecr_standby.arn
  }
}

resource "aws_ecr_lifecycle_policy" "portal" {
  provider = aws.portal

  repository = aws_ecr_repository.portal.name
  policy     = local.portal_ecr_lifecycle_policy
}

resource "aws_ecr_lifecycle_policy" "portal_standby" {
  provider = aws.portal_standby

  repository = aws_ecr_repository.portal_standby.name
  policy     = local.portal_ecr_lifecycle_policy
}

# One replication configuration per account and region (see manage_portal_ecr_replication): every
# ledgerline-portal-* repository of the portal region goes to the standby region of this account.
resource "aws_ecr_replication_configuration" "portal" {
  provider = aws.portal
  count    = var.manage_portal_ecr_replication ? 1 : 0

  replication_configuration {
    rule {
      destination {
        region      = var.portal_standby_region
        registry_id = var.account_id
      }

      repository_filter {
        filter      = "${local.name_prefix}-portal-"
        filter_type = "PREFIX_MATCH"
      }
    }
  }

  depends_on = [aws_ecr_repository.portal_standby]
}
