variable "environment_suffix" {
  type        = string
  description = "Stage/environment suffix carried by every resource name; also the API Gateway stage name of the services (ledgerline-<service>-<suffix>)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment_suffix)) && !endswith(var.environment_suffix, "-")
    error_message = "Use 2-16 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "account_id" {
  type        = string
  description = "AWS account id (names the CloudFront log bucket uniquely; no aws_caller_identity lookup so plans run offline)."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account id is exactly 12 digits."
  }
}

variable "primary_region" {
  type        = string
  description = "Primary region of the APIs."
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.primary_region))
    error_message = "Use an AWS region code such as us-east-1."
  }
}

variable "secondary_region" {
  type        = string
  description = "Secondary (failover) region of the APIs."
  default     = "us-west-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.secondary_region))
    error_message = "Use an AWS region code such as us-west-2."
  }
}

variable "services" {
  type = map(object({
    path_patterns           = list(string)
    read_only_path_patterns = list(string)
    functions               = list(string)
  }))
  description = "Per service: CloudFront path patterns (all methods), read-only path patterns (GET/HEAD/OPTIONS, served through the failover origin group) and Lambda function names (ledgerline-<service>-<suffix>-<function>) to monitor."
  default = {
    auth = {
      path_patterns           = ["/auth/*"]
      read_only_path_patterns = ["/auth/health"]
      functions               = ["health", "authorizer"]
    }
    transactions = {
      path_patterns           = ["/accounts*", "/transactions/*"]
      read_only_path_patterns = ["/transactions/health"]
      functions               = ["health"]
    }
    profiles = {
      path_patterns           = ["/profiles/*", "/me/*"]
      read_only_path_patterns = ["/profiles/health"]
      functions               = ["health"]
    }
  }

  validation {
    condition = alltrue([
      for name, s in var.services :
      can(regex("^[a-z][a-z0-9-]{1,20}$", name)) &&
      length(s.path_patterns) > 0 &&
      contains(s.functions, "health") &&
      alltrue([for p in concat(s.path_patterns, s.read_only_path_patterns) : can(regex("^/[A-Za-z0-9_./*-]+$", p))]) &&
      alltrue([for f in s.functions : can(regex("^[A-Za-z][A-Za-z0-9-]{0,30}$", f))])
    ])
    error_message = "Service names are lowercase words; each needs path patterns starting with '/', and a function list containing 'health'."
  }

  validation {
    condition     = length(flatten([for s in var.services : concat(s.path_patterns, s.read_only_path_patterns)])) == length(distinct(flatten([for s in var.services : concat(s.path_patterns, s.read_only_path_patterns)]))) && length(flatten([for s in var.services : concat(s.path_patterns, s.read_only_path_patterns)])) <= 24
    error_message = "Path patterns must be unique across services, at most 24 in all (CloudFront allows 25 behaviours)."
  }
}

variable "api_origins" {
  type        = map(map(string))
  description = "Execute-API host of each service's REST API per region, from the compose deploy, e.g. { auth = { us-east-1 = \"abc123defg.execute-api.us-east-1.amazonaws.com\", us-west-2 = \"...\" } }. The stage path /<suffix> is added by this root."

  validation {
    condition = alltrue(flatten([
      for svc, by_region in var.api_origins : [
        for region, host in by_region : can(regex("^[a-z0-9]{10}\\.execute-api\\.${region}\\.amazonaws\\.com$", host))
      ]
    ]))
    error_message = "Each value must be <api-id>.execute-api.<region>.amazonaws.com, in the region of its key (no scheme, no path)."
  }

  validation {
    condition     = toset(keys(var.api_origins)) == toset(keys(var.services)) && alltrue([for by_region in var.api_origins : toset(keys(by_region)) == toset([var.primary_region, var.secondary_region])])
    error_message = "Give exactly one origin per service (as in var.services) for both the primary and the secondary region."
  }

  validation {
    condition     = length(flatten([for by_region in var.api_origins : values(by_region)])) == length(distinct([for host in flatten([for by_region in var.api_origins : values(by_region)]) : split(".", host)[0]]))
    error_message = "Each service and region needs its own REST API: the API ids (first label of each host) must be distinct."
  }
}

