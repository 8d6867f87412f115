# Edge logs: the CloudFront Function log group and CloudFront standard access logs in S3 (the WAF's
# log group is in waf.tf, through modules/cloudfront-waf). All kept var.log_retention_days (>= 90).

# CloudFront Functions log to us-east-1 under this name; created here so retention applies.
resource "aws_cloudwatch_log_group" "cloudfront_function" {
  provider = aws.global

  name              = "/aws/cloudfront/function/ledgerline-not-found-${local.env}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn
}

resource "aws_s3_bucket" "cloudfront_logs" {
  provider = aws.global

  bucket        = "ledgerline-cf-logs-${local.env}-${var.account_id}"
  force_destroy = true
}

# CloudFront standard logging writes with ACLs (awslogsdelivery), so ACLs stay enabled.
resource "aws_s3_bucket_ownership_controls" "cloudfront_logs" {
  provider = aws.global

  bucket = aws_s3_bucket.cloudfront_logs.id

  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_public_access_block" "cloudfront_logs" {
  provider = aws.global

  bucket                  = aws_s3_bucket.cloudfront_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# SSE-S3: CloudFront standard logging cannot write to SSE-KMS buckets without extra key grants.
resource "aws_s3_bucket_server_side_encryption_configuration" "cloudfront_logs" {
  provider = aws.global

  bucket = aws_s3_bucket.cloudfront_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "cloudfront_logs" {
  provider = aws.global

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
  provider = aws.global

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
