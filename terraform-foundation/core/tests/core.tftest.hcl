# Core root: tables, keys, secrets, alarm topics. Mocked providers (one per alias), no credentials.

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

# Distinct, well-formed ARNs per key so the assertions can tell the keys apart.
override_resource {
  target = aws_kms_key.this["data"]
  values = { arn = "arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000001" }
}

override_resource {
  target = aws_kms_key.this["secrets"]
  values = { arn = "arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000002" }
}

override_resource {
  target = aws_kms_key.this["observability"]
  values = { arn = "arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000003" }
}

override_resource {
  target = aws_kms_key.this["person-keys"]
  values = { arn = "arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000006" }
}

override_resource {
  target = aws_kms_replica_key.this["person-keys"]
  values = { arn = "arn:aws:kms:us-west-2:123456789012:key/mrk-00000000000000000000000000000006" }
}

override_resource {
  target = aws_kms_key.exports
  values = { arn = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000005" }
}

override_resource {
  target = aws_kms_key.secondary_observability
  values = { arn = "arn:aws:kms:us-west-2:123456789012:key/00000000-0000-0000-0000-000000000004" }
}

override_resource {
  target = aws_kms_replica_key.this["data"]
  values = { arn = "arn:aws:kms:us-west-2:123456789012:key/mrk-00000000000000000000000000000001" }
}

override_resource {
  target = aws_kms_replica_key.this["secrets"]
  values = { arn = "arn:aws:kms:us-west-2:123456789012:key/mrk-00000000000000000000000000000002" }
}

override_resource {
  target = aws_kms_replica_key.this["observability"]
  values = { arn = "arn:aws:kms:us-west-2:123456789012:key/mrk-00000000000000000000000000000003" }
}

override_resource {
  target = aws_iam_role.apigateway_cloudwatch
  values = { arn = "arn:aws:iam::123456789012:role/ledgerline-apigateway-cloudwatch-tst" }
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

run "tables_match_the_shared_definitions" {
  command = apply

  assert {
    condition     = toset(keys(aws_dynamodb_table.this)) == toset(["auth", "person-keys", "profiles", "transactions"])
    error_message = "Expected one table per shared/tables/*.json definition."
  }

  assert {
    condition = alltrue([
      for stem, t in aws_dynamodb_table.this :
      t.hash_key == jsondecode(file("../../shared/tables/${stem}.json")).partitionKey.name &&
      t.range_key == try(jsondecode(file("../../shared/tables/${stem}.json")).sortKey.name, null) &&
      t.stream_view_type == jsondecode(file("../../shared/tables/${stem}.json")).streamViewType
    ])
    error_message = "Keys and stream view type must come from the shared definitions."
  }

  assert {
    condition     = toset([for g in aws_dynamodb_table.this["transactions"].global_secondary_index : "${g.name}:${g.hash_key}:${g.projection_type}"]) == toset(["gsi1:gsi1pk:ALL", "gsi2:gsi2pk:ALL", "gsi3:gsi3pk:KEYS_ONLY"])
    error_message = "The transactions table must carry gsi1, gsi2 and the KEYS_ONLY owner index gsi3 from its definition."
  }

  assert {
    condition     = alltrue([for t in aws_dynamodb_table.this : t.billing_mode == "PAY_PER_REQUEST" && t.stream_enabled && !t.deletion_protection_enabled])
    error_message = "Tables must be on demand, with streams, and without deletion protection."
  }

  assert {
    condition     = alltrue([for stem, t in aws_dynamodb_table.this : length(t.ttl) == (jsondecode(file("../../shared/tables/${stem}.json")).ttlAttribute == null ? 0 : 1) && alltrue([for x in t.ttl : x.enabled && x.attribute_name == "expiresAt"])])
    error_message = "TTL must be enabled on the attribute named by ttlAttribute, and absent where it is null."
  }

  assert {
    condition     = alltrue([for t in aws_dynamodb_table.this : one(t.point_in_time_recovery).enabled])
    error_message = "PITR must be on for every table."
  }

  assert {
    condition     = alltrue([for t in aws_dynamodb_table.this : one(t.server_side_encryption).enabled && one(t.server_side_encryption).kms_key_arn == aws_kms_key.this["data"].arn])
    error_message = "Tables must be encrypted with the customer-managed data key."
  }

  assert {
    condition = alltrue([
      for t in aws_dynamodb_table.this :
      length(t.replica) == 1 && alltrue([
        for r in t.replica :
        r.region_name == "us-west-2" && r.point_in_time_recovery && r.propagate_tags && r.kms_key_arn == aws_kms_replica_key.this["data"].arn
      ])
    ])
    error_message = "Every table needs one us-west-2 replica with PITR, tag propagation and the replica data key."
  }
}

run "keys_are_multi_region_rotated_and_quick_to_delete" {
  command = apply

  assert {
    condition     = alltrue([for k in aws_kms_key.this : k.multi_region && k.enable_key_rotation && k.deletion_window_in_days == 7])
    error_message = "Primary keys must be multi-region, rotated, with the 7-day minimum deletion window."
  }

  assert {
    condition     = toset(keys(aws_kms_replica_key.this)) == toset(keys(aws_kms_key.this)) && alltrue([for p, r in aws_kms_replica_key.this : r.primary_key_arn == aws_kms_key.this[p].arn && r.deletion_window_in_days == 7])
    error_message = "Every key needs a replica in the secondary region."
  }

  assert {
    condition = alltrue(flatten([
      for k in concat(values(aws_kms_key.this), values(aws_kms_replica_key.this)) : [
        for s in jsondecode(k.policy).Statement : s.Sid == "EnableRootAccountAdministration" || !contains(flatten([s.Action]), "kms:*")
      ]
    ]))
    error_message = "kms:* is only allowed in the root-account administration statement."
  }

  assert {
    condition = alltrue(flatten([
      for k in concat(values(aws_kms_key.this), values(aws_kms_replica_key.this)) : [
        for s in jsondecode(k.policy).Statement : s.Sid == "EnableRootAccountAdministration" || can(s.Principal.Service) || length(try(s.Condition, {})) > 0
      ]
    ]))
    error_message = "Statements other than root administration must name a service principal or carry conditions."
  }

  assert {
    condition     = strcontains(aws_kms_key.this["observability"].policy, "kms:EncryptionContext:aws:logs:arn") && strcontains(aws_kms_key.this["observability"].policy, "aws:SourceAccount")
    error_message = "The observability key must restrict CloudWatch Logs by encryption context and alarms by source account."
  }

  assert {
    condition     = strcontains(aws_kms_replica_key.this["data"].policy, "dynamodb.us-west-2.amazonaws.com") && strcontains(aws_kms_key.this["data"].policy, "dynamodb.us-east-1.amazonaws.com")
    error_message = "Key policies must be written for their own region."
  }
}

run "secrets_are_cmk_encrypted_replicated_and_destroyable" {
  command = apply

  assert {
    condition     = toset(values(output.secret_names)) == toset(["ledgerline/tst/service-token-signing-key", "ledgerline/tst/origin-verify", "ledgerline/tst/api-keys"])
    error_message = "Secrets must be named ledgerline/<suffix>/<name>."
  }

  assert {
    condition     = alltrue([for s in aws_secretsmanager_secret.this : s.recovery_window_in_days == 0 && s.kms_key_id == aws_kms_key.this["secrets"].arn])
    error_message = "Secrets need the secrets CMK and a zero recovery window."
  }

  assert {
    condition     = alltrue([for s in aws_secretsmanager_secret.this : length(s.replica) == 1 && alltrue([for r in s.replica : r.region == "us-west-2" && r.kms_key_id == aws_kms_replica_key.this["secrets"].arn])])
    error_message = "Secrets must be replicated to us-west-2 with the replica secrets key."
  }

  assert {
    condition     = length(module.secret_values) == 1
    error_message = "Secret values must be generated (ephemeral, write-only) by default."
  }

  assert {
    condition     = toset(keys(output.secret_arns)) == toset(keys(output.secret_names))
    error_message = "Secret ARNs must be output for the services."
  }
}

run "alarm_topics_are_encrypted_in_both_regions" {
  command = apply

  assert {
    condition     = aws_sns_topic.alarms.name == "ledgerline-alarms-tst" && aws_sns_topic.alarms.kms_master_key_id == aws_kms_key.this["observability"].arn
    error_message = "The primary alarm topic must use the observability key."
  }

  assert {
    condition     = aws_sns_topic.alarms_secondary["us-west-2"].kms_master_key_id == aws_kms_replica_key.this["observability"].arn
    error_message = "The secondary alarm topic must use the replica observability key."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.alarm_email) == 0 && length(aws_sns_topic_subscription.alarm_email_secondary) == 0
    error_message = "No e-mail subscription without alarm_email."
  }

  assert {
    condition     = toset(keys(output.alarm_topic_arns)) == toset(["us-east-1", "us-west-2"])
    error_message = "An alarm topic ARN per region must be output for the edge root."
  }
}

run "alarm_email_subscribes_in_both_regions" {
  command = plan

  variables {
    alarm_email = "oncall@example.com"
  }

  assert {
    condition     = aws_sns_topic_subscription.alarm_email[0].endpoint == "oncall@example.com" && length(aws_sns_topic_subscription.alarm_email_secondary) == 1
    error_message = "alarm_email must subscribe to both topics."
  }
}

run "names_carry_the_suffix_and_tags_are_set" {
  command = plan

  variables {
    tags = { Team = "platform", Environment = "ignored" }
  }

  assert {
    condition = alltrue(concat(
      [for t in aws_dynamodb_table.this : endswith(t.name, "-tst")],
      [for a in aws_kms_alias.this : endswith(a.name, "-tst")],
      [for a in aws_kms_alias.replica : endswith(a.name, "-tst")],
      [for k in aws_kms_key.this : strcontains(k.description, "-tst")],
      [for s in aws_secretsmanager_secret.this : startswith(s.name, "ledgerline/tst/")],
      [endswith(aws_sns_topic.alarms.name, "-tst")],
      [aws_s3_bucket.exports.bucket == "ledgerline-exports-tst-123456789012", aws_s3_bucket.exports_logs.bucket == "ledgerline-exports-logs-tst-123456789012"],
      [aws_kms_alias.exports.name == "alias/ledgerline-exports-tst", strcontains(aws_kms_key.exports.description, "-tst")],
    ))
    error_message = "Every name must carry environment_suffix."
  }

  assert {
    condition     = output.default_tags.Environment == "tst" && output.default_tags.CostCenter == "ledgerline-platform" && output.default_tags.Compliance == "PCI-DSS" && output.default_tags.Team == "platform"
    error_message = "default_tags must carry CostCenter, Environment (= suffix, not overridable), Compliance and extra tags."
  }
}

run "api_gateway_can_write_execution_logs_in_both_regions" {
  command = apply

  assert {
    condition     = aws_api_gateway_account.primary.cloudwatch_role_arn == aws_iam_role.apigateway_cloudwatch.arn && aws_api_gateway_account.secondary.cloudwatch_role_arn == aws_iam_role.apigateway_cloudwatch.arn
    error_message = "Both API regions must point API Gateway's account setting at the CloudWatch role."
  }

  assert {
    condition     = endswith(aws_iam_role.apigateway_cloudwatch.name, "-tst") && strcontains(aws_iam_role.apigateway_cloudwatch.assume_role_policy, "apigateway.amazonaws.com") && strcontains(aws_iam_role.apigateway_cloudwatch.assume_role_policy, "aws:SourceAccount")
    error_message = "The role carries the suffix and only API Gateway of this account may assume it."
  }

  assert {
    condition     = endswith(aws_iam_role_policy_attachment.apigateway_cloudwatch.policy_arn, ":policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs")
    error_message = "The role uses the AWS-managed push-to-CloudWatch policy, nothing broader."
  }
}

run "single_region_stage_has_no_replicas" {
  command = apply

  variables {
    enable_replication = false
  }

  assert {
    condition     = length(aws_kms_replica_key.this) == 0 && alltrue([for k in aws_kms_key.this : !k.multi_region])
    error_message = "Without replication the keys are single-region and there are no replica keys."
  }

  assert {
    condition     = alltrue([for t in aws_dynamodb_table.this : length(t.replica) == 0]) && alltrue([for s in aws_secretsmanager_secret.this : length(s.replica) == 0])
    error_message = "Without replication tables and secrets have no replicas."
  }

  assert {
    condition = (
      length(aws_kms_key.secondary_observability) == 1 && !aws_kms_key.secondary_observability[0].multi_region &&
      aws_sns_topic.alarms_secondary["us-west-2"].kms_master_key_id == aws_kms_key.secondary_observability[0].arn &&
      toset(keys(output.alarm_topic_arns)) == toset(["us-east-1", "us-west-2"]) &&
      output.observability_kms_key_arns["us-west-2"] == aws_kms_key.secondary_observability[0].arn
    )
    error_message = "Without replication the secondary region (services and edge alarms still run there) gets its own single-region observability key and an alarm topic encrypted with it."
  }
}

run "rejects_bad_suffix_account_and_email" {
  command = plan

  variables {
    environment_suffix = "Dev_1"
    account_id         = "12345"
    alarm_email        = "not-an-email"
  }

  expect_failures = [var.environment_suffix, var.account_id, var.alarm_email]
}

run "rejects_short_kms_window_and_weak_secrets" {
  command = plan

  variables {
    kms_deletion_window_days = 3
    secrets                  = { "origin-verify" = { description = "x", length = 8 } }
    tags                     = { "aws:reserved" = "x" }
  }

  expect_failures = [var.kms_deletion_window_days, var.secrets, var.tags]
}

run "person_keys_table_is_a_global_table_with_retention_ttl" {
  command = apply

  assert {
    condition     = aws_dynamodb_table.this["person-keys"].name == "ledgerline-person-keys-tst" && output.person_keys_table.name == "ledgerline-person-keys-tst" && output.person_keys_table.arn == aws_dynamodb_table.this["person-keys"].arn
    error_message = "The key table is ledgerline-person-keys-<suffix>, and its name and ARN are output."
  }

  assert {
    condition     = aws_dynamodb_table.this["person-keys"].hash_key == "pk" && aws_dynamodb_table.this["person-keys"].range_key == "sk" && length(aws_dynamodb_table.this["person-keys"].global_secondary_index) == 0
    error_message = "The key table has pk/sk and no GSI."
  }

  assert {
    condition     = one(aws_dynamodb_table.this["person-keys"].ttl).enabled && one(aws_dynamodb_table.this["person-keys"].ttl).attribute_name == "expiresAt"
    error_message = "A person's keys expire by TTL (expiresAt: 5 years after their last account closed)."
  }

  assert {
    condition = (
      one(aws_dynamodb_table.this["person-keys"].point_in_time_recovery).enabled &&
      one(aws_dynamodb_table.this["person-keys"].server_side_encryption).kms_key_arn == aws_kms_key.this["data"].arn &&
      length(aws_dynamodb_table.this["person-keys"].replica) == 1 &&
      alltrue([for r in aws_dynamodb_table.this["person-keys"].replica : r.region_name == "us-west-2" && r.point_in_time_recovery && r.kms_key_arn == aws_kms_replica_key.this["data"].arn])
    )
    error_message = "The key table needs PITR, the data CMK and its us-west-2 replica (PITR, replica key)."
  }

  assert {
    condition = (
      aws_kms_key.this["person-keys"].multi_region &&
      aws_kms_replica_key.this["person-keys"].primary_key_arn == aws_kms_key.this["person-keys"].arn &&
      output.kms_key_arns["person-keys"]["us-west-2"] == aws_kms_replica_key.this["person-keys"].arn &&
      !strcontains(aws_kms_key.this["person-keys"].policy, "kms:ViaService")
    )
    error_message = "Person keys are wrapped by a multi-Region CMK with a us-west-2 replica, used directly by the functions (no via-service grant)."
  }
}

run "exports_bucket_is_private_tls_only_kms_encrypted_and_short_lived" {
  command = apply

  assert {
    condition     = aws_s3_bucket.exports.bucket == "ledgerline-exports-tst-123456789012" && aws_s3_bucket.exports.force_destroy && aws_s3_bucket_ownership_controls.exports.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "The exports bucket carries the suffix and account id, is destroyable and has ACLs disabled."
  }

  assert {
    condition = alltrue([
      for b in [aws_s3_bucket_public_access_block.exports, aws_s3_bucket_public_access_block.exports_logs] :
      b.block_public_acls && b.block_public_policy && b.ignore_public_acls && b.restrict_public_buckets
    ])
    error_message = "Both buckets block public access (all four settings)."
  }

  assert {
    condition = alltrue([
      for p in [aws_s3_bucket_policy.exports.policy, aws_s3_bucket_policy.exports_logs.policy] :
      anytrue([
        for s in jsondecode(p).Statement :
        s.Effect == "Deny" && s.Principal == "*" && s.Action == "s3:*" && try(s.Condition.Bool["aws:SecureTransport"], "") == "false" && length(s.Resource) == 2
      ])
    ])
    error_message = "Both bucket policies deny every request without TLS, on the bucket and its objects."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.exports.policy).Statement :
      s.Effect == "Deny" && s.Action == "s3:PutObject" && try(s.Condition.StringNotEqualsIfExists["s3:x-amz-server-side-encryption-aws-kms-key-id"], "") == aws_kms_key.exports.arn
    ])
    error_message = "Uploads naming another KMS key are denied."
  }

  assert {
    condition = alltrue([
      for r in aws_s3_bucket_server_side_encryption_configuration.exports.rule :
      r.bucket_key_enabled && alltrue([for d in r.apply_server_side_encryption_by_default : d.sse_algorithm == "aws:kms" && d.kms_master_key_id == aws_kms_key.exports.arn])
    ]) && output.exports_kms_key_arn == aws_kms_key.exports.arn
    error_message = "Exports are SSE-KMS with the exports CMK and a bucket key."
  }

  assert {
    condition     = aws_kms_key.exports.enable_key_rotation && !aws_kms_key.exports.multi_region && strcontains(aws_kms_key.exports.policy, "s3.us-east-1.amazonaws.com") && !strcontains(aws_kms_key.exports.policy, "dynamodb")
    error_message = "The exports key is rotated, single-region, and usable only through S3 in the primary region."
  }

  assert {
    condition = alltrue([
      for r in aws_s3_bucket_lifecycle_configuration.exports.rule :
      r.status == "Enabled" && one(r.expiration).days == 7 && one(r.abort_incomplete_multipart_upload).days_after_initiation == 1
    ])
    error_message = "Exports expire after 7 days; incomplete uploads are aborted after 1 day."
  }

  assert {
    condition     = aws_s3_bucket_logging.exports.bucket == aws_s3_bucket.exports.id && aws_s3_bucket_logging.exports.target_bucket == aws_s3_bucket.exports_logs.id
    error_message = "Access logs of the exports bucket go to the log bucket."
  }
}

