#!/usr/bin/env bash
# The project's benchmark command: starts private infrastructure under the "bench"
# profile (its own ports and state, next to dev and test), runs
# tests/IpExchange.Benchmarks in Release against it, and stops the infrastructure
# again. Prints store appends vs raw INSERTs and relay vs direct publishes.
# Modes: gateway, auctions (see --help), matching-quality (offline, no infrastructure: precision@5
# and nDCG@5 of the Matching ranking on the three judged sets, beside the figures recorded for the
# bigram ranking it replaced) and matching-scale (the match index at 100,000 listings and 10,000
# demands in memory: p50/p99, time to rank a new listing, memory; then the Listing service's search
# over 100,000 listings in a scratch schema, which needs PostgreSQL and RabbitMQ).
# replicas: deals/min through the gateway with 1 and 2 processes of every service
# (`bench.sh replicas --help`; deploy/README.md has the figures).
# load: many users doing whole deals (list, approve, accept or bid, sign, record, pay, register)
# through the gateway: deals/min, p50/p99 per command against the same command straight to the
# service, command-to-cockpit times, CPU and memory per process (`bench.sh load --help`;
# tests/IpExchange.Benchmarks/README.md has the figures).
#
# Extra arguments go to the benchmark (e.g. --seconds 10 --messages 50000;
# --help lists them). IPX_KEEP_INFRA=1 leaves PostgreSQL/RabbitMQ running afterwards.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"

export IPX_PROFILE=bench
export IPX_PG_PORT=${IPX_PG_PORT:-57432}
export IPX_RABBIT_PORT=${IPX_RABBIT_PORT:-57672}
export IPX_RABBIT_MGMT_PORT=${IPX_RABBIT_MGMT_PORT:-57673}
export IPX_STATE_DIR=${IPX_STATE_DIR:-$REPO_ROOT/.state/$IPX_PROFILE}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDTERMINALLOGGER=off MSBUILDDISABLENODEREUSE=1

# matching-quality is offline (judged demands in memory): no infrastructure. matching-scale --no-search too.
if [[ ${1:-} == matching-quality || ( ${1:-} == matching-scale && " $* " == *" --no-search "* ) ]]; then
  exec dotnet run -c Release --project tests/IpExchange.Benchmarks -- "$@"
fi

infra_stopped=0
# shellcheck disable=SC2317 # invoked by the EXIT trap
stop_infra() {
  ((infra_stopped)) && return 0
  infra_stopped=1
  if [[ ${IPX_KEEP_INFRA:-0} == 1 ]]; then
    echo "IPX_KEEP_INFRA=1: leaving the bench infrastructure running" >&2
    return 0
  fi
  bash deploy/infra.sh stop >&2 || echo "warning: stopping the bench infrastructure failed" >&2
}
trap stop_infra EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! bash deploy/infra.sh start; then
  echo "error: could not start the bench infrastructure (logs in $IPX_STATE_DIR/logs)" >&2
  exit 1
fi
eval "$(bash deploy/infra.sh env)"

rc=0
dotnet run -c Release --project tests/IpExchange.Benchmarks -- "$@" || rc=$?
exit "$rc"
