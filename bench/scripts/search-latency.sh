#!/usr/bin/env bash
# Document search over HTTP on the WordNet dev corpus (docs/BENCHMARKS-search.md): ingest the 58,329 lines (timed,
# with raw embedding before and after, as ingest-vs-raw.sh), check relevance, then load the server from the same
# machine: closed-loop wrk at 8 clients, the Java load generator at fixed offered rates from 8 clients, and a 60 s
# run at 16 clients. Needs `./mvnw -B -ntp install` first, and wrk. Run it alone (~14 min).
# Usage: bench/scripts/search-latency.sh [DATA_DIR]   (default ../shared/data/wordnet-minilm-dev)
source "$(dirname "${BASH_SOURCE[0]}")/wordnet-env.sh"
DATA=$(mktemp -d)
PORT=18190
URL=http://127.0.0.1:$PORT
SERVER=
cleanup() { [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null; rm -rf "$DATA"; }
trap cleanup EXIT
stamp() { echo "### $* $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"; }
serve() { # serve [JVM flags...]: starts the server and waits for /health
  "${J[@]}" "$@" -jar cli/target/vamana.jar serve --port $PORT --data "$DATA" > /dev/null 2>&1 &
  SERVER=$!
  for _ in $(seq 120); do curl -sf $URL/health > /dev/null && return; sleep 0.5; done
  echo "server did not start" >&2; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }

stamp raw; raw
stamp ingest
/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M kB" "${J[@]}" -jar cli/target/vamana.jar ingest \
  "$D/wordnet-minilm-dev_base.txt" --lines --collection wordnet --data "$DATA" 2>&1 | grep -v WARNING | tr '\r' '\n' | grep -v '^\s*$' | tail -3
stamp raw; raw

serve -Dvamana.queryCache=0
stamp relevance; "${J[@]}" -cp "$CP" dev.vamana.server.tools.RelevanceCheck $URL wordnet "$D/wordnet-minilm-dev_query.txt" "$D/wordnet-minilm-dev_groundtruth.ivecs" vector 2>&1 | grep -v WARNING | tail -1
export QUERIES="$D/wordnet-minilm-dev_query.txt" COLLECTION=wordnet
wrk -t2 -c8 -d10s -s bench/scripts/search-queries.lua $URL > /dev/null
for run in 1 2; do
  stamp "wrk closed loop, 8 connections, query cache off, run $run"
  wrk -t2 -c8 -d30s --latency -s bench/scripts/search-queries.lua $URL | grep -E "Latency|50%|90%|99%|requests in|Requests/sec|Non-2xx|Socket errors"
done
for rate in 100 200 300 400; do
  stamp "offered $rate/s from 8 clients, query cache off"
  "${J[@]}" -cp "$CP" dev.vamana.server.tools.HttpLoadGenerator $URL wordnet "$D/wordnet-minilm-dev_query.txt" 8 30 text 5 $rate 2>&1 | grep -v WARNING | tail -1
done
stamp "wrk 60 s, 16 connections, query cache off"
wrk -t2 -c16 -d60s --latency -s bench/scripts/search-queries.lua $URL | grep -E "Latency|50%|99%|requests in|Requests/sec|Non-2xx|Socket errors"
stop
serve
wrk -t2 -c16 -d10s -s bench/scripts/search-queries.lua $URL > /dev/null
stamp "wrk 60 s, 16 connections, query cache on (default)"
wrk -t2 -c16 -d60s --latency -s bench/scripts/search-queries.lua $URL | grep -E "Latency|50%|99%|requests in|Requests/sec|Non-2xx|Socket errors"
stop
