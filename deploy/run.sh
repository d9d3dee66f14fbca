#!/usr/bin/env bash
# The project's run command (README): private PostgreSQL and RabbitMQ, every service and the
# gateway, demo data, then the gateway's address. Ctrl-C (or `deploy/run.sh stop`) ends every
# process it started. Running it again while it runs is harmless: running services are kept.
#
# Settings: IPX_BASE_PORT (default 5100: gateway 5100, services 5101...), the infra ports of
# deploy/infra.sh (IPX_PG_PORT, IPX_RABBIT_PORT, IPX_RABBIT_MGMT_PORT), IPX_PROFILE (dev).
# IPX_DETACH=1 returns once everything is up instead of waiting for Ctrl-C.
# `deploy/run.sh reset` stops the services and empties the database (the next start seeds again).
# IPX_REPLICAS=N (default 1) starts N processes of every service (not of the gateway): replica k
# listens on base + offset + 10*(k-1), and the gateway gets one destination per replica (YARP's
# default PowerOfTwoChoices load balancing, active health checks on /health/ready). Replicas share
# the service's schema and queues: consumers compete on one queue, one replica's outbox relay
# leads at a time, timers are claimed row by row (services/BuildingBlocks/README.md).
# IPX_QUORUM_QUEUES=1 declares the services' queues as quorum queues (a broker that still has
# them as classic queues refuses that: delete them first, e.g. in the management UI).
# Telemetry: the Aspire dashboard runs standalone (deploy/README.md says why not an AppHost) on
# IPX_DASHBOARD_PORT (default 18888; OTLP/gRPC on the next port, OTLP/HTTP on the one after), and
# every process sends it traces, metrics and logs over OTLP. IPX_DASHBOARD=0 runs without it (and
# without OpenTelemetry in the processes).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"

export IPX_PROFILE=${IPX_PROFILE:-dev}
export IPX_STATE_DIR=${IPX_STATE_DIR:-$REPO_ROOT/.state/$IPX_PROFILE}
export IPX_BASE_PORT=${IPX_BASE_PORT:-5100}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDTERMINALLOGGER=off
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export IPX_REPLICAS=${IPX_REPLICAS:-1}
[[ $IPX_REPLICAS =~ ^[1-9][0-9]?$ ]] || { echo "IPX_REPLICAS must be a number from 1 to 99" >&2; exit 2; }
if [[ ${IPX_QUORUM_QUEUES:-0} == 1 ]]; then export Messaging__QuorumQueues=true; fi
export IPX_DASHBOARD=${IPX_DASHBOARD:-1}
export IPX_DASHBOARD_PORT=${IPX_DASHBOARD_PORT:-18888}
DASHBOARD_OTLP_GRPC=$((IPX_DASHBOARD_PORT + 1))
DASHBOARD_OTLP_HTTP=$((IPX_DASHBOARD_PORT + 2))

PIDS=$IPX_STATE_DIR/pids
LOGS=$IPX_STATE_DIR/logs
BUILD=$IPX_STATE_DIR/build
mkdir -p "$PIDS" "$LOGS"

log() { printf '[run] %s\n' "$*" >&2; }

# name project port-offset, without comments.
services() { grep -vE '^\s*(#|$)' deploy/services.txt || true; }

