#!/usr/bin/env bash
# Runs every test of the project: unit tests, and the integration tests against the real servers
# they need. Starts those servers itself and stops them on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -ntp verify "$@"
