#!/usr/bin/env bash
# The project's test command (README, CI): starts private infrastructure, builds IpExchange.sln
# and runs every test project against real PostgreSQL and RabbitMQ, stops the infrastructure again
# and ends with one line "N passed, N failed, N skipped" (after the names of any failed tests).
#
# Two lanes run side by side, each on infrastructure of its own, because most of a test's time is
# spent waiting (timers, relays, browsers, process starts), not computing:
#   faults  the projects that stop and restart the servers they use (Foundation, System), and
#           Monitoring to even out the lanes' lengths: profile "test-faults", one project at a time;
#   main    every other test project: profile "test", one project at a time.
# A restart in the faults lane never touches a server the main lane is using.
#
# Extra arguments go to every `dotnet test` (e.g. --filter Category=Fast).
# IPX_TEST_LANES=1 runs both lanes' projects one after the other on the "test" profile.
# IPX_KEEP_INFRA=1 leaves PostgreSQL/RabbitMQ running afterwards.
# IPX_TEST_HANG_TIMEOUT (default 20m): a test host stuck that long is killed, so a
# hang fails the run instead of eating the whole CI budget.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"

# Own profiles and ports, so tests never touch (or collide with) the dev instance: the main lane's
# (overridable as before) and the faults lane's.
export IPX_PROFILE=${IPX_PROFILE:-test}
export IPX_PG_PORT=${IPX_PG_PORT:-56432}
export IPX_RABBIT_PORT=${IPX_RABBIT_PORT:-56672}
export IPX_RABBIT_MGMT_PORT=${IPX_RABBIT_MGMT_PORT:-56673}
export IPX_STATE_DIR=${IPX_STATE_DIR:-$REPO_ROOT/.state/$IPX_PROFILE}
FAULTS_ENV=(IPX_PROFILE=test-faults IPX_PG_PORT=56532 IPX_RABBIT_PORT=56772 IPX_RABBIT_MGMT_PORT=56773
  IPX_STATE_DIR="$REPO_ROOT/.state/test-faults")
FAULT_PROJECTS=(IpExchange.Foundation.Tests IpExchange.System.Tests IpExchange.Monitoring.Tests)
LANES=${IPX_TEST_LANES:-2}

# No first-run banners, telemetry or interactive terminal UI (CI has no terminal).
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_GENERATE_ASPNET_CERTIFICATE=false NUGET_XMLDOC_MODE=skip
export MSBUILDTERMINALLOGGER=off
# Do not leave MSBuild worker nodes running after the script ends.
export MSBUILDDISABLENODEREUSE=1

RESULTS_DIR=$IPX_STATE_DIR/test-results
HANG_TIMEOUT=${IPX_TEST_HANG_TIMEOUT:-20m}

# deploy/infra.sh for a lane: "main" with the exported profile, "faults" with its own (and the
# RabbitMQ distribution port derived from its own AMQP port, not the main lane's).
lane_infra() {
  local lane=$1
  shift
  if [[ $lane == faults ]]; then
    env -u IPX_RABBIT_DIST_PORT "${FAULTS_ENV[@]}" bash deploy/infra.sh "$@"
  else
    bash deploy/infra.sh "$@"
  fi
}
lanes_in_use() { if ((LANES > 1)); then echo main faults; else echo main; fi; }

