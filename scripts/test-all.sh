#!/usr/bin/env bash
# Runs every test of the project: unit tests, and the integration tests against the real servers
# they need. Starts those servers itself and stops them on exit.
#
# Servers: a kube-apiserver + etcd (scripts/kube-test-env.sh, RBAC mode: the admin context is
# system:masters, the aksb-user context has no rights, which the preflight tests need).
# Extra arguments go to mvn, e.g. scripts/test-all.sh -pl aks-backup-k8s -am
set -euo pipefail
cd "$(dirname "$0")/.."

KUBE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/aksb-test-kube.XXXXXX")
cleanup() {
  scripts/kube-test-env.sh stop --dir "$KUBE_DIR" >/dev/null 2>&1 || true
  rm -rf "$KUBE_DIR"
}
trap cleanup EXIT
scripts/kube-test-env.sh start --dir "$KUBE_DIR" --rbac >/dev/null
# shellcheck disable=SC1091
. "$KUBE_DIR/env"

mvn -B -ntp verify -Pintegration "$@"
