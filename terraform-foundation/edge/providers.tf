# Default provider: the primary region (regional alarms, dashboards, API custom domains there).
provider "aws" {
  region = var.primary_region

  default_tags {
    tags = local.default_tags
  }
}

# Secondary region: its regional alarms and API custom domains.
provider "aws" {
  alias  = "secondary"
  region = var.secondary_region

  default_tags {
    tags = local.default_tags
  }
}

# CloudFront, CLOUDFRONT-scope WAF, their logs and the CloudFront ACM certificate: us-east-1 only.
provider "aws" {
  alias  = "global"
  region = local.global_region

  default_tags {
    tags = local.default_tags
  }
}
