# VPC across 3 AZs: public (ALB, NAT), private (Fargate tasks), isolated (Aurora, no route out).

resource "aws_vpc" "portal" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = "${local.prefix}-vpc-${local.rsuffix}" }
}

# No rules: the default security group denies everything (nothing may use it).
resource "aws_default_security_group" "portal" {
  vpc_id = aws_vpc.portal.id

  tags = { Name = "${local.prefix}-default-sg-${local.rsuffix}" }
}

resource "aws_internet_gateway" "portal" {
  vpc_id = aws_vpc.portal.id

  tags = { Name = "${local.prefix}-igw-${local.rsuffix}" }
}

resource "aws_subnet" "public" {
  count = 3

  vpc_id            = aws_vpc.portal.id
  cidr_block        = local.public_cidrs[count.index]
  availability_zone = local.azs[count.index]

  tags = { Name = "${local.prefix}-public-${local.azs[count.index]}-${local.env}", Tier = "public" }
}

resource "aws_subnet" "private" {
  count = 3

  vpc_id            = aws_vpc.portal.id
  cidr_block        = local.private_cidrs[count.index]
  availability_zone = local.azs[count.index]

  tags = { Name = "${local.prefix}-private-${local.azs[count.index]}-${local.env}", Tier = "private" }
}

resource "aws_subnet" "isolated" {
  count = 3

  vpc_id            = aws_vpc.portal.id
  cidr_block        = local.isolated_cidrs[count.index]
  availability_zone = local.azs[count.index]

  tags = { Name = "${local.prefix}-isolated-${local.azs[count.index]}-${local.env}", Tier = "isolated" }
}

resource "aws_eip" "nat" {
  count = local.nat_count

  domain = "vpc"

  tags = { Name = "${local.prefix}-nat-${local.azs[count.index]}-${local.env}" }
}

resource "aws_nat_gateway" "portal" {
  count = local.nat_count

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id

  tags = { Name = "${local.prefix}-nat-${local.azs[count.index]}-${local.env}" }

  depends_on = [aws_internet_gateway.portal]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.portal.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.portal.id
  }

  tags = { Name = "${local.prefix}-public-rt-${local.rsuffix}" }
}

resource "aws_route_table_association" "public" {
  count = 3

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

# One route table per AZ: each private subnet leaves through the NAT gateway of its own AZ (or the single one).
resource "aws_route_table" "private" {
  count = 3

  vpc_id = aws_vpc.portal.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.portal[var.nat_gateway_per_az ? count.index : 0].id
  }

  tags = { Name = "${local.prefix}-private-rt-${local.azs[count.index]}-${local.env}" }
}

resource "aws_route_table_association" "private" {
  count = 3

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

# Isolated: local routes only.
resource "aws_route_table" "isolated" {
  vpc_id = aws_vpc.portal.id

  tags = { Name = "${local.prefix}-isolated-rt-${local.rsuffix}" }
}

resource "aws_route_table_association" "isolated" {
  count = 3

  subnet_id      = aws_subnet.isolated[count.index].id
  route_table_id = aws_route_table.isolated.id
}

# --- Network ACLs (stateless, a coarse second layer under the security groups) -----------------------

resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.portal.id
  subnet_ids = aws_subnet.public[*].id

  # HTTPS from anywhere (the ALB security group narrows it to CloudFront), HTTP for the redirect.
  ingress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 443
    to_port    = 443
  }

  ingress {
    rule_no    = 110
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 80
    to_port    = 80
  }

  # Return traffic (NAT and ALB connections).
  ingress {
    rule_no    = 120
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 1024
    to_port    = 65535
  }

  egress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 65535
  }

  tags = { Name = "${local.prefix}-public-nacl-${local.rsuffix}" }
}

resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.portal.id
  subnet_ids = aws_subnet.private[*].id

  # The container port from the VPC (the ALB), return traffic from the internet via NAT.
  ingress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = var.vpc_cidr
    from_port  = var.container_port
    to_port    = var.container_port
  }

  ingress {
    rule_no    = 110
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 1024
    to_port    = 65535
  }

  # HTTPS out (ECR, Secrets Manager, CloudWatch Logs through NAT), PostgreSQL to the isolated tier,
  # return traffic to the ALB.
  egress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 443
    to_port    = 443
  }

  egress {
    rule_no    = 110
    protocol   = "tcp"
    action     = "allow"
    cidr_block = var.vpc_cidr
    from_port  = 5432
    to_port    = 5432
  }

  egress {
    rule_no    = 120
    protocol   = "tcp"
    action     = "allow"
    cidr_block = var.vpc_cidr
    from_port  = 1024
    to_port    = 65535
  }

  tags = { Name = "${local.prefix}-private-nacl-${local.rsuffix}" }
}

resource "aws_network_acl" "isolated" {
  vpc_id     = aws_vpc.portal.id
  subnet_ids = aws_subnet.isolated[*].id

  dynamic "ingress" {
    for_each = local.private_cidrs
    content {
      rule_no    = 100 + ingress.key
      protocol   = "tcp"
      action     = "allow"
      cidr_block = ingress.value
      from_port  = 5432
      to_port    = 5432
    }
  }

  dynamic "egress" {
    for_each = local.private_cidrs
    content {
      rule_no    = 100 + egress.key
      protocol   = "tcp"
      action     = "allow"
      cidr_block = egress.value
      from_port  = 1024
      to_port    = 65535
    }
  }

  tags = { Name = "${local.prefix}-isolated-nacl-${local.rsuffix}" }
}

# --- Flow logs: every accepted and rejected flow, to a KMS-encrypted group -----------------------------

resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = local.log_group_names.flow_logs
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.portal.arn
}

resource "aws_iam_role" "flow_logs" {
  name = "${local.prefix}-flow-logs-${local.rsuffix}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = var.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:aws:ec2:${local.region}:${var.account_id}:vpc-flow-log/*" }
      }
    }]
  })
}

resource "aws_iam_role_policy" "flow_logs" {
  name = "${local.prefix}-flow-logs-${local.rsuffix}"
  role = aws_iam_role.flow_logs.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "WriteOwnLogGroup"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
      Resource = [aws_cloudwatch_log_group.flow_logs.arn, "${aws_cloudwatch_log_group.flow_logs.arn}:log-stream:*"]
    }]
  })
}

resource "aws_flow_log" "portal" {
  vpc_id                   = aws_vpc.portal.id
  traffic_type             = "ALL"
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn             = aws_iam_role.flow_logs.arn
  max_aggregation_interval = 60

  tags = { Name = "${local.prefix}-flow-log-${local.rsuffix}" }
}
