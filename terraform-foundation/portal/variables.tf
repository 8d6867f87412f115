variable "environment_suffix" {
  type        = string
  description = "Stage/environment suffix carried by every resource name (ledgerline-portal-<thing>-<suffix>). At most 10 characters: ALB and target group names are limited to 32."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,9}$", var.environment_suffix)) && !endswith(var.environment_suffix, "-")
    error_message = "Use 2-10 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "account_id" {
  type        = string
  description = "AWS account id (bucket names, ARNs in policies; no aws_caller_identity lookup so plans run offline)."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account id is exactly 12 digits."
  }
}

variable "primary_region" {
  type        = string
  description = "Region serving the portal."
  default     = "ap-southeast-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.primary_region))
    error_message = "Use an AWS region code such as ap-southeast-1."
  }
}

variable "secondary_region" {
  type        = string
  description = "Pilot-light standby region (Route 53 failover target, cross-region backup copies)."
  default     = "ap-southeast-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.secondary_region)) && var.secondary_region != var.primary_region
    error_message = "Use an AWS region code other than the primary region."
  }
}

variable "domain_name" {
  type        = string
  description = "Public host name of the portal (CloudFront alias), e.g. portal.ledgerline.example.com. Origins live under origin.<domain_name>; Route 53 failover needs DNS, so a name is required."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name)) && length(var.domain_name) <= 200
    error_message = "Use a lowercase DNS name such as portal.ledgerline.example.com."
  }
}

variable "route53_zone_id" {
  type        = string
  description = "Id of the public hosted zone holding domain_name (e.g. the edge root's zone)."

  validation {
    condition     = can(regex("^Z[A-Z0-9]{4,31}$", var.route53_zone_id))
    error_message = "Use a Route 53 hosted zone id (Z...)."
  }
}

variable "certificate_arns" {
  type = object({
    primary    = string
    secondary  = optional(string)
    cloudfront = string
  })
  description = "Bring-your-own ACM certificates: the ALB certificate in each region (covering *.origin.<domain_name>) and the CloudFront one in us-east-1 (covering domain_name). Null (default) = create them and validate through Route 53 DNS."
  default     = null

  validation {
    condition = var.certificate_arns == null || try(
      can(regex("^arn:aws[a-z-]*:acm:${var.primary_region}:[0-9]{12}:certificate/[0-9a-f-]{36}$", var.certificate_arns.primary)) &&
      can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/[0-9a-f-]{36}$", var.certificate_arns.cloudfront)) &&
      (var.certificate_arns.secondary == null || can(regex("^arn:aws[a-z-]*:acm:${var.secondary_region}:[0-9]{12}:certificate/[0-9a-f-]{36}$", var.certificate_arns.secondary))),
    false)
    error_message = "Give ACM certificate ARNs: primary in the primary region, secondary in the secondary region, cloudfront in us-east-1."
  }
}

variable "portal_image" {
  type        = string
  description = "Container image of the portal, pinned by tag or digest (e.g. <account>.dkr.ecr.ap-southeast-1.amazonaws.com/ledgerline-portal:1.4.2). An ECR image gets pull rights on exactly that repository."

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]{1,128}|@sha256:[a-f0-9]{64})$", var.portal_image)) && !endswith(var.portal_image, ":latest")
    error_message = "Use registry/repository:tag or @sha256:digest; a mutable :latest tag is not allowed."
  }
}

variable "api_base_url" {
  type        = string
  description = "Public base URL of the Ledgerline APIs the portal calls as the signed-in user (the edge root's api_base_url output, e.g. https://api.ledgerline.example.com): container variable API_BASE_URL. The deploy pipeline passes edge's output; a --portal-var-file value wins."

  validation {
    condition     = can(regex("^https://[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*$", var.api_base_url))
    error_message = "Use an https:// URL without a trailing slash, query or fragment, e.g. https://api.ledgerline.example.com."
  }
}

