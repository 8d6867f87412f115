"""What the edge root deployed, read back from an emulated account (tests/delivery/emulated-deploy.test.ts).

    python3 edge.py <endpoint> <stage> <region>...

Prints one JSON object: the stage's edge CloudFront distribution (by its tags; origins with their custom header NAMES,
never values; behaviours with the cache policy, origin request policy and function they use; web
ACL; logging), the cache and origin request policies and CloudFront Functions of the stage, and per
API region the web ACL associated with each ledgerline-*-<stage> REST API stage. boto3: this
repository installs no AWS SDK v3 client for CloudFront or WAFv2.
"""

import json
import sys

import boto3
from botocore.config import Config


def main() -> None:
    endpoint, stage, *regions = sys.argv[1:]
    config = Config(retries={"max_attempts": 1}, connect_timeout=10, read_timeout=60)

    def client(service: str, region: str):
        return boto3.client(service, region_name=region, endpoint_url=endpoint, aws_access_key_id="test",
                            aws_secret_access_key="test", config=config)

    cloudfront = client("cloudfront", "us-east-1")
    out: dict = {"distributions": [], "cache_policies": {}, "origin_request_policies": {}, "functions": {},
                 "associations": {}}
    for item in cloudfront.list_distributions()["DistributionList"].get("Items", []) or []:
        tags = {t["Key"]: t["Value"] for t in
                cloudfront.list_tags_for_resource(Resource=item["ARN"])["Tags"].get("Items", [])}
        if tags.get("Environment") != stage or tags.get("ManagedBy") != "terraform/edge":
            continue  # the portal's distribution, or another stage's
        dist = cloudfront.get_distribution_config(Id=item["Id"])["DistributionConfig"]
        behaviours = [dist["DefaultCacheBehavior"], *(dist.get("CacheBehaviors", {}).get("Items") or [])]
        out["distributions"].append({
            "id": item["Id"],
            "comment": dist["Comment"],
            "enabled": dist["Enabled"],
            "web_acl_id": dist.get("WebACLId"),
            "logging_bucket": dist.get("Logging", {}).get("Bucket"),
            "origins": {
                o["Id"]: {
                    "domain": o["DomainName"],
                    "path": o.get("OriginPath", ""),
                    "headers": sorted(h["HeaderName"] for h in o.get("CustomHeaders", {}).get("Items") or []),
                }
                for o in dist["Origins"]["Items"]
            },
            "behaviours": [
                {
                    "path": b.get("PathPattern", "*"),
                    "target": b["TargetOriginId"],
                    "cache_policy": b.get("CachePolicyId"),
                    "origin_request_policy": b.get("OriginRequestPolicyId"),
                    "functions": [f["FunctionARN"] for f in b.get("FunctionAssociations", {}).get("Items") or []],
                }
                for b in behaviours
            ],
        })
    for item in cloudfront.list_cache_policies(Type="custom")["CachePolicyList"].get("Items", []) or []:
        policy = item["CachePolicy"]
        if stage in policy["CachePolicyConfig"]["Name"]:
            out["cache_policies"][policy["Id"]] = policy["CachePolicyConfig"]["Name"]
    for item in cloudfront.list_origin_request_policies(Type="custom")["OriginRequestPolicyList"].get("Items", []) or []:
        policy = item["OriginRequestPolicy"]
        if stage in policy["OriginRequestPolicyConfig"]["Name"]:
            out["origin_request_policies"][policy["Id"]] = policy["OriginRequestPolicyConfig"]["Name"]
    for fn in cloudfront.list_functions(Stage="LIVE")["FunctionList"].get("Items", []) or []:
        if stage in fn["Name"]:
            out["functions"][fn["FunctionMetadata"]["FunctionARN"]] = fn["FunctionConfig"]["Runtime"]

    for region in regions:
        apigateway = client("apigateway", region)
        wafv2 = client("wafv2", region)
        for api in apigateway.get_rest_apis(limit=500).get("items", []):
            if not (api["name"].startswith("ledgerline-") and api["name"].endswith(f"-{stage}")):
                continue
            arn = f"arn:aws:apigateway:{region}::/restapis/{api['id']}/stages/{stage}"
            acl = wafv2.get_web_acl_for_resource(ResourceArn=arn).get("WebACL") or {}
            out["associations"][f"{region}/{api['name']}"] = acl.get("Name")

    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
