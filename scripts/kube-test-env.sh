#!/usr/bin/env bash
# A real kube-apiserver + etcd on loopback for integration tests and benchmarks.
#
#   scripts/kube-test-env.sh build                      build/cache the binaries (idempotent)
#   scripts/kube-test-env.sh start [--dir DIR] [--rbac] start (building first if needed); prints DIR/kubeconfig
#   scripts/kube-test-env.sh stop [--dir DIR]           stop both processes, remove the etcd data
#   scripts/kube-test-env.sh status [--dir DIR]         exit 0 when running and ready, 3 when not
#
# No registry ships a kube-apiserver binary for this machine, so `build` compiles it from Debian's
# `kubernetes` source package with Debian's Go 1.19; etcd comes from Debian's `etcd-server`. Apt is
# used through a private configuration (its own source list, lists and cache), so the system's apt
# state is not touched. The deb-src entries are derived from the machine's own apt sources.
#
# Environment:
#   AKSB_CACHE_DIR       cache root (default ~/.cache/aks-backup); binaries live in $AKSB_CACHE_DIR/kube
#   AKSB_KUBE_DIR        default DIR for start/stop/status (default /tmp/aksb-kube)
#   AKSB_ETCD_PORT       etcd client port (default: a free loopback port)
#   AKSB_ETCD_PEER_PORT  etcd peer port (default: a free loopback port)
#   AKSB_APISERVER_PORT  kube-apiserver secure port (default: a free loopback port)
#   AKSB_START_TIMEOUT   seconds to wait for readiness (default 90)
set -euo pipefail

PROG=kube-test-env
CACHE_ROOT=${AKSB_CACHE_DIR:-${HOME:-/root}/.cache/aks-backup}
KUBE_CACHE=$CACHE_ROOT/kube
APISERVER_BIN=$KUBE_CACHE/kube-apiserver
ETCD_BIN=$KUBE_CACHE/etcd
KUBE_GIT_VERSION_PIN=v1.20.2
GO_PKG=golang-1.19
DEB_PACKAGES=("$GO_PKG-go" "$GO_PKG-src" etcd-server rsync libpopt0 golang-github-modern-go-reflect2-dev)

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# tools
# ---------------------------------------------------------------------------------------------

# tool:debian-package pairs for the base tools this script relies on.
tool_package() {
  case $1 in
    make) echo make ;;
    tar) echo tar ;;
    xz) echo xz-utils ;;
    gzip) echo gzip ;;
    openssl) echo openssl ;;
    curl) echo curl ;;
    flock | setsid) echo util-linux ;;
    find | xargs) echo findutils ;;
    patch) echo patch ;;
    awk) echo mawk ;;
    sed) echo sed ;;
    grep) echo grep ;;
    *) echo "$1" ;;
  esac
}

APT_UPDATED=0
need_tools() {
  local missing=() pkgs=() t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  for t in "${missing[@]}"; do pkgs+=("$(tool_package "$t")"); done
  command -v apt-get >/dev/null 2>&1 || die "missing tools (${missing[*]}) and no apt-get to install them"
  [ "$(id -u)" -eq 0 ] || die "missing tools (${missing[*]}); install packages: ${pkgs[*]}"
  log "installing missing tools (${missing[*]}): apt-get install ${pkgs[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get -qq update >&2
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends "${pkgs[@]}" >&2
  for t in "${missing[@]}"; do
    command -v "$t" >/dev/null 2>&1 || die "tool $t still missing after installing its package"
  done
}

# ---------------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------------

binaries_cached() { [ -x "$APISERVER_BIN" ] && [ -x "$ETCD_BIN" ]; }

