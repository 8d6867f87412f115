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
"""

from typing import Any

from moto.apigateway.models import RestAPI, apigateway_backends
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


if __name__ == "__main__":
    main()
