# Least-privilege roles of the portal tasks. The only "*" resource is ecr:GetAuthorizationToken,
# which has no resource-level permissions (README, IAM wildcard exceptions).

locals {
  # <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest] -> repository ARN.
  ecr_match          = try(regex("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([^:@]+)", var.portal_image), null)
  ecr_repository_arn = local.ecr_match == null ? null : "arn:aws:ecr:${local.ecr_match[1]}:${local.ecr_match[0]}:repository/${local.ecr_match[2]}"

  ecs_assume_role = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = var.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:aws:ecs:${local.region}:${var.account_id}:*" }
      }
    }]
  })
}

# Execution role: pull the image, write the container log group, read the Aurora-managed secret.
resource "aws_iam_role" "execution" {
  name               = "${local.prefix}-exec-${local.rsuffix}"
  assume_role_policy = local.ecs_assume_role
}

resource "aws_iam_role_policy" "execution" {
  name = "${local.prefix}-exec-${local.rsuffix}"
  role = aws_iam_role.execution.id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [for s in local.execution_statements : s.statement if s.enabled]
  })
}

locals {
  execution_statements = [
    {
      enabled = local.ecr_repository_arn != null
      statement = {
        Sid      = "EcrAuthorizationTokenNoResourceLevel"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*"
      }
    },
    {
      enabled = local.ecr_repository_arn != null
      statement = {
        Sid      = "PullPortalImage"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Resource = local.ecr_repository_arn
      }
    },
    {
      enabled = true
      statement = {
        Sid      = "WriteContainerLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.ecs.arn}:log-stream:*"
      }
    },
    {
      enabled = var.database.enabled
      statement = {
        Sid      = "ReadAuroraManagedSecret"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = local.db_secret_arn
      }
    },
    {
      enabled = var.database.enabled
      statement = {
        Sid       = "DecryptAuroraManagedSecret"
        Effect    = "Allow"
        Action    = "kms:Decrypt"
        Resource  = aws_kms_key.portal.arn
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" } }
      }
    },
  ]
}

# Task role: what the portal code itself may do. IAM database authentication as the application user.
resource "aws_iam_role" "task" {
  name               = "${local.prefix}-task-${local.rsuffix}"
  assume_role_policy = local.ecs_assume_role
}

resource "aws_iam_role_policy" "task" {
  count = var.database.enabled ? 1 : 0

  name = "${local.prefix}-task-${local.rsuffix}"
  role = aws_iam_role.task.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "IamDatabaseAuthentication"
      Effect   = "Allow"
      Action   = "rds-db:connect"
      Resource = "arn:aws:rds-db:${local.region}:${var.account_id}:dbuser:${aws_rds_cluster.portal[0].cluster_resource_id}/${var.database.app_username}"
    }]
  })
}