# Writes deb822 stanzas with "Types: deb deb-src" for each enabled deb entry of this release
# found in the machine's own apt sources (both formats).
derive_sources() {
  local out_sources=$1 out_list=$2 codename=""
  if [ -r /etc/os-release ]; then
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  fi
  : >"$out_sources"
  : >"$out_list"
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v cn="$codename" '
      BEGIN { RS = ""; }
      {
        n = split($0, L, "\n"); out = ""; types = ""; suites = ""; enabled = "yes"
        for (i = 1; i <= n; i++) {
          line = L[i]
          if (line ~ /^[ \t]*#/) continue
          low = tolower(line)
          if (low ~ /^types:/) { types = line; sub(/^[^:]*:/, "", types); line = "Types: deb deb-src" }
          else if (low ~ /^suites:/) { suites = line; sub(/^[^:]*:/, "", suites) }
          else if (low ~ /^enabled:/) { e = low; sub(/^[^:]*:[ \t]*/, "", e); enabled = e }
          out = out line "\n"
        }
        if (types !~ /(^|[ \t])deb([ \t]|$)/) next
        if (enabled == "no") next
        if (cn != "") {
          ok = 0; m = split(suites, S, /[ \t]+/)
          for (j = 1; j <= m; j++) if (S[j] == cn || index(S[j], cn "-") == 1) ok = 1
          if (!ok) next
        }
        printf "%s\n", out
      }' "$f" >>"$out_sources"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v cn="$codename" '
      /^[ \t]*deb[ \t]/ {
        rest = $0; sub(/^[ \t]*deb[ \t]+/, "", rest)
        probe = rest; sub(/^\[[^]]*\][ \t]*/, "", probe)
        split(probe, W, /[ \t]+/)
        if (cn != "" && W[2] != cn && index(W[2], cn "-") != 1) next
        print "deb " rest; print "deb-src " rest
      }' "$f" >>"$out_list"
  done
  [ -s "$out_sources" ] || [ -s "$out_list" ] ||
    die "no deb entry for release '${codename:-?}' found in /etc/apt/sources.list{,.d}"
}

