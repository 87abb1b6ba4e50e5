#!/usr/bin/env python3
"""The byte-only LIST floor: paged LISTs that only read the bytes (no JSON parsing).

What a backup cannot beat: every collection the backup lists, fetched with limit=N pages that
follow the server's continue token, over one kept-alive HTTPS connection, the body read and
dropped. Run by samples/.../bench/KubeBenchmark.java (scripts/bench-k8s.sh), which passes the
collection paths the backup lists; the token comes from the environment, never the command line.

    AKSB_BENCH_TOKEN=... bench-list-floor.py --server https://127.0.0.1:6443 --ca ca.pem \
        [--limit 500] [--rounds 3] PATHS_FILE

Prints one JSON line: {"seconds": [each round], "bytes": ..., "requests": ...}.
"""
import argparse
import http.client
import json
import os
import re
import ssl
import sys
import time
import urllib.parse

CONTINUE = re.compile(rb'"continue":"([^"]+)"')


def list_all(conn, token, paths, limit):
    total = 0
    requests = 0
    for path in paths:
        cont = None
        while True:
            query = "limit=%d" % limit
            if cont:
                query += "&continue=" + urllib.parse.quote(cont, safe="")
            conn.request("GET", path + "?" + query, headers={
                "Authorization": "Bearer " + token, "Accept": "application/json", "Accept-Encoding": "identity"})
            r = conn.getresponse()
            body = r.read()
            requests += 1
            if r.status != 200:
                raise SystemExit("GET %s answered %d: %s" % (path, r.status, body[:200]))
            total += len(body)
            # the list's metadata, with the continue token, comes before the items
            m = CONTINUE.search(body, 0, 4096)
            cont = m.group(1).decode() if m else None
            if not cont:
                break
    return total, requests


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", required=True)
    ap.add_argument("--ca", required=True, help="PEM file of the server's certificate authority")
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("paths", help="file with one collection path per line")
    a = ap.parse_args()
    token = os.environ.get("AKSB_BENCH_TOKEN")
    if not token:
        sys.exit("AKSB_BENCH_TOKEN is not set")
    with open(a.paths) as f:
        paths = [line.strip() for line in f if line.strip()]
    url = urllib.parse.urlsplit(a.server)
    ctx = ssl.create_default_context(cafile=a.ca)
    seconds = []
    size = requests = 0
    for _ in range(a.rounds):
        # a new connection per round: the handshake is part of what a client pays
        t0 = time.perf_counter()
        conn = http.client.HTTPSConnection(url.hostname, url.port or 443, context=ctx, timeout=300)
        size, requests = list_all(conn, token, paths, a.limit)
        conn.close()
        seconds.append(time.perf_counter() - t0)
    print(json.dumps({"seconds": seconds, "bytes": size, "requests": requests}))


if __name__ == "__main__":
    main()
