# Origin guard: closes the CloudFront bypass (calling https://<api-id>.execute-api.<region>.amazonaws.com/<stage>/...
# or a regional custom domain directly, skipping the edge WAF) without code in the services.
#
# One REGIONAL web ACL per API region, associated with every service's API stage there:
#   default action      Block
#   allow-origin-verify x-origin-verify header EXACTLY equal to the secret CloudFront sends
#   allow-...-previous  the previous secret value, only while origin_verify_header_previous_value is set
#                       (rotation overlap: CloudFront edges pick up a new value over several minutes)
#   allow-health-checks GET and a URI path of exactly [/<stage>]/<service>/health (Route 53 health checks
#                       cannot send custom headers; the health answer reveals only pass/fail, version,
#                       region and stage)
# A regional custom domain maps to the same stage, so the stage association covers it too.
#
# Logs: aws-waf-logs-ledgerline-origin-guard-<region>-<suffix>, with x-origin-verify, authorization and
# cookie redacted (the secret never reaches a log). The allow rule's sampled requests are off for the
# same reason (samples show headers). Blocked-request alarms are in alarms.tf.
#
# The resources are in the local module modules/origin-guard, called once per API region: two calls
# rather than for_each because each needs its region's provider (a REGIONAL web ACL lives in the
# provider's region) and the instances of one module call cannot have different providers.

locals {
  origin_guard_names = { for r in local.regions : r => "ledgerline-origin-guard-${r}-${local.env}" }
  origin_guard_log_groups = {
    for r in local.regions : r => "aws-waf-logs-ledgerline-origin-guard-${r}-${local.env}"
  }
  origin_guard_logs_kms_key_arns = {
    for r in local.regions : r => try(var.regional_logs_kms_key_arns[r], r == local.global_region ? var.logs_kms_key_arn : null)
  }

  # Anchored at both ends; the stage prefix is optional because requests through a regional custom
  # domain (base path "") carry no stage in the path. Services and stage are [a-z0-9-] (validated).
  health_path_regex = "^(/${local.env})?/(${join("|", sort(keys(var.services)))})/health$"

  # Stage ARN per region and service (the guard of that region is associated with them):
  # arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>.
  origin_guard_stage_arns = {
    for r in local.regions : r => {
      for o in values(local.regional_origins) : o.service => "arn:aws:apigateway:${r}::/restapis/${o.api_id}/stages/${local.env}" if o.region == r
    }
  }

  # Only whether a previous value is set is used for the rule's presence (for_each cannot be sensitive).
  origin_verify_rotation = nonsensitive(var.origin_verify_header_previous_value != null)
}

# associate_after orders the stage associations after the distribution: the distribution that sends
# the header exists before a stage is guarded, so the guard never blocks CloudFront on the first apply.
# Not depends_on on the module: that would also hold back the web ACL until the distribution has
# deployed, and during a rotation (README, "Origin-verify header") CloudFront would send the new value
# for minutes before the guard accepts it.

module "origin_guard_primary" {
  source = "./modules/origin-guard"

  region           = var.primary_region
  web_acl_name     = local.origin_guard_names[var.primary_region]
  log_group_name   = local.origin_guard_log_groups[var.primary_region]
  logs_kms_key_arn = local.origin_guard_logs_kms_key_arns[var.primary_region]
  stage_arns       = local.origin_guard_stage_arns[var.primary_region]

  env                                 = local.env
  origin_verify_header_name           = var.origin_verify_header_name
  origin_verify_header_value          = var.origin_verify_header_value
  origin_verify_header_previous_value = var.origin_verify_header_previous_value
  origin_verify_rotation              = local.origin_verify_rotation
  health_path_regex                   = local.health_path_regex
  log_retention_days                  = var.log_retention_days
  associate_after                     = aws_cloudfront_distribution.api.arn
}

module "origin_guard_secondary" {
  source = "./modules/origin-guard"

  providers = {
    aws = aws.secondary
  }

  region           = var.secondary_region
  web_acl_name     = local.origin_guard_names[var.secondary_region]
  log_group_name   = local.origin_guard_log_groups[var.secondary_region]
  logs_kms_key_arn = local.origin_guard_logs_kms_key_arns[var.secondary_region]
  stage_arns       = local.origin_guard_stage_arns[var.secondary_region]

  env                                 = local.env
  origin_verify_header_name           = var.origin_verify_header_name
  origin_verify_header_value          = var.origin_verify_header_value
  origin_verify_header_previous_value = var.origin_verify_header_previous_value
  origin_verify_rotation              = local.origin_verify_rotation
  health_path_regex                   = local.health_path_regex
  log_retention_days                  = var.log_retention_days
  associate_after                     = aws_cloudfront_distribution.api.arn
}

# Before the module the same resources sat in this file as origin_guard_primary / origin_guard_secondary:
# deployed stages move in the state instead of being destroyed and created again.
moved {
  from = aws_wafv2_web_acl.origin_guard_primary
  to   = module.origin_guard_primary.aws_wafv2_web_acl.this
}

moved {
  from = aws_cloudwatch_log_group.origin_guard_primary
  to   = module.origin_guard_primary.aws_cloudwatch_log_group.this
}

moved {
  from = aws_wafv2_web_acl_logging_configuration.origin_guard_primary
  to   = module.origin_guard_primary.aws_wafv2_web_acl_logging_configuration.this
}

moved {
  from = aws_wafv2_web_acl_association.origin_guard_primary
  to   = module.origin_guard_primary.aws_wafv2_web_acl_association.this
}

moved {
  from = aws_wafv2_web_acl.origin_guard_secondary
  to   = module.origin_guard_secondary.aws_wafv2_web_acl.this
}

moved {
  from = aws_cloudwatch_log_group.origin_guard_secondary
  to   = module.origin_guard_secondary.aws_cloudwatch_log_group.this
}

moved {
  from = aws_wafv2_web_acl_logging_configuration.origin_guard_secondary
  to   = module.origin_guard_secondary.aws_wafv2_web_acl_logging_configuration.this
}

moved {
  from = aws_wafv2_web_acl_association.origin_guard_secondary
  to   = module.origin_guard_secondary.aws_wafv2_web_acl_association.this
}
