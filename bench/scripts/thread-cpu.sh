#!/usr/bin/env bash
# CPU seconds of one process by thread name (JIT compiler threads, GC threads, the model's threads, ...), which the
# JVM's own counters do not show for its internal threads. Runs COMMAND, samples /proc/PID/task/*/stat every 0.5 s
# and, when the command ends, prints the command's output and then the last sample summed by thread name (trailing
# digits dropped, so "embed-0" and "embed-1" add up). Threads that end between samples lose up to 0.5 s of CPU.
# Exits with the command's exit status.
# Usage: bench/scripts/thread-cpu.sh COMMAND [ARGS...]   e.g. thread-cpu.sh java ... -jar cli/target/vamana.jar ingest ...
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
OUT=$(mktemp)
"$@" > "$OUT" 2>&1 &
P=$!
declare -A last
while kill -0 $P 2>/dev/null; do
  for f in /proc/$P/task/*/stat; do
    s=$(cat "$f" 2>/dev/null) || continue
    tid=${f#/proc/$P/task/}; tid=${tid%/stat}
    name=${s#*(}; name=${name%)*}
    read -r -a rest <<< "${s##*) }"
    last[$tid]="$name|$(( rest[11] + rest[12] ))" # utime + stime, in clock ticks
  done
  sleep 0.5
done
rc=0; wait $P || rc=$?
cat "$OUT"; rm -f "$OUT"
tick=$(getconf CLK_TCK)
for k in "${!last[@]}"; do echo "${last[$k]}"; done | awk -F'|' -v t="$tick" '
  { n = $1; sub(/[-#]?[0-9]+$/, "", n); s[n] += $2; all += $2 }
  END { for (k in s) printf "%8.1f s  %s\n", s[k] / t, k; printf "%8.1f s  (all threads)\n", all / t }' | sort -rn
exit $rc
