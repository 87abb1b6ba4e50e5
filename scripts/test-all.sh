#!/usr/bin/env bash
# Runs every test of the project: unit tests, and the integration tests against the real servers
# they need. Starts those servers itself and stops them on exit.
#
# Servers:
# - a kube-apiserver + etcd (scripts/kube-test-env.sh, RBAC mode: the admin context is
#   system:masters, the aksb-user context has no rights, which the preflight tests need);
#   maven profile `integration`;
# - Azurite, the Azure Blob Storage emulator (scripts/azurite.sh); maven profile `azurite`.
# And a browser: Debian's headless chromium for the page tests (AKSB_BROWSER_TESTS=required).
# Each server adds its stop command to `cleanups`; one EXIT trap runs them all in reverse order,
# whether the tests pass, fail or are interrupted.
# Extra arguments go to mvn, e.g. scripts/test-all.sh -pl aks-backup-k8s -am
set -euo pipefail
cd "$(dirname "$0")/.."

cleanups=()
run_cleanups() {
  local i
  for ((i = ${#cleanups[@]} - 1; i >= 0; i--)); do
    eval "${cleanups[i]}" || true
  done
}
trap run_cleanups EXIT

KUBE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/aksb-test-kube.XXXXXX")
cleanups+=("scripts/kube-test-env.sh stop --dir '$KUBE_DIR' >/dev/null 2>&1; rm -rf '$KUBE_DIR'")
scripts/kube-test-env.sh start --dir "$KUBE_DIR" --rbac >/dev/null
# shellcheck disable=SC1091
. "$KUBE_DIR/env"

AZURITE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/aksb-test-azurite.XXXXXX")
cleanups+=("scripts/azurite.sh stop '$AZURITE_DIR/env'; rm -rf '$AZURITE_DIR'")
scripts/azurite.sh start "$AZURITE_DIR/env"
set -a
# shellcheck disable=SC1091
. "$AZURITE_DIR/env"
set +a

# The page tests fail instead of skipping when chromium is missing (.ci/run installs it).
export AKSB_BROWSER_TESTS=required

mvn -B -ntp verify -Pintegration,azurite "$@"
