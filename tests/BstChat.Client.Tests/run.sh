#!/usr/bin/env bash
# Unit tests of the browser client's logic (tests/BstChat.Client.Tests/*.test.mjs), with Node's
# own test runner: no packages to install, Node 20 or later.
set -euo pipefail
cd "$(dirname "$0")"
exec node --test *.test.mjs
