# Core root: the portal's container registry (portal_ecr.tf). Mocked providers (one per alias), no credentials.

mock_provider "aws" {
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:us-east-1:123456789012:ledgerline-alarms-tst" }
  }
}

mock_provider "aws" {
  alias = "secondary"

  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:us-west-2:123456789012:ledgerline-alarms-tst" }
  }
}

mock_provider "aws" {
  alias = "global"
}

mock_provider "aws" {
  alias = "portal"
}

mock_provider "aws" {
  alias = "portal_standby"
}

# Provider mocks cannot serve ephemeral resources, so the alias used only by the secret value generator
# stays a real (offline, never called) provider and the generator module is replaced.
provider "aws" {
  alias                       = "value_generator"
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

override_module {
  target  = module.secret_values
  outputs = { version_ids = {} }
}

variables {
  environment_suffix = "tst"
  account_id         = "123456789012"
}

run "portal_repository_is_immutable_scanned_kms_encrypted_and_replicated_to_the_standby" {
  command = plan

  assert {
    condition = alltrue([
      for repo in [aws_ecr_repository.portal, aws_ecr_repository.portal_standby] :
      repo.name == "ledgerline-portal-tst" && repo.image_tag_mutability == "IMMUTABLE" &&
      repo.image_scanning_configuration[0].scan_on_push && repo.encryption_configuration[0].encryption_type == "KMS" &&
      repo.force_delete
    ])
    error_message = "Both repositories: ledgerline-portal-<suffix>, immutable tags, scan on push, KMS, destroyable."
  }

  assert {
    condition = (
      aws_kms_key.portal_ecr.enable_key_rotation && aws_kms_key.portal_ecr_standby.enable_key_rotation &&
      aws_kms_key.portal_ecr.deletion_window_in_days == 7 &&
      jsondecode(aws_kms_key.portal_ecr.policy).Statement[1].Condition.StringEquals["kms:ViaService"] == "ecr.ap-southeast-1.amazonaws.com" &&
      jsondecode(aws_kms_key.portal_ecr_standby.policy).Statement[1].Condition.StringEquals["kms:ViaService"] == "ecr.ap-southeast-2.amazonaws.com" &&
      aws_kms_alias.portal_ecr.name == "alias/ledgerline-portal-tst-ecr"
    )
    error_message = "A rotated CMK per region, usable only through ECR in that region."
  }

  assert {
    condition = (
      one(aws_ecr_replication_configuration.portal[0].replication_configuration[0].rule[0].destination).region == "ap-southeast-2" &&
      one(aws_ecr_replication_configuration.portal[0].replication_configuration[0].rule[0].destination).registry_id == "123456789012" &&
      one(aws_ecr_replication_configuration.portal[0].replication_configuration[0].rule[0].repository_filter).filter == "ledgerline-portal-" &&
      one(aws_ecr_replication_configuration.portal[0].replication_configuration[0].rule[0].repository_filter).filter_type == "PREFIX_MATCH"
    )
    error_message = "The portal region's registry replicates ledgerline-portal-* to the standby region of the same account."
  }

  assert {
    condition = (
      [for r in jsondecode(aws_ecr_lifecycle_policy.portal.policy).rules : r.selection.tagStatus] == ["untagged", "any"] &&
      jsondecode(aws_ecr_lifecycle_policy.portal.policy).rules[1].selection.countNumber == 100 &&
      aws_ecr_lifecycle_policy.portal_standby.policy == aws_ecr_lifecycle_policy.portal.policy
    )
    error_message = "Lifecycle: untagged images expire after 14 days, at most 100 images kept, the same in both regions."
  }
}

run "one_stage_per_account_owns_the_replication_configuration" {
  command = plan

  variables {
    manage_portal_ecr_replication = false
    portal_image_retention_count  = 20
  }

  assert {
    condition     = length(aws_ecr_replication_configuration.portal) == 0 && jsondecode(aws_ecr_lifecycle_policy.portal.policy).rules[1].selection.countNumber == 20
    error_message = "manage_portal_ecr_replication = false leaves the registry setting to another stage."
  }
}

run "rejects_same_portal_regions_and_tiny_retention" {
  command = plan

  variables {
    portal_standby_region        = "ap-southeast-1"
    portal_image_retention_count = 5
  }

  expect_failures = [var.portal_standby_region, var.portal_image_retention_count]
}
