# ECS on Fargate: Container Insights, FARGATE_SPOT with an on-demand FARGATE floor, rolling deploys
# that never drop below the desired count and roll back on a failed deployment.

resource "aws_ecs_cluster" "portal" {
  name = "${local.prefix}-${local.rsuffix}"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "portal" {
  cluster_name       = aws_ecs_cluster.portal.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = var.capacity.fargate_base
    weight            = var.capacity.fargate_weight
  }
}

resource "aws_cloudwatch_log_group" "ecs" {
  name              = local.log_group_names.ecs
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.portal.arn
}

locals {
  # The Aurora-managed master secret (username + password JSON keys). Null when this region has no cluster.
  db_secret_arn = var.database.enabled ? aws_rds_cluster.portal[0].master_user_secret[0].secret_arn : null

  container_environment = concat(
    [
      { name = "PORT", value = tostring(var.container_port) },
      { name = "HEALTH_PATH", value = var.health_check_path },
      { name = "PORTAL_REGION", value = local.region },
      { name = "PORTAL_ROLE", value = var.role },
      { name = "STAGE", value = local.env },
      { name = "API_BASE_URL", value = var.container.api_base_url },
    ],
    var.database.enabled ? [
      { name = "DB_HOST", value = aws_rds_cluster.portal[0].endpoint },
      { name = "DB_READER_HOST", value = aws_rds_cluster.portal[0].reader_endpoint },
      { name = "DB_PORT", value = "5432" },
      { name = "DB_NAME", value = var.database.database_name },
    ] : [],
  )

  container_secrets = var.database.enabled ? [
    { name = "DB_USERNAME", valueFrom = "${local.db_secret_arn}:username::" },
    { name = "DB_PASSWORD", valueFrom = "${local.db_secret_arn}:password::" },
  ] : []
}

resource "aws_ecs_task_definition" "portal" {
  family                   = "${local.prefix}-${local.rsuffix}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  # The root filesystem is read-only; /tmp is the task's (ephemeral, per-task) storage for anything a
  # library writes there. The portal itself writes nothing but stdout.
  volume {
    name = "tmp"
  }

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([{
    name                   = "portal"
    image                  = var.portal_image
    essential              = true
    readonlyRootFilesystem = true
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    # SIGTERM, then this long for the drain (readiness 503, in-flight requests, pools) before SIGKILL.
    stopTimeout     = var.container.stop_timeout_seconds
    portMappings    = [{ containerPort = var.container_port, protocol = "tcp" }]
    environment     = local.container_environment
    secrets         = local.container_secrets
    linuxParameters = { initProcessEnabled = true }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.ecs.name
        awslogs-region        = local.region
        awslogs-stream-prefix = "portal"
      }
    }
  }])
}

resource "aws_ecs_service" "portal" {
  name                              = "${local.prefix}-${local.env}"
  cluster                           = aws_ecs_cluster.portal.id
  task_definition                   = aws_ecs_task_definition.portal.arn
  desired_count                     = var.desired_count
  platform_version                  = "LATEST"
  health_check_grace_period_seconds = 60
  enable_ecs_managed_tags           = true
  propagate_tags                    = "SERVICE"
  # Keeps the tasks balanced across the three AZs after scaling or an AZ recovery.
  availability_zone_rebalancing = "ENABLED"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # On-demand floor first (base), the rest mostly on Spot.
  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = var.capacity.fargate_base
    weight            = var.capacity.fargate_weight
  }

  capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    base              = 0
    weight            = var.capacity.spot_weight
  }

  # One private subnet per AZ: Fargate spreads the tasks across them.
  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = aws_lb_target_group.portal
    content {
      target_group_arn = load_balancer.value.arn
      container_name   = "portal"
      container_port   = var.container_port
    }
  }

  depends_on = [aws_lb_listener_rule.portal, aws_ecs_cluster_capacity_providers.portal]

  lifecycle {
    # Auto scaling owns the running count after creation.
    ignore_changes = [desired_count]
  }
}
