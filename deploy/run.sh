#!/usr/bin/env bash
# The project's run command (README): private PostgreSQL and RabbitMQ, every service and the
# gateway, demo data, then the gateway's address. Ctrl-C (or `deploy/run.sh stop`) ends every
# process it started. Running it again while it runs is harmless: running services are kept.
#
# Settings: IPX_BASE_PORT (default 5100: gateway 5100, services 5101...), the infra ports of
# deploy/infra.sh (IPX_PG_PORT, IPX_RABBIT_PORT, IPX_RABBIT_MGMT_PORT), IPX_PROFILE (dev).
# IPX_DETACH=1 returns once everything is up instead of waiting for Ctrl-C.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"

export IPX_PROFILE=${IPX_PROFILE:-dev}
export IPX_STATE_DIR=${IPX_STATE_DIR:-$REPO_ROOT/.state/$IPX_PROFILE}
export IPX_BASE_PORT=${IPX_BASE_PORT:-5100}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDTERMINALLOGGER=off
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}

PIDS=$IPX_STATE_DIR/pids
LOGS=$IPX_STATE_DIR/logs
BUILD=$IPX_STATE_DIR/build
mkdir -p "$PIDS" "$LOGS"

log() { printf '[run] %s\n' "$*" >&2; }

# name project port-offset, without comments.
services() { grep -vE '^\s*(#|$)' deploy/services.txt || true; }

alive() { [[ -f $PIDS/$1.pid ]] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

stop_services() {
  local name
  # Reverse order: the gateway first, then the services behind it.
  for name in $(services | awk '{print $1}' | tac); do
    if alive "$name"; then
      log "stopping $name"
      kill -TERM "$(cat "$PIDS/$name.pid")" 2>/dev/null || true
      for _ in $(seq 1 50); do alive "$name" || break; sleep 0.2; done
      alive "$name" && kill -KILL "$(cat "$PIDS/$name.pid")" 2>/dev/null || true
    fi
    rm -f "$PIDS/$name.pid"
  done
}

stop_all() {
  stop_services
  bash deploy/infra.sh stop
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

start_all() {
  bash deploy/infra.sh start
  eval "$(bash deploy/infra.sh env)"

  log "building"
  dotnet build IpExchange.sln -c Release -v quiet -nologo >"$LOGS/build.log" 2>&1 || { tail -n 40 "$LOGS/build.log" >&2; exit 1; }

  local name project offset port dll
  # The gateway finds each service under its name in services.txt, which is its YARP cluster id.
  while read -r name _ offset; do
    [[ $name == gateway ]] || export "ReverseProxy__Clusters__${name}__Destinations__d1__Address=http://127.0.0.1:$((IPX_BASE_PORT + offset))/"
  done < <(services)

  while read -r name project offset; do
    port=$((IPX_BASE_PORT + offset))
    if alive "$name"; then log "$name already running on port $port"; continue; fi
    dll=$(dirname "$project")/bin/Release/net10.0/$(basename "$project" .csproj).dll
    log "starting $name on http://127.0.0.1:$port"
    # --contentRoot: appsettings*.json sit next to the dll, not in the working directory.
    ASPNETCORE_URLS="http://127.0.0.1:$port" setsid dotnet "$dll" --contentRoot "$REPO_ROOT/$(dirname "$dll")" >>"$LOGS/$name.log" 2>&1 &
    echo $! >"$PIDS/$name.pid"
  done < <(services)

  while read -r name project offset; do
    wait_ready "$name" "http://127.0.0.1:$((IPX_BASE_PORT + offset))/health/ready"
  done < <(services)

  if [[ -f deploy/seed.sh ]]; then
    log "seeding demo data"
    bash deploy/seed.sh "http://127.0.0.1:$IPX_BASE_PORT"
  fi

  echo
  echo "IpExchange is running."
  while read -r name _ offset; do
    printf '  %-18s http://127.0.0.1:%s  (OpenAPI: /openapi/v1.json, health: /health/ready)\n' "$name:" "$((IPX_BASE_PORT + offset))"
  done < <(services)
  echo "  Gateway:           http://127.0.0.1:$IPX_BASE_PORT  (the one entrance; /health/system, /openapi/services)"
  echo "  Demo logins, password demo-2026 (gateway/README.md):"
  echo "    swrtu, xjhm (universities); xt-rail, xt-semi (enterprises, group 湘通集团); lj-tool (enterprise, 渌江矿冶集团); exchange (staff)"
  echo "    curl -s -X POST http://127.0.0.1:$IPX_BASE_PORT/auth/token -H 'Content-Type: application/json' -d '{\"username\":\"swrtu\",\"password\":\"demo-2026\"}'"
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
        while read -r name _ _; do
          alive "$name" || { log "$name stopped unexpectedly; see $LOGS/$name.log"; stop_all; exit 1; }
        done < <(services)
        sleep 2
      done
    fi
    ;;
  stop) stop_all ;;
  status)
    bash deploy/infra.sh status || true
    while read -r name _ offset; do
      if alive "$name"; then echo "$name: running (port $((IPX_BASE_PORT + offset)))"; else echo "$name: stopped"; fi
    done < <(services)
    ;;
  *) echo "usage: deploy/run.sh [start|stop|status]" >&2; exit 2 ;;
esac