alive() { [[ -f $PIDS/$1.pid ]] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

# The process names of a service's replicas: the first keeps the service's name (so one replica
# runs exactly as before), the others are name-2, name-3... The gateway runs once.
instances() {
  local name=$1 k
  echo "$name"
  [[ $name == gateway ]] && return 0
  for ((k = 2; k <= IPX_REPLICAS; k++)); do echo "$name-$k"; done
}

# Port of replica k (1-based) of a service at port offset o.
replica_port() { echo $((IPX_BASE_PORT + $2 + 10 * ($1 - 1))); }

# Every instance of a service that has a pid file, whatever IPX_REPLICAS was when it started.
started_instances() {
  local name=$1 f
  [[ -f $PIDS/$name.pid ]] && echo "$name"
  for f in "$PIDS/$name"-*.pid; do
    [[ -f $f && $(basename "$f" .pid) =~ ^$name-[0-9]+$ ]] && basename "$f" .pid
  done
  return 0
}

stop_instance() {
  local inst=$1
  if alive "$inst"; then
    log "stopping $inst"
    kill -TERM "$(cat "$PIDS/$inst.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$inst" || break; sleep 0.2; done
    alive "$inst" && kill -KILL "$(cat "$PIDS/$inst.pid")" 2>/dev/null || true
  fi
  rm -f "$PIDS/$inst.pid"
}

stop_services() {
  local name inst
  # Reverse order: the gateway first, then the services behind it.
  for name in $(services | awk '{print $1}' | tac); do
    for inst in $(started_instances "$name"); do stop_instance "$inst"; done
  done
}

stop_all() {
  stop_services
  # Last: the services' final telemetry flush (at most OTEL_EXPORTER_OTLP_TIMEOUT) has gone out.
  stop_instance dashboard
  bash deploy/infra.sh stop
}

# The Aspire dashboard, standalone, from the NuGet package deploy/dashboard restores; then every
# process started after this exports to it (the OTEL_* settings are inherited).
start_dashboard() {
  [[ $IPX_DASHBOARD == 1 ]] || { log "IPX_DASHBOARD=0: no dashboard, no telemetry"; return 0; }
  export OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$DASHBOARD_OTLP_GRPC"
  export OTEL_EXPORTER_OTLP_PROTOCOL=grpc
  # Without a short timeout a process waits on its last export at shutdown and is killed (DEPENDENCIES.md).
  export OTEL_EXPORTER_OTLP_TIMEOUT=1000
  export OTEL_METRIC_EXPORT_INTERVAL=10000
  if alive dashboard; then log "dashboard already running on port $IPX_DASHBOARD_PORT"; return 0; fi
  local exe
  dotnet restore deploy/dashboard -v quiet -nologo >>"$LOGS/build.log" 2>&1 || { tail -n 20 "$LOGS/build.log" >&2; exit 1; }
  exe=$(dotnet msbuild deploy/dashboard/IpExchange.Dashboard.csproj -nologo -getProperty:AspireDashboardPath)
  [[ -x $exe ]] || { log "the Aspire dashboard was not found at '$exe' (deploy/dashboard)"; exit 1; }
  log "starting the Aspire dashboard on http://127.0.0.1:$IPX_DASHBOARD_PORT"
  # Loopback only, so anonymous access is the developer's own; OTEL_* unset for the dashboard itself.
  env -u OTEL_EXPORTER_OTLP_ENDPOINT ASPNETCORE_URLS="http://127.0.0.1:$IPX_DASHBOARD_PORT" \
    ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$DASHBOARD_OTLP_GRPC" \
    ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$DASHBOARD_OTLP_HTTP" \
    ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
    setsid "$exe" >>"$LOGS/dashboard.log" 2>&1 &
  echo $! >"$PIDS/dashboard.pid"
  wait_ready dashboard "http://127.0.0.1:$IPX_DASHBOARD_PORT/"
}

wait_ready() {
  local name=$1 url=$2
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    alive "$name" || { log "$name exited; see $LOGS/$name.log"; tail -n 30 "$LOGS/$name.log" >&2; return 1; }
    sleep 0.5
  done
  log "$name did not become ready at $url"; return 1
}

# A database written by the hand-made event store of earlier versions keeps its events in
# "<schema>".events, where Marten never looks: say so in one line, with the way out.
refuse_previous_store() {
  local schemas names
  # The services' schemas are named after them (services.txt); the gateway has none.
  names=$(services | awk '$1 != "gateway" {printf "%s'\''%s'\''", (n++ ? "," : ""), $1}')
  schemas=$(bash deploy/infra.sh sql "SELECT string_agg(t.table_schema, ', ') FROM information_schema.tables t
    WHERE t.table_name = 'events' AND t.table_schema IN ($names) AND NOT EXISTS (SELECT 1 FROM information_schema.tables m
      WHERE m.table_schema = t.table_schema AND m.table_name = 'mt_events')")
  if [[ -n $schemas ]]; then
    echo "error: the database under $IPX_STATE_DIR was made by an earlier version of IpExchange (schemas $schemas keep their events outside Marten); reset it, which deletes its data: bash deploy/run.sh reset" >&2
    exit 1
  fi
}

start_all() {
  bash deploy/infra.sh start
  eval "$(bash deploy/infra.sh env)"
  # The Contract service prints signed contracts (PDF) with WenQuanYi Micro Hei: install it when missing.
  if [[ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]]; then
    log "installing fonts-wqy-microhei (the contract PDF's font)"
    local sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-microhei >/dev/null ||
      { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-wqy-microhei >/dev/null; } ||
      log "warning: could not install fonts-wqy-microhei: contract PDFs will fail until it is installed"
  fi
  refuse_previous_store

  log "building"
  dotnet build IpExchange.sln -c Release -v quiet -nologo >"$LOGS/build.log" 2>&1 || { tail -n 40 "$LOGS/build.log" >&2; exit 1; }

  start_dashboard

  local name project offset port dll inst k identity_port
  # Tokens: the Identity service issues them under the gateway's public address (the issuer every
  # process compares), and every process reads its keys from the Identity service's own address.
  identity_port=$(replica_port 1 "$(services | awk '$1 == "identity" {print $3}')")
  export Auth__Authority="http://127.0.0.1:$IPX_BASE_PORT/"
  export Auth__MetadataAddress="http://127.0.0.1:$identity_port/.well-known/openid-configuration"
  export Auth__RequireHttpsMetadata=false
  export Identity__Issuer="http://127.0.0.1:$IPX_BASE_PORT/"
  export Identity__WebRedirectUris__0="http://127.0.0.1:$IPX_BASE_PORT/signin-callback"
  export Identity__WebRedirectUris__1="http://localhost:$IPX_BASE_PORT/signin-callback"
  export Identity__WebPostLogoutRedirectUris__0="http://127.0.0.1:$IPX_BASE_PORT/"
  export Identity__WebPostLogoutRedirectUris__1="http://localhost:$IPX_BASE_PORT/"

  # The gateway finds each service under its name in services.txt, which is its YARP cluster id;
  # one destination per replica (d1, d2, ...).
  while read -r name _ offset; do
    [[ $name == gateway ]] && continue
    for ((k = 1; k <= IPX_REPLICAS; k++)); do
      export "ReverseProxy__Clusters__${name}__Destinations__d${k}__Address=http://127.0.0.1:$(replica_port "$k" "$offset")/"
    done
    if ((IPX_REPLICAS > 1)); then
      # A replica that stops answering leaves the rotation until its readiness probe passes again.
      export "ReverseProxy__Clusters__${name}__HealthCheck__Active__Enabled=true"
      export "ReverseProxy__Clusters__${name}__HealthCheck__Active__Interval=00:00:05"
      export "ReverseProxy__Clusters__${name}__HealthCheck__Active__Timeout=00:00:03"
      export "ReverseProxy__Clusters__${name}__HealthCheck__Active__Path=/health/ready"
      export "ReverseProxy__Clusters__${name}__HealthCheck__Passive__Enabled=true"
    fi
  done < <(services)

  # Replicas left over from an earlier run with more of them would share the queues unseen: stop them.
  while read -r name _ _; do
    for inst in $(started_instances "$name"); do
      instances "$name" | grep -qx "$inst" || stop_instance "$inst"
    done
  done < <(services)

  while read -r name project offset; do
    dll=$(dirname "$project")/bin/Release/net10.0/$(basename "$project" .csproj).dll
    k=0
    for inst in $(instances "$name"); do
      k=$((k + 1))
      port=$(replica_port "$k" "$offset")
      if alive "$inst"; then log "$inst already running on port $port"; continue; fi
      log "starting $inst on http://127.0.0.1:$port"
      # --contentRoot: appsettings*.json sit next to the dll, not in the working directory.
      # Telemetry__Instance: the dashboard tells the replicas apart (listing-1, listing-2).
      Telemetry__Instance=$k ASPNETCORE_URLS="http://127.0.0.1:$port" setsid dotnet "$dll" --contentRoot "$REPO_ROOT/$(dirname "$dll")" >>"$LOGS/$inst.log" 2>&1 &
      echo $! >"$PIDS/$inst.pid"
    done
  done < <(services)

  while read -r name project offset; do
    k=0
    for inst in $(instances "$name"); do
      k=$((k + 1))
      wait_ready "$inst" "http://127.0.0.1:$(replica_port "$k" "$offset")/health/ready"
    done
  done < <(services)

  if [[ -f deploy/seed.sh ]]; then
    log "seeding demo data"
    bash deploy/seed.sh "http://127.0.0.1:$IPX_BASE_PORT"
  fi

  echo
  echo "IpExchange is running."
  while read -r name _ offset; do
    k=0
    for inst in $(instances "$name"); do
      k=$((k + 1))
      printf '  %-18s http://127.0.0.1:%s  (OpenAPI: /openapi/v1.json, health: /health/ready)\n' "$inst:" "$(replica_port "$k" "$offset")"
    done
  done < <(services)
  echo "  Gateway:           http://127.0.0.1:$IPX_BASE_PORT  (the one entrance; /health/system, /openapi/services)"
  echo "  Demo logins, password demo-2026 (gateway/README.md): sign in at the gateway's address in a browser"
  echo "    swrtu, xjhm (universities); xt-rail, xt-semi (enterprises, group 湘通集团); lj-tool (enterprise, 渌江矿冶集团); exchange (staff); cq-bank (bank); cq-guar (guarantee institution)"
  echo "    Development only, a token without a browser:"
  echo "    curl -s -X POST http://127.0.0.1:$IPX_BASE_PORT/auth/token -H 'Content-Type: application/json' -d '{\"username\":\"swrtu\",\"password\":\"demo-2026\"}'"
  echo "  Letters (invitations, password resets): written to $LOGS/identity.log (Development has no mail server)"
  if [[ $IPX_DASHBOARD == 1 ]]; then
    echo "  Aspire dashboard:  http://127.0.0.1:$IPX_DASHBOARD_PORT  (traces, metrics and structured logs of every process; OTLP on $DASHBOARD_OTLP_GRPC)"
  fi
  echo "  RabbitMQ console:  http://127.0.0.1:${IPX_RABBIT_MGMT_PORT} (guest / guest)"
  echo "  PostgreSQL:        $IPX_PG_CONNECTION"
  echo "  Logs:              $LOGS"
  echo "  Stop:              Ctrl-C, or bash deploy/run.sh stop"
}

case ${1:-start} in
  start)
    start_all
    if [[ ${IPX_DETACH:-0} != 1 ]]; then
      trap 'echo; stop_all; exit 0' INT TERM
      # Wait while the services run; if one dies, say so and stop everything.
      while true; do
        if [[ $IPX_DASHBOARD == 1 ]] && ! alive dashboard; then log "the dashboard stopped unexpectedly; see $LOGS/dashboard.log"; stop_all; exit 1; fi
        while read -r name _ _; do
          for inst in $(instances "$name"); do
            alive "$inst" || { log "$inst stopped unexpectedly; see $LOGS/$inst.log"; stop_all; exit 1; }
          done
        done < <(services)
        sleep 2
      done
    fi
    ;;
  stop) stop_all ;;
  reset)
    # Every service stopped, the database emptied; the next start seeds the demo data again.
    stop_services
    bash deploy/infra.sh start
    bash deploy/infra.sh reset-db
    log "the database is empty; start the system again with: bash deploy/run.sh"
    ;;
  status)
    bash deploy/infra.sh status || true
    while read -r name _ offset; do
      found=0
      for inst in $(started_instances "$name"); do
        found=1
        k=1
        [[ $inst =~ -([0-9]+)$ ]] && k=${BASH_REMATCH[1]}
        if alive "$inst"; then echo "$inst: running (port $(replica_port "$k" "$offset"))"; else echo "$inst: stopped"; fi
      done
      ((found)) || echo "$name: stopped"
    done < <(services)
    if alive dashboard; then echo "dashboard: running (http://127.0.0.1:$IPX_DASHBOARD_PORT)"; else echo "dashboard: stopped"; fi
    ;;
  *) echo "usage: deploy/run.sh [start|stop|status|reset]" >&2; exit 2 ;;
esac
