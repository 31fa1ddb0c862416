#!/usr/bin/env bash
# The SSD index scale run of docs/ssd-index.md: 2,000,000 x 128 synthetic clustered vectors, a
# partitioned build under --build-memory 1000M with the process's memory sampled every second
# (VmRSS, RssAnon, RssFile from /proc), native memory tracking summaries every 2 minutes, then the
# search sweep against exact ground truth. Usage: bench/scripts/scale-build-memory.sh WORK_DIR
# (about 2 GB for the data, 1.8 GB for the index). Run it alone: it uses both cores for ~20 min.
# N=... and BUDGET=... in the environment change the size (default 2000000) and the budget (1000M).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
W="${1:?usage: $0 WORK_DIR}"
mkdir -p "$W"
V="$ROOT/vamana"
N="${N:-2000000}"
BUDGET="${BUDGET:-1000M}"
[[ -f "$W/base2m.fvecs" ]] || "$V" synth --out "$W/base2m.fvecs" --n "$N" --dim 128 --seed 7
[[ -f "$W/query.fvecs" ]] || "$V" synth --out "$W/query.fvecs" --n 1000 --dim 128 --seed 99
[[ -f "$W/gt.ivecs" ]] || "$V" groundtruth --data "$W/base2m.fvecs" --queries "$W/query.fvecs" --metric l2 --k 10 --out "$W/gt.ivecs"
rm -rf "$W/idx"
VAMANA_JAVA_OPTS="${VAMANA_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary" /usr/bin/time -v "$V" build-disk \
  --data "$W/base2m.fvecs" --metric l2 --R 64 --L 100 --alpha 1.2 --pq-bytes 48 --build-memory "$BUDGET" --threads 2 \
  --out "$W/idx" > "$W/build.out" 2> "$W/build.err" &
sleep 3
PID=$(pgrep -f "vamana.jar build-disk" | head -1)
: > "$W/samples.txt"
n=0
while kill -0 "$PID" 2>/dev/null; do
  awk '/^(VmRSS|RssAnon|RssFile|VmHWM):/ {printf "%s=%s ", $1, $2} END {print ""}' "/proc/$PID/status" >> "$W/samples.txt" 2>/dev/null || true
  n=$((n + 1))
  if (( n % 120 == 60 )); then "${JAVA_HOME:+$JAVA_HOME/bin/}jcmd" "$PID" VM.native_memory summary > "$W/nmt-$n.txt" 2>&1 || true; fi
  sleep 1
done
wait || true
cat "$W/build.out"; grep -E "Maximum resident|Elapsed" "$W/build.err"
awk '{for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[2] > max[kv[1]]) max[kv[1]] = kv[2] } }
  END { for (k in max) printf "peak %s %s kB\n", k, max[k] }' "$W/samples.txt"
"$V" search-disk --index "$W/idx" --queries "$W/query.fvecs" --gt "$W/gt.ivecs" --k 10 --L 20,40,80,160 --W 4 --cache-nodes 10000
du -sb "$W/idx"
