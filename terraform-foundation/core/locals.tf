locals {
  # CloudFront, its ACM certificates and CLOUDFRONT-scope WAF exist only in us-east-1 (an AWS constraint).
  global_region = "us-east-1"
  partition     = "aws"
  name_prefix   = "ledgerline"

  default_tags = merge(var.tags, {
    CostCenter  = var.cost_center
    Environment = var.environment_suffix
    Compliance  = var.compliance
    Project     = local.name_prefix
    ManagedBy   = "terraform/core"
  })

  # --- table definitions: the one schema source is shared/tables/*.json --------------------------
  table_definitions_dir = coalesce(var.table_definitions_dir, "${path.module}/../../shared/tables")
  table_documents = {
    for f in fileset(local.table_definitions_dir, "*.json") :
    f => jsondecode(file("${local.table_definitions_dir}/${f}"))
  }
  # The JSON schema sits in the same folder; a table definition is any document with a stem.
  tables = {
    for f, t in local.table_documents : t.stem => t if can(t.stem)
  }
  table_attributes = {
    for stem, t in local.tables : stem => distinct(concat(
      [t.partitionKey],
      t.sortKey == null ? [] : [t.sortKey],
      flatten([for g in t.globalSecondaryIndexes : concat([g.partitionKey], g.sortKey == null ? [] : [g.sortKey])]),
    ))
  }

  # --- KMS: one customer-managed key per purpose, multi-region when replication is on ------------
  kms_keys = {
    data = {
      description = "DynamoDB tables (global table replicas use the replica key)"
      via_service = "dynamodb"
    }
    secrets = {
      description = "Secrets Manager secrets and their replicas"
      via_service = "secretsmanager"
    }
    observability = {
      description = "Alarm SNS topics and CloudWatch Logs log groups"
      via_service = null
    }
    # Wraps each person's data key (envelope encryption, docs/privacy.md). Used directly by the
    # functions that seal or open personal fields (GenerateDataKey/Decrypt with the person's `sub` as
    # encryption context), not through a service; multi-Region, because a key wrapped in one region
    # is unwrapped from the other region's replica of the person-keys table.
    person-keys = {
      description = "Per-person data keys of the ledger's personal fields (crypto-shredding)"
      via_service = null
    }
  }
  replica_kms_keys = var.enable_replication ? local.kms_keys : {}
}
