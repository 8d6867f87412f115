# The same regional stack twice: the serving primary and the pilot-light standby
# (modules/region: network, ALB, ECS, Aurora, auto scaling).

module "primary" {
  source = "./modules/region"

  role                               = "primary"
  availability_zones                 = lookup(var.availability_zones, var.primary_region, null)
  vpc_cidr                           = var.primary_vpc_cidr
  nat_gateway_per_az                 = var.nat_gateway_per_az
  cloudfront_prefix_list_id          = lookup(var.cloudfront_prefix_list_ids, var.primary_region, null)
  route53_healthcheck_prefix_list_id = lookup(var.route53_healthcheck_prefix_list_ids, var.primary_region, null)
  certificate_arn                    = local.alb_certificate_arns.primary
  origin_verify_header_value         = var.origin_verify_header_value
  desired_count                      = var.desired_count
  min_count                          = var.desired_count
  max_count                          = var.max_count
  capacity                           = local.capacity
  scaling                            = local.scaling
  enable_autoscaling                 = var.enable_autoscaling
  database                           = merge(local.database_common, { enabled = true, snapshot_identifier = null })

  env                       = local.region_common.env
  account_id                = local.region_common.account_id
  log_retention_days        = local.region_common.log_retention_days
  origin_verify_header_name = local.region_common.origin_verify_header_name
  health_check_path         = local.region_common.health_check_path
  health_check_matcher      = local.region_common.health_check_matcher
  portal_image              = var.portal_image
  container                 = local.container_common
  container_port            = local.region_common.container_port
  task_cpu                  = local.region_common.task_cpu
  task_memory               = local.region_common.task_memory
}

# Pilot light: network (one NAT gateway), ALB, ECS service at standby_task_count (0), no database
# until a recovery point copy is restored (standby_restore_snapshot_identifier). See README, "Standby".
module "standby" {
  source = "./modules/region"
  count  = var.standby_enabled ? 1 : 0

  providers = {
    aws = aws.secondary
  }

  role                               = "standby"
  availability_zones                 = lookup(var.availability_zones, var.secondary_region, null)
  vpc_cidr                           = var.secondary_vpc_cidr
  nat_gateway_per_az                 = false
  cloudfront_prefix_list_id          = lookup(var.cloudfront_prefix_list_ids, var.secondary_region, null)
  route53_healthcheck_prefix_list_id = lookup(var.route53_healthcheck_prefix_list_ids, var.secondary_region, null)
  certificate_arn                    = local.alb_certificate_arns.secondary
  origin_verify_header_value         = var.origin_verify_header_value
  desired_count                      = var.standby_task_count
  min_count                          = var.standby_task_count
  max_count                          = var.max_count
  capacity                           = local.capacity
  scaling                            = local.scaling
  enable_autoscaling                 = var.enable_autoscaling
  database = merge(local.database_common, {
    enabled             = var.standby_restore_snapshot_identifier != null
    snapshot_identifier = var.standby_restore_snapshot_identifier
  })

  env                       = local.region_common.env
  account_id                = local.region_common.account_id
  log_retention_days        = local.region_common.log_retention_days
  origin_verify_header_name = local.region_common.origin_verify_header_name
  health_check_path         = local.region_common.health_check_path
  health_check_matcher      = local.region_common.health_check_matcher
  portal_image              = local.standby_image
  container                 = local.container_common
  container_port            = local.region_common.container_port
  task_cpu                  = local.region_common.task_cpu
  task_memory               = local.region_common.task_memory
}