variable "stop_timeout_seconds" {
  type        = number
  description = "Seconds ECS waits after SIGTERM before SIGKILL (container stopTimeout; Fargate allows at most 120). The portal drains in under 30 s (DRAIN_TIMEOUT_MS 25 s)."
  default     = 40

  validation {
    condition     = var.stop_timeout_seconds >= 30 && var.stop_timeout_seconds <= 120
    error_message = "Use 30-120 seconds: at least the portal's drain time, at most Fargate's limit of 120."
  }
}

variable "standby_image_from_replica" {
  type        = bool
  description = "When portal_image is in the primary region's ECR, run the standby from the same repository and digest in the secondary region's registry (ECR replication, core root), so a failover does not depend on the failed region. False = the standby pulls portal_image as given."
  default     = true
}

variable "container_port" {
  type        = number
  description = "Port of the portal container (plain HTTP inside the VPC; TLS ends at the ALB)."
  default     = 8080

  validation {
    condition     = var.container_port >= 1024 && var.container_port <= 65535
    error_message = "Use an unprivileged port (1024-65535)."
  }
}

variable "task_cpu" {
  type        = number
  description = "Fargate task CPU units."
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.task_cpu)
    error_message = "Fargate CPU is 256, 512, 1024, 2048 or 4096."
  }
}

variable "task_memory" {
  type        = number
  description = "Fargate task memory in MiB (must suit task_cpu)."
  default     = 1024

  validation {
    condition     = var.task_memory >= 512 && var.task_memory <= 30720
    error_message = "Fargate memory is 512-30720 MiB."
  }
}

variable "desired_count" {
  type        = number
  description = "Tasks in the primary region outside trading hours (the auto scaling floor); at least 3, one per AZ."
  default     = 3

  validation {
    condition     = var.desired_count >= 3
    error_message = "Run at least 3 tasks so that every AZ has one."
  }
}

variable "max_count" {
  type        = number
  description = "Auto scaling maximum of tasks per region."
  default     = 12

  validation {
    condition     = var.max_count >= 3 && var.max_count <= 100
    error_message = "max_count is 3-100."
  }
}

variable "fargate_base_count" {
  type        = number
  description = "Tasks always placed on on-demand FARGATE (base of the capacity provider strategy)."
  default     = 2

  validation {
    condition     = var.fargate_base_count >= 1
    error_message = "Keep at least one on-demand task as the Spot fallback."
  }
}

variable "fargate_weight" {
  type        = number
  description = "Weight of on-demand FARGATE above the base."
  default     = 1

  validation {
    condition     = var.fargate_weight >= 1 && var.fargate_weight <= 1000
    error_message = "The FARGATE weight is 1-1000 (it is the on-demand fallback beyond the base)."
  }
}

variable "fargate_spot_weight" {
  type        = number
  description = "Weight of FARGATE_SPOT above the base."
  default     = 3

  validation {
    condition     = var.fargate_spot_weight >= 1 && var.fargate_spot_weight <= 1000
    error_message = "The FARGATE_SPOT weight is 1-1000."
  }
}

variable "cpu_target_percent" {
  type        = number
  description = "Target average CPU utilisation of the service (target tracking)."
  default     = 60

  validation {
    condition     = var.cpu_target_percent >= 10 && var.cpu_target_percent <= 90
    error_message = "Use 10-90 percent."
  }
}

variable "requests_per_target" {
  type        = number
  description = "Target ALBRequestCountPerTarget (requests per task per minute)."
  default     = 1000

  validation {
    condition     = var.requests_per_target >= 10
    error_message = "Use at least 10 requests per target."
  }
}

variable "trading_hours_min_count" {
  type        = number
  description = "Auto scaling floor during the trading day."
  default     = 6

  validation {
    condition     = var.trading_hours_min_count >= 3
    error_message = "The trading-day floor is at least 3 tasks."
  }
}

