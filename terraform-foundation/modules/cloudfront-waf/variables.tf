# Inputs of one CloudFront web ACL. The roots validate the user-facing values; these describe the contract.

variable "name" {
  type        = string
  description = "Name of the CLOUDFRONT-scope web ACL (the WebACL dimension of its metrics)."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.name))
    error_message = "A web ACL name is 1-128 letters, digits, hyphens or underscores."
  }
}

variable "description" {
  type        = string
  description = "Description of the web ACL."
}

variable "metric_name" {
  type        = string
  description = "CloudWatch metric name of the web ACL as a whole."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.metric_name))
    error_message = "A WAF metric name is 1-255 letters, digits, hyphens or underscores."
  }
}

variable "rule_metric_name" {
  type        = object({ prefix = string, suffix = string })
  description = "Each rule's metric is named <prefix>-<rule metric>-<suffix> (e.g. ledgerline-geo-block-dev)."
}

variable "sanctioned_countries" {
  type        = list(string)
  description = "ISO 3166-1 alpha-2 codes blocked by the geo rule (priority 0)."

  validation {
    condition     = length(var.sanctioned_countries) > 0 && alltrue([for c in var.sanctioned_countries : can(regex("^[A-Z]{2}$", c))])
    error_message = "Give at least one two-letter upper-case country code."
  }
}

variable "rate_limit" {
  type        = object({ limit = number, window_seconds = number })
  description = "Per-IP rate rule (priority 1): requests allowed per client IP within window_seconds."

  validation {
    condition     = var.rate_limit.limit >= 100 && contains([60, 120, 300, 600], var.rate_limit.window_seconds)
    error_message = "limit is at least 100; window_seconds is 60, 120, 300 or 600."
  }
}

variable "match_rules" {
  type = map(object({
    priority = number
    match    = string
    metric   = string
  }))
  description = "Blocking injection rules by rule name: match is sqli or xss, tested (OR) on every part in inspected_fields."
  default     = {}

  validation {
    condition     = alltrue([for r in values(var.match_rules) : contains(["sqli", "xss"], r.match) && r.priority >= 2 && r.priority < 10])
    error_message = "match is sqli or xss; priorities 2-9 (0-1 are geo and rate, 10+ the managed groups)."
  }
}

variable "inspected_fields" {
  type        = list(string)
  description = "Request parts the match_rules inspect (body with oversize handling MATCH)."
  default     = ["body", "query_string", "uri_path"]

  validation {
    condition     = length(var.inspected_fields) > 0 && alltrue([for f in var.inspected_fields : contains(["body", "query_string", "uri_path"], f)])
    error_message = "Inspect one or more of body, query_string, uri_path."
  }
}

variable "managed_rule_groups" {
  type        = list(string)
  description = "AWS managed rule groups, at priority 10 + their index, in count mode never (override none)."

  validation {
    condition     = alltrue([for g in var.managed_rule_groups : can(regex("^AWSManagedRules[A-Za-z]+$", g))])
    error_message = "Name AWS managed rule groups (AWSManagedRules...)."
  }
}

variable "logging" {
  type = object({
    log_group_name    = string
    retention_in_days = number
    kms_key_arn       = optional(string)
    redacted_headers  = optional(list(string), [])
  })
  description = "WAF logs to a CloudWatch Logs group created here; null = no WAF logging."
  default     = null

  validation {
    condition     = var.logging == null || try(startswith(var.logging.log_group_name, "aws-waf-logs-") && var.logging.retention_in_days >= 90, false)
    error_message = "WAF logs only to log groups named aws-waf-logs-*, kept at least 90 days."
  }
}
