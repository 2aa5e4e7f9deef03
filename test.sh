#!/usr/bin/env bash
# The one test command: installs what the suites need (as root; otherwise it says what to
# install and stops), builds once, runs the browser client's Node tests and every .NET test
# project, checks that no process the run started is still running, and ends with one line
# "tests: N passed, N failed, N skipped" taken from the runners' own summaries.
#
#   ./test.sh                      everything
#   ./test.sh --project tests/X    one .NET test project (and no Node tests)
#   BSTCHAT_POSTGRES=...           use that PostgreSQL server instead of private ones
#
# Every server a test needs (PostgreSQL, Redis, the sample, the MongoDB emulator) is started by
# the tests themselves on free loopback ports and ended with them.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Nothing of the build may outlive the run: no MSBuild nodes, no compiler server, no build server.
export MSBUILDDISABLENODEREUSE=1 UseSharedCompilation=false DOTNET_CLI_USE_MSBUILD_SERVER=0
# Every process this run starts inherits this mark; the check at the end looks for it.
BSTCHAT_TEST_RUN="$(cat /proc/sys/kernel/random/uuid)"
export BSTCHAT_TEST_RUN

project=""
if [ "${1:-}" = "--project" ]; then
  project="${2:?--project needs a path}"
fi

log() { printf '\n== %s\n' "$*"; }

# --- What must be installed -----------------------------------------------------------------
# Debian package per missing piece; python3 here is Debian's (/usr/bin/python3), whose modules
# the MongoDB emulator (mongomock, pymongo) and the SMTP test server (aiosmtpd) use.
missing_packages() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || echo postgresql
  command -v redis-server >/dev/null || echo redis-server
  [ -x /usr/bin/chromium ] || echo chromium
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  [ "$node_major" -ge 20 ] || echo nodejs
  command -v npm >/dev/null || echo npm
  [ -x /usr/bin/python3 ] || echo python3
  /usr/bin/python3 -c 'import mongomock' 2>/dev/null || echo python3-mongomock
  /usr/bin/python3 -c 'import pymongo' 2>/dev/null || echo python3-pymongo
  /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || echo python3-aiosmtpd
}

install_missing() {
  local packages
  packages="$(missing_packages | sort -u | tr '\n' ' ')"
  [ -n "${packages// /}" ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need these Debian packages: ${packages}" >&2
    echo "Install them (sudo apt-get install -y ${packages}) and run ./test.sh again." >&2
    exit 2
  fi
  log "installing ${packages}"
  # Debian's postgresql and redis-server would start system services; the tests run private
  # servers instead, so no service starts during this install (policy-rc.d, as in containers).
  local policy=/usr/sbin/policy-rc.d own_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=1
  fi
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages} >/dev/null || true
  [ -z "$own_policy" ] || rm -f "$policy"
  local still
  still="$(missing_packages | tr '\n' ' ')"
  if [ -n "${still// /}" ]; then
    echo "Still missing after apt-get install: ${still}" >&2
    exit 2
  fi
}

# --- Processes this run left behind -----------------------------------------------------------
# Lists (pid and command line) every process carrying this run's mark, waiting a little first
# for processes that are on their way out (a guard's TERM-then-KILL takes up to 3 s).
leftovers() {
  local deadline=$((SECONDS + 10)) found
  while :; do
    found="$(env -u BSTCHAT_TEST_RUN /usr/bin/env python3 - "$BSTCHAT_TEST_RUN" "$$" <<'PY'
import os, sys
mark = ("BSTCHAT_TEST_RUN=" + sys.argv[1]).encode()
# This script and its ancestors are not leftovers, nor is this scan.
skip, pid = {os.getpid()}, int(sys.argv[2])
while pid > 1:
    skip.add(pid)
    try:
        pid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
    except OSError:
        break
for entry in os.listdir("/proc"):
    if not entry.isdigit() or int(entry) in skip:
        continue
    try:
        if mark not in open(f"/proc/{entry}/environ", "rb").read().split(b"\0"):
            continue
        command = open(f"/proc/{entry}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        continue
    if command:  # a zombie has no command line and holds nothing
        print(entry, command[:300])
PY
)"
    if [ -z "$found" ] || [ "$SECONDS" -ge "$deadline" ]; then
      printf '%s' "$found"
      return
    fi
    sleep 1
  done
}

install_missing

