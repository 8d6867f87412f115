#!/usr/bin/env bash
# Prints a Terraform CLI config that installs hashicorp/aws from a filesystem mirror (offline).
#   bash scripts/terraform/offline-cli-config.sh > /tmp/terraformrc
#   export TF_CLI_CONFIG_FILE=/tmp/terraformrc
# The mirror folder comes from $1, else $TF_PROVIDER_MIRROR, else /opt/tf-plugins; it must hold
# registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/.
set -euo pipefail

mirror="${1:-${TF_PROVIDER_MIRROR:-/opt/tf-plugins}}"
if [[ ! -d "${mirror}/registry.terraform.io/hashicorp/aws" ]]; then
  echo "offline-cli-config: no hashicorp/aws provider under ${mirror}" >&2
  exit 1
fi

cat <<HCL
provider_installation {
  filesystem_mirror {
    path    = "${mirror}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
HCL
