# Inputs of one API region's origin guard. The edge root instantiates it once per API region; the
# user-facing values are validated there, these describe the contract.

# --- per region ----------------------------------------------------------------------------------------

variable "region" {
  type        = string
  description = "API region of this guard (the provider's region): in the description and the rule metric names."

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "Use an AWS region code such as us-east-1."
  }
}

variable "web_acl_name" {
  type        = string
  description = "Name of the REGIONAL web ACL, also its CloudWatch metric name (alarms and dashboards use it as the WebACL dimension)."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.web_acl_name))
    error_message = "A web ACL name is 1-128 letters, digits, hyphens or underscores."
  }
}

variable "log_group_name" {
  type        = string
  description = "CloudWatch Logs log group receiving the web ACL's logs."

  validation {
    condition     = startswith(var.log_group_name, "aws-waf-logs-")
    error_message = "WAF logs only to log groups whose name starts with aws-waf-logs-."
  }
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key (in this region) encrypting the log group; null = CloudWatch Logs' own encryption."

  validation {
    condition     = var.logs_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.logs_kms_key_arn))
    error_message = "Give a KMS key ARN or null."
  }
}

variable "stage_arns" {
  type        = map(string)
  description = "API Gateway stage to guard per service: arn:aws:apigateway:<region>::/restapis/<api-id>/stages/<stage>."

  validation {
    condition     = alltrue([for arn in values(var.stage_arns) : can(regex("^arn:aws[a-z-]*:apigateway:${var.region}::/restapis/.+/stages/[^/]+$", arn))])
    error_message = "Each value is an API Gateway stage ARN in this guard's region (a REGIONAL web ACL guards only its own region)."
  }
}

# --- the same in every region --------------------------------------------------------------------------

variable "env" {
  type        = string
  description = "environment_suffix of the root: in the description and the rule metric names."

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+$", var.env))
    error_message = "The suffix is letters, digits and hyphens (it is part of CloudWatch metric names)."
  }
}

variable "origin_verify_header_name" {
  type        = string
  description = "Header CloudFront adds to every origin request; matched by the allow rule and redacted from the logs."

  validation {
    condition     = can(regex("^[a-z0-9-]+$", var.origin_verify_header_name))
    error_message = "Use a lowercase header name (WAF single_header names are lowercase)."
  }
}

variable "origin_verify_header_value" {
  type        = string
  description = "Value CloudFront sends in the origin-verify header: requests carrying exactly this value are allowed."
  sensitive   = true
}

variable "origin_verify_header_previous_value" {
  type        = string
  description = "Rotation overlap only: the previous origin-verify value, also allowed. Null outside a rotation."
  default     = null
  sensitive   = true
}

variable "origin_verify_rotation" {
  type        = bool
  description = "Whether origin_verify_header_previous_value is set. Given separately because a rule's presence (dynamic block for_each) cannot depend on a sensitive value."
  default     = false

  validation {
    condition     = var.origin_verify_rotation == nonsensitive(var.origin_verify_header_previous_value != null)
    error_message = "origin_verify_rotation must be true exactly when origin_verify_header_previous_value is set."
  }
}

variable "health_path_regex" {
  type        = string
  description = "Regex (RE2) of the URI paths Route 53 health checks request with GET: the only requests allowed without the header."

  validation {
    condition     = startswith(var.health_path_regex, "^") && endswith(var.health_path_regex, "$") && can(regexall(var.health_path_regex, ""))
    error_message = "The health path regex must be valid and anchored at both ends (^...$), or it would allow more than the health paths."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the log group in days."

  validation {
    condition     = var.log_retention_days > 0
    error_message = "Give a positive number of days (0 would keep the logs forever)."
  }
}

variable "associate_after" {
  type        = string
  description = "An attribute of what must exist before any stage is guarded (the CloudFront distribution that sends the header, e.g. its ARN). Only the associations wait for it; the value itself is not used."
}
