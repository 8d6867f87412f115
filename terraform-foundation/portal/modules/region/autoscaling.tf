# Target tracking on CPU and on requests per target, plus (primary only) scheduled actions that raise
# the floor before the trading day opens and lower it after the close. enable_autoscaling = false
# leaves all of it out (the service then stays at desired_count): an emulated run only (moto has no
# Application Auto Scaling tagging API), never a real stage.

# Primary: the scheduled actions move the floor during the day, so Terraform leaves min_capacity alone
# after creation (an apply at noon must not drop the trading-day floor).
resource "aws_appautoscaling_target" "portal" {
  count = local.primary && var.enable_autoscaling ? 1 : 0

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
  count = !local.primary && var.enable_autoscaling ? 1 : 0

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.portal.name}/${aws_ecs_service.portal.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_count
  max_capacity       = var.max_count
}

locals {
  # The one scalable target of this region (null when enable_autoscaling is false).
  scalable_target = one(concat(aws_appautoscaling_target.portal, aws_appautoscaling_target.standby))
}

resource "aws_appautoscaling_policy" "cpu" {
  count = var.enable_autoscaling ? 1 : 0

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
  count = var.enable_autoscaling ? 1 : 0

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
  count = local.primary && var.enable_autoscaling ? 1 : 0

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
  count = local.primary && var.enable_autoscaling ? 1 : 0

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
