#!/usr/bin/env bash
# A throwaway PostgreSQL (Debian's package) on 127.0.0.1 for the portal's data-layer tests, which run
# against PGlite always and against this real server when PORTAL_TEST_DATABASE_URL is set (.ci/run
# sets it; CI refuses to run the portal's database tests without it).
#
#   eval "$(scripts/ci/postgres.sh start)"   # installs postgresql if missing, starts it, prints exports
#   scripts/ci/postgres.sh stop "$PORTAL_TEST_POSTGRES_DIR"
set -euo pipefail

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "${dir}" ] && [ -x "${dir}/initdb" ] && echo "${dir}"
}

# Run as the `postgres` user when we are root (initdb refuses root), else as ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin=$(find_bin || true)
  if [ -z "${bin}" ]; then
    echo "installing postgresql (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
    bin=$(find_bin)
  fi
  local dir port
  dir=$(mktemp -d /tmp/portal-postgres.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "${dir}"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "${bin}/initdb" -D "${dir}/data" -A trust -U postgres --no-sync >"${dir}/initdb.log" 2>&1
  as_owner "${bin}/pg_ctl" -D "${dir}/data" -l "${dir}/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off" start >&2
  echo "export PORTAL_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:${port}/postgres"
  echo "export PORTAL_TEST_POSTGRES_DIR=${dir}"
  echo "PostgreSQL $("${bin}/postgres" --version | awk '{print $3}') on 127.0.0.1:${port} (${dir})" >&2
}

stop() {
  local dir=${1:?data dir}
  local bin
  bin=$(find_bin)
  as_owner "${bin}/pg_ctl" -D "${dir}/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "${dir}"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop <dir>" >&2; exit 2 ;;
esac
