# Portal root: one run per requirement group. Mocked providers (one per alias); the few
# attributes whose shape the configuration depends on (region names, the Aurora-managed secret, ACM
# validation records) have fixed mock values.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = { name = "ap-southeast-1" }
  }

  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:ap-southeast-1:123456789012:key/00000000-0000-0000-0000-000000000001" }
  }

  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/ledgerline-portal-mock-ap-southeast-1-tst" }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-southeast-1:123456789012:log-group:/ecs/ledgerline-portal-ap-southeast-1-tst" }
  }

  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:loadbalancer/app/ledgerline-portal-tst/0000000000000001"
      arn_suffix = "app/ledgerline-portal-tst/0000000000000001"
      dns_name   = "ledgerline-portal-tst-1.ap-southeast-1.elb.amazonaws.com"
    }
  }

  mock_resource "aws_lb_target_group" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:targetgroup/ledgerline-portal-tst/0000000000000001"
      arn_suffix = "targetgroup/ledgerline-portal-tst/0000000000000001"
    }
  }

  mock_resource "aws_lb_listener" {
    defaults = { arn = "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:listener/app/ledgerline-portal-tst/0000000000000001/0000000000000001" }
  }

  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:ap-southeast-1:123456789012:ledgerline-portal-alarms-tst" }
  }

  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:ap-southeast-1:123456789012:backup-vault:ledgerline-portal-backup-ap-southeast-1-tst" }
  }

  mock_resource "aws_rds_cluster" {
    defaults = {
      arn                 = "arn:aws:rds:ap-southeast-1:123456789012:cluster:ledgerline-portal-db-ap-southeast-1-tst"
      cluster_resource_id = "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0"
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:rds!cluster-0000-AbCdEf"
        kms_key_id    = "arn:aws:kms:ap-southeast-1:123456789012:key/00000000-0000-0000-0000-000000000001"
        secret_status = "active"
      }]
    }
  }

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:ap-southeast-1:123456789012:certificate/00000000-0000-0000-0000-000000000001"
      domain_validation_options = [{
        domain_name           = "*.origin.portal.ledgerline.example.com"
        resource_record_name  = "_abc.origin.portal.ledgerline.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_def.acm-validations.aws."
      }]
    }
  }

  mock_resource "aws_acm_certificate_validation" {
    defaults = { certificate_arn = "arn:aws:acm:ap-southeast-1:123456789012:certificate/00000000-0000-0000-0000-000000000001" }
  }
}

mock_provider "aws" {
  alias = "secondary"

  mock_data "aws_region" {
    defaults = { name = "ap-southeast-2" }
  }

  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:ap-southeast-2:123456789012:key/00000000-0000-0000-0000-000000000002" }
  }

  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/ledgerline-portal-mock-ap-southeast-2-tst" }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-southeast-2:123456789012:log-group:/ecs/ledgerline-portal-ap-southeast-2-tst" }
  }

  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:ap-southeast-2:123456789012:loadbalancer/app/ledgerline-portal-tst/0000000000000002"
      arn_suffix = "app/ledgerline-portal-tst/0000000000000002"
      dns_name   = "ledgerline-portal-tst-2.ap-southeast-2.elb.amazonaws.com"
    }
  }

  mock_resource "aws_lb_target_group" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:ap-southeast-2:123456789012:targetgroup/ledgerline-portal-tst/0000000000000002"
      arn_suffix = "targetgroup/ledgerline-portal-tst/0000000000000002"
    }
  }

  mock_resource "aws_lb_listener" {
    defaults = { arn = "arn:aws:elasticloadbalancing:ap-southeast-2:123456789012:listener/app/ledgerline-portal-tst/0000000000000002/0000000000000002" }
  }

  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:ap-southeast-2:123456789012:ledgerline-portal-alarms-tst" }
  }

  mock_resource "aws_backup_vault" {
    defaults = { arn = "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:ledgerline-portal-backup-ap-southeast-2-tst" }
  }

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:ap-southeast-2:123456789012:certificate/00000000-0000-0000-0000-000000000002"
      domain_validation_options = [{
        domain_name           = "*.origin.portal.ledgerline.example.com"
        resource_record_name  = "_abc.origin.portal.ledgerline.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_def.acm-validations.aws."
      }]
    }
  }

  mock_resource "aws_acm_certificate_validation" {
    defaults = { certificate_arn = "arn:aws:acm:ap-southeast-2:123456789012:certificate/00000000-0000-0000-0000-000000000002" }
  }
}

mock_provider "aws" {
  alias = "global"

  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/ledgerline-portal-waf-tst/00000000-0000-0000-0000-000000000000" }
  }

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000003"
      domain_validation_options = [{
        domain_name           = "portal.ledgerline.example.com"
        resource_record_name  = "_ghi.portal.ledgerline.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_jkl.acm-validations.aws."
      }]
    }
  }

  mock_resource "aws_acm_certificate_validation" {
    defaults = { certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000003" }
  }
}

variables {
  environment_suffix                  = "tst"
  account_id                          = "123456789012"
  domain_name                         = "portal.ledgerline.example.com"
  route53_zone_id                     = "Z0123456789ABCDEFGHIJ"
  portal_image                        = "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/ledgerline-portal:1.0.0"
  api_base_url                        = "https://api.ledgerline.example.com"
  origin_verify_header_value          = "testvalue0000000000000000000000000000000"
  cloudfront_prefix_list_ids          = { ap-southeast-1 = "pl-31a34658", ap-southeast-2 = "pl-b8a742d1" }
  route53_healthcheck_prefix_list_ids = { ap-southeast-1 = "pl-0c1d2e3f4a5b6c7d8", ap-southeast-2 = "pl-0d1e2f3a4b5c6d7e8" }
  aurora_min_acu                      = 1
  aurora_max_acu                      = 32
  trading_open_schedule               = "cron(0 8 ? * MON-FRI *)"
  trading_close_schedule              = "cron(0 18 ? * MON-FRI *)"
  schedule_timezone                   = "Asia/Singapore"
}

