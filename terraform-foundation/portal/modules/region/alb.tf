# Internet-facing ALB reachable only from CloudFront (security group + origin-verify header).

resource "aws_lb" "portal" {
  name                       = "ledgerline-portal-${local.env}"
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.alb.id]
  subnets                    = aws_subnet.public[*].id
  drop_invalid_header_fields = true
  enable_deletion_protection = false
  idle_timeout               = 60

  access_logs {
    bucket  = aws_s3_bucket.alb_logs.id
    prefix  = "alb"
    enabled = true
  }

  depends_on = [aws_s3_bucket_policy.alb_logs]
}

# Target groups (the same service is registered in both): API and web/static traffic, so each path
# family has its own metrics and health checks on the custom health path.
resource "aws_lb_target_group" "portal" {
  for_each = toset(["web", "api"])

  name                 = "ledgerline-portal-${each.key}-${local.env}"
  port                 = var.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = aws_vpc.portal.id
  deregistration_delay = 30

  health_check {
    enabled             = true
    path                = var.health_check_path
    matcher             = var.health_check_matcher
    protocol            = "HTTP"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

# Default action: reject. Only requests carrying the exact origin-verify header (i.e. that came
# through CloudFront) match a forwarding rule; GET on the exact health path is the one exception
# (Route 53 health checks cannot send custom headers).
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.portal.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Forbidden"
      status_code  = "403"
    }
  }
}

locals {
  # https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
  elb_log_accounts = {
    us-east-1      = "127311923021"
    us-east-2      = "033677994240"
    us-west-1      = "027434742980"
    us-west-2      = "797873946194"
    ap-south-1     = "718504428378"
    ap-northeast-1 = "582318560864"
    ap-northeast-2 = "600734575887"
    ap-northeast-3 = "383597477331"
    ap-southeast-1 = "114774131450"
    ap-southeast-2 = "783225319266"
    ca-central-1   = "985666609251"
    eu-central-1   = "054676820928"
    eu-west-1      = "156460612806"
    eu-west-2      = "652711504416"
    eu-west-3      = "009996457667"
    eu-north-1     = "897822967062"
    sa-east-1      = "507241528517"
  }
  elb_log_principal = contains(keys(local.elb_log_accounts), local.region) ? { AWS = "arn:aws:iam::${local.elb_log_accounts[local.region]}:root" } : { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }

  # priority => routing; every forwarding rule but the health check requires the origin header.
  listener_rules = {
    health = { priority = 5, paths = [var.health_check_path], target = "web", header = false, methods = ["GET"] }
    api    = { priority = 10, paths = ["/api/*"], target = "api", header = true, methods = null }
    static = { priority = 20, paths = ["/static/*"], target = "web", header = true, methods = null }
    web    = { priority = 100, paths = ["/*"], target = "web", header = true, methods = null }
  }
}

resource "aws_lb_listener_rule" "portal" {
  for_each = local.listener_rules

  listener_arn = aws_lb_listener.https.arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.portal[each.value.target].arn
  }

  condition {
    path_pattern {
      values = each.value.paths
    }
  }

  dynamic "condition" {
    for_each = each.value.header ? [1] : []
    content {
      http_header {
        http_header_name = var.origin_verify_header_name
        values           = [var.origin_verify_header_value]
      }
    }
  }

  dynamic "condition" {
    for_each = each.value.methods == null ? [] : [each.value.methods]
    content {
      http_request_method {
        values = condition.value
      }
    }
  }

  tags = { Name = "ledgerline-portal-${each.key}-${local.rsuffix}" }
}

# --- Access logs: SSE-S3 (the only encryption ALB log delivery supports), destroyable ------------------

resource "aws_s3_bucket" "alb_logs" {
  bucket        = "ledgerline-portal-alb-logs-${local.rsuffix}-${var.account_id}"
  force_destroy = true
}

resource "aws_s3_bucket_public_access_block" "alb_logs" {
  bucket                  = aws_s3_bucket.alb_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.log_retention_days
    }
  }
}

resource "aws_s3_bucket_policy" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Regions launched before August 2022 deliver as the regional ELB account, newer ones as the
        # log delivery service principal.
        Sid       = "ElbLogDeliveryWrite"
        Effect    = "Allow"
        Principal = local.elb_log_principal
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.alb_logs.arn}/alb/AWSLogs/${var.account_id}/*"
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.alb_logs.arn, "${aws_s3_bucket.alb_logs.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.alb_logs]
}