run "export_access_logs_are_sse_s3_kept_90_days_and_delivered_by_policy" {
  command = apply

  assert {
    condition     = aws_s3_bucket.exports_logs.bucket == "ledgerline-exports-logs-tst-123456789012" && aws_s3_bucket.exports_logs.force_destroy
    error_message = "The log bucket carries the suffix and is destroyable."
  }

  assert {
    condition     = alltrue([for r in aws_s3_bucket_server_side_encryption_configuration.exports_logs.rule : alltrue([for d in r.apply_server_side_encryption_by_default : d.sse_algorithm == "AES256"])])
    error_message = "Server access logging only delivers to SSE-S3 target buckets."
  }

  assert {
    condition     = alltrue([for r in aws_s3_bucket_lifecycle_configuration.exports_logs.rule : one(r.expiration).days >= 90])
    error_message = "Access logs are kept at least 90 days."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.exports_logs.policy).Statement :
      s.Effect == "Allow" && try(s.Principal.Service, "") == "logging.s3.amazonaws.com" && s.Action == ["s3:PutObject"] &&
      s.Resource == "${aws_s3_bucket.exports_logs.arn}/exports/*" && try(s.Condition.ArnLike["aws:SourceArn"], "") == aws_s3_bucket.exports.arn
    ])
    error_message = "Only S3 log delivery from the exports bucket may write, under exports/."
  }
}

run "rejects_short_export_access_log_retention" {
  command = plan

  variables {
    exports_access_log_retention_days = 30
  }

  expect_failures = [var.exports_access_log_retention_days]
}
