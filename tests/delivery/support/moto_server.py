"""moto_server with CloudFormation support for AWS::Cognito::UserPool and ::UserPoolClient, and
CloudFormation deleting the AWS::ApiGateway::RestApi of a deleted stack.

    python3 moto_server.py -H 127.0.0.1 -p <port>      # same arguments as moto_server

moto 5.2.1 implements the Cognito IdP API but has no CloudFormation model for its resources: a stack
holding a user pool is created WITHOUT it, and any Ref/GetAtt of the pool in the stack's Outputs then
breaks DescribeStacks (HTTP 500, "Fn::GetAtt references undefined resource UserPool"). services/auth
creates the platform's pool and client in CloudFormation (design.md), so the emulated deploy
(tests/delivery/emulated-deploy.test.ts) starts moto through this file: it adds the two models,
backed by moto's own Cognito IdP backend (the pool is then visible to ListUserPools and works for
sign-up/sign-in like one created through the API), and nothing else. The services' configuration is
not changed for the emulator. Properties are passed through as the API's extended configuration;
what moto's Cognito ignores is listed in docs/testing-guide.md ("Emulated deploy (moto)").

moto 5.2.1 also creates a stack's REST API but never deletes it with the stack (RestAPI has no
CloudFormation delete): `sls remove` would leave every API behind, unlike AWS, and the emulated
run's "nothing left" check would fail on the emulator, not on the project. The REST API gets the
delete AWS performs.

Two gaps of the plain APIs that the portal root (terraform-foundation/portal) meets, filled as AWS
documents them:

- CloudTrail StartLogging, StopLogging and DeleteTrail accept the trail's name or ARN. moto 5.2.1
  looks the value up by name only: the AWS provider (5.x, whose `aws_cloudtrail` id is the ARN) gets
  HTTP 500 from StartLogging, and its DeleteTrail would delete nothing.
- AWS Backup selections (CreateBackupSelection, GetBackupSelection, ListBackupSelections,
  DeleteBackupSelection) are not implemented in moto 5.2.1 (HTTP 500). They are kept per backup plan
  with the fields the API returns; nothing is ever backed up (moto runs no jobs), so
  ListRecoveryPointsByBackupVault (not routed in moto 5.2.1: HTTP 404; the provider calls it to empty a
  `force_destroy` vault) answers an empty list.
- Route 53 hosted zone ids start with "Z" on AWS (the portal's route53_zone_id validation requires
  it); moto 5.2.1 draws all 22 characters at random. New zone ids get the leading "Z".
"""

import json
import uuid
from datetime import datetime, timezone
from typing import Any

from moto.apigateway.models import RestAPI, apigateway_backends
from moto.backup.exceptions import ResourceNotFoundException
from moto.backup.models import BackupBackend
from moto.backup import urls as backup_urls
from moto.backup.responses import BackupResponse
from moto.cloudtrail.models import CloudTrailBackend
from moto.route53 import models as route53_models
from moto.cognitoidp.models import cognitoidp_backends
from moto.core.common_models import CloudFormationModel
from moto.server import main


# moto's model metaclass files every model under the second part of its module name (moto.<service>).
_MODULE = "moto.cognitoidp.ledgerline_cfn"


class CfnUserPool(CloudFormationModel):
    __module__ = _MODULE

    def __init__(self, pool: Any, region: str, account_id: str) -> None:
        self.pool = pool
        self.region = region
        self.account_id = account_id

    @staticmethod
    def cloudformation_name_type() -> str:
        return "UserPoolName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::UserPool"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("Arn", "ProviderName", "ProviderURL", "UserPoolId")

    @property
    def physical_resource_id(self) -> str:
        return self.pool.id

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name == "Arn":
            return self.pool.arn
        if attribute_name == "UserPoolId":
            return self.pool.id
        if attribute_name == "ProviderName":
            return f"cognito-idp.{self.region}.amazonaws.com/{self.pool.id}"
        if attribute_name == "ProviderURL":
            return f"https://cognito-idp.{self.region}.amazonaws.com/{self.pool.id}"
        raise NotImplementedError(attribute_name)

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[override]
        cls, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str, **kwargs: Any
    ) -> "CfnUserPool":
        properties = dict(cloudformation_json.get("Properties", {}))
        name = properties.pop("UserPoolName", resource_name)
        pool = cognitoidp_backends[account_id][region_name].create_user_pool(name, properties)
        return cls(pool, region_name, account_id)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[override]
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: Any, account_id: str,
        region_name: str,
    ) -> "CfnUserPool":
        properties = dict(cloudformation_json.get("Properties", {}))
        properties.pop("UserPoolName", None)
        original_resource.pool.extended_config.update(properties)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(  # type: ignore[override]
        cls, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str
    ) -> None:
        backend = cognitoidp_backends[account_id][region_name]
        if resource_name in backend.user_pools:
            backend.delete_user_pool(resource_name)

    def delete(self, account_id: str, region_name: str) -> None:
        backend = cognitoidp_backends[account_id][region_name]
        if self.pool.id in backend.user_pools:
            backend.delete_user_pool(self.pool.id)

    def is_created(self) -> bool:
        return True