# --- Network -------------------------------------------------------------------------------------------

# The first run applies (mocked); later plan runs with the same inputs then see known values from
# its state, which keeps the suite fast.
run "network_spans_three_azs_with_nat_flow_logs_nacls_and_minimal_security_groups" {
  command = apply

  assert {
    condition = (alltrue([
      for tier in ["public_subnets", "private_subnets", "isolated_subnets"] :
      length(module.primary.vpc[tier]) == 3 &&
      toset([for s in module.primary.vpc[tier] : s.availability_zone]) == toset(["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]) &&
      alltrue([for s in module.primary.vpc[tier] : s.vpc_id == module.primary.vpc.vpc.id])
    ]) && module.primary.vpc.vpc.cidr_block == "10.60.0.0/16")
    error_message = "Public, private and isolated subnets must cover 3 distinct AZs of the primary VPC."
  }

  assert {
    condition = (length(module.primary.vpc.nat_gateways) == 3 && alltrue([
      for i in range(3) :
      one(module.primary.vpc.private_routes[i].route).nat_gateway_id == module.primary.vpc.nat_gateways[i].id &&
      module.primary.vpc.nat_gateways[i].subnet_id == module.primary.vpc.public_subnets[i].id
    ]) && length(module.primary.vpc.isolated_routes.route) == 0)
    error_message = "Each private subnet leaves through the NAT gateway of its AZ; the isolated tier has no route out."
  }

  assert {
    condition = (
      module.primary.vpc.flow_log.traffic_type == "ALL" &&
      module.primary.vpc.flow_log.vpc_id == module.primary.vpc.vpc.id &&
      module.primary.vpc.flow_log.log_destination == module.primary.vpc.flow_log_group.arn &&
      module.primary.vpc.flow_log_group.kms_key_id == module.primary.kms_key_arn &&
      module.primary.vpc.flow_log_group.retention_in_days >= 90 &&
      module.primary.kms_key.enable_key_rotation && module.primary.kms_key.deletion_window_in_days == 7 &&
      jsondecode(module.primary.vpc.flow_log_policy.policy).Statement[0].Resource == [module.primary.vpc.flow_log_group.arn, "${module.primary.vpc.flow_log_group.arn}:log-stream:*"]
    )
    error_message = "VPC flow logs (all traffic) go to a KMS-encrypted group kept >= 90 days, written by a role limited to it."
  }

  assert {
    condition = (
      toset([for r in module.primary.vpc.nacls.isolated.ingress : "${r.cidr_block}:${r.from_port}-${r.to_port}"]) == toset([for s in module.primary.vpc.private_subnets : "${s.cidr_block}:5432-5432"]) &&
      toset([for r in module.primary.vpc.nacls.public.ingress : r.from_port]) == toset([443, 80, 1024]) &&
      contains([for r in module.primary.vpc.nacls.private.ingress : "${r.cidr_block}:${r.from_port}"], "10.60.0.0/16:8080") &&
      toset(module.primary.vpc.nacls.isolated.subnet_ids) == toset([for s in module.primary.vpc.isolated_subnets : s.id])
    )
    error_message = "Network ACLs: isolated tier only takes 5432 from the private subnets; public takes 443/80/ephemeral; private takes the container port from the VPC."
  }

  assert {
    condition = (
      module.primary.security.rules.alb_https_from_cloudfront.prefix_list_id == "pl-31a34658" &&
      module.primary.security.rules.alb_https_from_cloudfront.from_port == 443 && module.primary.security.rules.alb_https_from_cloudfront.to_port == 443 &&
      module.primary.security.rules.alb_https_from_cloudfront.cidr_ipv4 == null &&
      module.primary.security.rules.alb_https_from_route53.prefix_list_id == "pl-0c1d2e3f4a5b6c7d8" && module.primary.security.rules.alb_https_from_route53.from_port == 443 &&
      module.standby[0].security.rules.alb_https_from_route53.prefix_list_id == "pl-0d1e2f3a4b5c6d7e8" &&
      module.primary.security.rules.tasks_from_alb.referenced_security_group_id == module.primary.security.groups.alb.id &&
      module.primary.security.rules.tasks_from_alb.from_port == 8080 &&
      module.primary.security.rules.database_from_tasks.referenced_security_group_id == module.primary.security.groups.tasks.id &&
      module.primary.security.rules.database_from_tasks.from_port == 5432 && module.primary.security.rules.database_from_tasks.to_port == 5432 &&
      length(module.primary.vpc.default_sg.ingress) == 0 && length(module.primary.vpc.default_sg.egress) == 0
    )
    error_message = "ALB only from the CloudFront (and the region's Route 53 health-checker) prefix lists on 443, tasks only from the ALB, the database only from the tasks; the default group allows nothing."
  }

  assert {
    condition     = length(module.standby[0].vpc.nat_gateways) == 1 && module.standby[0].region == "ap-southeast-2" && module.standby[0].vpc.vpc.cidr_block == "10.61.0.0/16"
    error_message = "The pilot-light standby VPC runs a single NAT gateway in its own region and CIDR."
  }
}

# --- ECS -----------------------------------------------------------------------------------------------

run "ecs_runs_three_spot_backed_tasks_with_zero_downtime_deploys_and_least_privilege" {
  command = plan

  assert {
    condition = (
      one([for s in module.primary.ecs.cluster.setting : s.value if s.name == "containerInsights"]) == "enabled" &&
      toset(module.primary.ecs.capacity_providers.capacity_providers) == toset(["FARGATE", "FARGATE_SPOT"])
    )
    error_message = "The cluster has Container Insights and both Fargate capacity providers."
  }

  assert {
    condition = (
      module.primary.ecs.service.desired_count >= 3 &&
      toset(module.primary.ecs.service.network_configuration[0].subnets) == toset([for s in module.primary.vpc.private_subnets : s.id]) &&
      !module.primary.ecs.service.network_configuration[0].assign_public_ip &&
      module.primary.ecs.service.network_configuration[0].security_groups == toset([module.primary.security.groups.tasks.id]) &&
      module.primary.ecs.service.availability_zone_rebalancing == "ENABLED"
    )
    error_message = "At least 3 tasks in the private subnets of 3 AZs, rebalanced across AZs, no public IP."
  }

  assert {
    condition = (
      one([for s in module.primary.ecs.service.capacity_provider_strategy : s if s.capacity_provider == "FARGATE"]).base == 2 &&
      one([for s in module.primary.ecs.service.capacity_provider_strategy : s if s.capacity_provider == "FARGATE"]).weight == 1 &&
      one([for s in module.primary.ecs.service.capacity_provider_strategy : s if s.capacity_provider == "FARGATE_SPOT"]).weight == 3 &&
      module.primary.ecs.service.launch_type != "FARGATE_SPOT"
    )
    error_message = "Capacity: FARGATE base 2 / weight 1 as the on-demand fallback, FARGATE_SPOT weight 3."
  }

  assert {
    condition = (
      module.primary.ecs.service.deployment_circuit_breaker[0].enable && module.primary.ecs.service.deployment_circuit_breaker[0].rollback &&
      module.primary.ecs.service.deployment_minimum_healthy_percent == 100 && module.primary.ecs.service.deployment_maximum_percent == 200 &&
      toset([for lb in module.primary.ecs.service.load_balancer : lb.target_group_arn]) == toset([for tg in module.primary.alb.target_groups : tg.arn])
    )
    error_message = "Circuit breaker with rollback, 100%/200% deployments, registered in both target groups."
  }

  assert {
    condition = (
      jsondecode(module.primary.ecs.task_definition.container_definitions)[0].image == var.portal_image &&
      jsondecode(module.primary.ecs.task_definition.container_definitions)[0].logConfiguration.options.awslogs-group == module.primary.ecs.log_group.name &&
      module.primary.ecs.log_group.kms_key_id == module.primary.kms_key_arn && module.primary.ecs.log_group.retention_in_days >= 90 &&
      toset([for s in jsondecode(module.primary.ecs.task_definition.container_definitions)[0].secrets : s.valueFrom]) == toset([
        "${module.primary.database.cluster[0].master_user_secret[0].secret_arn}:username::",
        "${module.primary.database.cluster[0].master_user_secret[0].secret_arn}:password::",
      ]) &&
      module.primary.ecs.task_definition.requires_compatibilities == toset(["FARGATE"])
    )
    error_message = "The task runs var.portal_image, logs to the KMS group and takes DB credentials from the Aurora-managed secret."
  }

  assert {
    condition = (alltrue([
      for st in jsondecode(module.primary.ecs.execution_policy.policy).Statement :
      (st.Resource == "*" ? st.Action == "ecr:GetAuthorizationToken" : true) && !strcontains(jsonencode(st.Action), "*")
      ]) && {
      for st in jsondecode(module.primary.ecs.execution_policy.policy).Statement : st.Sid => st.Resource
      } == {
      EcrAuthorizationTokenNoResourceLevel = "*"
      PullPortalImage                      = "arn:aws:ecr:ap-southeast-1:123456789012:repository/ledgerline-portal"
      WriteContainerLogs                   = "${module.primary.ecs.log_group.arn}:log-stream:*"
      ReadAuroraManagedSecret              = module.primary.database.cluster[0].master_user_secret[0].secret_arn
      DecryptAuroraManagedSecret           = module.primary.kms_key_arn
    })
    error_message = "Execution role: pull from exactly the portal repository, write its log group, read the managed secret; '*' only for ecr:GetAuthorizationToken."
  }

  assert {
    condition = (
      jsondecode(module.primary.ecs.task_policy[0].policy).Statement[0].Action == "rds-db:connect" &&
      jsondecode(module.primary.ecs.task_policy[0].policy).Statement[0].Resource == "arn:aws:rds-db:ap-southeast-1:123456789012:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXY0/portal_app" &&
      jsondecode(module.primary.ecs.task_role.assume_role_policy).Statement[0].Principal.Service == "ecs-tasks.amazonaws.com" &&
      jsondecode(module.primary.ecs.task_role.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    )
    error_message = "Task role: only IAM database authentication as portal_app; assumable by ECS tasks of this account."
  }

  assert {
    condition     = module.standby[0].ecs.service.desired_count == 0 && length(module.standby[0].ecs.task_policy) == 0 && length(jsondecode(module.standby[0].ecs.task_definition.container_definitions)[0].secrets) == 0
    error_message = "The pilot-light standby service runs 0 tasks and, without a database, reads no secret."
  }
}

# --- Container contract (the image: services/portal/Dockerfile; the app: services/portal/src/config.ts) ----

run "container_gets_the_api_url_a_writable_tmp_and_time_to_drain" {
  command = plan

  variables {
    portal_image = "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/ledgerline-portal-tst@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  }

  assert {
    condition = alltrue([
      for td in [module.primary.ecs.task_definition, module.standby[0].ecs.task_definition] : (
        jsondecode(td.container_definitions)[0].readonlyRootFilesystem == true &&
        jsondecode(td.container_definitions)[0].stopTimeout == 40 &&
        jsondecode(td.container_definitions)[0].mountPoints == [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }] &&
        [for v in td.volume : v.name] == ["tmp"] &&
        { for e in jsondecode(td.container_definitions)[0].environment : e.name => e.value }["API_BASE_URL"] == "https://api.ledgerline.example.com" &&
        { for e in jsondecode(td.container_definitions)[0].environment : e.name => e.value }["PORT"] == "8080" &&
        { for e in jsondecode(td.container_definitions)[0].environment : e.name => e.value }["HEALTH_PATH"] == "/healthz"
      )
    ])
    error_message = "Both regions: read-only root with a /tmp task volume, stopTimeout 40 s (> the 25 s drain), API_BASE_URL, PORT and HEALTH_PATH."
  }

  assert {
    condition = (
      jsondecode(module.primary.ecs.task_definition.container_definitions)[0].image == var.portal_image &&
      jsondecode(module.standby[0].ecs.task_definition.container_definitions)[0].image == "123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/ledgerline-portal-tst@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" &&
      { for st in jsondecode(module.standby[0].ecs.execution_policy.policy).Statement : st.Sid => st.Resource }["PullPortalImage"] == "arn:aws:ecr:ap-southeast-2:123456789012:repository/ledgerline-portal-tst"
    )
    error_message = "The primary runs the image by digest; the standby runs the same digest from its own region's (replicated) registry and may pull only there."
  }
}

run "standby_image_as_given_when_not_replicated" {
  command = plan

  variables {
    standby_image_from_replica = false
    stop_timeout_seconds       = 120
  }

  assert {
    condition = (
      jsondecode(module.standby[0].ecs.task_definition.container_definitions)[0].image == var.portal_image &&
      jsondecode(module.primary.ecs.task_definition.container_definitions)[0].stopTimeout == 120
    )
    error_message = "standby_image_from_replica = false runs portal_image unchanged in the standby; stop_timeout_seconds reaches the container."
  }
}

run "rejects_api_urls_that_are_not_https_or_end_in_a_slash" {
  command = plan

  variables {
    api_base_url         = "https://api.ledgerline.example.com/"
    stop_timeout_seconds = 121
  }

  expect_failures = [var.api_base_url, var.stop_timeout_seconds]
}

run "rejects_plain_http_api_url" {
  command = plan

  variables {
    api_base_url = "http://api.ledgerline.example.com"
  }

  expect_failures = [var.api_base_url]
}

# --- ALB -----------------------------------------------------------------------------------------------

run "alb_is_https_only_and_reachable_only_through_cloudfront" {
  command = plan

  assert {
    condition = (
      module.primary.alb.https.port == 443 && module.primary.alb.https.protocol == "HTTPS" &&
      module.primary.alb.https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06" &&
      module.primary.alb.https.certificate_arn == "arn:aws:acm:ap-southeast-1:123456789012:certificate/00000000-0000-0000-0000-000000000001" &&
      module.primary.alb.http.default_action[0].type == "redirect" &&
      module.primary.alb.http.default_action[0].redirect[0].protocol == "HTTPS" &&
      module.primary.alb.http.default_action[0].redirect[0].port == "443" &&
      module.primary.alb.http.default_action[0].redirect[0].status_code == "HTTP_301"
    )
    error_message = "HTTPS listener with the validated ACM certificate and a TLS 1.2+ policy; HTTP redirects to HTTPS."
  }

  assert {
    condition = (
      module.primary.alb.lb.drop_invalid_header_fields && !module.primary.alb.lb.internal &&
      module.primary.alb.lb.security_groups == toset([module.primary.security.groups.alb.id]) &&
      module.primary.alb.lb.access_logs[0].enabled && module.primary.alb.lb.access_logs[0].bucket == module.primary.alb.logs_bucket.id &&
      module.primary.alb.logs_bucket.force_destroy &&
      one(one(module.primary.alb.logs_sse.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256" &&
      jsondecode(module.primary.alb.logs_policy.policy).Statement[0].Principal.AWS == "arn:aws:iam::114774131450:root" &&
      jsondecode(module.primary.alb.logs_policy.policy).Statement[0].Resource == "${module.primary.alb.logs_bucket.arn}/alb/AWSLogs/123456789012/*"
    )
    error_message = "Invalid headers dropped; access logs to an encrypted, destroyable bucket writable only by the regional ELB log delivery."
  }

  assert {
    condition = (
      module.primary.alb.https.default_action[0].type == "fixed-response" &&
      module.primary.alb.https.default_action[0].fixed_response[0].status_code == "403" &&
      alltrue([
        for k in ["api", "static", "web"] :
        one([for c in module.primary.alb.rules[k].condition : c.http_header[0] if length(c.http_header) > 0]).http_header_name == "x-origin-verify" &&
        one([for c in module.primary.alb.rules[k].condition : c.http_header[0] if length(c.http_header) > 0]).values == toset([var.origin_verify_header_value])
      ])
    )
    error_message = "Requests lacking the exact origin-verify header match no forwarding rule and get the 403 default action."
  }

  assert {
    condition = (
      one([for c in module.primary.alb.rules["api"].condition : c.path_pattern[0].values if length(c.path_pattern) > 0]) == toset(["/api/*"]) &&
      module.primary.alb.rules["api"].action[0].target_group_arn == module.primary.alb.target_groups["api"].arn &&
      one([for c in module.primary.alb.rules["static"].condition : c.path_pattern[0].values if length(c.path_pattern) > 0]) == toset(["/static/*"]) &&
      module.primary.alb.rules["web"].priority > module.primary.alb.rules["static"].priority &&
      module.primary.alb.rules["static"].priority > module.primary.alb.rules["api"].priority
    )
    error_message = "Path routing: /api/* to the api target group, /static/* and the rest to the web target group, most specific first."
  }

  assert {
    condition = (
      one([for c in module.primary.alb.rules["health"].condition : c.path_pattern[0].values if length(c.path_pattern) > 0]) == toset(["/healthz"]) &&
      one([for c in module.primary.alb.rules["health"].condition : c.http_request_method[0].values if length(c.http_request_method) > 0]) == toset(["GET"]) &&
      alltrue([for tg in module.primary.alb.target_groups : tg.health_check[0].path == "/healthz" && tg.health_check[0].matcher == "200" && tg.target_type == "ip"])
    )
    error_message = "Only GET on the exact health path passes without the header (Route 53 checks); target groups check /healthz for 200."
  }
}

# --- Aurora and auto scaling ---------------------------------------------------------------------------

run "aurora_is_encrypted_and_destroyable_and_scaling_follows_load_and_the_trading_day" {
  command = plan

  assert {
    condition = (
      module.primary.database.cluster[0].engine == "aurora-postgresql" &&
      module.primary.database.cluster[0].serverlessv2_scaling_configuration[0].min_capacity == 1 &&
      module.primary.database.cluster[0].serverlessv2_scaling_configuration[0].max_capacity == 32 &&
      module.primary.database.writer[0].instance_class == "db.serverless" &&
      alltrue([for r in module.primary.database.readers : r.instance_class == "db.serverless" && r.availability_zone != module.primary.database.writer[0].availability_zone]) &&
      length(module.primary.database.readers) >= 1
    )
    error_message = "Serverless v2 with min/max ACU from the variables; a writer and a reader in another AZ."
  }

  assert {
    condition = (
      module.primary.database.cluster[0].storage_encrypted && module.primary.database.cluster[0].kms_key_id == module.primary.kms_key_arn &&
      module.primary.database.cluster[0].manage_master_user_password && module.primary.database.cluster[0].master_user_secret_kms_key_id == module.primary.kms_key_arn &&
      module.primary.database.cluster[0].iam_database_authentication_enabled &&
      module.primary.database.cluster[0].backup_retention_period >= 7 &&
      module.primary.database.cluster[0].enabled_cloudwatch_logs_exports == toset(["postgresql"]) &&
      module.primary.database.log_groups[0].retention_in_days >= 90 && module.primary.database.log_groups[0].kms_key_id == module.primary.kms_key_arn
    )
    error_message = "CMK storage, Aurora-managed secret (CMK), IAM auth, >= 7 days of backups (PITR), PostgreSQL log export to an encrypted group."
  }

  assert {
    condition = (alltrue([
      for i in concat(module.primary.database.writer, values(module.primary.database.readers)) :
      i.performance_insights_enabled && i.performance_insights_kms_key_id == module.primary.kms_key_arn && !i.publicly_accessible
    ]))
    error_message = "Performance Insights with the CMK on every instance; nothing publicly accessible."
  }

  assert {
    condition = (
      !module.primary.database.cluster[0].deletion_protection && module.primary.database.cluster[0].skip_final_snapshot &&
      toset(module.primary.database.subnets[0].subnet_ids) == toset([for s in module.primary.vpc.isolated_subnets : s.id]) &&
      module.primary.database.cluster[0].vpc_security_group_ids == toset([module.primary.security.groups.database.id]) &&
      one([for p in module.primary.database.parameters[0].parameter : p.value if p.name == "rds.force_ssl"]) == "1"
    )
    error_message = "Destroyable (no deletion protection, no final snapshot), in the isolated subnets behind the database group, TLS forced."
  }

  assert {
    condition     = length(module.standby[0].database.cluster) == 0
    error_message = "Pilot light: no standby database until a copied recovery point is restored."
  }

  assert {
    condition = (
      module.primary.autoscaling.target.min_capacity == 3 && module.primary.autoscaling.target.max_capacity == 12 &&
      module.primary.autoscaling.target.resource_id == "service/${module.primary.ecs_cluster_name}/${module.primary.ecs_service_name}" &&
      module.primary.autoscaling.cpu.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization" &&
      module.primary.autoscaling.cpu.target_tracking_scaling_policy_configuration[0].target_value == 60 &&
      module.primary.autoscaling.requests.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ALBRequestCountPerTarget" &&
      module.primary.autoscaling.requests.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].resource_label == "${module.primary.alb_arn_suffix}/${module.primary.target_group_arn_suffixes["web"]}"
    )
    error_message = "Target tracking on service CPU and on ALBRequestCountPerTarget of the web target group."
  }

  assert {
    condition = (
      module.primary.autoscaling.open[0].schedule == "cron(0 8 ? * MON-FRI *)" && module.primary.autoscaling.open[0].timezone == "Asia/Singapore" &&
      module.primary.autoscaling.open[0].scalable_target_action[0].min_capacity == "6" &&
      module.primary.autoscaling.close[0].schedule == "cron(0 18 ? * MON-FRI *)" && module.primary.autoscaling.close[0].timezone == "Asia/Singapore" &&
      module.primary.autoscaling.close[0].scalable_target_action[0].min_capacity == "3"
    )
    error_message = "The floor rises to trading_hours_min_count before the open and returns to desired_count after the close, in the given time zone."
  }

  assert {
    condition     = length(module.standby[0].autoscaling.open) == 0 && module.standby[0].autoscaling.target.min_capacity == 0
    error_message = "The standby has no trading schedule and a floor of 0."
  }
}

# enable_autoscaling: on by default (every real stage); false (the emulated deploy only: moto cannot
# create aws_appautoscaling_target) plans no scalable target, policy or scheduled action in either region.
run "autoscaling_is_on_by_default" {
  command = plan

  assert {
    condition = (
      var.enable_autoscaling &&
      module.primary.autoscaling.target != null && module.standby[0].autoscaling.target != null &&
      module.primary.autoscaling.cpu != null && module.primary.autoscaling.requests != null &&
      module.standby[0].autoscaling.cpu != null && module.standby[0].autoscaling.requests != null &&
      length(module.primary.autoscaling.open) == 1 && length(module.primary.autoscaling.close) == 1
    )
    error_message = "By default both regions get a scalable target and both tracking policies; the primary gets the trading-day schedule."
  }
}

run "enable_autoscaling_false_plans_no_scaling_resources" {
  command = plan

  variables {
    enable_autoscaling = false
  }

  assert {
    condition = alltrue([
      for m in [module.primary, module.standby[0]] :
      m.autoscaling.target == null && m.autoscaling.cpu == null && m.autoscaling.requests == null &&
      length(m.autoscaling.open) == 0 && length(m.autoscaling.close) == 0
    ])
    error_message = "enable_autoscaling = false leaves out every scalable target, policy and scheduled action."
  }

  assert {
    condition     = module.primary.ecs_service_name != null && length(module.primary.database.cluster) == 1
    error_message = "Only scaling is left out: the ECS service and the database are still planned."
  }
}

run "rejects_null_enable_autoscaling" {
  command = plan

  variables {
    enable_autoscaling = null
  }

  expect_failures = [var.enable_autoscaling]
}

# --- Edge ----------------------------------------------------------------------------------------------

run "cloudfront_and_waf_guard_the_portal" {
  command = plan

  assert {
    condition = (
      module.waf.web_acl.scope == "CLOUDFRONT" &&
      one([for r in module.waf.web_acl.rule : r if r.name == "geo-block-sanctioned-countries"]).statement[0].geo_match_statement[0].country_codes == tolist(["CU", "IR", "KP", "SY"]) &&
      length(one([for r in module.waf.web_acl.rule : r if r.name == "block-sql-injection"]).statement[0].or_statement[0].statement) == 3 &&
      alltrue([for s in one([for r in module.waf.web_acl.rule : r if r.name == "block-sql-injection"]).statement[0].or_statement[0].statement : length(s.sqli_match_statement) == 1]) &&
      alltrue([for s in one([for r in module.waf.web_acl.rule : r if r.name == "block-cross-site-scripting"]).statement[0].or_statement[0].statement : length(s.xss_match_statement) == 1]) &&
      toset(flatten([for r in module.waf.web_acl.rule : [for g in r.statement[0].managed_rule_group_statement : g.name]])) == toset(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]) &&
      one([for r in module.waf.web_acl.rule : r if r.name == "rate-limit-per-ip"]).statement[0].rate_based_statement[0].limit == 10000
    )
    error_message = "CLOUDFRONT WAF: sanctioned-country block, per-IP rate limit, SQL injection and XSS match rules, AWS managed groups."
  }

  assert {
    condition = (
      aws_cloudfront_distribution.portal.web_acl_id == module.waf.web_acl_arn &&
      aws_cloudfront_distribution.portal.restrictions[0].geo_restriction[0].restriction_type == "blacklist" &&
      aws_cloudfront_distribution.portal.restrictions[0].geo_restriction[0].locations == toset(["CU", "IR", "KP", "SY"]) &&
      one(aws_cloudfront_distribution.portal.logging_config).bucket == aws_s3_bucket.cloudfront_logs.bucket_regional_domain_name &&
      aws_s3_bucket.cloudfront_logs.force_destroy &&
      aws_cloudfront_distribution.portal.aliases == toset(["portal.ledgerline.example.com"]) &&
      aws_cloudfront_distribution.portal.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021" &&
      aws_cloudfront_distribution.portal.viewer_certificate[0].acm_certificate_arn == "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000003"
    )
    error_message = "CloudFront: WAF attached, geo restriction, access logs, the portal alias with a TLSv1.2_2021 certificate."
  }

  assert {
    condition = (alltrue([
      for o in aws_cloudfront_distribution.portal.origin :
      o.custom_origin_config[0].origin_protocol_policy == "https-only" && o.custom_origin_config[0].origin_ssl_protocols == toset(["TLSv1.2"]) &&
      one(o.custom_header).name == "x-origin-verify" && one(o.custom_header).value == var.origin_verify_header_value
      ]) && toset([for o in aws_cloudfront_distribution.portal.origin : o.domain_name]) == toset([
      "failover.origin.portal.ledgerline.example.com", "ap-southeast-1.origin.portal.ledgerline.example.com", "ap-southeast-2.origin.portal.ledgerline.example.com",
    ]))
    error_message = "Every origin is HTTPS/TLSv1.2 only and carries the origin-verify header: the failover name and each region's ALB name."
  }

  assert {
    condition = (
      aws_cloudfront_distribution.portal.default_cache_behavior[0].target_origin_id == "failover" &&
      aws_cloudfront_distribution.portal.default_cache_behavior[0].viewer_protocol_policy == "https-only" &&
      length(aws_cloudfront_distribution.portal.default_cache_behavior[0].allowed_methods) == 7 &&
      { for b in aws_cloudfront_distribution.portal.ordered_cache_behavior : b.path_pattern => b.target_origin_id } == { "/api/*" = "failover", "/static/*" = "static-failover" } &&
      alltrue([for b in aws_cloudfront_distribution.portal.ordered_cache_behavior : b.viewer_protocol_policy == "https-only"]) &&
      [for m in one(aws_cloudfront_distribution.portal.origin_group).member : m.origin_id] == ["alb-ap-southeast-1", "alb-ap-southeast-2"] &&
      one(aws_cloudfront_distribution.portal.origin_group).failover_criteria[0].status_codes == toset([500, 502, 503, 504])
    )
    error_message = "Default and /api/* (all methods) go to the Route 53 failover origin; /static/* through a primary -> standby origin group; HTTPS only."
  }
}

# --- Failover ------------------------------------------------------------------------------------------

run "route53_fails_over_to_the_pilot_light_standby" {
  command = plan

  # Failover switch: the standby's auto scaling floor follows standby_task_count.
  variables {
    standby_task_count = 3
  }

  assert {
    condition     = module.standby[0].autoscaling.target.min_capacity == 3 && module.primary.autoscaling.target.min_capacity == 3
    error_message = "standby_task_count raises the standby service's auto scaling floor (the failover switch)."
  }

  assert {
    condition = (alltrue([
      for region, hc in aws_route53_health_check.origin :
      hc.type == "HTTPS" && hc.resource_path == "/healthz" && hc.port == 443 && hc.fqdn == "${region}.origin.portal.ledgerline.example.com" && hc.enable_sni &&
      toset(hc.regions) == toset(["ap-southeast-1", "ap-southeast-2", "ap-northeast-1"])
    ]) && toset(keys(aws_route53_health_check.origin)) == toset(["ap-southeast-1", "ap-southeast-2"]))
    error_message = "An HTTPS health check on the portal health path of each region's origin name."
  }

  assert {
    condition = (
      aws_route53_record.failover_primary.name == "failover.origin.portal.ledgerline.example.com" &&
      aws_route53_record.failover_primary.failover_routing_policy[0].type == "PRIMARY" &&
      aws_route53_record.failover_primary.health_check_id == aws_route53_health_check.origin["ap-southeast-1"].id &&
      one(aws_route53_record.failover_primary.alias).name == module.primary.alb_dns_name &&
      aws_route53_record.failover_secondary[0].name == aws_route53_record.failover_primary.name &&
      aws_route53_record.failover_secondary[0].failover_routing_policy[0].type == "SECONDARY" &&
      aws_route53_record.failover_secondary[0].health_check_id == aws_route53_health_check.origin["ap-southeast-2"].id &&
      one(aws_route53_record.failover_secondary[0].alias).name == module.standby[0].alb_dns_name
    )
    error_message = "Failover record: PRIMARY = the ap-southeast-1 ALB with its health check, SECONDARY = the standby ALB."
  }

  assert {
    condition = (
      toset(keys(aws_route53_record.portal)) == toset(["A", "AAAA"]) &&
      one(aws_route53_record.portal["A"].alias).name == aws_cloudfront_distribution.portal.domain_name &&
      length(aws_acm_certificate.alb_primary) == 1 && aws_acm_certificate.alb_primary[0].validation_method == "DNS" &&
      aws_acm_certificate.alb_secondary[0].domain_name == "*.origin.portal.ledgerline.example.com" &&
      aws_acm_certificate.cloudfront[0].domain_name == "portal.ledgerline.example.com" &&
      toset(keys(aws_route53_record.certificate_validation)) == toset(["origin", "cloudfront"]) &&
      module.standby[0].alb.https.certificate_arn == "arn:aws:acm:ap-southeast-2:123456789012:certificate/00000000-0000-0000-0000-000000000002"
    )
    error_message = "The portal name aliases CloudFront; without certificate_arns the certificates are created and DNS-validated in the zone."
  }

  assert {
    condition = (
      one(aws_backup_plan.portal[0].rule).schedule == "cron(0 * ? * * *)" &&
      one(one(aws_backup_plan.portal[0].rule).copy_action).destination_vault_arn == aws_backup_vault.standby[0].arn &&
      aws_backup_vault.standby[0].kms_key_arn == module.standby[0].kms_key_arn && aws_backup_vault.standby[0].force_destroy &&
      aws_backup_selection.portal[0].resources == toset([module.primary.db_cluster_arn])
    )
    error_message = "Hourly recovery points of the primary cluster are copied to a CMK-encrypted, destroyable vault in the standby region."
  }
}

# --- Audit, dashboards, alarms, names ------------------------------------------------------------------

run "audit_trail_dashboard_alarms_names_and_tags" {
  command = plan

  assert {
    condition = (
      aws_cloudtrail.portal.is_multi_region_trail && aws_cloudtrail.portal.enable_log_file_validation &&
      aws_cloudtrail.portal.include_global_service_events &&
      aws_cloudtrail.portal.kms_key_id == aws_kms_key.cloudtrail.arn && aws_cloudtrail.portal.s3_bucket_name == aws_s3_bucket.cloudtrail.id &&
      aws_s3_bucket.cloudtrail.force_destroy && aws_kms_key.cloudtrail.enable_key_rotation &&
      one(one(aws_s3_bucket_server_side_encryption_configuration.cloudtrail.rule).apply_server_side_encryption_by_default).kms_master_key_id == aws_kms_key.cloudtrail.arn &&
      jsondecode(aws_s3_bucket_policy.cloudtrail.policy).Statement[1].Condition.StringEquals["aws:SourceArn"] == "arn:aws:cloudtrail:ap-southeast-1:123456789012:trail/ledgerline-portal-trail-tst"
    )
    error_message = "CloudTrail: multi-region, log file validation, KMS, to an SSE-KMS destroyable bucket writable only by this trail."
  }

  assert {
    condition = ({
      for k, a in aws_cloudwatch_metric_alarm.portal : k => "${a.namespace}/${a.metric_name}"
      } == {
      ecs-cpu               = "AWS/ECS/CPUUtilization"
      ecs-memory            = "AWS/ECS/MemoryUtilization"
      ecs-running-tasks     = "ECS/ContainerInsights/RunningTaskCount"
      alb-5xx               = "AWS/ApplicationELB/HTTPCode_ELB_5XX_Count"
      target-5xx            = "AWS/ApplicationELB/HTTPCode_Target_5XX_Count"
      target-latency-p99    = "AWS/ApplicationELB/TargetResponseTime"
      unhealthy-targets-api = "AWS/ApplicationELB/UnHealthyHostCount"
      unhealthy-targets-web = "AWS/ApplicationELB/UnHealthyHostCount"
      aurora-acu            = "AWS/RDS/ACUUtilization"
      aurora-connections    = "AWS/RDS/DatabaseConnections"
      aurora-replica-lag    = "AWS/RDS/AuroraReplicaLagMaximum"
    })
    error_message = "Alarms cover ECS CPU/memory/running tasks, ALB 5xx/target health/latency and Aurora ACU/connections/replica lag."
  }

  assert {
    condition = (alltrue([
      for a in aws_cloudwatch_metric_alarm.portal : a.alarm_actions == toset([aws_sns_topic.alarms.arn]) && startswith(a.alarm_name, "ledgerline-portal-") && endswith(a.alarm_name, "-tst")
      ]) && aws_cloudwatch_metric_alarm.portal["target-latency-p99"].extended_statistic == "p99" && aws_cloudwatch_metric_alarm.portal["ecs-running-tasks"].comparison_operator == "LessThanThreshold" &&
    aws_sns_topic.alarms.kms_master_key_id == module.primary.kms_key_arn)
    error_message = "Alarms are named ledgerline-portal-<thing>-<env> and notify the KMS-encrypted portal topic."
  }

  assert {
    condition = (alltrue([
      for m in ["CPUUtilization", "MemoryUtilization", "RunningTaskCount", "HTTPCode_ELB_5XX_Count", "TargetResponseTime", "UnHealthyHostCount", "ServerlessDatabaseCapacity", "DatabaseConnections", "AuroraReplicaLagMaximum"] :
      strcontains(aws_cloudwatch_dashboard.portal.dashboard_body, "\"${m}\"")
    ]) && aws_cloudwatch_dashboard.portal.dashboard_name == "ledgerline-portal-tst")
    error_message = "The portal dashboard shows the ECS, ALB and Aurora metrics."
  }

  assert {
    condition = (alltrue([
      for n in [
        module.primary.vpc.vpc.tags.Name, module.primary.alb.lb.name, module.primary.ecs.cluster.name, module.primary.ecs.service.name,
        module.primary.database.cluster[0].cluster_identifier, module.primary.ecs.execution_role.name, module.primary.ecs.task_role.name,
        module.waf.web_acl.name, aws_s3_bucket.cloudtrail.bucket, aws_s3_bucket.cloudfront_logs.bucket, module.primary.alb.logs_bucket.bucket,
        aws_cloudtrail.portal.name, aws_sns_topic.alarms.name, aws_backup_vault.standby[0].name, module.standby[0].ecs.cluster.name,
      ] : startswith(n, "ledgerline-portal-") && strcontains(n, "-tst")
    ]) && output.default_tags.Environment == "tst" && output.default_tags.CostCenter != "" && output.default_tags.Compliance != "")
    error_message = "Names follow ledgerline-portal-<thing>-<env>; default_tags carry CostCenter, Environment and Compliance."
  }
}

# --- Variants and input validation ---------------------------------------------------------------------

run "variants_shared_nat_prefix_list_lookup_no_standby_own_certificates" {
  command = plan

  variables {
    nat_gateway_per_az                  = false
    cloudfront_prefix_list_ids          = {}
    route53_healthcheck_prefix_list_ids = {}
    standby_enabled                     = false
    certificate_arns = {
      primary    = "arn:aws:acm:ap-southeast-1:123456789012:certificate/11111111-1111-1111-1111-111111111111"
      cloudfront = "arn:aws:acm:us-east-1:123456789012:certificate/22222222-2222-2222-2222-222222222222"
    }
  }

  override_data {
    target = module.primary.data.aws_ec2_managed_prefix_list.cloudfront[0]
    values = { id = "pl-0aaaaaaaaaaaaaaa1", name = "com.amazonaws.global.cloudfront.origin-facing" }
  }

  override_data {
    target = module.primary.data.aws_ec2_managed_prefix_list.route53_healthchecks[0]
    values = { id = "pl-0ccccccccccccccc3", name = "com.amazonaws.ap-southeast-1.route53-healthchecks" }
  }

  assert {
    condition     = length(module.primary.vpc.nat_gateways) == 1
    error_message = "nat_gateway_per_az = false must leave one shared NAT gateway."
  }

  assert {
    condition     = module.primary.security.rules.alb_https_from_cloudfront.prefix_list_id == "pl-0aaaaaaaaaaaaaaa1" && module.primary.security.rules.alb_https_from_route53.prefix_list_id == "pl-0ccccccccccccccc3"
    error_message = "Without ids the ALB rule uses the looked-up com.amazonaws.global.cloudfront.origin-facing list ."
  }

  assert {
    condition = (
      length(module.standby) == 0 && length(aws_route53_record.failover_secondary) == 0 && length(aws_backup_plan.portal) == 0 &&
      length(aws_cloudfront_distribution.portal.origin_group) == 0 &&
      length(aws_acm_certificate.alb_primary) == 0 && length(aws_acm_certificate.cloudfront) == 0 && length(aws_route53_record.certificate_validation) == 0 &&
      module.primary.alb.https.certificate_arn == "arn:aws:acm:ap-southeast-1:123456789012:certificate/11111111-1111-1111-1111-111111111111" &&
      aws_cloudfront_distribution.portal.viewer_certificate[0].acm_certificate_arn == "arn:aws:acm:us-east-1:123456789012:certificate/22222222-2222-2222-2222-222222222222"
    )
    error_message = "standby_enabled = false drops the standby, its failover record, backups and origin group; certificate_arns replace the ACM resources."
  }
}

run "rejects_bad_suffix_image_counts_retention_header_schedule_and_certificates" {
  command = plan

  variables {
    environment_suffix         = "much-too-long"
    portal_image               = "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/ledgerline-portal:latest"
    desired_count              = 2
    backup_retention_days      = 3
    log_retention_days         = 30
    origin_verify_header_value = "short"
    trading_open_schedule      = "0 8 * * 1-5"
    health_check_matcher       = "200-299"
    health_check_regions       = ["ap-southeast-1", "us-east-1"]
    certificate_arns           = { primary = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-1111-1111-1111-111111111111", cloudfront = "not-an-arn" }
  }

  expect_failures = [
    var.environment_suffix, var.portal_image, var.desired_count, var.backup_retention_days, var.log_retention_days,
    var.origin_verify_header_value, var.trading_open_schedule, var.health_check_matcher, var.certificate_arns,
    var.health_check_regions,
  ]
}

run "rejects_same_region_capacity_prefix_lists_and_azs" {
  command = plan

  variables {
    secondary_region           = "ap-southeast-1"
    aurora_min_acu             = 8
    aurora_max_acu             = 4
    cloudfront_prefix_list_ids = { ap-southeast-1 = "sg-12345678" }
    availability_zones         = { ap-southeast-1 = ["ap-southeast-1a", "ap-southeast-1a", "us-east-1c"] }
    fargate_base_count         = 0
  }

  expect_failures = [var.secondary_region, var.aurora_max_acu, var.cloudfront_prefix_list_ids, var.availability_zones, var.fargate_base_count]
}
