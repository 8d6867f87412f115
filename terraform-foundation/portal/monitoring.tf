# Alarm topic, alarms and the dashboard of the serving (primary) region.

resource "aws_sns_topic" "alarms" {
  name              = "${local.prefix}-alarms-${local.env}"
  kms_master_key_id = module.primary.kms_key_arn
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  thresholds = var.alarm_thresholds

  ecs_dimensions = { ClusterName = module.primary.ecs_cluster_name, ServiceName = module.primary.ecs_service_name }
  alb_dimensions = { LoadBalancer = module.primary.alb_arn_suffix }
  db_dimensions  = { DBClusterIdentifier = module.primary.db_cluster_identifier }

  # name => alarm; comparison GreaterThanThreshold unless given.
  alarms = merge(
    {
      ecs-cpu = {
        description = "Portal ECS service CPU above ${local.thresholds.cpu_percent}%"
        namespace   = "AWS/ECS", metric = "CPUUtilization", statistic = "Average", dimensions = local.ecs_dimensions
        threshold   = local.thresholds.cpu_percent, periods = 5, comparison = "GreaterThanThreshold", missing = "missing"
      }
      ecs-memory = {
        description = "Portal ECS service memory above ${local.thresholds.memory_percent}%"
        namespace   = "AWS/ECS", metric = "MemoryUtilization", statistic = "Average", dimensions = local.ecs_dimensions
        threshold   = local.thresholds.memory_percent, periods = 5, comparison = "GreaterThanThreshold", missing = "missing"
      }
      ecs-running-tasks = {
        description = "Fewer portal tasks running than the floor of ${var.desired_count} (one per AZ)"
        namespace   = "ECS/ContainerInsights", metric = "RunningTaskCount", statistic = "Minimum", dimensions = local.ecs_dimensions
        threshold   = var.desired_count, periods = 3, comparison = "LessThanThreshold", missing = "breaching"
      }
      alb-5xx = {
        description = "ALB-generated 5xx responses (no healthy target, timeouts)"
        namespace   = "AWS/ApplicationELB", metric = "HTTPCode_ELB_5XX_Count", statistic = "Sum", dimensions = local.alb_dimensions
        threshold   = local.thresholds.alb_5xx_count, periods = 3, comparison = "GreaterThanThreshold", missing = "notBreaching"
      }
      target-5xx = {
        description = "Portal tasks answering 5xx"
        namespace   = "AWS/ApplicationELB", metric = "HTTPCode_Target_5XX_Count", statistic = "Sum", dimensions = local.alb_dimensions
        threshold   = local.thresholds.alb_5xx_count, periods = 3, comparison = "GreaterThanThreshold", missing = "notBreaching"
      }
      target-latency-p99 = {
        description = "Portal p99 target response time above ${local.thresholds.target_p99_seconds} s"
        namespace   = "AWS/ApplicationELB", metric = "TargetResponseTime", statistic = "p99", dimensions = local.alb_dimensions
        threshold   = local.thresholds.target_p99_seconds, periods = 5, comparison = "GreaterThanThreshold", missing = "notBreaching"
      }
      aurora-acu = {
        description = "Aurora capacity above ${local.thresholds.aurora_acu_percent}% of the maximum ACUs"
        namespace   = "AWS/RDS", metric = "ACUUtilization", statistic = "Maximum", dimensions = local.db_dimensions
        threshold   = local.thresholds.aurora_acu_percent, periods = 5, comparison = "GreaterThanThreshold", missing = "missing"
      }
      aurora-connections = {
        description = "Aurora connections above ${local.thresholds.aurora_connections}"
        namespace   = "AWS/RDS", metric = "DatabaseConnections", statistic = "Maximum", dimensions = local.db_dimensions
        threshold   = local.thresholds.aurora_connections, periods = 3, comparison = "GreaterThanThreshold", missing = "missing"
      }
      aurora-replica-lag = {
        description = "Aurora reader lag above ${local.thresholds.replica_lag_ms} ms"
        namespace   = "AWS/RDS", metric = "AuroraReplicaLagMaximum", statistic = "Maximum", dimensions = local.db_dimensions
        threshold   = local.thresholds.replica_lag_ms, periods = 3, comparison = "GreaterThanThreshold", missing = "missing"
      }
    },
    {
      for tg, suffix in module.primary.target_group_arn_suffixes : "unhealthy-targets-${tg}" => {
        description = "Unhealthy portal targets in the ${tg} target group"
        namespace   = "AWS/ApplicationELB", metric = "UnHealthyHostCount", statistic = "Maximum"
        dimensions  = { LoadBalancer = module.primary.alb_arn_suffix, TargetGroup = suffix }
        threshold   = 0, periods = 2, comparison = "GreaterThanThreshold", missing = "notBreaching"
      }
    },
  )
}

