# Default provider: the primary region (tables, keys, secrets, alarm topic).
provider "aws" {
  region = var.primary_region

  default_tags {
    tags = local.default_tags
  }
}

# Secondary region: DynamoDB replicas, replica KMS keys, secret replicas, the regional alarm topic.
provider "aws" {
  alias  = "secondary"
  region = var.secondary_region

  default_tags {
    tags = local.default_tags
  }
}

# Global services (CloudFront, WAF CLOUDFRONT scope, ACM for CloudFront) live in us-east-1 only.
provider "aws" {
  alias  = "global"
  region = local.global_region

  default_tags {
    tags = local.default_tags
  }
}

# Portal region: the portal's ECR repository (portal_ecr.tf).
provider "aws" {
  alias  = "portal"
  region = var.portal_region

  default_tags {
    tags = local.default_tags
  }
}

# The portal's standby region: the replica of the portal's ECR repository (portal_ecr.tf).
provider "aws" {
  alias  = "portal_standby"
  region = var.portal_standby_region

  default_tags {
    tags = local.default_tags
  }
}

# Primary region again, used only by module.secret_values to open the ephemeral GetRandomPassword
# resource. A separate alias lets the tests mock every other provider (mocks cannot serve ephemeral
# resources) while this one stays real and unused (override_module).
provider "aws" {
  alias  = "value_generator"
  region = var.primary_region

  default_tags {
    tags = local.default_tags
  }
}
