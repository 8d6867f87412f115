#!/usr/bin/env bash
# Offline checks of terraform-foundation/: for every root (core, edge, portal) init from the provider mirror,
# fmt -check, validate, terraform test (mocked providers), then an offline plan with fake credentials
# whose JSON is checked by check-plan.mjs. Run from anywhere: bash scripts/terraform/check.sh
#
# Environment:
#   TF_PROVIDER_MIRROR  filesystem mirror holding hashicorp/aws (default /opt/tf-plugins). Set it to
#                       an empty string to use your own TF_CLI_CONFIG_FILE / the public registry.
#   TF_ROOTS            roots to check (default "core edge portal").
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
foundation="${repo}/terraform-foundation"
fixtures="${repo}/scripts/terraform/fixtures"
roots="${TF_ROOTS:-core edge portal}"
suffix="ci" # environment_suffix of the fixtures

export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
# Fake credentials: nothing here may reach AWS.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN

scratch="$(mktemp -d)"
trap 'rm -rf "${scratch}"' EXIT

if [[ -n "${TF_PROVIDER_MIRROR-/opt/tf-plugins}" ]]; then
  bash "${repo}/scripts/terraform/offline-cli-config.sh" "${TF_PROVIDER_MIRROR:-/opt/tf-plugins}" >"${scratch}/terraformrc"
  export TF_CLI_CONFIG_FILE="${scratch}/terraformrc"
fi

start=$(date +%s)
summary=()
step() { # step <label> <timeout-seconds> <command...>
  local label="$1" limit="$2"
  shift 2
  local t0=$(date +%s)
  # bash -c so that exported shell functions (static_rules, plan_root) run under timeout too.
  if ! timeout "${limit}" bash -c '"$@"' step "$@" >"${scratch}/step.log" 2>&1; then
    cat "${scratch}/step.log" >&2
    summary+=("FAIL ${label}")
    echo >&2
    echo "terraform-foundation checks: FAILED after $(($(date +%s) - start)) s" >&2
    printf '  %s\n' "${summary[@]}" >&2
    exit 1
  fi
  summary+=("ok   ${label} ($(($(date +%s) - t0)) s)")
  echo "ok   ${label} ($(($(date +%s) - t0)) s)"
  grep -h 'resources, ' "${scratch}/step.log" | sed -E 's#^ *.*/([^/]+\.json)#     \1#' || true
}

# Source-level rules the plan cannot show.
static_rules() {
  if grep -rnE 'prevent_destroy|deletion_protection_enabled *= *true|recovery_window_in_days *= *[1-9]' \
    --include='*.tf' "${foundation}"; then
    echo "something blocks terraform destroy" >&2
    return 1
  fi
  if grep -rnE '^\s*secret_string\s*=' --include='*.tf' "${foundation}"; then
    echo "secret values must not be set from configuration (use the write-only generator)" >&2
    return 1
  fi
}

plan_root() { # plan_root <root> <plan-name> [extra plan args...]
  local root="$1" name="$2"
  shift 2
  local work="${scratch}/${root}"
  if [[ ! -d "${work}" ]]; then
    mkdir -p "${work}"
    cp "${foundation}/${root}"/*.tf "${foundation}/${root}/.terraform.lock.hcl" "${work}/"
    [[ -d "${foundation}/${root}/modules" ]] && cp -r "${foundation}/${root}/modules" "${work}/"
    # Modules shared by the roots (source = "../modules/...") sit beside the root copies.
    if [[ -d "${foundation}/modules" && ! -d "${scratch}/modules" ]]; then cp -r "${foundation}/modules" "${scratch}/"; fi
    # One override block per provider configuration of the root.
    for alias in $(grep -oE '^\s*alias\s*=\s*"[a-z_]+"' "${work}/providers.tf" | sed -E 's/.*"(.*)"/\1/'); do
      sed "s/^provider \"aws\" {/provider \"aws\" {\n  alias = \"${alias}\"/" \
        "${repo}/scripts/terraform/offline_override.tf.tmpl" >>"${work}/offline_override.tf"
    done
    cat "${repo}/scripts/terraform/offline_override.tf.tmpl" >>"${work}/offline_override.tf"
    terraform -chdir="${work}" init -backend=false -input=false -lockfile=readonly >/dev/null
  fi
  # Only roots that read the shared table definitions declare table_definitions_dir (not portal).
  local tables=()
  grep -q '^variable "table_definitions_dir"' "${work}"/*.tf && tables=(-var "table_definitions_dir=${repo}/shared/tables")
  terraform -chdir="${work}" plan -input=false -lock=false -out="${scratch}/${name}.tfplan" \
    -var-file="${fixtures}/${root}.tfvars" "${tables[@]}" "$@" >/dev/null
  terraform -chdir="${work}" show -json "${scratch}/${name}.tfplan" >"${scratch}/${name}.json"
  node "${repo}/scripts/terraform/check-plan.mjs" --suffix "${suffix}" "${scratch}/${name}.json"
}

export repo foundation fixtures suffix scratch
export -f static_rules plan_root

step "terraform fmt -check -recursive" 60 terraform -chdir="${foundation}" fmt -check -recursive -diff
step "static rules (destroy, secrets)" 30 static_rules

for root in ${roots}; do
  dir="${foundation}/${root}"
  step "${root}: init (mirror, no backend)" 120 terraform -chdir="${dir}" init -backend=false -input=false -lockfile=readonly
  step "${root}: validate" 120 terraform -chdir="${dir}" validate -no-color
  step "${root}: terraform test" 900 terraform -chdir="${dir}" test -no-color
  step "${root}: offline plan + check-plan" 240 plan_root "${root}" "${root}"
  if [[ "${root}" == "edge" ]]; then
    step "edge: offline plan with domain_name + check-plan" 240 plan_root edge edge-domain -var domain_name=ledgerline.example.com
  fi
done

echo
echo "terraform-foundation checks: all ${#summary[@]} steps passed in $(($(date +%s) - start)) s (roots: ${roots})"