resource "aws_cloudwatch_metric_alarm" "portal" {
  for_each = local.alarms

  alarm_name          = "${local.prefix}-${each.key}-${local.env}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = startswith(each.value.statistic, "p") ? null : each.value.statistic
  extended_statistic  = startswith(each.value.statistic, "p") ? each.value.statistic : null
  period              = 60
  evaluation_periods  = each.value.periods
  datapoints_to_alarm = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  treat_missing_data  = each.value.missing
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

locals {
  region = var.primary_region

  dashboard_widgets = [
    { title = "ECS CPU / memory (%)", metrics = [
      ["AWS/ECS", "CPUUtilization", "ClusterName", local.ecs_dimensions.ClusterName, "ServiceName", local.ecs_dimensions.ServiceName],
      ["AWS/ECS", "MemoryUtilization", "ClusterName", local.ecs_dimensions.ClusterName, "ServiceName", local.ecs_dimensions.ServiceName],
    ] },
    { title = "ECS running / desired tasks", metrics = [
      ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", local.ecs_dimensions.ClusterName, "ServiceName", local.ecs_dimensions.ServiceName],
      ["ECS/ContainerInsights", "DesiredTaskCount", "ClusterName", local.ecs_dimensions.ClusterName, "ServiceName", local.ecs_dimensions.ServiceName],
    ] },
    { title = "ALB requests and 5xx", metrics = [
      ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", module.primary.alb_arn_suffix, { stat = "Sum" }],
      ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", module.primary.alb_arn_suffix, { stat = "Sum" }],
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", module.primary.alb_arn_suffix, { stat = "Sum" }],
    ] },
    { title = "ALB target response time p99 (s)", metrics = [
      ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", module.primary.alb_arn_suffix, { stat = "p99" }],
    ] },
    { title = "Healthy / unhealthy targets", metrics = flatten([
      for tg, suffix in module.primary.target_group_arn_suffixes : [
        ["AWS/ApplicationELB", "HealthyHostCount", "LoadBalancer", module.primary.alb_arn_suffix, "TargetGroup", suffix, { stat = "Minimum" }],
        ["AWS/ApplicationELB", "UnHealthyHostCount", "LoadBalancer", module.primary.alb_arn_suffix, "TargetGroup", suffix, { stat = "Maximum" }],
      ]
    ]) },
    { title = "Aurora capacity (ACU) and utilisation (%)", metrics = [
      ["AWS/RDS", "ServerlessDatabaseCapacity", "DBClusterIdentifier", local.db_dimensions.DBClusterIdentifier],
      ["AWS/RDS", "ACUUtilization", "DBClusterIdentifier", local.db_dimensions.DBClusterIdentifier],
    ] },
    { title = "Aurora connections", metrics = [
      ["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", local.db_dimensions.DBClusterIdentifier, { stat = "Maximum" }],
    ] },
    { title = "Aurora replica lag (ms)", metrics = [
      ["AWS/RDS", "AuroraReplicaLagMaximum", "DBClusterIdentifier", local.db_dimensions.DBClusterIdentifier, { stat = "Maximum" }],
    ] },
  ]
}

resource "aws_cloudwatch_dashboard" "portal" {
  dashboard_name = "${local.prefix}-${local.env}"

  dashboard_body = jsonencode({
    widgets = concat(
      [for i, w in local.dashboard_widgets : {
        type   = "metric"
        x      = (i % 2) * 12
        y      = floor(i / 2) * 6
        width  = 12
        height = 6
        properties = {
          title   = w.title
          region  = local.region
          view    = "timeSeries"
          stat    = "Average"
          period  = 60
          metrics = w.metrics
        }
      }],
      [{
        type   = "alarm"
        x      = 0
        y      = ceil(length(local.dashboard_widgets) / 2) * 6
        width  = 24
        height = 4
        properties = {
          title  = "Portal alarms"
          alarms = [for a in aws_cloudwatch_metric_alarm.portal : a.arn]
        }
      }],
    )
  })
}
