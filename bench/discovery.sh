#!/usr/bin/env bash
# discovery.sh -- issue 4's benchmark, loopback only:
#   1. DHT: time for a trackerless magnet to find its first peer and to get its metadata in a loopback DHT of
#      8, 32 and 128 nodes (dev.reel.bench.DhtDiscoveryBench, several runs per size, median [min..max]);
#   2. web seed: a web-seed-only `reel download` (url-list, no tracker, --no-dht) of a 256 MiB file against
#      `curl -o /dev/null` of the same file from the same local HTTP server (dev.reel.bench.WebSeedServe), ratio.
#
# Usage: bench/discovery.sh [--dht-only|--webseed-only] [--sizes 8,32,128] [--dht-runs 5] [--runs 3] [--size-mib 256]
# Logs and the raw RESULT lines stay in /tmp/reel-bench/discovery-<timestamp>/.
# Reel runs through the ./reel launcher, as a user runs it (on JDK 25+ with its AOT cache, made before the first
# timed run); REEL_CMD overrides it, e.g. REEL_CMD="java -jar app/target/reel-app-0.1.0-SNAPSHOT.jar" for a bare JVM.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$here")"
SIZES=8,32,128 DHT_RUNS=5 RUNS=3 SIZE_MIB=256 DO_DHT=1 DO_WS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --dht-only) DO_WS=0 ;;
    --webseed-only) DO_DHT=0 ;;
    --sizes) SIZES=$2; shift ;;
    --dht-runs) DHT_RUNS=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --size-mib) SIZE_MIB=$2; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
RUN=/tmp/reel-bench/discovery-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$RUN"
log "run directory $RUN"

log "building (app, bench and the engine with its test kit)"
(cd "$root" && JAVA_HOME=$JAVA_HOME ./mvnw -q -B -DskipTests -pl app,bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=runtime) >"$RUN/build.log" 2>&1 \
  || { cat "$RUN/build.log" >&2; exit 1; }
CP="$root/bench/target/classes:$(cat "$root/bench/target/cp.txt")"
REEL_JAR="$root/app/target/reel-app-0.1.0-SNAPSHOT.jar"
echo "commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo '+dirty')" | tee "$RUN/results.txt"
echo "load $(cut -d' ' -f1-3 /proc/loadavg) cores $(nproc)" | tee -a "$RUN/results.txt"

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print v[(NR+1)/2]} else {print (v[NR/2]+v[NR/2+1])/2}}'; }
minmax() { sort -g | awk 'NR==1{a=$1} {b=$1} END {printf "%s..%s", a, b}'; }

if [ "$DO_DHT" = 1 ]; then
  log "DHT: sizes $SIZES, $DHT_RUNS runs each"
  "$JAVA" -cp "$CP" dev.reel.bench.DhtDiscoveryBench --sizes "$SIZES" --runs "$DHT_RUNS" --dir "$RUN/dht" \
    2>"$RUN/dht.log" | tee -a "$RUN/results.txt"
fi