do_build() {
  if binaries_cached; then
    log "binaries cached in $KUBE_CACHE"
    return 0
  fi
  need_tools flock
  mkdir -p "$KUBE_CACHE"
  # Serialise concurrent builds (parallel test runs, several worktrees).
  exec 9>"$KUBE_CACHE/.build.lock"
  if ! flock -n 9; then
    log "another build holds $KUBE_CACHE/.build.lock; waiting"
    flock 9
  fi
  if binaries_cached; then
    log "binaries cached in $KUBE_CACHE"
    return 0
  fi
  need_tools apt-get dpkg make tar xz gzip find xargs sed grep awk
  local t0=$SECONDS
  local work=$KUBE_CACHE/build
  rm -rf "$work"
  mkdir -p "$work"
  local aptdir=$work/apt root=$work/root dl=$work/dl
  mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial" "$aptdir/sources.list.d" "$root" "$dl"
  : >"$aptdir/sources.list"
  derive_sources "$aptdir/sources.list.d/aksb.sources" "$aptdir/sources.list.d/aksb.list"
  local apt_opts=(
    -o "Dir::Etc::SourceList=$aptdir/sources.list"
    -o "Dir::Etc::SourceParts=$aptdir/sources.list.d"
    -o "Dir::State::Lists=$aptdir/lists"
    -o "Dir::Cache=$aptdir/cache"
    -o "APT::Sandbox::User=root"
    -o "Acquire::Languages=none"
    -o "Debug::NoLocking=1"
  )

  log "[1/6 +$((SECONDS - t0))s] apt-get update (private lists under $aptdir)"
  if ! apt-get "${apt_opts[@]}" -qq update >"$work/apt-update.log" 2>&1; then
    log "apt-get update reported errors (continuing; see below)"
    tail -n 5 "$work/apt-update.log" >&2 || true
  fi

  log "[2/6 +$((SECONDS - t0))s] apt-get source --download-only kubernetes; apt-get download ${DEB_PACKAGES[*]}"
  (cd "$dl" && apt-get "${apt_opts[@]}" -qq source --download-only kubernetes >&2) ||
    die "apt-get source kubernetes failed (is there a deb-src for this release?)"
  (cd "$dl" && apt-get "${apt_opts[@]}" -qq download "${DEB_PACKAGES[@]}" >&2) ||
    die "apt-get download failed"
  local deb
  for deb in "$dl"/*.deb; do
    dpkg -x "$deb" "$root"
  done

  log "[3/6 +$((SECONDS - t0))s] unpacking the kubernetes source"
  local dsc src=$work/src
  dsc=$(ls "$dl"/kubernetes_*.dsc | head -n 1)
  log "source package: $(basename "$dsc")"
  if command -v dpkg-source >/dev/null 2>&1; then
    dpkg-source --no-check -x "$dsc" "$src" >"$work/dpkg-source.log" 2>&1 ||
      { tail -n 20 "$work/dpkg-source.log" >&2; die "dpkg-source -x failed"; }
  else
    log "dpkg-source not available: unpacking with tar and applying debian/patches"
    need_tools patch
    local orig
    mkdir -p "$src"
    orig=$(ls "$dl"/kubernetes_*.orig.tar.* | head -n 1)
    tar -xf "$orig" -C "$src" --strip-components=1
    tar -xf "$(ls "$dl"/kubernetes_*.debian.tar.* | head -n 1)" -C "$src"
    if [ -f "$src/debian/patches/series" ]; then
      local p
      while read -r p _; do
        case $p in '' | '#'*) continue ;; esac
        patch -d "$src" -p1 -s -N <"$src/debian/patches/$p" || die "patch $p failed"
      done <"$src/debian/patches/series"
    fi
  fi

  log "[4/6 +$((SECONDS - t0))s] replacing vendor/github.com/modern-go/reflect2 with Debian's reflect2"
  local reflect2=$root/usr/share/gocode/src/github.com/modern-go/reflect2
  [ -d "$reflect2" ] || die "reflect2 sources not found in $reflect2"
  rm -rf "$src/vendor/github.com/modern-go/reflect2"
  mkdir -p "$src/vendor/github.com/modern-go/reflect2"
  find "$reflect2" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' -o -name 'LICENSE' \) \
    ! -name '*_test.go' -exec cp {} "$src/vendor/github.com/modern-go/reflect2/" \;

  log "[5/6 +$((SECONDS - t0))s] make WHAT=cmd/kube-apiserver (several minutes; log: $work/make.log)"
  local goroot=$root/usr/lib/go-1.19
  [ -x "$goroot/bin/go" ] || die "go not found at $goroot/bin/go"
  # Debian links GOROOT/src etc. to /usr/share/go-1.19 with absolute links: repoint them.
  local l target
  for l in "$goroot"/*; do
    if [ -L "$l" ]; then
      target=$(readlink "$l")
      case $target in
        /*) ln -sfn "$root$target" "$l" ;;
      esac
    fi
  done
  local libdirs
  libdirs=$(find "$root/lib" "$root/usr/lib" -maxdepth 1 -type d -name '*-linux-gnu*' 2>/dev/null | tr '\n' ':')
  (
    cd "$src"
    export GOROOT=$goroot
    export PATH=$goroot/bin:$root/usr/bin:$PATH
    export LD_LIBRARY_PATH=${libdirs}${LD_LIBRARY_PATH:-}
    export GOCACHE=$work/gocache GOPATH=$work/gopath GOFLAGS= GOPROXY=off GOTOOLCHAIN=local
    export KUBE_GIT_VERSION=$KUBE_GIT_VERSION_PIN
    go version >&2
    rsync --version | head -n 1 >&2
    make WHAT=cmd/kube-apiserver >"$work/make.log" 2>&1
  ) || { tail -n 30 "$work/make.log" >&2; die "kube-apiserver build failed (tree kept in $work)"; }

  log "[6/6 +$((SECONDS - t0))s] caching binaries in $KUBE_CACHE"
  local built
  built=$(find "$src/_output" -type f -name kube-apiserver -perm -u+x | head -n 1)
  [ -n "$built" ] || die "kube-apiserver binary not found under $src/_output"
  cp "$built" "$KUBE_CACHE/kube-apiserver.tmp"
  cp "$root/usr/bin/etcd" "$KUBE_CACHE/etcd.tmp"
  {
    echo "source: $(basename "$dsc")"
    echo "kube-apiserver: $("$KUBE_CACHE/kube-apiserver.tmp" --version 2>&1)"
    echo "etcd: $("$KUBE_CACHE/etcd.tmp" --version 2>&1 | head -n 1)"
    echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) in $((SECONDS - t0)) s"
  } >"$KUBE_CACHE/VERSIONS"
  mv -f "$KUBE_CACHE/etcd.tmp" "$ETCD_BIN"
  mv -f "$KUBE_CACHE/kube-apiserver.tmp" "$APISERVER_BIN"
  # The build tree and Go build cache are ~1-2 GB; keep only the binaries.
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
  log "build done in $((SECONDS - t0)) s: $(tr '\n' ';' <"$KUBE_CACHE/VERSIONS")"
}

# ---------------------------------------------------------------------------------------------
# start / stop / status
# ---------------------------------------------------------------------------------------------

DIR=${AKSB_KUBE_DIR:-/tmp/aksb-kube}
RBAC=0

parse_args() {
  while [ $# -gt 0 ]; do
    case $1 in
      --dir) [ $# -ge 2 ] || die "--dir needs a value"; DIR=$2; shift 2 ;;
      --dir=*) DIR=${1#--dir=}; shift ;;
      --rbac) RBAC=1; shift ;;
      *) die "unknown option: $1" ;;
    esac
  done
  [ -n "$DIR" ] || die "empty --dir"
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
}

# pid_alive PIDFILE NAME: the pid in PIDFILE is alive and runs NAME (guards against pid reuse).
pid_alive() {
  local pidfile=$1 name=$2 pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$name"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A loopback port nobody listens on, outside the kernel's ephemeral range (an outgoing connection,
# e.g. the apiserver's own to etcd, may otherwise take it first), and not already in $TAKEN.
TAKEN=" "
free_port() {
  local lo=32768 hi=60999 base span p i
  read -r lo hi </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  if [ "$lo" -gt 12000 ]; then
    base=10000 span=$((lo - 10000))
  else
    base=$((hi + 1)) span=$((65535 - hi))
  fi
  for i in $(seq 1 200); do
    p=$((base + (RANDOM * 32768 + RANDOM) % span))
    case $TAKEN in *" $p "*) continue ;; esac
    if ! port_in_use "$p"; then
      echo "$p"
      return 0
    fi
  done
  die "no free loopback port found"
}

readyz() {
  local port=$1 token=$2
  [ "$(curl -sk --max-time 3 -H "Authorization: Bearer $token" "https://127.0.0.1:$port/readyz" 2>/dev/null)" = ok ]
}

stop_pid() {
  local pidfile=$1 name=$2 pid i
  if pid_alive "$pidfile" "$name"; then
    pid=$(cat "$pidfile")
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) ignored SIGTERM for 10 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
  fi
  rm -f "$pidfile"
}

do_stop() {
  local was=0
  pid_alive "$DIR/kube-apiserver.pid" kube-apiserver && was=1
  pid_alive "$DIR/etcd.pid" etcd && was=1
  stop_pid "$DIR/kube-apiserver.pid" kube-apiserver
  stop_pid "$DIR/etcd.pid" etcd
  rm -rf "$DIR/etcd-data"
  rm -f "$DIR/kubeconfig" "$DIR/env" "$DIR/tokens.csv" "$DIR/ports" "$DIR/mode"
  if [ "$was" -eq 1 ]; then log "stopped ($DIR)"; else log "not running ($DIR)"; fi
}

# Fails when the pair in DIR is not fully running.
running() {
  pid_alive "$DIR/etcd.pid" etcd && pid_alive "$DIR/kube-apiserver.pid" kube-apiserver &&
    [ -f "$DIR/kubeconfig" ] && [ -f "$DIR/ports" ]
}

do_status() {
  if running; then
    # shellcheck disable=SC1091
    . "$DIR/ports"
    local token
    token=$(awk -F, '$2 == "aksb-admin" { print $1 }' "$DIR/tokens.csv")
    if readyz "$APISERVER_PORT" "$token"; then
      echo "running: kube-apiserver pid $(cat "$DIR/kube-apiserver.pid") https://127.0.0.1:$APISERVER_PORT" \
        "($(cat "$DIR/mode")), etcd pid $(cat "$DIR/etcd.pid") http://127.0.0.1:$ETCD_PORT;" \
        "kubeconfig $DIR/kubeconfig"
      return 0
    fi
    echo "not ready: processes run but /readyz does not answer ok (logs in $DIR)"
    return 3
  fi
  echo "stopped ($DIR)"
  return 3
}

wait_for() { # wait_for SECONDS PIDFILE NAME CMD... : until CMD succeeds; fails if NAME dies
  local secs=$1 pidfile=$2 name=$3 i
  shift 3
  for i in $(seq 1 $((secs * 10))); do
    "$@" && return 0
    pid_alive "$pidfile" "$name" || return 1
    sleep 0.1
  done
  return 1
}

# start_failed NAME LOG: report, clean up; returns 2 when a port was taken meanwhile (retryable).
start_failed() {
  local rc=1
  grep -q 'address already in use' "$2" 2>/dev/null && rc=2
  log "$1 did not become ready; last lines of $2:"
  tail -n 25 "$2" >&2 || true
  do_stop
  return $rc
}

do_start() {
  local mode=AlwaysAllow
  [ "$RBAC" -eq 1 ] && mode=RBAC
  if running; then
    local cur
    cur=$(cat "$DIR/mode" 2>/dev/null || echo "?")
    [ "$cur" = "$mode" ] ||
      die "already running in $DIR with authorization mode $cur (asked for $mode); stop it first"
    log "already running in $DIR ($mode); reusing it"
    echo "$DIR/kubeconfig"
    return 0
  fi
  # Leftovers from a crashed run: clean them up before starting again.
  if [ -f "$DIR/etcd.pid" ] || [ -f "$DIR/kube-apiserver.pid" ]; then
    log "found a partial or stale environment in $DIR; cleaning it up"
    do_stop
  fi
  need_tools openssl curl setsid awk
  do_build

  local t0 attempt rc
  t0=$(date +%s.%N)
  for attempt in 1 2 3; do
    rc=0
    launch "$mode" || rc=$?
    [ "$rc" -eq 0 ] && break
    if [ "$rc" -ne 2 ] || [ -n "${AKSB_ETCD_PORT:-}${AKSB_ETCD_PEER_PORT:-}${AKSB_APISERVER_PORT:-}" ] ||
      [ "$attempt" -eq 3 ]; then
      exit 1
    fi
    log "a port was taken meanwhile; retrying with other ports"
  done
  local elapsed
  elapsed=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  log "ready in ${elapsed} s: $(grep AKSB_APISERVER_URL "$DIR/env" | cut -d= -f2) ($mode); source $DIR/env"
  echo "$DIR/kubeconfig"
}

# launch MODE: starts etcd and kube-apiserver on fresh ports and waits until ready.
launch() {
  local mode=$1 etcd_port peer_port api_port
  TAKEN=" "
  etcd_port=${AKSB_ETCD_PORT:-$(free_port)}
  TAKEN="$TAKEN$etcd_port "
  peer_port=${AKSB_ETCD_PEER_PORT:-$(free_port)}
  TAKEN="$TAKEN$peer_port "
  api_port=${AKSB_APISERVER_PORT:-$(free_port)}
  local p
  for p in "$etcd_port" "$peer_port" "$api_port"; do
    if port_in_use "$p"; then log "port $p on 127.0.0.1 is already in use"; return 1; fi
  done

  mkdir -p "$DIR/certs"
  rm -rf "$DIR/etcd-data"
  if [ ! -f "$DIR/sa.key" ] || [ ! -f "$DIR/sa.pub" ]; then
    openssl genrsa -out "$DIR/sa.key" 2048 2>/dev/null
    openssl rsa -in "$DIR/sa.key" -pubout -out "$DIR/sa.pub" 2>/dev/null
  fi
  local admin_token user_token
  admin_token=$(openssl rand -hex 24)
  user_token=$(openssl rand -hex 24)
  (
    umask 077
    printf '%s,aksb-admin,aksb-admin,"system:masters"\n' "$admin_token" >"$DIR/tokens.csv"
    printf '%s,aksb-user,aksb-user\n' "$user_token" >>"$DIR/tokens.csv"
  )
  echo "$mode" >"$DIR/mode"
  printf 'ETCD_PORT=%s\nETCD_PEER_PORT=%s\nAPISERVER_PORT=%s\n' "$etcd_port" "$peer_port" "$api_port" >"$DIR/ports"

  log "starting etcd on 127.0.0.1:$etcd_port (log $DIR/etcd.log)"
  setsid "$ETCD_BIN" \
    --name aksb \
    --data-dir "$DIR/etcd-data" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" \
    --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "aksb=http://127.0.0.1:$peer_port" \
    --listen-metrics-urls "" \
    </dev/null >"$DIR/etcd.log" 2>&1 &
  echo $! >"$DIR/etcd.pid"
  etcd_healthy() { curl -s --max-time 2 "http://127.0.0.1:$etcd_port/health" 2>/dev/null | grep -q '"health":"true"'; }
  wait_for 30 "$DIR/etcd.pid" etcd etcd_healthy || { start_failed etcd "$DIR/etcd.log"; return; }

  log "starting kube-apiserver on 127.0.0.1:$api_port, authorization $mode (log $DIR/kube-apiserver.log)"
  setsid "$APISERVER_BIN" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --advertise-address 127.0.0.1 \
    --bind-address 127.0.0.1 \
    --secure-port "$api_port" \
    --insecure-port 0 \
    --cert-dir "$DIR/certs" \
    --token-auth-file "$DIR/tokens.csv" \
    --service-cluster-ip-range 10.0.0.0/24 \
    --service-account-issuer https://kubernetes.default.svc \
    --service-account-key-file "$DIR/sa.pub" \
    --service-account-signing-key-file "$DIR/sa.key" \
    --authorization-mode "$mode" \
    --disable-admission-plugins ServiceAccount \
    --allow-privileged=true \
    </dev/null >"$DIR/kube-apiserver.log" 2>&1 &
  echo $! >"$DIR/kube-apiserver.pid"
  wait_for "${AKSB_START_TIMEOUT:-90}" "$DIR/kube-apiserver.pid" kube-apiserver \
    readyz "$api_port" "$admin_token" || { start_failed kube-apiserver "$DIR/kube-apiserver.log"; return; }

  write_kubeconfig "$api_port" "$admin_token" "$user_token"
  {
    echo "export KUBECONFIG=$DIR/kubeconfig"
    echo "export AKSB_KUBECONFIG=$DIR/kubeconfig"
    echo "export AKSB_KUBE_DIR=$DIR"
    echo "export AKSB_APISERVER_URL=https://127.0.0.1:$api_port"
    echo "export AKSB_ETCD_URL=http://127.0.0.1:$etcd_port"
    echo "export AKSB_APISERVER_PID_FILE=$DIR/kube-apiserver.pid"
    echo "export AKSB_ETCD_PID_FILE=$DIR/etcd.pid"
  } >"$DIR/env"
}

write_kubeconfig() {
  local port=$1 admin_token=$2 user_token=$3 cluster_tls
  # The apiserver writes a self-signed serving cert (with its CA) into --cert-dir; trust it when
  # it verifies for 127.0.0.1, else fall back to skipping verification.
  local crt=$DIR/certs/apiserver.crt
  if [ -f "$crt" ] && curl -s --max-time 3 --cacert "$crt" -H "Authorization: Bearer $admin_token" \
    "https://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
    cluster_tls="certificate-authority-data: $(base64 -w0 <"$crt")"
  else
    cluster_tls="insecure-skip-tls-verify: true"
  fi
  (
    umask 077
    cat >"$DIR/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: aksb
  cluster:
    server: https://127.0.0.1:$port
    $cluster_tls
users:
- name: aksb-admin
  user:
    token: $admin_token
- name: aksb-user
  user:
    token: $user_token
contexts:
- name: aksb-admin
  context:
    cluster: aksb
    user: aksb-admin
    namespace: default
- name: aksb-user
  context:
    cluster: aksb
    user: aksb-user
    namespace: default
current-context: aksb-admin
EOF
  )
}

usage() {
  awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
  exit 2
}

main() {
  [ $# -ge 1 ] || usage
  local cmd=$1
  shift
  case $cmd in
    build) [ $# -eq 0 ] || die "build takes no options"; do_build ;;
    start) parse_args "$@"; do_start ;;
    stop) parse_args "$@"; [ "$RBAC" -eq 0 ] || die "--rbac is for start"; do_stop ;;
    status) parse_args "$@"; [ "$RBAC" -eq 0 ] || die "--rbac is for start"; do_status ;;
    -h | --help | help) usage ;;
    *) log "unknown subcommand: $cmd"; usage ;;
  esac
}

main "$@"
