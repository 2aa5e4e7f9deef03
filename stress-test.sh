#!/usr/bin/env bash
# The whole suite (./test.sh) while stress-ng keeps every core busy, as on a machine that is
# building something else: proves that no test depends on how fast the machine is. stress-ng
# is installed when missing (as root) and always stopped, whatever the outcome.
#
#   ./stress-test.sh              stress-ng --cpu 4 beside ./test.sh
#   STRESS_CPU=8 ./stress-test.sh more workers
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v stress-ng >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "stress-ng is not installed (sudo apt-get install -y stress-ng)." >&2
    exit 2
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends stress-ng >/dev/null
fi

workers="${STRESS_CPU:-4}"
stress-ng --cpu "$workers" --timeout 0 --quiet &
stress=$!
stop_stress() {
  kill -TERM "$stress" 2>/dev/null || true
  wait "$stress" 2>/dev/null || true
}
trap stop_stress EXIT INT TERM
echo "stress-ng --cpu ${workers} running (pid ${stress}) beside the suite"

set +e
./test.sh "$@"
status=$?
set -e
exit "$status"
