# Default provider: the portal's primary region (ap-southeast-1): VPC, ECS, ALB, Aurora, CloudTrail,
# dashboards and alarms.
provider "aws" {
  region = var.primary_region

  default_tags {
    tags = local.default_tags
  }
}

# Pilot-light standby region: the same stack scaled to zero, and the cross-region backup copies.
provider "aws" {
  alias  = "secondary"
  region = var.secondary_region

  default_tags {
    tags = local.default_tags
  }
}

# CloudFront, its CLOUDFRONT-scope WAF and ACM certificate: us-east-1 only.
provider "aws" {
  alias  = "global"
  region = local.global_region

  default_tags {
    tags = local.default_tags
  }
}
