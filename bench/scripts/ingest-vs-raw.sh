#!/usr/bin/env bash
# Ingest throughput against raw embedding throughput in one sitting (docs/BENCHMARKS-search.md): raw embedding of all
# passages of the WordNet dev corpus, then ROUNDS times the ingest of the same lines (into a fresh data folder each
# time) followed by raw again. Each ingest's rate is divided by the mean of the raw runs just before and after it,
# and the script ends with every ratio and their median, which this machine's noise (raw alone moves by 10-20%
# between runs) affects less than one ratio.
# Usage: [ROUNDS=1] bench/scripts/ingest-vs-raw.sh [DATA_DIR] (default ../shared/data/wordnet-minilm-dev).
# Needs `./mvnw -B -ntp install` first (the CLI jar and server test classes). Run it alone (~4 min per round).
source "$(dirname "${BASH_SOURCE[0]}")/wordnet-env.sh"
ROUNDS=${ROUNDS:-1}
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a positive whole number, got '$ROUNDS'" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
stamp() { echo "### $1 $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"; }
raw_rate() { # runs raw, prints its line, leaves the rate in $rate
  local line; line=$(raw | tail -1); echo "$line"
  rate=$(sed -E 's/.*passages_per_s=([0-9.]+).*/\1/' <<< "$line")
}
stamp raw; raw_rate; before=$rate
ratios=()
for r in $(seq "$ROUNDS"); do
  stamp "ingest $r"
  rm -rf "$OUT/data"
  log=$(/usr/bin/time -f "ingest process: %e s wall, %U s user, %S s sys, %P CPU, %M KB peak RSS" "${J[@]}" -jar cli/target/vamana.jar \
      ingest "$D/wordnet-minilm-dev_base.txt" --lines --collection wordnet --data "$OUT/data" 2>&1 \
    | grep -v WARNING | tr "\r" "\n" | grep -v "^\s*$" | tail -3)
  echo "$log"
  ingest=$(grep -oE '\(([0-9.]+) chunks/s\)' <<< "$log" | tr -dc '0-9.' || true)
  [[ -n "$ingest" ]] || { echo "ingest $r failed: no chunks/s in its output (above)" >&2; exit 1; }
  stamp raw; raw_rate
  ratios+=("$(awk -v i="$ingest" -v a="$before" -v b="$rate" 'BEGIN { printf "%.1f", 200 * i / (a + b) }')")
  echo "ingest $r: $ingest chunks/s against raw $before and $rate passages/s: ${ratios[-1]}%"
  before=$rate
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END {
  m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "ingest / raw over %d rounds: median %.1f%% (", NR, m; for (i = 1; i <= NR; i++) printf "%s%s", v[i], i < NR ? ", " : ")\n" }'
