#!/usr/bin/env bash
# Ingest throughput against raw embedding throughput in one sitting (docs/BENCHMARKS-search.md):
# raw embedding of all passages of the WordNet dev corpus, the ingest of the same lines, raw again.
# Usage: bench/scripts/ingest-vs-raw.sh [DATA_DIR] (default ../shared/data/wordnet-minilm-dev).
# Needs `./mvnw -B -ntp install` first (the CLI jar and server test classes). Run it alone (~6 min).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
D="${1:-$ROOT/../shared/data/wordnet-minilm-dev}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
J=("$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC)
CP=cli/target/vamana.jar:server/target/test-classes
N=$(wc -l < "$D/wordnet-minilm-dev_base.txt")
OUT=$(mktemp -d)
for step in raw ingest raw; do
  echo "### $step $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  if [[ $step == raw ]]; then
    "${J[@]}" -cp "$CP" dev.vamana.server.tools.EmbedThroughput "$D/wordnet-minilm-dev_base.txt" "$N" 2 2>&1 | grep -v WARNING
  else
    "${J[@]}" -jar cli/target/vamana.jar ingest "$D/wordnet-minilm-dev_base.txt" --lines --collection wordnet --data "$OUT" 2>&1 \
      | grep -v WARNING | tr '\r' '\n' | grep -v '^\s*$' | tail -2
  fi
done
rm -rf "$OUT"