class CfnUserPoolClient(CloudFormationModel):
    __module__ = _MODULE

    def __init__(self, client: Any, user_pool_id: str) -> None:
        self.client = client
        self.user_pool_id = user_pool_id

    @staticmethod
    def cloudformation_name_type() -> str:
        return "ClientName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Cognito::UserPoolClient"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("ClientId", "ClientSecret", "Name")

    @property
    def physical_resource_id(self) -> str:
        return self.client.id

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name == "ClientId":
            return self.client.id
        if attribute_name == "ClientSecret":
            return self.client.secret
        if attribute_name == "Name":
            return self.client.extended_config.get("ClientName")
        raise NotImplementedError(attribute_name)

    @classmethod
    def create_from_cloudformation_json(  # type: ignore[override]
        cls, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str, **kwargs: Any
    ) -> "CfnUserPoolClient":
        properties = dict(cloudformation_json.get("Properties", {}))
        user_pool_id = properties.pop("UserPoolId")
        generate_secret = bool(properties.pop("GenerateSecret", False))
        properties.setdefault("ClientName", resource_name)
        client = cognitoidp_backends[account_id][region_name].create_user_pool_client(
            user_pool_id, generate_secret, properties
        )
        return cls(client, user_pool_id)

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[override]
        cls, original_resource: Any, new_resource_name: str, cloudformation_json: Any, account_id: str,
        region_name: str,
    ) -> "CfnUserPoolClient":
        properties = dict(cloudformation_json.get("Properties", {}))
        for key in ("UserPoolId", "GenerateSecret"):
            properties.pop(key, None)
        original_resource.client.extended_config.update(properties)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(  # type: ignore[override]
        cls, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str
    ) -> None:
        user_pool_id = cloudformation_json.get("Properties", {}).get("UserPoolId")
        backend = cognitoidp_backends[account_id][region_name]
        pool = backend.user_pools.get(user_pool_id)
        if pool is not None and resource_name in pool.clients:
            backend.delete_user_pool_client(user_pool_id, resource_name)

    def delete(self, account_id: str, region_name: str) -> None:
        backend = cognitoidp_backends[account_id][region_name]
        pool = backend.user_pools.get(self.user_pool_id)
        if pool is not None and self.client.id in pool.clients:
            backend.delete_user_pool_client(self.user_pool_id, self.client.id)

    def is_created(self) -> bool:
        return True


def _delete_rest_api(
    cls: type, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str
) -> None:
    backend = apigateway_backends[account_id][region_name]
    if resource_name in backend.apis:
        backend.delete_rest_api(resource_name)


RestAPI.delete_from_cloudformation_json = classmethod(_delete_rest_api)  # type: ignore[method-assign,assignment]


# --- CloudTrail: name or ARN --------------------------------------------------------------------


def _trail_name(backend: CloudTrailBackend, name_or_arn: str) -> str:
    if name_or_arn.startswith("arn:"):
        return backend.get_trail(name_or_arn).trail_name  # TrailNotFoundException when unknown
    return name_or_arn


