# Aurora PostgreSQL Serverless v2: a writer and reader(s) in other AZs, CMK storage, Aurora-managed
# master secret, IAM auth, backups + PITR, Performance Insights (KMS), PostgreSQL log export.
# Destroyable: no deletion protection, no final snapshot (the automated backups go with the cluster;
# the cross-region AWS Backup copies in the standby region stay until their lifecycle expires them).

resource "aws_db_subnet_group" "portal" {
  count = var.database.enabled ? 1 : 0

  name        = "${local.prefix}-db-${local.rsuffix}"
  description = "Isolated subnets of the portal database"
  subnet_ids  = aws_subnet.isolated[*].id
}

resource "aws_rds_cluster_parameter_group" "portal" {
  count = var.database.enabled ? 1 : 0

  name        = "${local.prefix}-db-${local.rsuffix}"
  family      = "aurora-postgresql${split(".", var.database.engine_version)[0]}"
  description = "Portal Aurora PostgreSQL: TLS only, statement and connection logging"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }
}

# Created by the cluster for its log export; declared here so retention and the key apply.
resource "aws_cloudwatch_log_group" "aurora" {
  count = var.database.enabled ? 1 : 0

  name              = local.log_group_names.aurora
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.portal.arn
}

resource "aws_rds_cluster" "portal" {
  count = var.database.enabled ? 1 : 0

  cluster_identifier = "${local.prefix}-db-${local.rsuffix}"
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.database.engine_version
  database_name      = var.database.snapshot_identifier == null ? var.database.database_name : null
  # A restore (standby activation) starts from a cross-region copy of a primary recovery point.
  snapshot_identifier = var.database.snapshot_identifier

  master_username               = var.database.master_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = aws_kms_key.portal.arn

  iam_database_authentication_enabled = true
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.portal.arn
  db_subnet_group_name                = aws_db_subnet_group.portal[0].name
  vpc_security_group_ids              = [aws_security_group.database.id]
  db_cluster_parameter_group_name     = aws_rds_cluster_parameter_group.portal[0].name
  availability_zones                  = local.azs

  backup_retention_period      = var.database.backup_retention_days
  preferred_backup_window      = "17:00-18:00"
  preferred_maintenance_window = "sun:18:30-sun:19:30"
  copy_tags_to_snapshot        = true

  enabled_cloudwatch_logs_exports = ["postgresql"]

  deletion_protection = false
  skip_final_snapshot = true
  apply_immediately   = true

  serverlessv2_scaling_configuration {
    min_capacity = var.database.min_acu
    max_capacity = var.database.max_acu
  }

  depends_on = [aws_cloudwatch_log_group.aurora]

  lifecycle {
    # AWS adds AZs to the list on its own.
    ignore_changes = [availability_zones]
  }
}

locals {
  # Writer in the first AZ, readers in the following ones (never the writer's AZ).
  db_readers = var.database.enabled ? {
    for i in range(var.database.reader_count) : "reader-${i + 1}" => { az = local.azs[1 + i % 2], tier = 1 }
  } : {}
}

resource "aws_rds_cluster_instance" "writer" {
  count = var.database.enabled ? 1 : 0

  identifier                            = "${local.prefix}-db-writer-${local.rsuffix}"
  cluster_identifier                    = aws_rds_cluster.portal[0].id
  engine                                = aws_rds_cluster.portal[0].engine
  engine_version                        = aws_rds_cluster.portal[0].engine_version
  instance_class                        = "db.serverless"
  availability_zone                     = local.azs[0]
  promotion_tier                        = 0
  publicly_accessible                   = false
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.portal.arn
  performance_insights_retention_period = var.database.performance_insights_days
  auto_minor_version_upgrade            = true
  apply_immediately                     = true
}

# Readers are created after the writer so that the writer is the instance Aurora makes primary.
resource "aws_rds_cluster_instance" "reader" {
  for_each = local.db_readers

  identifier                            = "${local.prefix}-db-${each.key}-${local.rsuffix}"
  cluster_identifier                    = aws_rds_cluster.portal[0].id
  engine                                = aws_rds_cluster.portal[0].engine
  engine_version                        = aws_rds_cluster.portal[0].engine_version
  instance_class                        = "db.serverless"
  availability_zone                     = each.value.az
  promotion_tier                        = each.value.tier
  publicly_accessible                   = false
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.portal.arn
  performance_insights_retention_period = var.database.performance_insights_days
  auto_minor_version_upgrade            = true
  apply_immediately                     = true

  depends_on = [aws_rds_cluster_instance.writer]
}
