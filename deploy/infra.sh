#!/usr/bin/env bash
# Private, per-profile infrastructure for IpExchange: one PostgreSQL cluster and one
# RabbitMQ node, both bound to 127.0.0.1 on their own ports, with all state under
# $IPX_STATE_DIR. Several profiles (e.g. dev and test) can run side by side, and
# none of it touches the system-wide postgresql/rabbitmq services.
#
# Usage: deploy/infra.sh start|stop|status|env|pg-start|pg-stop|rabbit-start|rabbit-stop|sql SQL|reset-db
#
# Configuration (environment, with defaults):
#   IPX_PROFILE            dev
#   IPX_STATE_DIR          <repo>/.state/$IPX_PROFILE
#   IPX_PG_PORT            55432 (test profile: 56432)
#   IPX_RABBIT_PORT        55672 (test profile: 56672)
#   IPX_RABBIT_MGMT_PORT   55673 (test profile: 56673)
#   IPX_RABBIT_DIST_PORT   IPX_RABBIT_PORT+20000, or IPX_RABBIT_PORT-10000 when that
#                          would exceed 65535 (it does for the default ports)
#   IPX_PG_START_TIMEOUT / IPX_RABBIT_START_TIMEOUT   seconds to wait (60 / 90)
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

IPX_PROFILE=${IPX_PROFILE:-dev}
# The test profile gets its own default ports so it can run next to dev.
if [[ $IPX_PROFILE == test ]]; then
  port_base=56000
else
  port_base=55000
fi
IPX_PG_PORT=${IPX_PG_PORT:-$((port_base + 432))}
IPX_RABBIT_PORT=${IPX_RABBIT_PORT:-$((port_base + 672))}
IPX_RABBIT_MGMT_PORT=${IPX_RABBIT_MGMT_PORT:-$((port_base + 673))}
# RabbitMQ's own convention is AMQP+20000, which is not a valid port for 55672/56672.
if [[ -z ${IPX_RABBIT_DIST_PORT:-} ]]; then
  if ((IPX_RABBIT_PORT + 20000 <= 65535)); then
    IPX_RABBIT_DIST_PORT=$((IPX_RABBIT_PORT + 20000))
  else
    IPX_RABBIT_DIST_PORT=$((IPX_RABBIT_PORT - 10000))
  fi
fi
IPX_PG_START_TIMEOUT=${IPX_PG_START_TIMEOUT:-60}
IPX_RABBIT_START_TIMEOUT=${IPX_RABBIT_START_TIMEOUT:-90}

IPX_STATE_DIR=${IPX_STATE_DIR:-$REPO_ROOT/.state/$IPX_PROFILE}
mkdir -p "$IPX_STATE_DIR"
# Absolute path: postgres and the Erlang VM run with other working directories.
IPX_STATE_DIR=$(cd "$IPX_STATE_DIR" && pwd)
LOG_DIR=$IPX_STATE_DIR/logs
mkdir -p "$LOG_DIR"

RABBIT_NODE=ipx-$IPX_PROFILE@localhost
RABBIT_DIR=$IPX_STATE_DIR/rabbit

