# Privacy storage: the bucket for data-subject exports (JSON/CSV written by the export worker, downloaded
# through presigned URLs valid <= 15 min) and its access-log bucket. The per-person key table is an
# ordinary shared table (shared/tables/person-keys.json, created in dynamodb.tf).
#
# Exports have their own single-region CMK rather than the data key: the data key may only be used through
# DynamoDB, and a separate key keeps S3 use (and its grants) apart from the ledger's. The bucket lives in
# the primary region only, so the key needs no replica.

locals {
  exports_bucket_name      = "ledgerline-exports-${var.environment_suffix}-${var.account_id}"
  exports_logs_bucket_name = "ledgerline-exports-logs-${var.environment_suffix}-${var.account_id}"
  exports_logs_prefix      = "exports/"
  # Exports are disposable copies of data kept elsewhere: gone after 7 days.
  exports_expiration_days = 7
}

resource "aws_kms_key" "exports" {
  description             = "ledgerline-exports-${var.environment_suffix}: S3 SSE-KMS for data-subject exports"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.kms_root_statement,
      {
        # Principals of the account that IAM allows to, and only through S3 in the primary region.
        Sid       = "AllowUseThroughS3"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${var.account_id}:root" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"    = "s3.${var.primary_region}.amazonaws.com"
            "kms:CallerAccount" = var.account_id
          }
        }
      },
    ]
  })
}

resource "aws_kms_alias" "exports" {
  name          = "alias/ledgerline-exports-${var.environment_suffix}"
  target_key_id = aws_kms_key.exports.key_id
}

# --- the exports bucket ------------------------------------------------------------------------------
# No versioning: an export is a disposable copy that expires after 7 days; old versions would only keep
# personal data longer (and outlive the lifecycle expiration as noncurrent versions).

resource "aws_s3_bucket" "exports" {
  bucket        = local.exports_bucket_name
  force_destroy = true

  tags = { Name = local.exports_bucket_name }
}

resource "aws_s3_bucket_ownership_controls" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = aws_s3_bucket.exports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.exports.arn
    }
    # One bucket-level key per period instead of a KMS call per object.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    id     = "expire-exports"
    status = "Enabled"

    filter {}

    expiration {
      days = local.exports_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_logging" "exports" {
  bucket        = aws_s3_bucket.exports.id
  target_bucket = aws_s3_bucket.exports_logs.id
  target_prefix = local.exports_logs_prefix

  # S3 checks the target's policy when logging is switched on.
  depends_on = [aws_s3_bucket_policy.exports_logs]
}

# TLS only; uploads that name an encryption must use SSE-KMS with the exports key (uploads that name
# none get the bucket default, which is that key).
resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyUploadsNotUsingSseKms"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.exports.arn}/*"
        Condition = { StringNotEqualsIfExists = { "s3:x-amz-server-side-encryption" = "aws:kms" } }
      },
      {
        Sid       = "DenyUploadsWithAnotherKey"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.exports.arn}/*"
        Condition = { StringNotEqualsIfExists = { "s3:x-amz-server-side-encryption-aws-kms-key-id" = aws_kms_key.exports.arn } }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.exports]
}

# --- the access-log bucket ---------------------------------------------------------------------------
# SSE-S3: the target-bucket encryption S3 server access logging documents. Log delivery cannot use the
# AWS-managed aws/s3 key at all, and a CMK would need a key-policy grant to the logging service; access
# logs hold no export content (request metadata only), so SSE-S3 is enough.

resource "aws_s3_bucket" "exports_logs" {
  bucket        = local.exports_logs_bucket_name
  force_destroy = true

  tags = { Name = local.exports_logs_bucket_name }
}

resource "aws_s3_bucket_ownership_controls" "exports_logs" {
  bucket = aws_s3_bucket.exports_logs.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "exports_logs" {
  bucket                  = aws_s3_bucket.exports_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports_logs" {
  bucket = aws_s3_bucket.exports_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "exports_logs" {
  bucket = aws_s3_bucket.exports_logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.exports_access_log_retention_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

# With ACLs disabled (BucketOwnerEnforced) the logging service is granted through the policy, bound to
# the exports bucket and this account. The Allow comes first: moto's logging check reads the statements in
# order and stops at a string Principal.
resource "aws_s3_bucket_policy" "exports_logs" {
  bucket = aws_s3_bucket.exports_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowS3ServerAccessLogDelivery"
        Effect    = "Allow"
        Principal = { Service = "logging.s3.amazonaws.com" }
        Action    = ["s3:PutObject"]
        Resource  = "${aws_s3_bucket.exports_logs.arn}/${local.exports_logs_prefix}*"
        Condition = {
          ArnLike      = { "aws:SourceArn" = aws_s3_bucket.exports.arn }
          StringEquals = { "aws:SourceAccount" = var.account_id }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.exports_logs.arn, "${aws_s3_bucket.exports_logs.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.exports_logs]
}
