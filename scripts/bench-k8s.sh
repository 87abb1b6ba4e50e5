#!/usr/bin/env bash
# Benchmarks backup and restore against a real kube-apiserver, each beside its baseline, and prints
# a table (see samples/src/main/java/io/github/aksbackup/bench/KubeBenchmark.java):
#   raw paged LIST (plain HTTP, limit 500)  vs  aks-backup backup of the same objects (target <= 1.5x)
#   kubectl get configmaps -A -o json      vs  aks-backup backup (target: ours >= 5x faster)
#   raw create (plain HTTP, C concurrent)  vs  aks-backup restore at the same concurrency (target >= 0.8x)
#   peak heap of backup and restore
#
#   scripts/bench-k8s.sh [--objects N] [--concurrency C] [--rounds R]     (default N=20000, C=16, R=3)
#
# Starts its own kube-apiserver + etcd (scripts/kube-test-env.sh, in a fresh directory) and stops it
# on exit; builds the command-line jar when it is missing. AKSB_BENCH_JAVA_OPTS adds JVM options
# (default -Xmx4g). 300,000 objects take about half an hour on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

ARGS=("$@")
JAR=samples/target/aks-backup-cli.jar
if [ ! -f "$JAR" ]; then
  echo "bench-k8s: building $JAR" >&2
  mvn -q -B -DskipTests package >&2
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/aksb-bench-kube.XXXXXX")
cleanup() {
  scripts/kube-test-env.sh stop --dir "$DIR" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
scripts/kube-test-env.sh start --dir "$DIR" >/dev/null

# shellcheck disable=SC2086
java ${AKSB_BENCH_JAVA_OPTS:--Xmx4g} -cp "$JAR" io.github.aksbackup.bench.KubeBenchmark \
  --kubeconfig "$DIR/kubeconfig" "${ARGS[@]}"
