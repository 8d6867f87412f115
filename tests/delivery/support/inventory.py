"""Lists what a Ledgerline stage left in an emulated account (tests/delivery/emulated-deploy.test.ts).

    python3 inventory.py <endpoint> <stage> <region>...

Prints one JSON object {"<kind>": ["<region>/<name or id>", ...], ...}. Only for the resource kinds
whose AWS SDK v3 client this repository does not install (KMS, SNS, CloudFront distributions, cache
and origin request policies and Functions, WAFv2, EC2, ELBv2, ECS, RDS, Backup, CloudTrail, Route 53):
boto3 ships with moto[server], which the emulated run needs anyway.
Every list holds only resources of the stage (name or tag carries it) and still alive (KMS keys
pending deletion, deleted ECS clusters and deleted secrets are gone for this purpose).
"""

import json
import sys

import boto3
from botocore.config import Config


def main() -> None:
    endpoint, stage, *regions = sys.argv[1:]
    config = Config(retries={"max_attempts": 1}, connect_timeout=10, read_timeout=60)
    out: dict[str, list[str]] = {}

    def add(kind: str, region: str, name: str) -> None:
        out.setdefault(kind, []).append(f"{region}/{name}")

    def client(service: str, region: str):
        return boto3.client(
            service,
            region_name=region,
            endpoint_url=endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=config,
        )

    def tagged(tags) -> bool:
        return any(t.get("Key") in ("Environment", "environment") and t.get("Value") == stage for t in tags or [])

    for kind in ("kms_keys", "kms_aliases", "sns_topics", "cloudfront_distributions", "waf_web_acls",
                 "vpcs", "load_balancers", "ecs_clusters", "ecs_services", "rds_clusters", "rds_instances",
                 "backup_vaults", "backup_plans", "cloudtrails", "hosted_zones", "health_checks",
                 "cloudfront_cache_policies", "cloudfront_origin_request_policies", "cloudfront_functions"):
        out[kind] = []

    for region in regions:
        kms = client("kms", region)
        for page in kms.get_paginator("list_keys").paginate():
            for key in page["Keys"]:
                meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
                if meta["KeyState"] in ("PendingDeletion", "PendingReplicaDeletion"):
                    continue
                tags = kms.list_resource_tags(KeyId=key["KeyId"]).get("Tags", [])
                named = any(t["TagKey"] == "Environment" and t["TagValue"] == stage for t in tags)
                if named or stage in (meta.get("Description") or ""):
                    add("kms_keys", region, f"{key['KeyId']} ({meta.get('Description', '')})")
        for page in kms.get_paginator("list_aliases").paginate():
            for alias in page["Aliases"]:
                if alias["AliasName"].startswith("alias/ledgerline") and stage in alias["AliasName"]:
                    add("kms_aliases", region, alias["AliasName"])

        sns = client("sns", region)
        for page in sns.get_paginator("list_topics").paginate():
            for topic in page["Topics"]:
                if stage in topic["TopicArn"].split(":")[-1]:
                    add("sns_topics", region, topic["TopicArn"])

        wafv2 = client("wafv2", region)
        scopes = ["REGIONAL"] + (["CLOUDFRONT"] if region == "us-east-1" else [])
        for scope in scopes:
            for acl in wafv2.list_web_acls(Scope=scope).get("WebACLs", []):
                if stage in acl["Name"]:
                    add("waf_web_acls", region, f"{scope}/{acl['Name']}")

        ec2 = client("ec2", region)
        for vpc in ec2.describe_vpcs()["Vpcs"]:
            if not vpc.get("IsDefault") and (tagged(vpc.get("Tags")) or any(
                    t["Key"] == "Name" and stage in t["Value"] for t in vpc.get("Tags", []))):
                add("vpcs", region, vpc["VpcId"])

        elbv2 = client("elbv2", region)
        for lb in elbv2.describe_load_balancers().get("LoadBalancers", []):
            if stage in lb["LoadBalancerName"]:
                add("load_balancers", region, lb["LoadBalancerName"])

        ecs = client("ecs", region)
        arns = ecs.list_clusters().get("clusterArns", [])
        if arns:
            for cluster in ecs.describe_clusters(clusters=arns)["clusters"]:
                if stage in cluster["clusterName"] and cluster["status"] != "INACTIVE":
                    add("ecs_clusters", region, cluster["clusterName"])
                    service_arns = ecs.list_services(cluster=cluster["clusterArn"]).get("serviceArns", [])
                    if service_arns:
                        for service in ecs.describe_services(cluster=cluster["clusterArn"],
                                                             services=service_arns)["services"]:
                            if service["status"] != "INACTIVE":
                                add("ecs_services", region, f"{cluster['clusterName']}/{service['serviceName']}")

        rds = client("rds", region)
        for cluster in rds.describe_db_clusters().get("DBClusters", []):
            if stage in cluster["DBClusterIdentifier"]:
                add("rds_clusters", region, cluster["DBClusterIdentifier"])
        for instance in rds.describe_db_instances().get("DBInstances", []):
            if stage in instance["DBInstanceIdentifier"]:
                add("rds_instances", region, instance["DBInstanceIdentifier"])

        backup = client("backup", region)
        for vault in backup.list_backup_vaults().get("BackupVaultList", []):
            if stage in vault["BackupVaultName"]:
                add("backup_vaults", region, vault["BackupVaultName"])

        for plan in backup.list_backup_plans().get("BackupPlansList", []):
            if stage in plan["BackupPlanName"] and not plan.get("DeletionDate"):
                add("backup_plans", region, plan["BackupPlanName"])

        cloudtrail = client("cloudtrail", region)
        for trail in cloudtrail.describe_trails(includeShadowTrails=False).get("trailList", []):
            if stage in trail["Name"]:
                add("cloudtrails", region, trail["Name"])

    cloudfront = client("cloudfront", "us-east-1")
    for item in cloudfront.list_distributions().get("DistributionList", {}).get("Items", []) or []:
        tags = cloudfront.list_tags_for_resource(Resource=item["ARN"])["Tags"].get("Items", [])
        if tagged(tags) or stage in (item.get("Comment") or ""):
            add("cloudfront_distributions", "global", f"{item['Id']} ({item.get('Comment', '')})")

    for item in cloudfront.list_cache_policies(Type="custom")["CachePolicyList"].get("Items", []) or []:
        name = item["CachePolicy"]["CachePolicyConfig"]["Name"]
        if stage in name:
            add("cloudfront_cache_policies", "global", name)
    for item in cloudfront.list_origin_request_policies(Type="custom")["OriginRequestPolicyList"].get("Items", []) or []:
        name = item["OriginRequestPolicy"]["OriginRequestPolicyConfig"]["Name"]
        if stage in name:
            add("cloudfront_origin_request_policies", "global", name)
    for fn in cloudfront.list_functions()["FunctionList"].get("Items", []) or []:
        if stage in fn["Name"]:
            add("cloudfront_functions", "global", f"{fn['Name']} ({fn['FunctionMetadata']['Stage']})")

    route53 = client("route53", "us-east-1")
    for zone in route53.list_hosted_zones().get("HostedZones", []):
        if stage in zone["Name"]:
            add("hosted_zones", "global", zone["Name"])
    for check in route53.list_health_checks().get("HealthChecks", []):
        tags = route53.list_tags_for_resource(ResourceType="healthcheck", ResourceId=check["Id"])
        if tagged(tags["ResourceTagSet"].get("Tags")):
            add("health_checks", "global", check["HealthCheckConfig"].get("FullyQualifiedDomainName", check["Id"]))

    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
