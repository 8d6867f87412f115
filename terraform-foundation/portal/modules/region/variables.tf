# Inputs of one portal region. The root instantiates it twice: the active primary and the pilot-light
# standby. Validation of user-facing values happens in the root; these describe the contract.

variable "env" {
  type        = string
  description = "environment_suffix of the root."
}

variable "role" {
  type        = string
  description = "\"primary\" (serving, database, scheduled scaling) or \"standby\" (pilot light)."

  validation {
    condition     = contains(["primary", "standby"], var.role)
    error_message = "role is primary or standby."
  }
}

variable "account_id" {
  type        = string
  description = "AWS account id (ARNs and bucket names without an aws_caller_identity lookup)."
}

variable "availability_zones" {
  type        = list(string)
  description = "Exactly three AZs of this region; null = <region>a, b and c."
  default     = null
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR of the region's VPC (/16); carved into 3 public, 3 private and 3 isolated subnets."
}

variable "nat_gateway_per_az" {
  type        = bool
  description = "One NAT gateway per AZ (true) or a single shared NAT gateway (cheaper, AZ-dependent egress)."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of every log group (>= 90)."
}

variable "cloudfront_prefix_list_id" {
  type        = string
  description = "Id of com.amazonaws.global.cloudfront.origin-facing in this region; null = look it up."
  default     = null
}

variable "route53_healthcheck_prefix_list_id" {
  type        = string
  description = "Id of com.amazonaws.<region>.route53-healthchecks (this region's Route 53 health checkers); null = look it up."
  default     = null
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the ALB HTTPS listener (in this region)."
}

variable "origin_verify_header_name" {
  type        = string
  description = "Header CloudFront adds to every origin request."
}

variable "origin_verify_header_value" {
  type        = string
  description = "Value of the origin-verify header."
  sensitive   = true
}

variable "health_check_path" {
  type        = string
  description = "Health path of the portal container (target groups, Route 53)."
}

variable "health_check_matcher" {
  type        = string
  description = "HTTP code the health path must answer."
}

variable "portal_image" {
  type        = string
  description = "Container image of the portal."
}

variable "container" {
  type = object({
    api_base_url         = string
    stop_timeout_seconds = number
  })
  description = "Container settings: API_BASE_URL and the stopTimeout (seconds between SIGTERM and SIGKILL)."
}

variable "container_port" {
  type        = number
  description = "Port the portal container listens on (HTTP, behind the ALB)."
}

variable "task_cpu" {
  type        = number
  description = "Fargate task CPU units."
}

variable "task_memory" {
  type        = number
  description = "Fargate task memory (MiB)."
}

variable "desired_count" {
  type        = number
  description = "Tasks the service runs (0 for a pilot-light standby)."
}

variable "min_count" {
  type        = number
  description = "Auto scaling minimum outside trading hours."
}

variable "max_count" {
  type        = number
  description = "Auto scaling maximum."
}

variable "capacity" {
  type = object({
    fargate_base   = number
    fargate_weight = number
    spot_weight    = number
  })
  description = "Capacity provider strategy: FARGATE base/weight (on-demand floor) and FARGATE_SPOT weight."
}

variable "scaling" {
  type = object({
    cpu_target             = number
    requests_per_target    = number
    trading_min_count      = number
    trading_open_schedule  = string
    trading_close_schedule = string
    schedule_timezone      = string
  })
  description = "Target tracking targets and the trading-day schedule (scheduled actions only in the primary)."
}

variable "database" {
  type = object({
    enabled                   = bool
    engine_version            = string
    min_acu                   = number
    max_acu                   = number
    reader_count              = number
    backup_retention_days     = number
    snapshot_identifier       = optional(string)
    database_name             = string
    master_username           = string
    app_username              = string
    performance_insights_days = number
  })
  description = "Aurora PostgreSQL Serverless v2 settings; enabled = false creates no cluster (pilot light before a restore)."
}

variable "enable_autoscaling" {
  type        = bool
  description = "Create the Application Auto Scaling target, target-tracking policies and (primary) trading-day scheduled actions. False only for an emulated run (root variable enable_autoscaling)."
  default     = true
  nullable    = false
}
