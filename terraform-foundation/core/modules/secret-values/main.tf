# Generates a value for each secret with Secrets Manager GetRandomPassword (an ephemeral resource) and
# stores it through a write-only attribute: the value is in neither the code nor the Terraform state.
# Kept in its own module so tests can replace it with override_module (provider mocks cannot open
# ephemeral resources).

terraform {
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "secrets" {
  type = map(object({
    secret_id = string
    length    = number
  }))
  description = "Secret id (ARN) and generated value length per secret key."
}

variable "value_version" {
  type        = number
  description = "Bump to generate and store new values."
}

ephemeral "aws_secretsmanager_random_password" "this" {
  for_each = var.secrets

  password_length     = each.value.length
  exclude_punctuation = true
  include_space       = false
}

resource "aws_secretsmanager_secret_version" "this" {
  for_each = var.secrets

  secret_id                = each.value.secret_id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.this[each.key].random_password
  secret_string_wo_version = var.value_version
}

output "version_ids" {
  description = "Secrets Manager version id per secret key."
  value       = { for k, v in aws_secretsmanager_secret_version.this : k => v.version_id }
}