variable "trading_open_schedule" {
  type        = string
  description = "Application Auto Scaling schedule that raises the floor before the trading day opens (in schedule_timezone)."
  default     = "cron(30 8 ? * MON-FRI *)"

  validation {
    condition     = can(regex("^(cron|at|rate)\\(.+\\)$", var.trading_open_schedule))
    error_message = "Use an Application Auto Scaling schedule expression: cron(...), at(...) or rate(...)."
  }
}

variable "trading_close_schedule" {
  type        = string
  description = "Schedule that lowers the floor back to desired_count after the close (in schedule_timezone)."
  default     = "cron(30 17 ? * MON-FRI *)"

  validation {
    condition     = can(regex("^(cron|at|rate)\\(.+\\)$", var.trading_close_schedule))
    error_message = "Use an Application Auto Scaling schedule expression: cron(...), at(...) or rate(...)."
  }
}

variable "schedule_timezone" {
  type        = string
  description = "IANA time zone of the trading schedules."
  default     = "Asia/Singapore"

  validation {
    condition     = can(regex("^(UTC|[A-Z][A-Za-z_]+/[A-Za-z_/+-]+)$", var.schedule_timezone))
    error_message = "Use an IANA time zone such as Asia/Singapore, or UTC."
  }
}

variable "health_check_path" {
  type        = string
  description = "Health path of the portal (target groups, the unauthenticated ALB rule, Route 53 health checks)."
  default     = "/healthz"

  validation {
    condition     = can(regex("^/[A-Za-z0-9_/-]{1,100}$", var.health_check_path))
    error_message = "Use an absolute path without wildcards or query string."
  }
}

variable "health_check_matcher" {
  type        = string
  description = "HTTP status the health path must answer."
  default     = "200"

  validation {
    condition     = can(regex("^[2-3][0-9]{2}$", var.health_check_matcher))
    error_message = "Use one 2xx or 3xx status code."
  }
}

variable "origin_verify_header_name" {
  type        = string
  description = "Custom header CloudFront sends to the ALB; requests without the exact value are rejected by the listener."
  default     = "x-origin-verify"

  validation {
    condition     = can(regex("^x-[a-z0-9-]{3,40}$", var.origin_verify_header_name))
    error_message = "Use a lowercase x- header name."
  }
}

variable "origin_verify_header_value" {
  type        = string
  description = "Value of the origin-verify header: the SecretString of ledgerline/<suffix>/origin-verify (core). Pass it as TF_VAR_origin_verify_header_value from Secrets Manager; never commit it."
  sensitive   = true

  validation {
    condition     = length(var.origin_verify_header_value) >= 32 && length(var.origin_verify_header_value) <= 128 && can(regex("^[A-Za-z0-9]+$", var.origin_verify_header_value))
    error_message = "The origin-verify value must be 32-128 letters or digits (ALB header condition values are at most 128 characters)."
  }
}

variable "cloudfront_prefix_list_ids" {
  type        = map(string)
  description = "Id of the managed prefix list com.amazonaws.global.cloudfront.origin-facing per region. A region missing here is looked up with the aws_ec2_managed_prefix_list data source (calls AWS at plan time); the offline plan passes ids."
  default     = {}

  validation {
    condition     = alltrue([for id in values(var.cloudfront_prefix_list_ids) : can(regex("^pl-[0-9a-f]{8,17}$", id))])
    error_message = "Prefix list ids look like pl-xxxxxxxx."
  }
}

variable "route53_healthcheck_prefix_list_ids" {
  type        = map(string)
  description = "Id of the managed prefix list com.amazonaws.<region>.route53-healthchecks per ALB region (that region's Route 53 health checkers may reach the ALB on 443). A region missing here is looked up (calls AWS at plan time); the offline plan passes ids."
  default     = {}

  validation {
    condition     = alltrue([for id in values(var.route53_healthcheck_prefix_list_ids) : can(regex("^pl-[0-9a-f]{8,17}$", id))])
    error_message = "Prefix list ids look like pl-xxxxxxxx."
  }
}

