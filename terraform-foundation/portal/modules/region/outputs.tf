# Whole objects where the root's tests and monitoring need several attributes.

output "region" {
  description = "Region of this stack."
  value       = local.region
}

output "azs" {
  description = "The three AZs used."
  value       = local.azs
}

output "vpc" {
  description = "VPC, subnets per tier, NAT gateways, route tables, network ACLs and the flow log."
  value = {
    vpc              = aws_vpc.portal
    public_subnets   = aws_subnet.public
    private_subnets  = aws_subnet.private
    isolated_subnets = aws_subnet.isolated
    nat_gateways     = aws_nat_gateway.portal
    private_routes   = aws_route_table.private
    isolated_routes  = aws_route_table.isolated
    nacls            = { public = aws_network_acl.public, private = aws_network_acl.private, isolated = aws_network_acl.isolated }
    flow_log         = aws_flow_log.portal
    flow_log_group   = aws_cloudwatch_log_group.flow_logs
    flow_log_policy  = aws_iam_role_policy.flow_logs
    default_sg       = aws_default_security_group.portal
  }
}

output "security" {
  description = "Security groups and their rules."
  value = {
    groups = { alb = aws_security_group.alb, tasks = aws_security_group.tasks, database = aws_security_group.database }
    rules = {
      alb_https_from_cloudfront = aws_vpc_security_group_ingress_rule.alb_https_from_cloudfront
      alb_https_from_route53    = aws_vpc_security_group_ingress_rule.alb_https_from_route53_health_checks
      alb_to_tasks              = aws_vpc_security_group_egress_rule.alb_to_tasks
      tasks_from_alb            = aws_vpc_security_group_ingress_rule.tasks_from_alb
      tasks_https               = aws_vpc_security_group_egress_rule.tasks_https
      tasks_to_database         = aws_vpc_security_group_egress_rule.tasks_to_database
      database_from_tasks       = aws_vpc_security_group_ingress_rule.database_from_tasks
    }
  }
}

output "kms_key_arn" {
  description = "The region's portal CMK."
  value       = aws_kms_key.portal.arn
}

output "kms_key" {
  description = "The region's portal CMK (policy, rotation, window)."
  value       = aws_kms_key.portal
}

output "alb" {
  description = "ALB, listeners, listener rules, target groups and the access-log bucket."
  value = {
    lb             = aws_lb.portal
    http           = aws_lb_listener.http
    https          = aws_lb_listener.https
    rules          = aws_lb_listener_rule.portal
    target_groups  = aws_lb_target_group.portal
    logs_bucket    = aws_s3_bucket.alb_logs
    logs_sse       = aws_s3_bucket_server_side_encryption_configuration.alb_logs
    logs_policy    = aws_s3_bucket_policy.alb_logs
    logs_lifecycle = aws_s3_bucket_lifecycle_configuration.alb_logs
  }
  sensitive = true # the rules carry the origin-verify value
}

output "alb_dns_name" {
  description = "DNS name of the ALB (Route 53 alias target)."
  value       = aws_lb.portal.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone of the ALB (Route 53 alias target)."
  value       = aws_lb.portal.zone_id
}

output "alb_arn_suffix" {
  description = "ALB dimension value of CloudWatch metrics."
  value       = aws_lb.portal.arn_suffix
}

output "target_group_arn_suffixes" {
  description = "TargetGroup dimension values, by target group key."
  value       = { for k, tg in aws_lb_target_group.portal : k => tg.arn_suffix }
}

output "ecs" {
  description = "Cluster, capacity providers, service, task definition, roles and the log group."
  value = {
    cluster            = aws_ecs_cluster.portal
    capacity_providers = aws_ecs_cluster_capacity_providers.portal
    service            = aws_ecs_service.portal
    task_definition    = aws_ecs_task_definition.portal
    log_group          = aws_cloudwatch_log_group.ecs
    execution_role     = aws_iam_role.execution
    execution_policy   = aws_iam_role_policy.execution
    task_role          = aws_iam_role.task
    task_policy        = aws_iam_role_policy.task
  }
}

output "ecs_cluster_name" {
  description = "ClusterName dimension value."
  value       = aws_ecs_cluster.portal.name
}

output "ecs_service_name" {
  description = "ServiceName dimension value."
  value       = aws_ecs_service.portal.name
}

output "autoscaling" {
  description = "Scalable target, target-tracking policies and scheduled actions (target, cpu and requests are null and the lists empty when enable_autoscaling is false)."
  value = {
    target   = local.scalable_target
    cpu      = one(aws_appautoscaling_policy.cpu)
    requests = one(aws_appautoscaling_policy.requests)
    open     = aws_appautoscaling_scheduled_action.trading_open
    close    = aws_appautoscaling_scheduled_action.trading_close
  }
}

output "database" {
  description = "Aurora cluster, instances, subnet group and log group (empty lists/maps without a database)."
  value = {
    cluster    = aws_rds_cluster.portal
    writer     = aws_rds_cluster_instance.writer
    readers    = aws_rds_cluster_instance.reader
    subnets    = aws_db_subnet_group.portal
    log_groups = aws_cloudwatch_log_group.aurora
    parameters = aws_rds_cluster_parameter_group.portal
  }
}

output "db_cluster_identifier" {
  description = "DBClusterIdentifier (null without a database)."
  value       = var.database.enabled ? aws_rds_cluster.portal[0].cluster_identifier : null
}

output "db_cluster_arn" {
  description = "Cluster ARN (AWS Backup selection; null without a database)."
  value       = var.database.enabled ? aws_rds_cluster.portal[0].arn : null
}
