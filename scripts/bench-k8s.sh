#!/usr/bin/env bash
# Benchmarks what a user feels of backup and restore against a real kube-apiserver, and prints one
# table with ratios (samples/src/main/java/io/github/aksbackup/bench/KubeBenchmark.java), per data set:
#   byte-only LIST floor      every collection the backup lists, paged (limit 500), bytes read and
#                             dropped, no JSON parsing: scripts/bench-list-floor.py (python3); fastest round
#   aks-backup backup, cold   the whole process as a user starts it (samples/target/aks-backup), with its
#                             peak RSS (/usr/bin/time); target <= 2.5x the floor
#   kubectl get TYPES -A -o json   the whole process; target: the cold backup >= 4x faster
#   SDK backup, warm          in the benchmark's JVM after a warm-up; target <= 1.3x the floor
#   unchanged second backup   bytes written as a share of the first backup's; target <= 0.05 %
#   raw create vs restore     raw HTTP creates (the load of the data set) against aks-backup restore,
#                             both 16 concurrent; target: restore >= 1.0x create's rate
#
#   scripts/bench-k8s.sh [--objects N] [--dataset configmaps|realistic|both] [--rounds R]
#                        [--concurrency C] [--cli-variant LABEL=JVM_OPTIONS]... [--memory] [--jfr DIR]
#
#   --objects N     objects per data set (default 20000)
#   --dataset       configmaps: N ConfigMaps of 1.5 KB distinct random text each; realistic: N objects
#                   in units of a Deployment, 3 Pods (with managedFields), a headless Service, a Secret
#                   and a custom resource; both (default): one after the other, one table
#   --rounds R      repetitions of each measurement (default 3): the table gives the median and range
#   --concurrency C raw creates and restore at C at a time (default 16)
#   --cli-variant   also time the cold command line with these JVM options (AKSB_JAVA_OPTS), repeatable,
#                   e.g. --cli-variant 'C1 only=-XX:TieredStopAtLevel=1' --cli-variant 'no CDS=-Xshare:off'
#                   or another build's launcher: --cli-variant 'baseline=LAUNCHER=/path/samples/target/aks-backup'
#   --memory        only the cold command line, reporting its peak heap in use (from its GC log) and
#                   peak RSS: e.g. --memory --objects 300000 --dataset configmaps
#   --jfr DIR       one more cold run and one more warm backup under Java Flight Recorder into DIR
#                   (not counted), plus the cold run's class-loading and JIT logs; summarize with
#                   java -cp samples/target/aks-backup-cli.jar io.github.aksbackup.bench.JfrHotMethods DIR/*.jfr
#
# Starts its own kube-apiserver + etcd (scripts/kube-test-env.sh, in a fresh directory) and stops it
# on exit; builds the command line when it is missing. AKSB_BENCH_JAVA_OPTS sets the benchmark JVM's
# options (default -Xmx4g). Needs python3 and kubectl. The machine's load moves every figure: compare
# within one run, and read the load average printed with the table. 20,000 objects per data set take
# about 10 minutes on 2 cores; 300,000 (--memory) about 15 minutes per data set, mostly loading.
set -euo pipefail
cd "$(dirname "$0")/.."

ARGS=("$@")
JAR=samples/target/aks-backup-cli.jar
if [ ! -f "$JAR" ] || [ ! -x samples/target/aks-backup ]; then
  echo "bench-k8s: building the command line" >&2
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