variable "health_check_regions" {
  type        = list(string)
  description = "Route 53 health checker regions (at least 3). Each ALB admits only its own region's checkers, so both portal regions must be in the list; an endpoint is healthy when more than 18% of the checkers see it healthy."
  default     = ["ap-southeast-1", "ap-southeast-2", "ap-northeast-1"]

  validation {
    condition     = length(var.health_check_regions) >= 3 && length(distinct(var.health_check_regions)) == length(var.health_check_regions) && alltrue([for r in var.health_check_regions : contains(["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"], r)]) && contains(var.health_check_regions, var.primary_region) && contains(var.health_check_regions, var.secondary_region)
    error_message = "Give at least 3 distinct Route 53 health checker regions, including the primary and the secondary region."
  }
}

variable "availability_zones" {
  type        = map(list(string))
  description = "Three AZ names per region (keys: primary_region, secondary_region). A region missing here uses <region>a, b and c (no DescribeAvailabilityZones call, so plans run offline)."
  default     = {}

  validation {
    condition     = alltrue([for region, azs in var.availability_zones : length(azs) == 3 && length(distinct(azs)) == 3 && alltrue([for az in azs : startswith(az, region)])])
    error_message = "Give three distinct AZs of the region per key."
  }
}

variable "primary_vpc_cidr" {
  type        = string
  description = "/16 of the primary VPC."
  default     = "10.60.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.primary_vpc_cidr)) && endswith(var.primary_vpc_cidr, "/16")
    error_message = "Use an IPv4 /16."
  }
}

variable "secondary_vpc_cidr" {
  type        = string
  description = "/16 of the standby VPC (distinct from the primary, for a later peering)."
  default     = "10.61.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.secondary_vpc_cidr)) && endswith(var.secondary_vpc_cidr, "/16")
    error_message = "Use an IPv4 /16."
  }
}

variable "nat_gateway_per_az" {
  type        = bool
  description = "Primary region: one NAT gateway per AZ (true, AZ-independent egress) or one shared NAT gateway (cheaper). The standby always has one."
  default     = true
}

variable "aurora_engine_version" {
  type        = string
  description = "Aurora PostgreSQL engine version (Serverless v2 capable)."
  default     = "16.6"

  validation {
    condition     = can(regex("^1[3-9]\\.[0-9]+$", var.aurora_engine_version))
    error_message = "Use an Aurora PostgreSQL version such as 16.6 (13 or later)."
  }
}

variable "aurora_min_acu" {
  type        = number
  description = "Minimum Aurora capacity units of the Serverless v2 instances."
  default     = 0.5

  validation {
    condition     = var.aurora_min_acu >= 0 && var.aurora_min_acu <= 256 && floor(var.aurora_min_acu * 2) == var.aurora_min_acu * 2
    error_message = "ACUs are 0-256 in steps of 0.5."
  }
}

variable "aurora_max_acu" {
  type        = number
  description = "Maximum Aurora capacity units of the Serverless v2 instances."
  default     = 16

  validation {
    condition     = var.aurora_max_acu >= 1 && var.aurora_max_acu <= 256 && floor(var.aurora_max_acu * 2) == var.aurora_max_acu * 2 && var.aurora_max_acu >= var.aurora_min_acu
    error_message = "The maximum is 1-256 ACUs in steps of 0.5 and not below aurora_min_acu."
  }
}

variable "aurora_reader_count" {
  type        = number
  description = "Aurora readers (each in another AZ than the writer)."
  default     = 1

  validation {
    condition     = var.aurora_reader_count >= 1 && var.aurora_reader_count <= 4
    error_message = "Run 1-4 readers."
  }
}

variable "backup_retention_days" {
  type        = number
  description = "Aurora automated backup (point-in-time recovery) window."
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "Keep 7-35 days of automated backups."
  }
}

variable "standby_enabled" {
  type        = bool
  description = "Create the pilot-light standby in secondary_region (network, ALB, ECS at standby_task_count, hourly cross-region copies of the database) and the Route 53 failover to it."
  default     = true
}

