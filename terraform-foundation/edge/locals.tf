locals {
  # CloudFront, its ACM certificate, CLOUDFRONT-scope WAF and their metrics exist only in us-east-1.
  global_region = "us-east-1"
  env           = var.environment_suffix

  default_tags = merge(var.tags, {
    CostCenter  = var.cost_center
    Environment = var.environment_suffix
    Compliance  = var.compliance
    Project     = "ledgerline"
    ManagedBy   = "terraform/edge"
  })

  regions = [var.primary_region, var.secondary_region]

  # --- APIs, functions and tables, named as the services name them --------------------------------
  api_names = { for svc in keys(var.services) : svc => "ledgerline-${svc}-${local.env}" }

  function_names = merge([
    for svc, s in var.services : { for f in s.functions : "${svc}-${f}" => "ledgerline-${svc}-${local.env}-${f}" }
  ]...)

  table_definitions_dir = coalesce(var.table_definitions_dir, "${path.module}/../../shared/tables")
  table_names = {
    for f in fileset(local.table_definitions_dir, "*.json") :
    jsondecode(file("${local.table_definitions_dir}/${f}")).stem => "ledgerline-${jsondecode(file("${local.table_definitions_dir}/${f}")).stem}-${local.env}"
    if can(jsondecode(file("${local.table_definitions_dir}/${f}")).stem)
  }

  # --- CloudFront origins -----------------------------------------------------------------------------
  # One origin per service and region ("<service>-<region>"), reached at /<stage>.
  regional_origins = merge([
    for svc, by_region in var.api_origins : {
      for region, host in by_region : "${svc}-${region}" => {
        service = svc
        region  = region
        host    = host
        api_id  = split(".", host)[0]
      }
    }
  ]...)

  domain_enabled = var.domain_name != null
  api_fqdn       = local.domain_enabled ? "${var.api_subdomain}.${var.domain_name}" : null
  origin_domain  = local.domain_enabled ? "${var.origin_subdomain}.${var.domain_name}" : null

  # With a domain, all-method behaviours use the latency-routed regional custom domain (DNS health
  # checks move every method to the healthy region); without one they use write_origin_region.
  latency_origins = local.domain_enabled ? { for svc in keys(var.services) : "${svc}-latency" => "${svc}.${local.origin_domain}" } : {}
  write_targets = {
    for svc in keys(var.services) : svc => local.domain_enabled ? "${svc}-latency" : "${svc}-${var.write_origin_region}"
  }

  all_methods       = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
  read_only_methods = ["GET", "HEAD", "OPTIONS"]

  # Read-only behaviours first: CloudFront matches ordered behaviours top-down.
  behaviours = concat(
    flatten([for svc, s in var.services : [for p in s.read_only_path_patterns : { path = p, target = "${svc}-failover", methods = local.read_only_methods }]]),
    flatten([for svc, s in var.services : [for p in s.path_patterns : { path = p, target = local.write_targets[svc], methods = local.all_methods }]]),
  )
}
