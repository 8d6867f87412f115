# One global table per shared definition (shared/tables/*.json), on demand, CMK-encrypted, PITR on the
# table and on every replica (replicas do not inherit it), streams for replication, TTL where defined.

resource "aws_dynamodb_table" "this" {
  for_each = local.tables

  name                        = "ledgerline-${each.key}-${var.environment_suffix}"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = each.value.partitionKey.name
  range_key                   = try(each.value.sortKey.name, null)
  deletion_protection_enabled = false
  stream_enabled              = true
  stream_view_type            = each.value.streamViewType

  dynamic "attribute" {
    for_each = local.table_attributes[each.key]

    content {
      name = attribute.value.name
      type = attribute.value.type
    }
  }

  dynamic "global_secondary_index" {
    for_each = each.value.globalSecondaryIndexes

    content {
      name            = global_secondary_index.value.name
      hash_key        = global_secondary_index.value.partitionKey.name
      range_key       = try(global_secondary_index.value.sortKey.name, null)
      projection_type = global_secondary_index.value.projection
    }
  }

  dynamic "ttl" {
    for_each = each.value.ttlAttribute == null ? [] : [each.value.ttlAttribute]

    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this["data"].arn
  }

  dynamic "replica" {
    for_each = { for purpose, key in aws_kms_replica_key.this : var.secondary_region => key.arn if purpose == "data" }

    content {
      region_name            = replica.key
      kms_key_arn            = replica.value
      point_in_time_recovery = true
      propagate_tags         = true
    }
  }

  tags = {
    Name  = "ledgerline-${each.key}-${var.environment_suffix}"
    Owner = each.value.owner
  }
}