variable "origin_verify_header_name" {
  type        = string
  description = "Custom header CloudFront adds to every origin request; the regional origin-guard WAF in front of every API stage blocks requests without the right value (closes the CloudFront bypass)."
  default     = "x-origin-verify"

  validation {
    condition     = can(regex("^x-[a-z0-9-]{3,40}$", var.origin_verify_header_name))
    error_message = "Use a lowercase x- header name."
  }
}

variable "origin_verify_header_value" {
  type        = string
  description = "Value of the origin-verify header: the SecretString of ledgerline/<suffix>/origin-verify (core output secret_names). Pass it as TF_VAR_origin_verify_header_value from Secrets Manager; never commit it."
  sensitive   = true

  validation {
    condition     = length(var.origin_verify_header_value) >= 32 && can(regex("^[A-Za-z0-9]+$", var.origin_verify_header_value))
    error_message = "The origin-verify value must be at least 32 letters or digits (the core root generates 48)."
  }

  validation {
    condition     = length(var.origin_verify_header_value) <= 200
    error_message = "The origin-verify value must be at most 200 characters (limit of a WAF byte-match search string, used by the regional origin guard)."
  }
}

variable "origin_verify_header_previous_value" {
  type        = string
  description = "Rotation overlap only: the previous origin-verify value (Secrets Manager version stage AWSPREVIOUS), still accepted by the regional origin guard while CloudFront deploys the new one. Null (default) outside a rotation."
  default     = null
  sensitive   = true

  validation {
    condition     = var.origin_verify_header_previous_value == null || try(length(var.origin_verify_header_previous_value) >= 32 && length(var.origin_verify_header_previous_value) <= 200 && can(regex("^[A-Za-z0-9]+$", var.origin_verify_header_previous_value)), false)
    error_message = "The previous origin-verify value is null or 32-200 letters or digits."
  }
}

variable "failover_status_codes" {
  type        = list(number)
  description = "Origin status codes on which the origin groups retry the secondary region (GET/HEAD/OPTIONS only)."
  default     = [500, 502, 503, 504]

  validation {
    condition     = length(var.failover_status_codes) > 0 && alltrue([for c in var.failover_status_codes : contains([403, 404, 500, 502, 503, 504], c)])
    error_message = "CloudFront fails over on 403, 404, 500, 502, 503 or 504 only."
  }
}

variable "write_origin_region" {
  type        = string
  description = "Without a domain: region that serves the all-method behaviours (CloudFront cannot attach an origin group to a behaviour allowing POST/PUT/PATCH/DELETE). Switch it to the secondary region for a manual failover of writes."
  default     = "us-east-1"

  validation {
    condition     = contains(["us-east-1", "us-west-2"], var.write_origin_region)
    error_message = "Choose us-east-1 or us-west-2."
  }
}

variable "sanctioned_countries" {
  type        = list(string)
  description = "ISO 3166-1 alpha-2 codes blocked by the WAF geo rule."
  default     = ["CU", "IR", "KP", "SY"]

  validation {
    condition     = length(var.sanctioned_countries) > 0 && length(var.sanctioned_countries) <= 50 && alltrue([for c in var.sanctioned_countries : can(regex("^[A-Z]{2}$", c))]) && length(distinct(var.sanctioned_countries)) == length(var.sanctioned_countries)
    error_message = "Give 1-50 distinct upper-case two-letter country codes."
  }
}

variable "waf_rate_limit" {
  type        = number
  description = "Requests allowed per client IP within waf_rate_window_seconds before the WAF blocks it."
  default     = 10000

  validation {
    condition     = var.waf_rate_limit >= 100 && var.waf_rate_limit <= 2000000000
    error_message = "WAF rate limits are 100-2,000,000,000."
  }
}

