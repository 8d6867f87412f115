data "aws_region" "current" {}

# The CloudFront origin-facing prefix list differs per region; looked up only when no id is given
# (the offline plan passes ids so that nothing calls AWS at plan time).
data "aws_ec2_managed_prefix_list" "cloudfront" {
  count = var.cloudfront_prefix_list_id == null ? 1 : 0

  name = "com.amazonaws.global.cloudfront.origin-facing"
}

# Route 53 health checkers of this region (the health checks run from it, among others): they reach
# the ALB on 443 for the health path only (the listener forwards nothing else without the header).
data "aws_ec2_managed_prefix_list" "route53_healthchecks" {
  count = var.route53_healthcheck_prefix_list_id == null ? 1 : 0

  name = "com.amazonaws.${data.aws_region.current.name}.route53-healthchecks"
}

locals {
  env    = var.env
  region = data.aws_region.current.name
  # ledgerline-portal-<thing>-<region>-<env>: IAM names are global, the region keeps them distinct.
  prefix  = "ledgerline-portal"
  rsuffix = "${local.region}-${local.env}"
  primary = var.role == "primary"

  # Three AZs; given explicitly (no DescribeAvailabilityZones at plan time), else <region>a/b/c.
  azs = coalesce(var.availability_zones, [for l in ["a", "b", "c"] : "${local.region}${l}"])

  # /16 -> public /24 x3 (0-2), private /20 x3 (16, 32, 48 -> .16.0, .32.0, .48.0), isolated /24 x3 (100-102).
  public_cidrs   = [for i in range(3) : cidrsubnet(var.vpc_cidr, 8, i)]
  private_cidrs  = [for i in range(3) : cidrsubnet(var.vpc_cidr, 4, i + 1)]
  isolated_cidrs = [for i in range(3) : cidrsubnet(var.vpc_cidr, 8, 100 + i)]
  nat_count      = var.nat_gateway_per_az ? 3 : 1

  route53_healthcheck_prefix_list_id = coalesce(var.route53_healthcheck_prefix_list_id, try(data.aws_ec2_managed_prefix_list.route53_healthchecks[0].id, null))
  cloudfront_prefix_list_id          = coalesce(var.cloudfront_prefix_list_id, try(data.aws_ec2_managed_prefix_list.cloudfront[0].id, null))

  log_group_names = {
    flow_logs = "/aws/vpc/${local.prefix}-flow-logs-${local.rsuffix}"
    ecs       = "/ecs/${local.prefix}-${local.rsuffix}"
    aurora    = "/aws/rds/cluster/${local.prefix}-db-${local.rsuffix}/postgresql"
  }
}