log() { printf '[infra:%s] %s\n' "$IPX_PROFILE" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Installs Debian packages non-interactively (a fresh CI machine may lack them). One install at a
# time on the machine: the test command starts two lanes' infrastructure at once, and a second
# apt-get beside the first fails on apt's lock; the second waits here instead, then finds the
# packages installed and installs nothing. The package tools run without the lock's descriptor, so
# a service a package starts cannot keep holding it.
apt_install() {
  local sudo=()
  if ! is_root; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: $*"
    sudo=(sudo -n)
  fi
  (
    flock -w 1200 8 || die "another install did not finish within 20 minutes ($APT_LOCK)"
    local missing=() p
    for p in "$@"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    ((${#missing[@]} > 0)) || exit 0
    log "installing ${missing[*]} with apt-get"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq 8>&-
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >&2 8>&-
  ) 8>"$APT_LOCK"
}
APT_LOCK=${TMPDIR:-/tmp}/ipexchange-apt-install.lock

# Serialises start/stop of one profile (parallel test processes may call us).
take_lock() {
  # (Servers started under the lock get fd 9 closed so they do not keep holding it.)
  exec 9>"$IPX_STATE_DIR/.infra.lock"
  flock -w 300 9 || die "could not lock $IPX_STATE_DIR/.infra.lock"
}

# ---------------------------------------------------------------- PostgreSQL

PG_BIN=
find_pg_bin() {
  local ctl d
  if ctl=$(command -v pg_ctl 2>/dev/null); then
    d=$(dirname "$(readlink -f "$ctl")")
    if [[ -x $d/initdb && -x $d/postgres ]]; then
      PG_BIN=$d
      return 0
    fi
  fi
  # Debian keeps the server binaries off PATH; take the newest major version.
  d=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  if [[ -n $d && -x $d/pg_ctl && -x $d/initdb ]]; then
    PG_BIN=$d
    return 0
  fi
  return 1
}

ensure_pg_installed() {
  [[ -n $PG_BIN ]] && return 0
  find_pg_bin && return 0
  apt_install postgresql
  find_pg_bin || die "PostgreSQL binaries not found after installing postgresql"
}

# pg_ctl and initdb refuse to run as root: use the postgres OS user then.
pg_as() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

ensure_postgres_user() {
  is_root || return 0
  id -u postgres >/dev/null 2>&1 && return 0
  log "creating OS user postgres"
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

# Where the cluster lives. Normally $IPX_STATE_DIR/pg, but when run as root from a
# directory the postgres user cannot reach (e.g. under /root), fall back to a
# per-state-dir directory under /var/tmp. The choice is remembered.
PG_DIR=
resolve_pg_dir() {
  local record=$IPX_STATE_DIR/pg.location
  if [[ -s $record ]]; then
    PG_DIR=$(<"$record")
    return 0
  fi
  PG_DIR=$IPX_STATE_DIR/pg
  if is_root; then
    mkdir -p "$PG_DIR"
    # Let postgres traverse our own directories (repo and state dir) on the way down.
    local p=$PG_DIR
    while [[ $p != / ]]; do
      if [[ $p == "$REPO_ROOT" || $p == "$REPO_ROOT"/* || $p == "$IPX_STATE_DIR" || $p == "$IPX_STATE_DIR"/* ]]; then
        runuser -u postgres -- test -x "$p" 2>/dev/null || chmod o+x "$p"
      fi
      p=$(dirname "$p")
    done
    if ! runuser -u postgres -- test -x "$PG_DIR" 2>/dev/null; then
      PG_DIR=/var/tmp/ipexchange-pg/$IPX_PROFILE-$(printf '%s' "$IPX_STATE_DIR" | cksum | cut -d' ' -f1)
      log "postgres cannot reach $IPX_STATE_DIR; keeping the cluster in $PG_DIR"
      mkdir -p "$PG_DIR"
      chmod 755 /var/tmp/ipexchange-pg
    fi
  fi
  printf '%s\n' "$PG_DIR" >"$record"
}

PGDATA_DIR='' PG_SOCK_DIR='' PG_LOG=''
pg_paths() {
  resolve_pg_dir
  PGDATA_DIR=$PG_DIR/data
  PG_SOCK_DIR=$PG_DIR/run
  # Unix socket paths are limited to 107 bytes.
  if ((${#PG_SOCK_DIR} > 90)); then
    PG_SOCK_DIR=/tmp/ipx-pg-$IPX_PROFILE-$(printf '%s' "$PG_DIR" | cksum | cut -d' ' -f1)
  fi
  PG_LOG=$LOG_DIR/postgres.log
  if [[ $PG_DIR != "$IPX_STATE_DIR"/* ]]; then
    # postgres cannot write into our logs dir in that case: log next to the data.
    PG_LOG=$PG_DIR/postgres.log
    ln -sfn "$PG_LOG" "$LOG_DIR/postgres.log"
  fi
}

pg_running() {
  [[ -s $PGDATA_DIR/PG_VERSION ]] || return 1
  pg_as "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

pg_init() {
  [[ -s $PGDATA_DIR/PG_VERSION ]] && return 0
  # A half-made data directory (interrupted initdb) holds nothing worth keeping.
  rm -rf "$PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  if is_root; then chown -R postgres:postgres "$PG_DIR"; fi
  chmod 700 "$PGDATA_DIR"
  local locale=C
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
  log "initdb in $PGDATA_DIR (locale $locale)"
  # Trust is enough: a private cluster that listens on loopback only.
  pg_as "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres -E UTF8 --locale="$locale" \
    --auth-local=trust --auth-host=trust >"$LOG_DIR/initdb.log" 2>&1 ||
    die "initdb failed, see $LOG_DIR/initdb.log"
  echo "include_if_exists = 'ipexchange.conf'" >>"$PGDATA_DIR/postgresql.conf"
}

pg_write_conf() {
  # Rewritten on every start so port changes take effect; included last, so it wins.
  cat >"$PGDATA_DIR/ipexchange.conf" <<EOF
# Generated by deploy/infra.sh -- edits are overwritten on start.
listen_addresses = '127.0.0.1'
port = $IPX_PG_PORT
unix_socket_directories = '$PG_SOCK_DIR'
max_connections = 300
shared_buffers = 256MB
huge_pages = off
# Durability matters for the event store: keep the safe defaults explicit.
fsync = on
synchronous_commit = on
full_page_writes = on
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  mkdir -p "$PG_SOCK_DIR"
  touch "$PG_LOG"
  if is_root; then
    chown postgres:postgres "$PGDATA_DIR/ipexchange.conf" "$PG_SOCK_DIR" "$PG_LOG"
  fi
}

pg_bootstrap() {
  # Idempotent: role and database are created only when missing.
  pg_as "$PG_BIN/psql" -h "$PG_SOCK_DIR" -p "$IPX_PG_PORT" -U postgres -d postgres \
    -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ipx') THEN
    CREATE ROLE ipx LOGIN SUPERUSER PASSWORD 'ipx';
  END IF;
END
$$;
SELECT 'CREATE DATABASE ipexchange OWNER ipx'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'ipexchange')\gexec
SQL
}

pg_start() {
  ensure_pg_installed
  ensure_postgres_user
  pg_paths
  if pg_running; then
    log "postgres already running on 127.0.0.1:$IPX_PG_PORT"
  else
    if port_open "$IPX_PG_PORT"; then
      die "port $IPX_PG_PORT is taken by another process; set IPX_PG_PORT"
    fi
    pg_init
    pg_write_conf
    log "starting postgres on 127.0.0.1:$IPX_PG_PORT"
    pg_as "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t "$IPX_PG_START_TIMEOUT" start >/dev/null 9>&- ||
      die "postgres did not start, see $PG_LOG"
  fi
  local deadline=$((SECONDS + IPX_PG_START_TIMEOUT))
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$IPX_PG_PORT" -t 2; do
    ((SECONDS < deadline)) || die "postgres not accepting connections on $IPX_PG_PORT, see $PG_LOG"
    sleep 1
  done
  pg_bootstrap
  log "postgres ready (database ipexchange, user ipx)"
}

pg_stop() {
  find_pg_bin || {
    log "postgres not installed, nothing to stop"
    return 0
  }
  pg_paths
  if pg_running; then
    log "stopping postgres"
    pg_as "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null
  else
    log "postgres not running"
  fi
}

pg_status() {
  if find_pg_bin && pg_paths && pg_running && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$IPX_PG_PORT" -t 2; then
    echo "postgres: running (127.0.0.1:$IPX_PG_PORT, data $PGDATA_DIR)"
  else
    echo "postgres: not running"
    return 1
  fi
}

# ------------------------------------------------------------------ RabbitMQ

RABBIT_BIN=
find_rabbit_bin() {
  # Debian's /usr/sbin wrappers switch to the rabbitmq user and the system node's
  # directories; the real scripts honour our environment.
  if [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]]; then
    RABBIT_BIN=/usr/lib/rabbitmq/bin
    return 0
  fi
  local s
  if s=$(command -v rabbitmq-server 2>/dev/null) && ! grep -q 'su rabbitmq' "$s"; then
    RABBIT_BIN=$(dirname "$(readlink -f "$s")")
    return 0
  fi
  return 1
}

ensure_rabbit_installed() {
  [[ -n $RABBIT_BIN ]] && return 0
  find_rabbit_bin && return 0
  apt_install rabbitmq-server
  find_rabbit_bin || die "rabbitmq-server not found after installing it"
}

# Environment shared by the server and the CLI tools. HOME points at a private
# directory so the Erlang cookie is ours (and readable when running as root).
RABBIT_ENV=()
rabbit_env() {
  RABBIT_ENV=(
    "HOME=$RABBIT_DIR/home"
    "RABBITMQ_NODENAME=$RABBIT_NODE"
    "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1"
    "RABBITMQ_NODE_PORT=$IPX_RABBIT_PORT"
    "RABBITMQ_DIST_PORT=$IPX_RABBIT_DIST_PORT"
    # Inter-node (distribution) traffic on loopback only, like everything else.
    "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
    "ERL_EPMD_ADDRESS=127.0.0.1"
    "RABBITMQ_MNESIA_BASE=$RABBIT_DIR/mnesia"
    "RABBITMQ_LOG_BASE=$LOG_DIR"
    "RABBITMQ_PID_FILE=$RABBIT_DIR/rabbit.pid"
    "RABBITMQ_ENABLED_PLUGINS_FILE=$RABBIT_DIR/enabled_plugins"
    "RABBITMQ_CONFIG_FILE=$RABBIT_DIR/rabbitmq.conf"
    "RABBITMQ_ADVANCED_CONFIG_FILE=$RABBIT_DIR/advanced.config"
    # Keep /etc/rabbitmq/rabbitmq-env.conf (system node settings) out of it.
    "RABBITMQ_CONF_ENV_FILE=$RABBIT_DIR/rabbitmq-env.conf"
  )
}

rmq() {
  local tool=$1
  shift
  env "${RABBIT_ENV[@]}" "$RABBIT_BIN/$tool" "$@"
}

rabbit_prepare() {
  mkdir -p "$RABBIT_DIR/home" "$RABBIT_DIR/mnesia"
  chmod 700 "$RABBIT_DIR"
  local cookie=$RABBIT_DIR/home/.erlang.cookie
  if [[ ! -s $cookie ]]; then
    # Erlang insists the cookie is private (mode 400/600).
    (
      umask 077
      head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr 'a-f' 'A-F' >"$cookie"
    )
    chmod 400 "$cookie"
  fi
  cat >"$RABBIT_DIR/rabbitmq.conf" <<EOF
# Generated by deploy/infra.sh -- edits are overwritten on start.
loopback_users.guest = true
management.tcp.ip = 127.0.0.1
management.tcp.port = $IPX_RABBIT_MGMT_PORT
log.console = false
log.file.level = info
EOF
  echo '[rabbitmq_management].' >"$RABBIT_DIR/enabled_plugins"
  : >"$RABBIT_DIR/rabbitmq-env.conf"
}

# The node's OS pid when its pid file names a live Erlang VM.
rabbit_pid() {
  local pid
  [[ -s $RABBIT_DIR/rabbit.pid ]] || return 1
  pid=$(<"$RABBIT_DIR/rabbit.pid")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -qa beam "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

rabbit_app_running() {
  rmq rabbitmqctl -n "$RABBIT_NODE" -q await_startup --timeout "${1:-5}" >/dev/null 2>&1
}

rabbit_wait_ready() {
  local launcher=${1:-} deadline=$((SECONDS + IPX_RABBIT_START_TIMEOUT))
  until rabbit_app_running 5; do
    if [[ -n $launcher ]] && ! kill -0 "$launcher" 2>/dev/null && ! rabbit_pid >/dev/null; then
      tail -n 30 "$LOG_DIR/rabbitmq-server.out" >&2 || true
      die "rabbitmq exited during startup, see $LOG_DIR"
    fi
    ((SECONDS < deadline)) || die "rabbitmq not up after ${IPX_RABBIT_START_TIMEOUT}s, see $LOG_DIR"
    sleep 1
  done
  until port_open "$IPX_RABBIT_PORT"; do
    ((SECONDS < deadline)) || die "rabbitmq AMQP port $IPX_RABBIT_PORT not listening"
    sleep 1
  done
}

rabbit_start() {
  ensure_rabbit_installed
  rabbit_env
  rabbit_prepare
  if rabbit_pid >/dev/null; then
    log "rabbitmq node $RABBIT_NODE already running"
    rabbit_wait_ready
  else
    local p
    for p in "$IPX_RABBIT_PORT" "$IPX_RABBIT_MGMT_PORT" "$IPX_RABBIT_DIST_PORT"; do
      if port_open "$p"; then die "port $p is taken by another process; see IPX_RABBIT_*_PORT"; fi
    done
    log "starting rabbitmq node $RABBIT_NODE on 127.0.0.1:$IPX_RABBIT_PORT (management $IPX_RABBIT_MGMT_PORT)"
    # Foreground mode in its own session (-detached would skip the pid file).
    setsid nohup env "${RABBIT_ENV[@]}" "$RABBIT_BIN/rabbitmq-server" \
      >>"$LOG_DIR/rabbitmq-server.out" 2>&1 </dev/null 9>&- &
    rabbit_wait_ready $!
  fi
  log "rabbitmq ready"
}

rabbit_stop() {
  find_rabbit_bin || {
    log "rabbitmq not installed, nothing to stop"
    return 0
  }
  rabbit_env
  local pid
  if ! pid=$(rabbit_pid); then
    log "rabbitmq not running"
    rm -f "$RABBIT_DIR/rabbit.pid"
    return 0
  fi
  log "stopping rabbitmq node $RABBIT_NODE"
  # The pid file argument makes rabbitmqctl wait until the VM has exited.
  if ! rmq rabbitmqctl -n "$RABBIT_NODE" -q stop "$RABBIT_DIR/rabbit.pid" >/dev/null 2>&1; then
    log "rabbitmqctl stop failed; sending SIGTERM to $pid"
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 30; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RABBIT_DIR/rabbit.pid"
}

rabbit_status() {
  if find_rabbit_bin && rabbit_env && rabbit_pid >/dev/null && rabbit_app_running 5 && port_open "$IPX_RABBIT_PORT"; then
    echo "rabbitmq: running (node $RABBIT_NODE, 127.0.0.1:$IPX_RABBIT_PORT, management $IPX_RABBIT_MGMT_PORT)"
  else
    echo "rabbitmq: not running"
    return 1
  fi
}

# ---------------------------------------------------------------------- main

print_env() {
  local pg="Host=127.0.0.1;Port=$IPX_PG_PORT;Username=ipx;Password=ipx;Database=ipexchange"
  cat <<EOF
export IPX_PROFILE="$IPX_PROFILE"
export IPX_STATE_DIR="$IPX_STATE_DIR"
export IPX_PG_PORT="$IPX_PG_PORT"
export IPX_PG_CONNECTION="$pg"
export IPX_RABBIT_HOST="127.0.0.1"
export IPX_RABBIT_PORT="$IPX_RABBIT_PORT"
export IPX_RABBIT_MGMT_PORT="$IPX_RABBIT_MGMT_PORT"
export IPX_RABBIT_DIST_PORT="$IPX_RABBIT_DIST_PORT"
export ConnectionStrings__EventStore="$pg"
export Messaging__Host="127.0.0.1"
export Messaging__Port="$IPX_RABBIT_PORT"
export Messaging__Username="guest"
export Messaging__Password="guest"
export Messaging__ManagementPort="$IPX_RABBIT_MGMT_PORT"
EOF
}

usage() {
  echo "usage: $0 start|stop|status|env|pg-start|pg-stop|rabbit-start|rabbit-stop|rabbit-ctl ARGS..." >&2
  exit 2
}

cmd=${1:-}
case $cmd in
  start)
    take_lock
    pg_start
    rabbit_start
    ;;
  stop)
    take_lock
    # Stop both even if one of them fails.
    rc=0
    rabbit_stop || rc=$?
    pg_stop || rc=$?
    exit "$rc"
    ;;
  status)
    # Exit status 0 only when both are running (3 otherwise, like LSB status).
    rc=0
    pg_status || rc=3
    rabbit_status || rc=3
    exit "$rc"
    ;;
  env) print_env ;;
  pg-start)
    take_lock
    pg_start
    ;;
  pg-stop)
    take_lock
    pg_stop
    ;;
  rabbit-start)
    take_lock
    rabbit_start
    ;;
  rabbit-stop)
    take_lock
    rabbit_stop
    ;;
  sql)
    # One SQL statement in the ipexchange database, rows printed unaligned: deploy/infra.sh sql "SELECT 1"
    shift
    ensure_pg_installed
    pg_paths
    pg_as "$PG_BIN/psql" -h "$PG_SOCK_DIR" -p "$IPX_PG_PORT" -U postgres -d ipexchange -X -q -tA -v ON_ERROR_STOP=1 -c "$1"
    ;;
  reset-db)
    # Drops the ipexchange database with everything in it and creates it empty again.
    take_lock
    ensure_pg_installed
    pg_paths
    pg_as "$PG_BIN/psql" -h "$PG_SOCK_DIR" -p "$IPX_PG_PORT" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 \
      -c "DROP DATABASE IF EXISTS ipexchange WITH (FORCE)" >/dev/null
    pg_bootstrap
    log "database ipexchange is empty again"
    ;;
  rabbit-ctl)
    # rabbitmqctl against this profile's node, e.g. the fault tests' memory alarm:
    # deploy/infra.sh rabbit-ctl set_vm_memory_high_watermark 0.0001
    shift
    find_rabbit_bin || { log "rabbitmq is not installed"; exit 1; }
    rabbit_env
    rmq rabbitmqctl -n "$RABBIT_NODE" "$@"
    ;;
  *) usage ;;
esac