def _by_name_or_arn(original: Any) -> Any:
    def wrapper(self: CloudTrailBackend, name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("arn:") and not any(t.arn == name for t in self.trails.values()):
            return original(self, name, *args, **kwargs)  # unknown ARN: the original behaviour
        return original(self, _trail_name(self, name), *args, **kwargs)

    return wrapper


for _method in ("start_logging", "stop_logging", "delete_trail"):
    setattr(CloudTrailBackend, _method, _by_name_or_arn(getattr(CloudTrailBackend, _method)))


# --- AWS Backup selections -----------------------------------------------------------------------


def _selections(backend: BackupBackend, plan_id: str) -> dict[str, dict[str, Any]]:
    if plan_id not in backend.plans or backend.plans[plan_id].deletion_date is not None:
        raise ResourceNotFoundException(msg=f"Failed reading Backup plan {plan_id}")
    store: dict[str, dict[str, dict[str, Any]]] = backend.__dict__.setdefault("ledgerline_selections", {})
    return store.setdefault(plan_id, {})


def _selection_path(response: BackupResponse) -> tuple[str, str]:
    # /backup/plans/<planId>/selections/[<selectionId>]
    parts = [p for p in response.path.split("?")[0].split("/") if p]
    plan_id = parts[2]
    selection_id = parts[4] if len(parts) > 4 else ""
    return plan_id, selection_id


def _create_backup_selection(self: BackupResponse) -> str:
    plan_id, _ = _selection_path(self)
    params = json.loads(self.body)
    selections = _selections(self.backup_backend, plan_id)
    selection_id = str(uuid.uuid4())
    created = datetime.now(timezone.utc).timestamp()
    selections[selection_id] = {
        "BackupSelection": params["BackupSelection"],
        "SelectionId": selection_id,
        "BackupPlanId": plan_id,
        "CreationDate": created,
        "CreatorRequestId": params.get("CreatorRequestId"),
    }
    return json.dumps({"SelectionId": selection_id, "BackupPlanId": plan_id, "CreationDate": created})


def _found(self: BackupResponse) -> dict[str, Any]:
    plan_id, selection_id = _selection_path(self)
    selection = _selections(self.backup_backend, plan_id).get(selection_id)
    if selection is None:
        raise ResourceNotFoundException(msg=f"Failed reading Backup selection {selection_id}")
    return selection


def _get_backup_selection(self: BackupResponse) -> str:
    return json.dumps({k: v for k, v in _found(self).items() if v is not None})


def _delete_backup_selection(self: BackupResponse) -> str:
    selection = _found(self)
    del _selections(self.backup_backend, selection["BackupPlanId"])[selection["SelectionId"]]
    return "{}"


def _list_backup_selections(self: BackupResponse) -> str:
    plan_id, _ = _selection_path(self)
    return json.dumps({
        "BackupSelectionsList": [
            {
                "SelectionId": s["SelectionId"],
                "SelectionName": s["BackupSelection"]["SelectionName"],
                "BackupPlanId": plan_id,
                "CreationDate": s["CreationDate"],
                "IamRoleArn": s["BackupSelection"]["IamRoleArn"],
            }
            for s in _selections(self.backup_backend, plan_id).values()
        ]
    })


BackupResponse.create_backup_selection = _create_backup_selection  # type: ignore[attr-defined]
BackupResponse.get_backup_selection = _get_backup_selection  # type: ignore[attr-defined]
BackupResponse.delete_backup_selection = _delete_backup_selection  # type: ignore[attr-defined]
BackupResponse.list_backup_selections = _list_backup_selections  # type: ignore[attr-defined]


def _list_recovery_points_by_backup_vault(self: BackupResponse) -> str:
    name = self.path.split("?")[0].split("/backup-vaults/")[1].split("/")[0]
    self.backup_backend.describe_backup_vault(name)  # ResourceNotFoundException when unknown
    return json.dumps({"RecoveryPoints": []})


BackupResponse.list_recovery_points_by_backup_vault = _list_recovery_points_by_backup_vault  # type: ignore[attr-defined]
# Read when the server builds its URL map (main() below), so added before it.
backup_urls.url_paths["{0}/backup-vaults/(?P<name>[^/]+)/recovery-points/?$"] = backup_urls.response.dispatch


# --- Route 53: zone ids start with Z ------------------------------------------------------------

_create_zone_id = route53_models.create_route53_zone_id


def _zone_id(*args: Any, **kwargs: Any) -> str:
    zone_id = _create_zone_id(*args, **kwargs)
    return zone_id if zone_id.startswith("Z") else "Z" + zone_id[1:]


route53_models.create_route53_zone_id = _zone_id  # type: ignore[assignment]


if __name__ == "__main__":
    main()