if [ "$DO_WS" = 1 ]; then
  srv_pid=
  cleanup() { if [ -n "$srv_pid" ]; then kill "$srv_pid" 2>/dev/null || true; fi; }
  trap cleanup EXIT
  mkdir -p "$RUN/www"
  name=webseed-bench.bin
  log "web seed: writing a $SIZE_MIB MiB file"
  head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom >"$RUN/www/$name"
  "$JAVA" -cp "$CP" dev.reel.bench.WebSeedServe "$RUN/www" 3600 >"$RUN/server.log" 2>&1 &
  srv_pid=$!
  for _ in $(seq 1 100); do grep -q '^URL ' "$RUN/server.log" && break; sleep 0.1; done
  base=$(awk '/^URL /{print $2}' "$RUN/server.log")
  [ -n "$base" ] || { cat "$RUN/server.log" >&2; exit 1; }
  url="$base$name"
  log "serving $url"
  # A torrent whose only source is the web seed: url-list = the folder URL (BEP 19: base + name), no announce.
  "$JAVA" -jar "$REEL_JAR" create "$RUN/www/$name" --webseed "$base" -o "$RUN/ws.torrent" >"$RUN/create.log" 2>&1
  cat "$RUN/www/$name" >/dev/null   # page cache warm for every client alike
  curl -s -o /dev/null "$url"       # server JIT warm-up, not timed

  REEL_CMD=${REEL_CMD:-$root/reel}
  # shellcheck disable=SC2086  # REEL_CMD is a word list on purpose
  $REEL_CMD --version >"$RUN/reel-warmup.log" 2>&1   # builds if needed and makes the launcher's AOT cache, untimed
  echo "reel command: $REEL_CMD" | tee -a "$RUN/results.txt"
  # timed LABEL CMD... : wall and CPU (user+sys) seconds of CMD, appended to $RUN/ws-LABEL.txt
  timed() {
    local label=$1; shift
    /usr/bin/time -f '%e %U %S' -o "$RUN/time.tmp" "$@" >>"$RUN/ws-$label.log" 2>&1
    awk '{printf "%s %.2f\n", $1, $2 + $3}' "$RUN/time.tmp" >>"$RUN/ws-$label.txt"
  }
  for i in $(seq 1 "$RUNS"); do
    timed curl-null curl -s -o /dev/null "$url"
    rm -f "$RUN/curl.out"
    timed curl-file curl -s -o "$RUN/curl.out" "$url"
    rm -rf "$RUN/dl"
    # shellcheck disable=SC2086
    timed reel $REEL_CMD download "$RUN/ws.torrent" --no-dht -q -o "$RUN/dl"
    cmp "$RUN/www/$name" "$RUN/dl/$name" || { echo "reel run $i: output differs" >&2; exit 1; }
    # shellcheck disable=SC2086
    timed reel-version $REEL_CMD --version
    for l in curl-null curl-file reel reel-version; do
      echo "RESULT webseed client=$l run=$i $(tail -1 "$RUN/ws-$l.txt" | awk -v m="$SIZE_MIB" '{printf "secs=%s MiBps=%.1f cpu_s=%s", $1, m / $1, $2}')"
    done | tee -a "$RUN/results.txt"
  done
  rm -f "$RUN/curl.out"
  rm -rf "$RUN/dl"
  c=$(cut -d' ' -f1 "$RUN/ws-curl-null.txt" | median)
  f=$(cut -d' ' -f1 "$RUN/ws-curl-file.txt" | median)
  r=$(cut -d' ' -f1 "$RUN/ws-reel.txt" | median)
  v=$(cut -d' ' -f1 "$RUN/ws-reel-version.txt" | median)
  {
    echo "SUMMARY webseed size_mib=$SIZE_MIB runs=$RUNS (median [min..max] seconds)"
    echo "  curl -o /dev/null : $c [$(cut -d' ' -f1 "$RUN/ws-curl-null.txt" | minmax)] $(awk -v m="$SIZE_MIB" -v s="$c" 'BEGIN{printf "%.1f MiB/s", m/s}')"
    echo "  curl -o file      : $f [$(cut -d' ' -f1 "$RUN/ws-curl-file.txt" | minmax)] $(awk -v m="$SIZE_MIB" -v s="$f" 'BEGIN{printf "%.1f MiB/s", m/s}')"
    echo "  reel download     : $r [$(cut -d' ' -f1 "$RUN/ws-reel.txt" | minmax)] $(awk -v m="$SIZE_MIB" -v s="$r" 'BEGIN{printf "%.1f MiB/s", m/s}')"
    echo "  reel --version    : $v (JVM start-up, included in reel download)"
    awk -v r="$r" -v c="$c" -v f="$f" -v v="$v" 'BEGIN{printf "  ratio reel/curl(/dev/null) = %.2f, reel/curl(file) = %.2f, (reel - start-up)/curl(/dev/null) = %.2f\n", r/c, r/f, (r-v)/c}'
  } | tee -a "$RUN/results.txt"
  sleep 0.5   # the server prints its request log on exit
  cleanup; srv_pid=
  sleep 1
  log "requests served: $(grep -c "^REQUEST" "$RUN/server.log") (ranges in $RUN/server.log)"
fi
log "done: $RUN/results.txt"