variable "enable_autoscaling" {
  type        = bool
  description = "Application Auto Scaling of the ECS service in both regions: CPU and requests-per-target tracking plus the trading-day schedule (primary). Keep true for every real stage. False leaves the scalable targets, policies and scheduled actions out (the service stays at desired_count / standby_task_count); the emulated deploy sets it because moto cannot create aws_appautoscaling_target (docs/deployment-guide.md, \"Emulated deploy (moto)\")."
  default     = true

  validation {
    condition     = var.enable_autoscaling != null
    error_message = "Set enable_autoscaling to true or false (null is not allowed)."
  }
}

variable "standby_task_count" {
  type        = number
  description = "Tasks of the standby service: 0 while it is a pilot light; set to desired_count when failing over."
  default     = 0

  validation {
    condition     = var.standby_task_count >= 0
    error_message = "Use 0 or more."
  }
}

variable "standby_restore_snapshot_identifier" {
  type        = string
  description = "Failover only: ARN of the copied recovery point (Aurora cluster snapshot in the standby vault) to restore the standby database from. Null = no database in the standby region."
  default     = null

  validation {
    condition     = var.standby_restore_snapshot_identifier == null || can(regex("^arn:aws[a-z-]*:rds:[a-z0-9-]+:[0-9]{12}:cluster-snapshot:[A-Za-z0-9:-]+$", var.standby_restore_snapshot_identifier))
    error_message = "Use an Aurora cluster snapshot ARN."
  }
}

variable "backup_copy_schedule" {
  type        = string
  description = "AWS Backup schedule of the database recovery points copied to the standby region (bounds the cross-region RPO)."
  default     = "cron(0 * ? * * *)"

  validation {
    condition     = can(regex("^cron\\(.+\\)$", var.backup_copy_schedule))
    error_message = "Use a cron(...) expression."
  }
}

variable "backup_copy_retention_days" {
  type        = number
  description = "Days the recovery points (and their standby copies) are kept."
  default     = 7

  validation {
    condition     = var.backup_copy_retention_days >= 1 && var.backup_copy_retention_days <= 35
    error_message = "Keep copies 1-35 days."
  }
}

variable "sanctioned_countries" {
  type        = list(string)
  description = "ISO 3166-1 alpha-2 codes blocked by CloudFront geo restriction and the WAF geo rule."
  default     = ["CU", "IR", "KP", "SY"]

  validation {
    condition     = length(var.sanctioned_countries) > 0 && length(var.sanctioned_countries) <= 50 && alltrue([for c in var.sanctioned_countries : can(regex("^[A-Z]{2}$", c))]) && length(distinct(var.sanctioned_countries)) == length(var.sanctioned_countries)
    error_message = "Give 1-50 distinct upper-case two-letter country codes."
  }
}

variable "waf_rate_limit" {
  type        = number
  description = "Requests per client IP per 5 minutes before the WAF blocks it."
  default     = 10000

  validation {
    condition     = var.waf_rate_limit >= 100 && var.waf_rate_limit <= 2000000000
    error_message = "WAF rate limits are 100-2,000,000,000."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of every log group and of the S3 access/audit logs (>= 90)."
  default     = 365

  validation {
    condition     = contains([90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "Use a CloudWatch Logs retention of at least 90 days (90, 120, 150, 180, 365, 400, 545, 731, ...)."
  }
}

variable "alarm_thresholds" {
  type = object({
    cpu_percent        = optional(number, 80)
    memory_percent     = optional(number, 80)
    alb_5xx_count      = optional(number, 10)
    target_p99_seconds = optional(number, 1.5)
    aurora_acu_percent = optional(number, 90)
    aurora_connections = optional(number, 500)
    replica_lag_ms     = optional(number, 1000)
  })
  description = "Alarm thresholds (per 1-minute period unless stated)."
  default     = {}
}

variable "alarm_email" {
  type        = string
  description = "Optional e-mail subscribed to the portal alarm topic."
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", var.alarm_email))
    error_message = "Use an e-mail address."
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
