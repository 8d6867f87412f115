"""Creates or deletes the public hosted zone the emulated portal deploy is given (tests/delivery/emulated-deploy.test.ts).

    python3 route53_zone.py <endpoint> create <name>    # prints the zone id (Z...)
    python3 route53_zone.py <endpoint> delete <name>    # fails if records other than SOA/NS are left

The portal root takes an existing zone (route53_zone_id: on AWS the edge root's zone or the operator's);
the test creates one in the emulator as an operator would, and deletes it after the destroy. boto3, as
for inventory.py: this repository installs no SDK v3 Route 53 client.
"""

import sys
import uuid

import boto3


def main() -> None:
    endpoint, action, name = sys.argv[1:]
    route53 = boto3.client("route53", region_name="us-east-1", endpoint_url=endpoint,
                           aws_access_key_id="test", aws_secret_access_key="test")
    fqdn = name.rstrip(".") + "."
    if action == "create":
        zone = route53.create_hosted_zone(Name=name, CallerReference=str(uuid.uuid4()))["HostedZone"]
        print(zone["Id"].split("/")[-1])
        return
    for zone in route53.list_hosted_zones()["HostedZones"]:
        if zone["Name"] != fqdn:
            continue
        records = route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
        left = [f"{r['Name']} {r['Type']}" for r in records
                if not (r["Name"] == fqdn and r["Type"] in ("SOA", "NS"))]
        if left:
            sys.exit(f"zone {name} still holds records: {', '.join(left)}")
        route53.delete_hosted_zone(Id=zone["Id"])


if __name__ == "__main__":
    main()