variable "waf_rate_window_seconds" {
  type        = number
  description = "Evaluation window of the rate-based rule."
  default     = 300

  validation {
    condition     = contains([60, 120, 300, 600], var.waf_rate_window_seconds)
    error_message = "WAF accepts 60, 120, 300 or 600 seconds."
  }
}

variable "waf_managed_rule_groups" {
  type        = list(string)
  description = "AWS managed rule groups evaluated after the geo and rate rules (must include the common/XSS and SQL injection sets)."
  default     = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]

  validation {
    condition     = contains(var.waf_managed_rule_groups, "AWSManagedRulesCommonRuleSet") && contains(var.waf_managed_rule_groups, "AWSManagedRulesSQLiRuleSet") && alltrue([for g in var.waf_managed_rule_groups : can(regex("^AWSManagedRules[A-Za-z]+$", g))])
    error_message = "Keep AWSManagedRulesCommonRuleSet and AWSManagedRulesSQLiRuleSet; names are AWSManagedRules*."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of every log group and of the CloudFront access logs (at least 90 days)."
  default     = 365

  validation {
    condition     = var.log_retention_days >= 90 && contains([90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "Use a CloudWatch Logs retention value of at least 90 days (90, 120, 150, 180, 365, 400, 545, 731, ...)."
  }
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key (us-east-1) encrypting the edge log groups: core output observability_kms_key_arns[\"us-east-1\"]. Null uses CloudWatch Logs' own encryption."
  default     = null

  validation {
    condition     = var.logs_kms_key_arn == null || can(regex("^arn:aws:kms:us-east-1:[0-9]{12}:key/[a-z0-9-]+$", var.logs_kms_key_arn))
    error_message = "Give a us-east-1 KMS key ARN or null."
  }
}

variable "regional_logs_kms_key_arns" {
  type        = map(string)
  description = "KMS key per API region encrypting the origin-guard WAF log groups there: core output observability_kms_key_arns. A region left out uses logs_kms_key_arn if it is us-east-1, else CloudWatch Logs' own encryption."
  default     = {}

  validation {
    condition     = alltrue([for region, arn in var.regional_logs_kms_key_arns : contains([var.primary_region, var.secondary_region], region) && can(regex("^arn:aws:kms:${region}:[0-9]{12}:key/[a-z0-9-]+$", arn))])
    error_message = "Keys are the primary or secondary region; each value is a KMS key ARN in that region."
  }
}

variable "domain_name" {
  type        = string
  description = "Optional domain (e.g. ledgerline.example.com). When set: a Route 53 zone, ACM certificates, regional API custom domains with latency records and health checks, and the CloudFront alias. Null: the CloudFront URL is the entry point."
  default     = null

  validation {
    condition     = var.domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "Give a lowercase DNS name without trailing dot, or null."
  }
}

variable "api_subdomain" {
  type        = string
  description = "Label of the public API name under domain_name (CloudFront alias)."
  default     = "api"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.api_subdomain))
    error_message = "Use one lowercase DNS label."
  }
}

variable "origin_subdomain" {
  type        = string
  description = "Label under domain_name for the regional API custom domains (<service>.<origin_subdomain>.<domain_name>, latency-routed)."
  default     = "origin"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.origin_subdomain))
    error_message = "Use one lowercase DNS label."
  }
}

variable "minimum_tls_version" {
  type        = string
  description = "Viewer TLS security policy when a custom domain (ACM certificate) is used."
  default     = "TLSv1.2_2021"

  validation {
    condition     = contains(["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"], var.minimum_tls_version)
    error_message = "Use TLSv1.2_2021 or a newer policy."
  }
}

