"""moto_server with CloudFormation support for AWS::Cognito::UserPool and ::UserPoolClient, and
CloudFormation deleting the AWS::ApiGateway::RestApi of a deleted stack.

    python3 moto_server.py -H 127.0.0.1 -p <port>      # same arguments as moto_server

moto 5.2.1 implements the Cognito IdP API but has no CloudFormation model for its resources: a stack
holding a user pool is created WITHOUT it, and any Ref/GetAtt of the pool in the stack's Outputs then
breaks DescribeStacks (HTTP 500, "Fn::GetAtt references undefined resource UserPool"). services/auth
creates the platform's pool and client in CloudFormation (docs/architecture.md), so the emulated deploy
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

For the edge root (terraform-foundation/edge): CloudFront cache policies, origin request policies and
CloudFront Functions (not routed in moto 5.2.1: HTTP 404), and what moto's distribution drops or
invents around them (see the section below).
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
from moto.core.responses import ActionResult, EmptyResult
from moto.cloudfront import urls as cloudfront_urls
from moto.cloudfront.exceptions import CloudFrontException, InvalidIfMatchVersion
from moto.cloudfront.models import CloudFrontBackend, DefaultCacheBehaviour, DistributionConfig, random_id
from moto.cloudfront.responses import CloudFrontResponse
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


# --- CloudFront cache policies, origin request policies, CloudFront Functions ----------------------
#
# Not routed in moto 5.2.1 (HTTP 404). The edge root (terraform-foundation/edge) creates one of each
# and its distribution refers to them by id/ARN. Kept in moto's CloudFront backend (global, like
# CloudFront), with the shapes of the CloudFront API reference (serialized by moto from botocore's
# model: ETag and Location as headers), a new ETag on every change, and If-Match checked on update,
# delete and publish (PreconditionFailed on a stale ETag, InvalidIfMatchVersion when missing). Only
# custom policies exist (ListCachePolicies Type=managed answers an empty list); a policy or function
# still used by a distribution cannot be deleted (CachePolicyInUse / OriginRequestPolicyInUse /
# FunctionInUse), as on AWS. Functions have a DEVELOPMENT and, once published, a LIVE stage; their
# code is stored, never run.


class _CloudFrontError(CloudFrontException):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _cf_store(backend: CloudFrontBackend, kind: str) -> dict[str, Any]:
    stores: dict[str, dict[str, Any]] = backend.__dict__.setdefault("ledgerline_cloudfront", {})
    return stores.setdefault(kind, {})


def _check_if_match(if_match: Any, etag: str) -> None:
    if not if_match:
        raise InvalidIfMatchVersion()
    if if_match != etag:
        raise _CloudFrontError("PreconditionFailed", "The precondition given in one or more of the request-header fields evaluated to false.")


def _behaviours(backend: CloudFrontBackend) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for dist in backend.distributions.values():
        config = dist.distribution_config
        found.append(config.__dict__.get("ledgerline_default_behaviour", {}))
        found.extend(config.__dict__.get("ledgerline_behaviours", []))
    return found


_POLICY_KINDS = {
    # kind: (config member, not-found code, in-use code, distribution field, exists code)
    "CachePolicy": ("CachePolicyConfig", "NoSuchCachePolicy", "CachePolicyInUse", "CachePolicyId", "CachePolicyAlreadyExists"),
    "OriginRequestPolicy": (
        "OriginRequestPolicyConfig", "NoSuchOriginRequestPolicy", "OriginRequestPolicyInUse",
        "OriginRequestPolicyId", "OriginRequestPolicyAlreadyExists",
    ),
}


def _policy_id(self: CloudFrontResponse) -> str:
    return str(self._get_param("Id"))


def _policy(self: CloudFrontResponse, kind: str) -> dict[str, Any]:
    policy = _cf_store(self.backend, kind).get(_policy_id(self))
    if policy is None:
        raise _CloudFrontError(_POLICY_KINDS[kind][1], f"The {kind} does not exist.")
    return policy


def _policy_out(policy: dict[str, Any], kind: str) -> dict[str, Any]:
    return {"Id": policy["Id"], "LastModifiedTime": policy["LastModifiedTime"], _POLICY_KINDS[kind][0]: policy["Config"]}


def _policy_api(kind: str) -> dict[str, Any]:
    member, _, in_use, field, exists = _POLICY_KINDS[kind]
    path = "cache-policy" if kind == "CachePolicy" else "origin-request-policy"

    def create(self: CloudFrontResponse) -> ActionResult:
        config = self._get_param(member, {})
        store = _cf_store(self.backend, kind)
        if any(p["Config"].get("Name") == config.get("Name") for p in store.values()):
            raise _CloudFrontError(exists, f"A {kind} with this name already exists.")
        policy = {"Id": str(uuid.uuid4()), "LastModifiedTime": _now(), "Config": config, "ETag": random_id()}
        store[policy["Id"]] = policy
        return ActionResult({
            kind: _policy_out(policy, kind),
            "Location": f"https://cloudfront.amazonaws.com/2020-05-31/{path}/{policy['Id']}",
            "ETag": policy["ETag"],
        })

    def get(self: CloudFrontResponse) -> ActionResult:
        policy = _policy(self, kind)
        return ActionResult({kind: _policy_out(policy, kind), "ETag": policy["ETag"]})

    def get_config(self: CloudFrontResponse) -> ActionResult:
        policy = _policy(self, kind)
        return ActionResult({member: policy["Config"], "ETag": policy["ETag"]})

    def update(self: CloudFrontResponse) -> ActionResult:
        policy = _policy(self, kind)
        _check_if_match(self._get_param("IfMatch"), policy["ETag"])
        policy.update(Config=self._get_param(member, {}), LastModifiedTime=_now(), ETag=random_id())
        return ActionResult({kind: _policy_out(policy, kind), "ETag": policy["ETag"]})

    def delete(self: CloudFrontResponse) -> EmptyResult:
        policy = _policy(self, kind)
        _check_if_match(self._get_param("IfMatch"), policy["ETag"])
        if any(b.get(field) == policy["Id"] for b in _behaviours(self.backend)):
            raise _CloudFrontError(in_use, f"Cannot delete this {kind} because it is attached to one or more distributions.")
        del _cf_store(self.backend, kind)[policy["Id"]]
        return EmptyResult()

    def list_(self: CloudFrontResponse) -> ActionResult:
        wanted = self._get_param("Type")
        items = [] if wanted == "managed" else list(_cf_store(self.backend, kind).values())
        return ActionResult({
            f"{kind}List": {
                "MaxItems": 100,
                "Quantity": len(items),
                "Items": [{"Type": "custom", kind: _policy_out(p, kind)} for p in items] or None,
            }
        })

    return {"create": create, "get": get, "get_config": get_config, "update": update, "delete": delete, "list": list_}


for _kind, _snake in (("CachePolicy", "cache_policy"), ("OriginRequestPolicy", "origin_request_policy")):
    _api = _policy_api(_kind)
    setattr(CloudFrontResponse, f"create_{_snake}", _api["create"])
    setattr(CloudFrontResponse, f"get_{_snake}", _api["get"])
    setattr(CloudFrontResponse, f"get_{_snake}_config", _api["get_config"])
    setattr(CloudFrontResponse, f"update_{_snake}", _api["update"])
    setattr(CloudFrontResponse, f"delete_{_snake}", _api["delete"])
    setattr(CloudFrontResponse, "list_cache_policies" if _kind == "CachePolicy" else "list_origin_request_policies", _api["list"])


def _function_name(self: CloudFrontResponse) -> str:
    return str(self._get_param("Name"))


def _function(self: CloudFrontResponse) -> dict[str, Any]:
    function = _cf_store(self.backend, "Function").get(_function_name(self))
    if function is None:
        raise _CloudFrontError("NoSuchFunctionExists", "The function does not exist.")
    return function


def _function_stage(self: CloudFrontResponse, function: dict[str, Any]) -> dict[str, Any]:
    stage = self._get_param("Stage") or "LIVE"  # the API's default stage for Describe/Get
    version = function.get(stage)
    if version is None:
        raise _CloudFrontError("NoSuchFunctionExists", f"The function has no {stage} stage.")
    return version


def _function_summary(function: dict[str, Any], version: dict[str, Any]) -> dict[str, Any]:
    return {
        "Name": function["Name"],
        "Status": version["Status"],
        "FunctionConfig": version["Config"],
        "FunctionMetadata": {
            "FunctionARN": function["ARN"],
            "Stage": version["Stage"],
            "CreatedTime": function["CreatedTime"],
            "LastModifiedTime": version["LastModifiedTime"],
        },
    }


def _function_code(code: Any) -> bytes:
    return code if isinstance(code, bytes) else str(code).encode()


def _create_function(self: CloudFrontResponse) -> ActionResult:
    name = self._get_param("Name")
    store = _cf_store(self.backend, "Function")
    if name in store:
        raise _CloudFrontError("FunctionAlreadyExists", f"A function with the name {name} already exists.")
    created = _now()
    function = {
        "Name": name,
        "ARN": f"arn:aws:cloudfront::{self.current_account}:function/{name}",
        "CreatedTime": created,
        "DEVELOPMENT": {
            "Stage": "DEVELOPMENT", "Status": "UNPUBLISHED", "Config": self._get_param("FunctionConfig", {}),
            "Code": _function_code(self._get_param("FunctionCode")), "LastModifiedTime": created, "ETag": random_id(),
        },
    }
    store[name] = function
    dev = function["DEVELOPMENT"]
    return ActionResult({
        "FunctionSummary": _function_summary(function, dev),
        "Location": f"https://cloudfront.amazonaws.com/2020-05-31/function/{function['ARN']}",
        "ETag": dev["ETag"],
    })


def _describe_function(self: CloudFrontResponse) -> ActionResult:
    function = _function(self)
    version = _function_stage(self, function)
    return ActionResult({"FunctionSummary": _function_summary(function, version), "ETag": version["ETag"]})


def _get_function(self: CloudFrontResponse) -> ActionResult:
    function = _function(self)
    version = _function_stage(self, function)
    return ActionResult({"FunctionCode": version["Code"], "ETag": version["ETag"], "ContentType": "application/octet-stream"})


def _update_function(self: CloudFrontResponse) -> ActionResult:
    function = _function(self)
    dev = function["DEVELOPMENT"]
    _check_if_match(self._get_param("IfMatch"), dev["ETag"])
    dev.update(
        Config=self._get_param("FunctionConfig", {}), Code=_function_code(self._get_param("FunctionCode")),
        Status="UNPUBLISHED", LastModifiedTime=_now(), ETag=random_id(),
    )
    return ActionResult({"FunctionSummary": _function_summary(function, dev), "ETag": dev["ETag"]})


def _publish_function(self: CloudFrontResponse) -> ActionResult:
    function = _function(self)
    dev = function["DEVELOPMENT"]
    _check_if_match(self._get_param("IfMatch"), dev["ETag"])
    dev["Status"] = "UNASSOCIATED"
    function["LIVE"] = dict(dev, Stage="LIVE", LastModifiedTime=_now(), ETag=random_id())
    return ActionResult({"FunctionSummary": _function_summary(function, function["LIVE"])})


def _delete_function(self: CloudFrontResponse) -> EmptyResult:
    function = _function(self)
    # Any stage's current ETag (the provider sends the one DescribeFunction gave it).
    if_match = self._get_param("IfMatch")
    if not if_match:
        raise InvalidIfMatchVersion()
    if if_match not in {v["ETag"] for k, v in function.items() if k in ("DEVELOPMENT", "LIVE")}:
        _check_if_match(if_match, function["DEVELOPMENT"]["ETag"])
    for behaviour in _behaviours(self.backend):
        items = (behaviour.get("FunctionAssociations") or {}).get("Items") or []
        if any(a.get("FunctionARN") == function["ARN"] for a in items):
            raise _CloudFrontError("FunctionInUse", "Cannot delete function, it's in use by one or more distributions.")
    del _cf_store(self.backend, "Function")[function["Name"]]
    return EmptyResult()


def _list_functions(self: CloudFrontResponse) -> ActionResult:
    stage = self._get_param("Stage")
    summaries = [
        _function_summary(f, f[s])
        for f in _cf_store(self.backend, "Function").values()
        for s in (("DEVELOPMENT", "LIVE") if not stage else (stage,))
        if s in f
    ]
    return ActionResult({"FunctionList": {"MaxItems": 100, "Quantity": len(summaries), "Items": summaries or None}})


CloudFrontResponse.create_function = _create_function  # type: ignore[attr-defined]
CloudFrontResponse.describe_function = _describe_function  # type: ignore[attr-defined]
CloudFrontResponse.get_function = _get_function  # type: ignore[attr-defined]
CloudFrontResponse.update_function = _update_function  # type: ignore[attr-defined]
CloudFrontResponse.publish_function = _publish_function  # type: ignore[attr-defined]
CloudFrontResponse.delete_function = _delete_function  # type: ignore[attr-defined]
CloudFrontResponse.list_functions = _list_functions  # type: ignore[attr-defined]

for _path in ("cache-policy", "origin-request-policy", "function"):
    cloudfront_urls.url_paths[f"{{0}}/2020-05-31/{_path}$"] = CloudFrontResponse.dispatch
    cloudfront_urls.url_paths[f"{{0}}/2020-05-31/{_path}/(?P<id>[^/]+)$"] = CloudFrontResponse.dispatch
for _path in ("cache-policy/(?P<id>[^/]+)/config", "origin-request-policy/(?P<id>[^/]+)/config",
              "function/(?P<id>[^/]+)/describe", "function/(?P<id>[^/]+)/publish"):
    cloudfront_urls.url_paths[f"{{0}}/2020-05-31/{_path}$"] = CloudFrontResponse.dispatch


# The distribution keeps what its cache behaviours refer to (moto 5.2.1 stores the policy ids but
# drops FunctionAssociations and answers Quantity 0): kept and returned, and used by the in-use checks.
# A behaviour with a cache policy has no ForwardedValues on AWS; moto 5.2.1 invents empty ones (false
# drift on every later plan).
_behaviour_init = DefaultCacheBehaviour.__init__


def _behaviour_with_functions(self: Any, config: dict[str, Any]) -> None:
    _behaviour_init(self, config)
    associations = config.get("FunctionAssociations") or {}
    items = associations.get("Items") or []
    self.function_associations = {"Quantity": len(items), **({"Items": items} if items else {})}
    if config.get("CachePolicyId") and "ForwardedValues" not in config:
        self.forwarded_values = None  # AWS returns no (legacy) ForwardedValues with a cache policy


DefaultCacheBehaviour.__init__ = _behaviour_with_functions  # type: ignore[method-assign]
_config_init = DistributionConfig.__init__


def _config_with_behaviours(self: Any, config: dict[str, Any]) -> None:
    _config_init(self, config)
    self.ledgerline_default_behaviour = config.get("DefaultCacheBehavior") or {}
    self.ledgerline_behaviours = (config.get("CacheBehaviors") or {}).get("Items") or []


DistributionConfig.__init__ = _config_with_behaviours  # type: ignore[method-assign]


if __name__ == "__main__":
    main()
