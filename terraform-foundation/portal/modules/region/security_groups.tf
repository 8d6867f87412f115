# Minimal access: CloudFront -> ALB (443, managed prefix list; plus the region's Route 53 health
# checkers), ALB -> tasks (container port),
# tasks -> Aurora (5432). Rules are separate resources so that the groups can reference each other.

resource "aws_security_group" "alb" {
  name        = "${local.prefix}-alb-${local.rsuffix}"
  description = "Portal ALB: HTTPS from CloudFront origin-facing addresses only"
  vpc_id      = aws_vpc.portal.id

  tags = { Name = "${local.prefix}-alb-${local.rsuffix}" }
}

resource "aws_vpc_security_group_ingress_rule" "alb_https_from_cloudfront" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from CloudFront origin-facing servers"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = local.cloudfront_prefix_list_id
}

resource "aws_vpc_security_group_ingress_rule" "alb_https_from_route53_health_checks" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from this region's Route 53 health checkers (health path only, see the listener)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = local.route53_healthcheck_prefix_list_id
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the portal tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.tasks.id
}

resource "aws_security_group" "tasks" {
  name        = "${local.prefix}-tasks-${local.rsuffix}"
  description = "Portal Fargate tasks: container port from the ALB only"
  vpc_id      = aws_vpc.portal.id

  tags = { Name = "${local.prefix}-tasks-${local.rsuffix}" }
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "Container port from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.alb.id
}

# ECR, Secrets Manager, CloudWatch Logs and STS through the NAT gateways.
resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  security_group_id = aws_security_group.tasks.id
  description       = "HTTPS to AWS APIs (ECR, Secrets Manager, CloudWatch Logs)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "tasks_to_database" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "PostgreSQL to Aurora"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.database.id
}

resource "aws_security_group" "database" {
  name        = "${local.prefix}-db-${local.rsuffix}"
  description = "Portal Aurora: PostgreSQL from the portal tasks only"
  vpc_id      = aws_vpc.portal.id

  tags = { Name = "${local.prefix}-db-${local.rsuffix}" }
}

resource "aws_vpc_security_group_ingress_rule" "database_from_tasks" {
  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL from the portal tasks"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.tasks.id
}