variable "cloudfront_price_class" {
  type        = string
  description = "CloudFront price class."
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.cloudfront_price_class)
    error_message = "Use PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "alarm_topic_arns" {
  type        = map(string)
  description = "Alarm SNS topic per region: core output alarm_topic_arns. Needs the primary and secondary regions (and us-east-1 for the WAF/CloudFront alarms)."

  validation {
    condition     = alltrue([for region, arn in var.alarm_topic_arns : can(regex("^arn:aws:sns:${region}:[0-9]{12}:[A-Za-z0-9_-]+$", arn))]) && alltrue([for r in distinct([var.primary_region, var.secondary_region, "us-east-1"]) : contains(keys(var.alarm_topic_arns), r)])
    error_message = "Give an SNS topic ARN in its own region for the primary region, the secondary region and us-east-1."
  }
}

variable "alarm_period_seconds" {
  type        = number
  description = "Period of every alarm's metric."
  default     = 300

  validation {
    condition     = contains([60, 300, 900, 3600], var.alarm_period_seconds)
    error_message = "Use 60, 300, 900 or 3600."
  }
}

variable "alarm_evaluation_periods" {
  type        = number
  description = "Consecutive breaching periods before an alarm fires."
  default     = 2

  validation {
    condition     = var.alarm_evaluation_periods >= 1 && var.alarm_evaluation_periods <= 10
    error_message = "Use 1-10."
  }
}

variable "alarm_thresholds" {
  type = object({
    api_5xx_rate             = number
    api_latency_p99_ms       = number
    lambda_errors            = number
    lambda_throttles         = number
    dynamodb_throttle_events = number
    replication_latency_ms   = number
    waf_blocked_requests     = number
    cloudfront_5xx_rate_pct  = number
    # Requests the regional origin guard blocked per period (direct calls to execute-api, or a
    # CloudFront/WAF secret mismatch after a botched rotation).
    origin_guard_blocked_requests = optional(number, 100)
  })
  description = "Alarm thresholds: API 5xx rate as a fraction of requests, p99 latency (ms), Lambda errors/throttles and DynamoDB throttle events per period, replication latency (ms), WAF blocked requests per period, CloudFront 5xx error rate (%), requests blocked by the regional origin guard per period (optional, 100)."
  default = {
    api_5xx_rate                  = 0.01
    api_latency_p99_ms            = 2000
    lambda_errors                 = 5
    lambda_throttles              = 1
    dynamodb_throttle_events      = 1
    replication_latency_ms        = 30000
    waf_blocked_requests          = 1000
    cloudfront_5xx_rate_pct       = 1
    origin_guard_blocked_requests = 100
  }

  validation {
    condition     = var.alarm_thresholds.api_5xx_rate > 0 && var.alarm_thresholds.api_5xx_rate < 1 && alltrue([for v in values(var.alarm_thresholds) : v > 0])
    error_message = "Thresholds are positive; api_5xx_rate is a fraction between 0 and 1."
  }
}

variable "table_definitions_dir" {
  type        = string
  description = "Folder of the shared table definitions (for table dashboards and alarms). Null means <repo>/shared/tables."
  default     = null

  validation {
    condition     = var.table_definitions_dir == null || try(length(trimspace(var.table_definitions_dir)) > 0, false)
    error_message = "Leave it null or give a non-empty folder path."
  }
}

variable "cost_center" {
  type        = string
  description = "CostCenter tag applied to every resource through default_tags."
  default     = "ledgerline-platform"

  validation {
    condition     = length(var.cost_center) > 0 && length(var.cost_center) <= 256
    error_message = "CostCenter must be 1-256 characters."
  }
}

variable "compliance" {
  type        = string
  description = "Compliance tag applied to every resource through default_tags."
  default     = "PCI-DSS"

  validation {
    condition     = length(var.compliance) > 0 && length(var.compliance) <= 256
    error_message = "Compliance must be 1-256 characters."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource. CostCenter, Environment and Compliance come from their own variables and win over these."
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.tags : length(k) <= 128 && length(v) <= 256 && !startswith(lower(k), "aws:")])
    error_message = "Tag keys are <= 128 characters and may not start with aws:; values <= 256 characters."
  }
}
