#!/usr/bin/env bash
# stream.sh -- streaming benchmark on a loopback swarm: Reel vs python3-libtorrent (set_piece_deadline) vs
# webtorrent vs peerflix, each launched against a fresh, identical swarm (tracker + one upload-capped libtorrent seed).
#
#   bench/stream.sh [--clients "reel lt wt pf"] [--cap-kib 450] [--seeks 10] [--seed 42] [--stall-mults 1.5,3]
#                   [--uncapped-runs 3] [--only ttfb,magnet,uncapped,stall] [--serial-stalls] [--work DIR]
#
# Measures (times from the client's launch; details and definitions in docs/BENCHMARKS.md):
#   ttfb      1 MiB at offset 0 with a .torrent, then 1 MiB at --seeks seeded random offsets (descending);
#   magnet    1 MiB at offset 0 with a magnet link;
#   uncapped  1 MiB at offset 0 on an uncapped seed;
#   stall     a reader paced at the video's bitrate over the whole file, seed capped at 1.5x and 3x that bitrate.
# Fixture: a 90 s 1280x720 H.264/AAC MP4 (~3.1 Mbit/s, faststart) made by ffmpeg, 256 KiB pieces; kept in
# --work/data between runs. npm clients (webtorrent-cli 5.1.3, peerflix 0.39.0, bittorrent-tracker 11.2.3) are
# installed into --work/npm on first use. Default work folder: /tmp/reel-bench-stream. Not part of ./mvnw verify.
# Environment: REEL_CMD (default: java -jar app/target/reel-app-*.jar), JAVA_HOME, TTL (per process, default 1800 s).
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
# shellcheck source=bench/lib/common.sh
. "$BENCH/lib/common.sh"

WORK=${BENCH_WORK:-/tmp/reel-bench-stream}
ARGS=(); PAR=1
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case $1 in
    --clients|--cap-kib|--seeks|--seed|--stall-mults|--uncapped-runs|--only) ARGS+=("$1" "$2"); shift 2 ;;
    --serial-stalls) PAR=0; shift ;;
    --work) WORK=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
done
for tool in ffmpeg ffprobe mktorrent node npm timeout; do
  command -v "$tool" >/dev/null || die "missing $tool (Debian: ffmpeg mktorrent nodejs npm coreutils)"
done
"$PY" -c 'import libtorrent' 2>/dev/null || die "missing python3-libtorrent for $PY"

DATA=$WORK/data NPM=$WORK/npm
mkdir -p "$DATA" "$NPM/tracker" "$NPM/wt" "$NPM/peerflix"

# ---------- npm clients (into the work folder, never into the repository) ----------
if [ ! -d "$NPM/tracker/node_modules/bittorrent-tracker" ]; then
  log "npm: bittorrent-tracker 11.2.3"
  # --ignore-scripts: node-datachannel (WebRTC) would download a prebuilt binary
  (cd "$NPM/tracker" && npm install --no-audit --no-fund --ignore-scripts bittorrent-tracker@11.2.3 >/dev/null)
fi
if [ ! -d "$NPM/wt/node_modules/webtorrent" ]; then
  log "npm: webtorrent-cli 5.1.3 (webtorrent 2.8.5)"
  # simple-peer 9.12.1: 10.x pulls a native WebRTC module; uint8-util 2.2.5: 2.3.x breaks webtorrent 2.8.5's arr2hex
  cat >"$NPM/wt/package.json" <<'JSON'
{ "name": "wt", "private": true,
  "dependencies": { "webtorrent-cli": "5.1.3" },
  "overrides": { "@thaunknown/simple-peer": "9.12.1", "uint8-util": "2.2.5" } }
JSON
  (cd "$NPM/wt" && npm install --no-audit --no-fund --ignore-scripts >/dev/null)
fi
if [ ! -d "$NPM/peerflix/node_modules/peerflix" ]; then
  log "npm: peerflix 0.39.0"
  (cd "$NPM/peerflix" && npm install --no-audit --no-fund peerflix@0.39.0 >/dev/null)
fi

# ---------- fixture ----------
FIX=$DATA/video.mp4
if [ ! -s "$FIX" ]; then
  log "making the fixture (ffmpeg, 90 s 720p ~3 Mbit/s; a few minutes)"
  # testsrc2 + temporal noise so that x264 really spends the bitrate; bitexact: same bytes on the same build
  timeout 1200 ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=90" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=90" \
    -vf "noise=alls=12:allf=t" -c:v libx264 -threads 2 -preset veryfast \
    -b:v 3000k -maxrate 3000k -bufsize 6000k -g 60 -pix_fmt yuv420p \
    -c:a aac -b:a 128k -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1 \
    -movflags +faststart "$FIX.tmp.mp4"
  mv "$FIX.tmp.mp4" "$FIX"
fi
TORRENT=$DATA/video.mp4.torrent
[ -s "$TORRENT" ] || mktorrent -l 18 -a http://127.0.0.1:1/announce -o "$TORRENT" "$FIX" >/dev/null
DUR=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$FIX")

# ---------- Reel ----------
if [ -z "${REEL_CMD:-}" ]; then
  if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
  (cd "$ROOT" && ./reel --version) >/dev/null 2>&1 || die "Reel does not build (run ./reel --version)"
  REEL_CMD="${JAVA_HOME:+$JAVA_HOME/bin/}java ${REEL_JAVA_OPTS:-} -jar $ROOT/app/target/reel-app-0.1.0-SNAPSHOT.jar"
fi

RUN=$WORK/run-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$RUN"
{
  echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "reel: $(git -C "$ROOT" describe --always --dirty 2>/dev/null)  java: $(${JAVA_HOME:+$JAVA_HOME/bin/}java -version 2>&1 | head -1)"
  echo "libtorrent: $("$PY" -c 'import libtorrent as lt; print(lt.__version__)')  webtorrent: $(node -p "require('$NPM/wt/node_modules/webtorrent/package.json').version")  peerflix: $(node -p "require('$NPM/peerflix/node_modules/peerflix/package.json').version")  torrent-stream: $(node -p "require('$NPM/peerflix/node_modules/torrent-stream/package.json').version")"
  echo "fixture: $FIX $(stat -c %s "$FIX") bytes, $DUR s"
} | tee "$RUN/versions.txt" >&2
[ "$PAR" = 1 ] && ARGS+=(--parallel-stalls 1) || ARGS+=(--parallel-stalls 0)
timeout -k 10 "${BENCH_TIMEOUT:-3600}" "$PY" "$BENCH/lib/stream_bench.py" --fixture "$FIX" --torrent "$TORRENT" \
  --duration "$DUR" --work "$RUN" --npm "$NPM" --reel "$REEL_CMD" --out "$RUN/results.jsonl" "${ARGS[@]}" \
  | tee "$RUN/results.txt"
"$PY" "$BENCH/lib/stream_summary.py" "$RUN/results.jsonl" | tee "$RUN/summary.md"
log "logs and results in $RUN"
