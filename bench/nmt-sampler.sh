#!/usr/bin/env bash
# Samples the services of a running bench (started with -XX:NativeMemoryTracking=summary in --jvmOptions): every
# INTERVAL seconds, for each ingest/ledger/propagator JVM started from this repository, the RSS from /proc; whenever a
# process reaches a new peak RSS (8 MB above the last one saved), its NMT summary, /proc/<pid>/status and smaps_rollup and its thread count are saved
# to OUT/<service>-<pid>.txt (so the file shows NMT at that process's highest RSS seen). Stops when the bench exits.
#   bench/nmt-sampler.sh OUT [INTERVAL]      (docs/jvm-options.md, "Measurements")
set -u
out=${1:?usage: nmt-sampler.sh OUT [INTERVAL]}
interval=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
jcmd="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/jcmd"
mkdir -p "$out"
declare -A peak
seen_bench=0
while :; do
  if pgrep -f "stocksync.root=$root .*BenchMain" >/dev/null; then seen_bench=1
  elif [ "$seen_bench" = 1 ]; then break; fi
  for svc in ingest ledger propagator; do
    for pid in $(pgrep -f "$root/$svc-service/target/$svc-service-.*-exec.jar"); do
      rss=$(awk '/^VmRSS/ {print $2}' /proc/"$pid"/status 2>/dev/null) || continue
      [ -n "$rss" ] || continue
      if [ "$rss" -gt $(( ${peak[$pid]:-0} + 8192 )) ]; then
        peak[$pid]=$rss
        f="$out/$svc-$pid.txt"
        {
          echo "# $(date -u +%FT%TZ) $svc pid $pid VmRSS $rss kB"
          grep -E '^(VmHWM|VmRSS|RssAnon|RssFile|RssShmem|Threads)' /proc/"$pid"/status
          echo "# smaps_rollup"; cat /proc/"$pid"/smaps_rollup 2>/dev/null
          echo "# java threads: $("$jcmd" "$pid" Thread.print 2>/dev/null | grep -c '^"')"
          "$jcmd" "$pid" VM.native_memory summary 2>&1
        } > "$f.tmp" && mv "$f.tmp" "$f"
      fi
    done
  done
  sleep "$interval"
done
