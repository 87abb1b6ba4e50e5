#!/usr/bin/env bash
# Azurite, the Azure Blob Storage emulator the blob-store tests run against.
#
#   scripts/azurite.sh install          install the pinned version (scripts/azurite/package-lock.json)
#   scripts/azurite.sh start ENV_FILE   start it on a free loopback port, in memory; write
#                                       AKSB_AZURITE_PID, AKSB_AZURITE_BLOB_PORT and
#                                       AKSB_AZURITE_CONNECTION_STRING to ENV_FILE (shell syntax)
#   scripts/azurite.sh stop ENV_FILE    stop the one started with that ENV_FILE
#
# The packages go to scripts/azurite/node_modules (ignored by git), or under $AKSB_AZURITE_HOME when
# set (a cache directory shared between clones). Node runs Azurite's entry point directly: an npx
# parent would leave an orphan behind that ignores SIGTERM.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
pins="$here/azurite"
home="${AKSB_AZURITE_HOME:-$pins}"
main_js="$home/node_modules/azurite/dist/src/blob/main.js"

# Azurite's well-known development account (public, documented by Microsoft; not a secret).
account=devstoreaccount1
account_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

install() {
    # Reinstall when the pinned lock file differs from the one the installation was made from.
    if [[ -f "$main_js" ]] && cmp -s "$pins/package-lock.json" "$home/node_modules/.aksb-installed-lock.json"; then
        return 0
    fi
    mkdir -p "$home"
    if [[ "$home" != "$pins" ]]; then
        cp "$pins/package.json" "$pins/package-lock.json" "$home/"
    fi
    echo "azurite.sh: installing Azurite into $home" >&2
    (cd "$home" && npm ci --no-audit --no-fund --loglevel=error >&2)
    cp "$pins/package-lock.json" "$home/node_modules/.aksb-installed-lock.json"
}

free_port() {
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

start() {
    local env_file="$1"
    install
    local port log pid
    port="$(free_port)"
    log="$(mktemp -t azurite.XXXXXX.log)"
    node "$main_js" --silent --inMemoryPersistence --disableTelemetry --extentMemoryLimit 1024 \
        --blobHost 127.0.0.1 --blobPort "$port" >"$log" 2>&1 &
    pid=$!
    # Ready when the port accepts connections; bounded (Azurite needs ~1.5 s here).
    for _ in $(seq 1 300); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "azurite.sh: Azurite exited during start-up:" >&2
            cat "$log" >&2
            return 1
        fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            {
                echo "AKSB_AZURITE_PID=$pid"
                echo "AKSB_AZURITE_BLOB_PORT=$port"
                echo "AKSB_AZURITE_LOG=$log"
                echo "AKSB_AZURITE_CONNECTION_STRING='DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$port/$account;'"
            } >"$env_file"
            echo "azurite.sh: Azurite listening on 127.0.0.1:$port (pid $pid)" >&2
            return 0
        fi
        sleep 0.1
    done
    echo "azurite.sh: Azurite did not open port $port within 30 s" >&2
    kill "$pid" 2>/dev/null || true
    return 1
}

stop() {
    local env_file="$1"
    [[ -f "$env_file" ]] || return 0
    local AKSB_AZURITE_PID="" AKSB_AZURITE_LOG=""
    # shellcheck disable=SC1090
    . "$env_file"
    if [[ -n "$AKSB_AZURITE_PID" ]] && kill -0 "$AKSB_AZURITE_PID" 2>/dev/null; then
        kill "$AKSB_AZURITE_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$AKSB_AZURITE_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$AKSB_AZURITE_PID" 2>/dev/null || true
    fi
    [[ -n "$AKSB_AZURITE_LOG" ]] && rm -f "$AKSB_AZURITE_LOG"
    rm -f "$env_file"
}

case "${1:-}" in
    install) install ;;
    start) start "${2:?usage: azurite.sh start ENV_FILE}" ;;
    stop) stop "${2:?usage: azurite.sh stop ENV_FILE}" ;;
    *) echo "usage: $0 install | start ENV_FILE | stop ENV_FILE" >&2; exit 2 ;;
esac
