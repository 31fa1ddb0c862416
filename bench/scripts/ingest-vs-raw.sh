#!/usr/bin/env bash
# Ingest throughput against raw embedding throughput in one sitting (docs/BENCHMARKS-search.md):
# raw embedding of all passages of the WordNet dev corpus, the ingest of the same lines, raw again.
# Usage: bench/scripts/ingest-vs-raw.sh [DATA_DIR] (default ../shared/data/wordnet-minilm-dev).
# Needs `./mvnw -B -ntp install` first (the CLI jar and server test classes). Run it alone (~6 min).
source "$(dirname "${BASH_SOURCE[0]}")/wordnet-env.sh"
OUT=$(mktemp -d)
for step in raw ingest raw; do
  echo "### $step $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  if [[ $step == raw ]]; then
    raw
  else
    /usr/bin/time -f "ingest process: %e s wall, %U s user, %S s sys, %P CPU, %M KB peak RSS" "${J[@]}" -jar cli/target/vamana.jar ingest "$D/wordnet-minilm-dev_base.txt" --lines --collection wordnet --data "$OUT" 2>&1 \
      | grep -v WARNING | tr "\r" "\n" | grep -v "^\s*$" | tail -3
  fi
done
rm -rf "$OUT"
