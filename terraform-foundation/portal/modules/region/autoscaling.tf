# Target tracking on CPU and on requests per target, plus (primary only) scheduled actions that raise
# the floor before the trading day opens and lower it after the close.

# Primary: the scheduled actions move the floor during the day, so Terraform leaves min_capacity alone
# after creation (an apply at noon must not drop the trading-day floor).
resource "aws_appautoscaling_target" "portal" {
  count = local.primary ? 1 : 0

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.portal.name}/${aws_ecs_service.portal.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_count
  max_capacity       = var.max_count

  lifecycle {
    ignore_changes = [min_capacity]
  }
}

# Standby: min_capacity is the failover switch (standby_task_count), so Terraform owns it.
resource "aws_appautoscaling_target" "standby" {
  count = local.primary ? 0 : 1

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.portal.name}/${aws_ecs_service.portal.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_count
  max_capacity       = var.max_count
}

locals {
  scalable_target = local.primary ? aws_appautoscaling_target.portal[0] : aws_appautoscaling_target.standby[0]
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "${local.prefix}-cpu-${local.rsuffix}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = local.scalable_target.service_namespace
  resource_id        = local.scalable_target.resource_id
  scalable_dimension = local.scalable_target.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.scaling.cpu_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  name               = "${local.prefix}-requests-${local.rsuffix}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = local.scalable_target.service_namespace
  resource_id        = local.scalable_target.resource_id
  scalable_dimension = local.scalable_target.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.scaling.requests_per_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.portal.arn_suffix}/${aws_lb_target_group.portal["web"].arn_suffix}"
    }
  }
}

resource "aws_appautoscaling_scheduled_action" "trading_open" {
  count = local.primary ? 1 : 0

  name               = "${local.prefix}-trading-open-${local.rsuffix}"
  service_namespace  = local.scalable_target.service_namespace
  resource_id        = local.scalable_target.resource_id
  scalable_dimension = local.scalable_target.scalable_dimension
  schedule           = var.scaling.trading_open_schedule
  timezone           = var.scaling.schedule_timezone

  scalable_target_action {
    min_capacity = var.scaling.trading_min_count
    max_capacity = var.max_count
  }
}

resource "aws_appautoscaling_scheduled_action" "trading_close" {
  count = local.primary ? 1 : 0

  name               = "${local.prefix}-trading-close-${local.rsuffix}"
  service_namespace  = local.scalable_target.service_namespace
  resource_id        = local.scalable_target.resource_id
  scalable_dimension = local.scalable_target.scalable_dimension
  schedule           = var.scaling.trading_close_schedule
  timezone           = var.scaling.schedule_timezone

  scalable_target_action {
    min_capacity = var.min_count
    max_capacity = var.max_count
  }

  # Application Auto Scaling rejects concurrent updates of actions on one target.
  depends_on = [aws_appautoscaling_scheduled_action.trading_open]
}