# The npm tools the OpenAPI tests run (the linters, the generated client), as their lockfiles
# pin them (again when a lockfile changed).
for tools in tests/BstChat.OpenApi.Lint tests/BstChat.GeneratedClient.Tests; do
  if [ ! -d "$tools/node_modules" ] || [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
    log "installing npm tools (npm ci in ${tools})"
    if ! npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >/dev/null; then
      echo "npm ci in ${tools} failed." >&2
      exit 2
    fi
  fi
done

started=$SECONDS
results="$(mktemp -d /tmp/bstchat-test-results.XXXXXX)"
status=0

# --- Build once --------------------------------------------------------------------------------
log "building"
target="${project:-BstChat.Lib.sln}"
if ! dotnet build "$target" -v q -nologo -clp:ErrorsOnly; then
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

printf 'Built in %ds\n' $((SECONDS - started))

# --- Browser client unit tests (Node's own runner), beside the .NET tests ---------------------
node_pid=""
if [ -z "$project" ]; then
  log "running browser client unit tests (in the background)"
  tests/BstChat.Client.Tests/run.sh > "$results/node.txt" 2>&1 &
  node_pid=$!
fi

# --- .NET tests ---------------------------------------------------------------------------------
log "running .NET tests"
set +e
# Test projects run side by side: most of their time is waiting on servers and browsers, not CPU.
if [ -n "$project" ]; then what=(--project "$project"); else what=(--solution BstChat.Lib.sln); fi
dotnet test "${what[@]}" --no-build \
  --max-parallel-test-modules 4 --report-xunit-xml --results-directory "$results/xunit" \
  --no-progress 2>&1 | tee "$results/dotnet.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
set -e

# Without a Node run (--project) there is no file: zero, quietly.
node_count() { [ -f "$results/node.txt" ] || { echo 0; return; }; grep -E "^# $1 [0-9]+" "$results/node.txt" | tail -1 | grep -oE '[0-9]+' || echo 0; }
if [ -n "$node_pid" ]; then
  wait "$node_pid" || status=1
  log "browser client unit tests"
  # All of it only when something failed; otherwise the runner's own summary lines.
  if [ "$(node_count fail)" -ne 0 ] || [ "$(node_count tests)" -eq 0 ]; then
    cat "$results/node.txt"
  else
    grep -E '^# (tests|pass|fail|skipped|duration_ms) ' "$results/node.txt" || true
  fi
  if [ "$(node_count tests)" -eq 0 ]; then
    echo "no Node test results found" >&2
    status=1
  fi
fi

# The runner prints one summary for the run: "total: N", "failed: N", "succeeded: N", "skipped: N".
dotnet_count() { grep -E "^\s+$1: [0-9]+" "$results/dotnet.txt" | tail -1 | grep -oE '[0-9]+' || echo 0; }
if [ "$(dotnet_count total)" -eq 0 ]; then
  echo "no .NET test results found" >&2
  status=1
fi

# --- Where the time went -------------------------------------------------------------------------
log "time per test project and the slowest tests"
/usr/bin/env python3 - "$results/xunit" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
assemblies, tests = [], []
for path in glob.glob(sys.argv[1] + "/*.xml"):
    for assembly in ET.parse(path).getroot().iter("assembly"):
        name = assembly.get("name").rsplit("/", 1)[-1].removesuffix(".dll")
        assemblies.append((float(assembly.get("time", 0)), name, assembly.get("total"), assembly.get("skipped")))
        tests += [(float(t.get("time", 0)), name, t.get("name")) for t in assembly.iter("test")]
for seconds, name, total, skipped in sorted(assemblies, reverse=True):
    print(f"{seconds:7.1f} s  {name} ({total} tests, {skipped} skipped)")
print("slowest tests:")
for seconds, name, test in sorted(tests, reverse=True)[:10]:
    print(f"{seconds:7.1f} s  {test.removeprefix(name + '.')[:150]}")
# Failures again at the end, where a log cut to its tail still shows them.
failures = [(assembly.get("name").rsplit("/", 1)[-1].removesuffix(".dll"), t)
            for path in glob.glob(sys.argv[1] + "/*.xml")
            for assembly in ET.parse(path).getroot().iter("assembly")
            for t in assembly.iter("test") if t.get("result") == "Fail"]
if failures:
    print("failed tests:")
for name, test in failures:
    message = (test.findtext("failure/message") or "").strip().splitlines()
    print(f"  {name}: {test.get('name')}")
    for line in message[:6]:
        print(f"      {line[:200]}")
PY
if [ -z "${BSTCHAT_MONGO_URL:-}" ]; then
  echo "MongoDB server suites ran against the MongoDB emulator (mongomock behind tests/MongoEmulator), an emulator, not mongod; set BSTCHAT_MONGO_URL to run them against a real server."
fi

# --- Nothing left running ---------------------------------------------------------------------------
left="$(leftovers)"
if [ -n "$left" ]; then
  echo "Processes started by this run were still running after it (ended now):" >&2
  echo "$left" >&2
  while read -r pid _; do kill -KILL "$pid" 2>/dev/null || true; done <<< "$left"
  status=1
else
  echo "No process started by this run is still running."
fi

elapsed=$((SECONDS - started))
printf 'Whole run (build and tests): %dm %02ds\n' $((elapsed / 60)) $((elapsed % 60))

passed=$(( $(dotnet_count succeeded) + $(node_count pass) ))
failed=$(( $(dotnet_count failed) + $(node_count fail) ))
skipped=$(( $(dotnet_count skipped) + $(node_count skipped) ))
[ "$failed" -eq 0 ] || status=1
rm -rf "$results"

echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
