# ACM certificates, created and DNS-validated in var.route53_zone_id unless var.certificate_arns is
# given: one per ALB region for *.origin.<domain> (ACM returns the same validation record for the same
# name in one account, so one record validates both), one in us-east-1 for CloudFront.

resource "aws_acm_certificate" "alb_primary" {
  count = local.create_certificates ? 1 : 0

  domain_name       = "*.${local.origin_domain}"
  validation_method = "DNS"

  tags = { Name = "${local.prefix}-alb-${var.primary_region}-${local.env}" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "alb_secondary" {
  provider = aws.secondary
  count    = local.create_certificates && var.standby_enabled ? 1 : 0

  domain_name       = "*.${local.origin_domain}"
  validation_method = "DNS"

  tags = { Name = "${local.prefix}-alb-${var.secondary_region}-${local.env}" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "cloudfront" {
  provider = aws.global
  count    = local.create_certificates ? 1 : 0

  domain_name       = var.domain_name
  validation_method = "DNS"

  tags = { Name = "${local.prefix}-cloudfront-${local.env}" }

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  # Keys known at plan time; the record data comes from the certificates at apply.
  validation_certificates = local.create_certificates ? {
    origin     = aws_acm_certificate.alb_primary[0]
    cloudfront = aws_acm_certificate.cloudfront[0]
  } : {}
}

resource "aws_route53_record" "certificate_validation" {
  for_each = local.validation_certificates

  zone_id         = var.route53_zone_id
  name            = one(each.value.domain_validation_options).resource_record_name
  type            = one(each.value.domain_validation_options).resource_record_type
  records         = [one(each.value.domain_validation_options).resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "alb_primary" {
  count = local.create_certificates ? 1 : 0

  certificate_arn         = aws_acm_certificate.alb_primary[0].arn
  validation_record_fqdns = [aws_route53_record.certificate_validation["origin"].fqdn]
}

resource "aws_acm_certificate_validation" "alb_secondary" {
  provider = aws.secondary
  count    = local.create_certificates && var.standby_enabled ? 1 : 0

  certificate_arn         = aws_acm_certificate.alb_secondary[0].arn
  validation_record_fqdns = [aws_route53_record.certificate_validation["origin"].fqdn]
}

resource "aws_acm_certificate_validation" "cloudfront" {
  provider = aws.global
  count    = local.create_certificates ? 1 : 0

  certificate_arn         = aws_acm_certificate.cloudfront[0].arn
  validation_record_fqdns = [aws_route53_record.certificate_validation["cloudfront"].fqdn]
}
