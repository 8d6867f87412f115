# DNS: the portal name (alias to CloudFront), each region's origin name (alias to its ALB) and the
# failover origin name: PRIMARY = the primary ALB while its health check passes, SECONDARY = the standby.

resource "aws_route53_health_check" "origin" {
  for_each = local.regional_origins

  type              = "HTTPS"
  fqdn              = each.value
  port              = 443
  resource_path     = var.health_check_path
  enable_sni        = true
  request_interval  = 10
  failure_threshold = 3
  measure_latency   = true
  regions           = var.health_check_regions

  tags = { Name = "${local.prefix}-health-${each.key}-${local.env}" }
}

resource "aws_route53_record" "regional_origin" {
  for_each = local.regional_origins

  zone_id = var.route53_zone_id
  name    = each.value
  type    = "A"

  alias {
    name                   = each.key == var.primary_region ? module.primary.alb_dns_name : module.standby[0].alb_dns_name
    zone_id                = each.key == var.primary_region ? module.primary.alb_zone_id : module.standby[0].alb_zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "failover_primary" {
  zone_id         = var.route53_zone_id
  name            = local.failover_origin
  type            = "A"
  set_identifier  = "primary-${var.primary_region}"
  health_check_id = aws_route53_health_check.origin[var.primary_region].id

  failover_routing_policy {
    type = "PRIMARY"
  }

  alias {
    name                   = module.primary.alb_dns_name
    zone_id                = module.primary.alb_zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "failover_secondary" {
  count = var.standby_enabled ? 1 : 0

  zone_id         = var.route53_zone_id
  name            = local.failover_origin
  type            = "A"
  set_identifier  = "secondary-${var.secondary_region}"
  health_check_id = aws_route53_health_check.origin[var.secondary_region].id

  failover_routing_policy {
    type = "SECONDARY"
  }

  alias {
    name                   = module.standby[0].alb_dns_name
    zone_id                = module.standby[0].alb_zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "portal" {
  for_each = toset(["A", "AAAA"])

  zone_id = var.route53_zone_id
  name    = var.domain_name
  type    = each.key

  alias {
    name                   = aws_cloudfront_distribution.portal.domain_name
    zone_id                = aws_cloudfront_distribution.portal.hosted_zone_id
    evaluate_target_health = false
  }
}
