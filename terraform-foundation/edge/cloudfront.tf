# CloudFront in front of the regional REST APIs.
#
# Failover: one origin group per service (primary region first, secondary on 5xx). CloudFront only
# fails over GET/HEAD/OPTIONS, and it refuses an origin group on a behaviour that allows
# POST/PUT/PATCH/DELETE, so origin groups serve the read-only behaviours; the all-method behaviours
# go to the latency-routed custom domain (with a domain) or to write_origin_region (without).

resource "aws_cloudfront_cache_policy" "no_cache" {
  provider = aws.global

  name        = "ledgerline-no-cache-${local.env}"
  comment     = "Never cache API responses (authenticated, per-user)"
  min_ttl     = 0
  default_ttl = 0
  max_ttl     = 0

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = false
    enable_accept_encoding_gzip   = false

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

# Forward every viewer header except Host (API Gateway needs its own Host), so Authorization,
# Idempotency-Key etc. reach the APIs, with all query strings and cookies.
resource "aws_cloudfront_origin_request_policy" "api" {
  provider = aws.global

  name    = "ledgerline-api-origin-request-${local.env}"
  comment = "All viewer headers except Host (Authorization included), all query strings"

  cookies_config {
    cookie_behavior = "all"
  }

  headers_config {
    header_behavior = "allExcept"

    headers {
      items = ["host"]
    }
  }

  query_strings_config {
    query_string_behavior = "all"
  }
}

# Paths that match no service answer 404 at the edge instead of reaching an API.
resource "aws_cloudfront_function" "not_found" {
  provider = aws.global

  name    = "ledgerline-not-found-${local.env}"
  runtime = "cloudfront-js-2.0"
  comment = "404 for paths that belong to no service"
  publish = true
  code    = <<-JS
    function handler(event) {
      return {
        statusCode: 404,
        statusDescription: 'Not Found',
        headers: { 'content-type': { value: 'application/problem+json' } },
        body: { encoding: 'text', data: '{"type":"about:blank","title":"Not Found","status":404}' },
      };
    }
  JS
}

resource "aws_cloudfront_distribution" "api" {
  provider = aws.global

  enabled          = true
  comment          = "ledgerline-api-${local.env}"
  is_ipv6_enabled  = true
  http_version     = "http2and3"
  price_class      = var.cloudfront_price_class
  aliases          = local.domain_enabled ? [local.api_fqdn] : []
  web_acl_id       = module.waf.web_acl_arn
  retain_on_delete = false

  dynamic "origin" {
    for_each = local.regional_origins

    content {
      origin_id   = origin.key
      domain_name = origin.value.host
      origin_path = "/${local.env}"

      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }

      custom_header {
        name  = var.origin_verify_header_name
        value = var.origin_verify_header_value
      }
    }
  }

  dynamic "origin" {
    for_each = local.latency_origins

    content {
      origin_id   = origin.key
      domain_name = origin.value

      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }

      custom_header {
        name  = var.origin_verify_header_name
        value = var.origin_verify_header_value
      }
    }
  }

  dynamic "origin_group" {
    for_each = var.services

    content {
      origin_id = "${origin_group.key}-failover"

      failover_criteria {
        status_codes = var.failover_status_codes
      }

      member {
        origin_id = "${origin_group.key}-${var.primary_region}"
      }

      member {
        origin_id = "${origin_group.key}-${var.secondary_region}"
      }
    }
  }

  dynamic "ordered_cache_behavior" {
    for_each = local.behaviours

    content {
      path_pattern             = ordered_cache_behavior.value.path
      target_origin_id         = ordered_cache_behavior.value.target
      allowed_methods          = ordered_cache_behavior.value.methods
      cached_methods           = ["GET", "HEAD"]
      viewer_protocol_policy   = "https-only"
      compress                 = false
      cache_policy_id          = aws_cloudfront_cache_policy.no_cache.id
      origin_request_policy_id = aws_cloudfront_origin_request_policy.api.id
    }
  }

  default_cache_behavior {
    target_origin_id         = local.write_targets[sort(keys(var.services))[0]]
    allowed_methods          = local.all_methods
    cached_methods           = ["GET", "HEAD"]
    viewer_protocol_policy   = "https-only"
    compress                 = false
    cache_policy_id          = aws_cloudfront_cache_policy.no_cache.id
    origin_request_policy_id = aws_cloudfront_origin_request_policy.api.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.not_found.arn
    }
  }

  logging_config {
    bucket          = aws_s3_bucket.cloudfront_logs.bucket_domain_name
    prefix          = "cloudfront/"
    include_cookies = false
  }

  restrictions {
    geo_restriction {
      restriction_type = "none" # geo blocking is the WAF rule (one list, with metrics)
    }
  }

  # The *.cloudfront.net default certificate cannot carry a TLS policy (AWS pins it to TLSv1);
  # the TLSv1.2_2021 minimum applies with a custom domain.
  viewer_certificate {
    cloudfront_default_certificate = !local.domain_enabled
    acm_certificate_arn            = local.domain_enabled ? aws_acm_certificate_validation.cloudfront[0].certificate_arn : null
    ssl_support_method             = local.domain_enabled ? "sni-only" : null
    minimum_protocol_version       = local.domain_enabled ? var.minimum_tls_version : "TLSv1"
  }

  depends_on = [aws_s3_bucket_ownership_controls.cloudfront_logs]
}