infra_stopped=0
stop_infra() {
  ((infra_stopped)) && return 0
  infra_stopped=1
  if [[ ${IPX_KEEP_INFRA:-0} == 1 ]]; then
    echo "IPX_KEEP_INFRA=1: leaving the test infrastructure running" >&2
    return 0
  fi
  local lane
  for lane in $(lanes_in_use); do
    lane_infra "$lane" stop >&2 || echo "warning: stopping the $lane lane's infrastructure failed" >&2
  done
}
# Safety net for errors and interrupts; the normal path stops it before the summary.
trap stop_infra EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Value of attribute $1 in a <Counters .../> element given as $2.
counter() {
  local v
  v=$(printf '%s\n' "$2" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p")
  echo "${v:-0}"
}

# The browser tests (tests/IpExchange.Web.Tests) drive Debian's Chromium, never a downloaded browser:
# install it when missing (apt-get update only if the plain install fails), plus a CJK font so the
# screenshots kept in $RESULTS_DIR/screenshots show Chinese text. A failure here leaves the browser
# tests to report what is missing.
apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null ||
    { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
}
command -v chromium >/dev/null || apt_install chromium || echo "warning: could not install chromium" >&2
# WenQuanYi Micro Hei is also the font the Contract service prints contract PDFs with (its tests read them back).
[[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || apt_install fonts-wqy-microhei || echo "warning: fonts-wqy-microhei missing: no contract PDFs, no CJK screenshots" >&2

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

# One lane: its infrastructure's environment, then its projects one at a time (-m:1 semantics:
# the projects of a lane share its servers). Each project's results go to <project>.trx.
run_lane() {
  local lane=$1 rc=0 project name
  shift
  eval "$(lane_infra "$lane" env)"
  for project in "$@"; do
    name=$(basename "$project" .csproj)
    echo "[$lane lane] $name"
    dotnet test "$project" -c Release --no-build \
      --logger "console;verbosity=normal" \
      --logger "trx;LogFileName=$name.trx" \
      --results-directory "$RESULTS_DIR" \
      --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
      "${TEST_ARGS[@]}" || rc=1
  done
  return "$rc"
}

TEST_ARGS=("$@")
test_rc=0
infra_rc=0
for lane in $(lanes_in_use); do
  lane_infra "$lane" start &
done
for job in $(jobs -p); do wait "$job" || infra_rc=1; done
if ((infra_rc != 0)); then
  echo "error: could not start the test infrastructure (logs in .state/test*/logs)" >&2
  test_rc=1
elif ! dotnet restore IpExchange.sln; then
  test_rc=1
elif ! dotnet build IpExchange.sln -c Release --no-restore; then
  test_rc=1
else
  main_projects=() fault_projects=()
  while IFS= read -r project; do
    name=$(basename "$project" .csproj)
    if ((LANES > 1)) && [[ " ${FAULT_PROJECTS[*]} " == *" $name "* ]]; then
      fault_projects+=("$project")
    else
      main_projects+=("$project")
    fi
  done < <(dotnet sln IpExchange.sln list | tr '\\' / | grep -E '(^|/)IpExchange\.[A-Za-z.]+\.Tests\.csproj$' | sort)
  if ((${#fault_projects[@]} > 0)); then
    # The faults lane writes to a log of its own, shown whole after the main lane's output.
    (run_lane faults "${fault_projects[@]}") >"$RESULTS_DIR/faults-lane.log" 2>&1 &
    faults_pid=$!
  fi
  (run_lane main "${main_projects[@]}") || test_rc=1
  if [[ -n ${faults_pid:-} ]]; then
    wait "$faults_pid" || test_rc=1
    echo
    echo "----- the faults lane (${fault_projects[*]##*/})"
    cat "$RESULTS_DIR/faults-lane.log"
  fi
fi

stop_infra

passed=0 failed=0 skipped=0
shopt -s nullglob globstar
for trx in "$RESULTS_DIR"/**/*.trx; do
  while IFS= read -r c; do
    passed=$((passed + $(counter passed "$c")))
    failed=$((failed + $(counter failed "$c") + $(counter error "$c") + $(counter timeout "$c") + $(counter aborted "$c")))
    # VSTest leaves notExecuted at 0 for skipped xunit tests; total-executed has them.
    not_run=$(counter notExecuted "$c")
    gap=$(($(counter total "$c") - $(counter executed "$c")))
    skipped=$((skipped + (gap > not_run ? gap : not_run)))
  done < <(grep -o '<Counters [^>]*>' "$trx" || true)
done

# The failed tests again, by name with the first lines of their message, next to the summary: CI
# keeps only the end of a long output, and a failure scrolled far up would otherwise go unseen.
if ((failed > 0)); then
  echo
  echo "failed tests:"
  python3 - "$RESULTS_DIR" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)):
    for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") in ("Passed", "NotExecuted"):
            continue
        message = r.findtext(".//t:Message", default="", namespaces=ns).strip().splitlines()
        print(f"  {r.get('testName')} ({r.get('outcome')}, {r.get('duration')})")
        for line in message[:6]:
            print(f"      {line[:300]}")
PY
fi

total=$((passed + failed + skipped))
if ((total == 0)); then
  echo "error: no tests ran" >&2
  ((test_rc != 0)) || test_rc=1
fi
if ((failed > 0 && test_rc == 0)); then test_rc=1; fi

# The closing summary stays the last line of the output.
echo
echo "took $((SECONDS / 60)) min $((SECONDS % 60)) s" >&2
echo "$passed passed, $failed failed, $skipped skipped"
exit "$test_rc"
