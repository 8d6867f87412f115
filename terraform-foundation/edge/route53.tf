# Only with var.domain_name: zone, certificates, regional API custom domains behind latency records
# with health checks, and the CloudFront alias.
#
#   api.<domain>                  -> CloudFront (ACM certificate in us-east-1)
#   <service>.origin.<domain>     -> latency record per region -> regional API custom domain
#                                    (ACM certificate per region), health check on /<stage>/<service>/health

locals {
  domain_count = local.domain_enabled ? 1 : 0
  # Both regional certificates cover *.origin.<domain>; ACM issues the same DNS validation record for
  # the same name in one account, so the primary certificate's record validates both.
  validation_certificates = local.domain_enabled ? {
    cloudfront = aws_acm_certificate.cloudfront[0]
    regional   = aws_acm_certificate.regional_primary[0]
  } : {}
  domain_services = local.domain_enabled ? var.services : {}
  health_checked  = local.domain_enabled ? local.regional_origins : {}
}

resource "aws_route53_zone" "this" {
  count = local.domain_count

  name          = var.domain_name
  comment       = "ledgerline-${local.env}"
  force_destroy = true
}

resource "aws_acm_certificate" "cloudfront" {
  count    = local.domain_count
  provider = aws.global

  domain_name       = local.api_fqdn
  validation_method = "DNS"

  tags = { Name = "ledgerline-cloudfront-${local.env}" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "regional_primary" {
  count = local.domain_count

  domain_name       = "*.${local.origin_domain}"
  validation_method = "DNS"

  tags = { Name = "ledgerline-origin-${var.primary_region}-${local.env}" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "regional_secondary" {
  count    = local.domain_count
  provider = aws.secondary

  domain_name       = "*.${local.origin_domain}"
  validation_method = "DNS"

  tags = { Name = "ledgerline-origin-${var.secondary_region}-${local.env}" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "certificate_validation" {
  for_each = local.validation_certificates

  zone_id         = aws_route53_zone.this[0].zone_id
  name            = one(each.value.domain_validation_options).resource_record_name
  type            = one(each.value.domain_validation_options).resource_record_type
  records         = [one(each.value.domain_validation_options).resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "cloudfront" {
  count    = local.domain_count
  provider = aws.global

  certificate_arn         = aws_acm_certificate.cloudfront[0].arn
  validation_record_fqdns = [aws_route53_record.certificate_validation["cloudfront"].fqdn]
}

resource "aws_acm_certificate_validation" "regional_primary" {
  count = local.domain_count

  certificate_arn         = aws_acm_certificate.regional_primary[0].arn
  validation_record_fqdns = [aws_route53_record.certificate_validation["regional"].fqdn]
}

resource "aws_acm_certificate_validation" "regional_secondary" {
  count    = local.domain_count
  provider = aws.secondary

  certificate_arn         = aws_acm_certificate.regional_secondary[0].arn
  validation_record_fqdns = [aws_route53_record.certificate_validation["regional"].fqdn]
}

# Regional custom domain per service; base path "" maps to the service's stage, so
# <service>.origin.<domain>/<service>/... reaches the same routes as the execute-api URL.
resource "aws_api_gateway_domain_name" "primary" {
  for_each = local.domain_services

  domain_name              = "${each.key}.${local.origin_domain}"
  regional_certificate_arn = aws_acm_certificate_validation.regional_primary[0].certificate_arn
  security_policy          = "TLS_1_2"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = { Name = "ledgerline-${each.key}-origin-${var.primary_region}-${local.env}" }
}

resource "aws_api_gateway_base_path_mapping" "primary" {
  for_each = local.domain_services

  domain_name = aws_api_gateway_domain_name.primary[each.key].domain_name
  api_id      = local.regional_origins["${each.key}-${var.primary_region}"].api_id
  stage_name  = local.env
}

resource "aws_api_gateway_domain_name" "secondary" {
  for_each = local.domain_services
  provider = aws.secondary

  domain_name              = "${each.key}.${local.origin_domain}"
  regional_certificate_arn = aws_acm_certificate_validation.regional_secondary[0].certificate_arn
  security_policy          = "TLS_1_2"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = { Name = "ledgerline-${each.key}-origin-${var.secondary_region}-${local.env}" }
}

resource "aws_api_gateway_base_path_mapping" "secondary" {
  for_each = local.domain_services
  provider = aws.secondary

  domain_name = aws_api_gateway_domain_name.secondary[each.key].domain_name
  api_id      = local.regional_origins["${each.key}-${var.secondary_region}"].api_id
  stage_name  = local.env
}

# Route 53 health checks cannot send custom headers: the services must answer GET /<service>/health
# without the origin-verify header (it exposes no data).
resource "aws_route53_health_check" "api" {
  for_each = local.health_checked

  type              = "HTTPS"
  fqdn              = each.value.host
  port              = 443
  resource_path     = "/${local.env}/${each.value.service}/health"
  request_interval  = 30
  failure_threshold = 3
  measure_latency   = true
  enable_sni        = true

  tags = { Name = "ledgerline-${each.value.service}-${each.value.region}-${local.env}" }
}

resource "aws_route53_record" "api_latency" {
  for_each = local.health_checked

  zone_id         = aws_route53_zone.this[0].zone_id
  name            = "${each.value.service}.${local.origin_domain}"
  type            = "A"
  set_identifier  = "ledgerline-${each.value.service}-${each.value.region}-${local.env}"
  health_check_id = aws_route53_health_check.api[each.key].id

  latency_routing_policy {
    region = each.value.region
  }

  alias {
    name                   = each.value.region == var.primary_region ? aws_api_gateway_domain_name.primary[each.value.service].regional_domain_name : aws_api_gateway_domain_name.secondary[each.value.service].regional_domain_name
    zone_id                = each.value.region == var.primary_region ? aws_api_gateway_domain_name.primary[each.value.service].regional_zone_id : aws_api_gateway_domain_name.secondary[each.value.service].regional_zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "cloudfront" {
  for_each = local.domain_enabled ? toset(["A", "AAAA"]) : toset([])

  zone_id = aws_route53_zone.this[0].zone_id
  name    = local.api_fqdn
  type    = each.key

  alias {
    name                   = aws_cloudfront_distribution.api.domain_name
    zone_id                = aws_cloudfront_distribution.api.hosted_zone_id
    evaluate_target_health = false
  }
}
