variable "environment_suffix" {
  type        = string
  description = "Stage/environment suffix carried by every resource name (ledgerline-<thing>-<suffix>), e.g. dev, prod, pr123."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment_suffix)) && !endswith(var.environment_suffix, "-")
    error_message = "Use 2-16 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "account_id" {
  type        = string
  description = "AWS account id the stack is deployed to. Used in KMS key policies instead of an aws_caller_identity lookup (keeps plans offline)."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "The account id is exactly 12 digits."
  }
}

variable "primary_region" {
  type        = string
  description = "Primary region: table and key primaries, secrets, alarm topic."
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.primary_region))
    error_message = "Use an AWS region code such as us-east-1."
  }
}

variable "secondary_region" {
  type        = string
  description = "Secondary region: DynamoDB replicas, replica KMS keys, secret replicas."
  default     = "us-west-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.secondary_region))
    error_message = "Use an AWS region code such as us-west-2."
  }
}

variable "portal_region" {
  type        = string
  description = "Region of the portal root; only the provider alias is declared here."
  default     = "ap-southeast-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.portal_region))
    error_message = "Use an AWS region code such as ap-southeast-1."
  }
}

variable "portal_standby_region" {
  type        = string
  description = "Standby region of the portal root (its secondary_region): the portal's ECR repository is replicated there so the standby pulls the same digest from its own region."
  default     = "ap-southeast-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.portal_standby_region)) && var.portal_standby_region != var.portal_region
    error_message = "Use an AWS region code other than portal_region."
  }
}

variable "manage_portal_ecr_replication" {
  type        = bool
  description = "Own the portal region's registry replication configuration (one per account and region, covering every ledgerline-portal-* repository). Several stages in one account: true in exactly one of them."
  default     = true
}

variable "portal_image_retention_count" {
  type        = number
  description = "Portal images kept per repository (newest first); older ones expire. Keep more than the images any stage may roll back to."
  default     = 100

  validation {
    condition     = var.portal_image_retention_count >= 10 && var.portal_image_retention_count <= 1000
    error_message = "Keep 10-1000 images."
  }
}

variable "enable_replication" {
  type        = bool
  description = "Create the secondary-region half: DynamoDB replicas, multi-region KMS keys with replicas, secret replicas, the secondary alarm topic. Set false only for a single-region dev stage or an emulator (moto cannot create table replicas or replica keys)."
  default     = true

  validation {
    condition     = var.enable_replication != null
    error_message = "Set enable_replication to true or false (null is not allowed)."
  }
}

variable "table_definitions_dir" {
  type        = string
  description = "Folder holding the shared table definitions (*.json with a 'stem'). Null means <repo>/shared/tables, the one schema source."
  default     = null

  validation {
    condition     = var.table_definitions_dir == null || try(length(trimspace(var.table_definitions_dir)) > 0, false)
    error_message = "Leave it null or give a non-empty folder path."
  }
}

variable "secrets" {
  type = map(object({
    description = string
    length      = number
  }))
  description = "Secrets owned by Terraform, named ledgerline/<suffix>/<key>. length is the generated value's length (characters, letters and digits)."
  default = {
    "service-token-signing-key" = {
      description = "HS256 key signing back-office service tokens; verified by the auth service's Lambda authorizer."
      length      = 64
    }
    "origin-verify" = {
      description = "Value of the x-origin-verify header CloudFront adds to origin requests; the APIs reject requests without it."
      length      = 48
    }
    "api-keys" = {
      description = "API key for partner/back-office clients."
      length      = 40
    }
  }

  validation {
    condition     = alltrue([for k, v in var.secrets : can(regex("^[a-z0-9][a-z0-9-]{1,62}$", k)) && v.length >= 32 && v.length <= 4096])
    error_message = "Secret keys are lowercase words with hyphens; generated values are 32-4096 characters long."
  }
}

variable "generate_secret_values" {
  type        = bool
  description = "Generate each secret value with Secrets Manager GetRandomPassword (ephemeral) and store it through a write-only attribute, so the value is in neither the code nor the state. False creates empty secrets to be filled out of band (offline plans and tests, whose mocks cannot open ephemeral resources)."
  default     = true

  validation {
    condition     = var.generate_secret_values != null
    error_message = "Set generate_secret_values to true or false (null is not allowed)."
  }
}

variable "secret_value_version" {
  type        = number
  description = "Bump to generate and store new values for every secret (rotation by re-apply)."
  default     = 1

  validation {
    condition     = var.secret_value_version >= 1 && floor(var.secret_value_version) == var.secret_value_version
    error_message = "Use a whole number >= 1."
  }
}

variable "kms_deletion_window_days" {
  type        = number
  description = "Waiting period before a scheduled KMS key deletion. 7 is the AWS minimum (keeps destroy quick)."
  default     = 7

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "AWS accepts 7-30 days."
  }
}

variable "alarm_email" {
  type        = string
  description = "Optional e-mail address subscribed to the alarm topics (the subscription must be confirmed from the mailbox). Null for none."
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", var.alarm_email))
    error_message = "Give a valid e-mail address or null."
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

variable "exports_access_log_retention_days" {
  type        = number
  description = "Days the exports bucket's S3 server access logs are kept (who downloaded which export, and when)."
  default     = 90

  validation {
    condition     = var.exports_access_log_retention_days >= 90 && floor(var.exports_access_log_retention_days) == var.exports_access_log_retention_days
    error_message = "Keep access logs at least 90 days (whole days)."
  }
}
