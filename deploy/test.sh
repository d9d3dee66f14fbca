#!/usr/bin/env bash
# The project's test command (README, CI): starts private infrastructure under the
# "test" profile, builds and tests IpExchange.sln against it, stops the
# infrastructure again and ends with one line "N passed, N failed, N skipped".
#
# Extra arguments go to `dotnet test` (e.g. --filter Category=Fast).
# IPX_KEEP_INFRA=1 leaves PostgreSQL/RabbitMQ running afterwards.
# IPX_TEST_HANG_TIMEOUT (default 20m): a test host stuck that long is killed, so a
# hang fails the run instead of eating the whole CI budget.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT"

# Own profile and ports, so tests never touch (or collide with) the dev instance.
export IPX_PROFILE=${IPX_PROFILE:-test}
export IPX_PG_PORT=${IPX_PG_PORT:-56432}
export IPX_RABBIT_PORT=${IPX_RABBIT_PORT:-56672}
export IPX_RABBIT_MGMT_PORT=${IPX_RABBIT_MGMT_PORT:-56673}
export IPX_STATE_DIR=${IPX_STATE_DIR:-$REPO_ROOT/.state/$IPX_PROFILE}

# No first-run banners, telemetry or interactive terminal UI (CI has no terminal).
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_GENERATE_ASPNET_CERTIFICATE=false NUGET_XMLDOC_MODE=skip
export MSBUILDTERMINALLOGGER=off
# Do not leave MSBuild worker nodes running after the script ends.
export MSBUILDDISABLENODEREUSE=1

RESULTS_DIR=$IPX_STATE_DIR/test-results
HANG_TIMEOUT=${IPX_TEST_HANG_TIMEOUT:-20m}

infra_stopped=0
stop_infra() {
  ((infra_stopped)) && return 0
  infra_stopped=1
  if [[ ${IPX_KEEP_INFRA:-0} == 1 ]]; then
    echo "IPX_KEEP_INFRA=1: leaving the $IPX_PROFILE infrastructure running" >&2
    return 0
  fi
  bash deploy/infra.sh stop >&2 || echo "warning: stopping the infrastructure failed" >&2
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

test_rc=0
if ! bash deploy/infra.sh start; then
  echo "error: could not start the test infrastructure (logs in $IPX_STATE_DIR/logs)" >&2
  test_rc=1
else
  eval "$(bash deploy/infra.sh env)"
  if ! dotnet restore IpExchange.sln; then
    test_rc=1
  elif ! dotnet build IpExchange.sln -c Release --no-restore; then
    test_rc=1
  else
    # -m:1: one test project at a time, since some tests stop and restart the shared RabbitMQ.
    dotnet test IpExchange.sln -c Release --no-build -m:1 \
      --logger "console;verbosity=normal" \
      --logger "trx;LogFilePrefix=ipx" \
      --results-directory "$RESULTS_DIR" \
      --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
      "$@" || test_rc=$?
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
