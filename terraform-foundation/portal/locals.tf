locals {
  # CloudFront, its ACM certificate and CLOUDFRONT-scope WAF exist only in us-east-1.
  global_region = "us-east-1"
  env           = var.environment_suffix
  prefix        = "ledgerline-portal"

  default_tags = merge(var.tags, {
    CostCenter  = var.cost_center
    Environment = var.environment_suffix
    Compliance  = var.compliance
    Project     = "ledgerline"
    ManagedBy   = "terraform/portal"
  })

  # Origin host names (all one label under origin.<domain>, so one wildcard certificate per region):
  #   failover.origin.<domain>  Route 53 failover record (primary ALB, standby ALB when unhealthy)
  #   <region>.origin.<domain>  each region's ALB directly (CloudFront origin group, health checks)
  origin_domain   = "origin.${var.domain_name}"
  failover_origin = "failover.${local.origin_domain}"
  regional_origins = merge(
    { (var.primary_region) = "${var.primary_region}.${local.origin_domain}" },
    var.standby_enabled ? { (var.secondary_region) = "${var.secondary_region}.${local.origin_domain}" } : {},
  )

  create_certificates = var.certificate_arns == null
  alb_certificate_arns = local.create_certificates ? merge(
    { primary = aws_acm_certificate_validation.alb_primary[0].certificate_arn },
    var.standby_enabled ? { secondary = aws_acm_certificate_validation.alb_secondary[0].certificate_arn } : {},
  ) : { primary = var.certificate_arns.primary, secondary = var.certificate_arns.secondary }
  cloudfront_certificate_arn = local.create_certificates ? aws_acm_certificate_validation.cloudfront[0].certificate_arn : var.certificate_arns.cloudfront

  # Settings shared by both regions; the standby differs in counts, NAT and database.
  region_common = {
    env                       = local.env
    account_id                = var.account_id
    log_retention_days        = var.log_retention_days
    origin_verify_header_name = var.origin_verify_header_name
    health_check_path         = var.health_check_path
    health_check_matcher      = var.health_check_matcher
    container_port            = var.container_port
    task_cpu                  = var.task_cpu
    task_memory               = var.task_memory
  }

  # The standby's image: the same repository and digest in its own region's registry (replicated by ECR),
  # when the image is in the primary region's ECR; anything else as given.
  primary_ecr_host = ".dkr.ecr.${var.primary_region}.amazonaws.com/"
  standby_image = (
    var.standby_image_from_replica && strcontains(var.portal_image, local.primary_ecr_host)
    ? replace(var.portal_image, local.primary_ecr_host, ".dkr.ecr.${var.secondary_region}.amazonaws.com/")
    : var.portal_image
  )

  # Container settings shared by both regions.
  container_common = {
    api_base_url         = var.api_base_url
    stop_timeout_seconds = var.stop_timeout_seconds
  }

  database_common = {
    engine_version            = var.aurora_engine_version
    min_acu                   = var.aurora_min_acu
    max_acu                   = var.aurora_max_acu
    reader_count              = var.aurora_reader_count
    backup_retention_days     = var.backup_retention_days
    database_name             = "portal"
    master_username           = "portal_admin"
    app_username              = "portal_app"
    performance_insights_days = 7
  }

  scaling = {
    cpu_target             = var.cpu_target_percent
    requests_per_target    = var.requests_per_target
    trading_min_count      = var.trading_hours_min_count
    trading_open_schedule  = var.trading_open_schedule
    trading_close_schedule = var.trading_close_schedule
    schedule_timezone      = var.schedule_timezone
  }

  capacity = {
    fargate_base   = var.fargate_base_count
    fargate_weight = var.fargate_weight
    spot_weight    = var.fargate_spot_weight
  }

  # AWS managed CloudFront policies (fixed ids, so no data source at plan time).
  cache_policy_disabled       = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" # Managed-CachingDisabled
  cache_policy_optimized      = "658327ea-f89d-4fab-a63d-7e88639e58f6" # Managed-CachingOptimized
  origin_request_all_but_host = "b689b0a8-53d0-40ab-baf2-68738e2966ac" # Managed-AllViewerExceptHostHeader
  all_methods                 = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
  read_only_methods           = ["GET", "HEAD", "OPTIONS"]
  trail_name                  = "${local.prefix}-trail-${local.env}"
}
