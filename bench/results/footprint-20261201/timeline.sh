#!/usr/bin/env bash
# timeline.sh ROOT OUT : every 1 s, RSS/HWM of each service JVM of that repo; stops when bench exits
root=$1; out=$2; seen=0
while :; do
  if pgrep -f "stocksync.root=$root .*BenchMain" >/dev/null; then seen=1; elif [ $seen = 1 ]; then break; fi
  for svc in ingest ledger propagator; do
    for pid in $(pgrep -f "$root/$svc-service/target/$svc-service-.*-exec.jar"); do
      s=$(awk '/^VmRSS|^VmHWM|^RssAnon|^RssFile|^Threads/ {printf "%s %s ", $1, $2}' /proc/$pid/status 2>/dev/null)
      [ -n "$s" ] && echo "$(date -u +%T) $svc $pid $s"
    done
  done >> "$out"
  sleep 1
done
