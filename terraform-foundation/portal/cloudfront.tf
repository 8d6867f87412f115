# CloudFront in front of the ALBs: HTTPS only, WAF, geo restriction, standard access logs, the
# origin-verify header on every origin. Dynamic paths (default, /api/*) go to the Route 53 failover
# name with every method and no caching; /static/* (read-only, cached) goes through an origin group
# that also fails over per request from the primary ALB to the standby one.

locals {
  cf_origins = merge(
    { failover = local.failover_origin },
    { for region, host in local.regional_origins : "alb-${region}" => host },
  )
  static_target = var.standby_enabled ? "static-failover" : "alb-${var.primary_region}"
}

resource "aws_cloudfront_distribution" "portal" {
  provider = aws.global

  enabled         = true
  is_ipv6_enabled = true
  comment         = "${local.prefix}-${local.env}"
  aliases         = [var.domain_name]
  price_class     = "PriceClass_200"
  web_acl_id      = module.waf.web_acl_arn
  http_version    = "http2and3"

  dynamic "origin" {
    for_each = local.cf_origins
    content {
      origin_id   = origin.key
      domain_name = origin.value

      custom_origin_config {
        http_port                = 80
        https_port               = 443
        origin_protocol_policy   = "https-only"
        origin_ssl_protocols     = ["TLSv1.2"]
        origin_read_timeout      = 30
        origin_keepalive_timeout = 5
      }

      custom_header {
        name  = var.origin_verify_header_name
        value = var.origin_verify_header_value
      }
    }
  }

  dynamic "origin_group" {
    for_each = var.standby_enabled ? [1] : []
    content {
      origin_id = "static-failover"

      failover_criteria {
        status_codes = [500, 502, 503, 504]
      }

      member {
        origin_id = "alb-${var.primary_region}"
      }

      member {
        origin_id = "alb-${var.secondary_region}"
      }
    }
  }

  default_cache_behavior {
    target_origin_id         = "failover"
    viewer_protocol_policy   = "https-only"
    allowed_methods          = local.all_methods
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = local.cache_policy_disabled
    origin_request_policy_id = local.origin_request_all_but_host
    compress                 = true
  }

  ordered_cache_behavior {
    path_pattern             = "/api/*"
    target_origin_id         = "failover"
    viewer_protocol_policy   = "https-only"
    allowed_methods          = local.all_methods
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = local.cache_policy_disabled
    origin_request_policy_id = local.origin_request_all_but_host
    compress                 = true
  }

  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = local.static_target
    viewer_protocol_policy = "https-only"
    allowed_methods        = local.read_only_methods
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = local.cache_policy_optimized
    compress               = true
  }

  restrictions {
    geo_restriction {
      restriction_type = "blacklist"
      locations        = var.sanctioned_countries
    }
  }

  viewer_certificate {
    acm_certificate_arn      = local.cloudfront_certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  logging_config {
    bucket          = aws_s3_bucket.cloudfront_logs.bucket_regional_domain_name
    prefix          = "cloudfront/"
    include_cookies = false
  }

  tags = { Name = "${local.prefix}-cdn-${local.env}" }

  depends_on = [aws_s3_bucket_ownership_controls.cloudfront_logs]
}

# --- Standard access logs (ACL-based delivery: SSE-S3, ACLs enabled, public access blocked) ---------

resource "aws_s3_bucket" "cloudfront_logs" {
  bucket        = "${local.prefix}-cf-logs-${local.env}-${var.account_id}"
  force_destroy = true
}

resource "aws_s3_bucket_ownership_controls" "cloudfront_logs" {
  bucket = aws_s3_bucket.cloudfront_logs.id

  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_public_access_block" "cloudfront_logs" {
  bucket                  = aws_s3_bucket.cloudfront_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "cloudfront_logs" {
  bucket = aws_s3_bucket.cloudfront_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "cloudfront_logs" {
  bucket = aws_s3_bucket.cloudfront_logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.log_retention_days
    }
  }
}

resource "aws_s3_bucket_policy" "cloudfront_logs" {
  bucket = aws_s3_bucket.cloudfront_logs.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.cloudfront_logs.arn, "${aws_s3_bucket.cloudfront_logs.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })

  depends_on = [aws_s3_bucket_public_access_block.cloudfront_logs]
}
