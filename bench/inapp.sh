#!/usr/bin/env bash
# inapp.sh -- the first MiB in a running app: `reel serve` is already up, a play request comes in over its HTTP
# API, and the clock runs until the stream URL has delivered bytes 0..1048575. One python3-libtorrent seed.
#
#   bench/inapp.sh [--runs 5] [--variants "magnet torrent"] [--cap-kib 0] [--seeks 0] [--seed 42] [--work DIR]
#
# --cap-kib N caps the seed's upload at N KiB/s (bench/stream.sh's capped swarm: --cap-kib 450); --seeks N then
# times N ranged GETs of 1 MiB at not-yet-downloaded offsets (the offsets of bench/stream.sh, same --seed) on the same
# stream URL, each from its request to its last byte. Floors: the whole pieces under a range / the cap.
#
# Per run: a fresh torrent of the fixture (own name, so own info-hash: nothing of it is in Reel's cache), one
# libtorrent seed for it (uncapped unless --cap-kib) on 127.0.0.1 (announced to an opentracker on 127.0.0.1), then lib/inapp_probe.py: t0 just before POST /api/play {magnet}
# (the magnet carries x.pe=127.0.0.1:<seed port>), or before POST /api/torrents <.torrent bytes> + POST /api/play
# {torrentId}; then GET streamUrl with Range bytes=0-1048575, bytes checked against the fixture; then the session,
# its cache entry and the torrent are deleted. Fixture: /tmp/reel-bench-stream/data/video.mp4 (bench/stream.sh)
# if present, else a 20 s 720p ffmpeg video. Default work folder: /tmp/reel-bench-inapp. Loopback only.
# Environment: JAVA_HOME, TTL (per background process, default 1800 s), PEERLOG=1 (the seed writes its wire log
# with wall-clock times to seed-N.peerlog in the run folder).
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
# shellcheck source=bench/lib/common.sh
. "$BENCH/lib/common.sh"

WORK=${BENCH_WORK:-/tmp/reel-bench-inapp}
RUNS=5 VARIANTS="magnet torrent" CAP=0 SEEKS=0 SEED=42
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --variants) VARIANTS=$2; shift 2 ;;
    --cap-kib) CAP=$2; shift 2 ;;
    --seeks) SEEKS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
done
for tool in ffmpeg mktorrent opentracker timeout curl; do
  command -v "$tool" >/dev/null || die "missing $tool (Debian: ffmpeg mktorrent opentracker coreutils curl)"
done
"$PY" -c 'import libtorrent' 2>/dev/null || die "missing python3-libtorrent for $PY"

RUN=$WORK/run-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$RUN/seed" "$RUN/torrents" "$RUN/reel-data"
trap 'stop_all' EXIT INT TERM

# ---------- fixture ----------
FIX=/tmp/reel-bench-stream/data/video.mp4
if [ ! -s "$FIX" ]; then
  FIX=$WORK/video.mp4
  if [ ! -s "$FIX" ]; then
    log "making the fixture (ffmpeg, 20 s 720p ~3 Mbit/s)"
    timeout 600 ffmpeg -hide_banner -loglevel error -y \
      -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=20" \
      -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=20" \
      -vf "noise=alls=12:allf=t" -c:v libx264 -threads 2 -preset veryfast \
      -b:v 3000k -maxrate 3000k -bufsize 6000k -g 60 -pix_fmt yuv420p \
      -c:a aac -b:a 128k -map_metadata -1 -movflags +faststart "$FIX.tmp.mp4"
    mv "$FIX.tmp.mp4" "$FIX"
  fi
fi

# ---------- Reel ----------
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
(cd "$ROOT" && ./reel --version) >/dev/null 2>&1 || die "Reel does not build (run ./reel --version)"

NV=$(echo "$VARIANTS" | wc -w)
BASE=$(pick_port_base $((3 + RUNS * NV))) || die "no free port block"
HTTP=$BASE
{
  echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "reel: $(git -C "$ROOT" describe --always --dirty 2>/dev/null)  java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo "libtorrent: $("$PY" -c 'import libtorrent as lt; print(lt.__version__)')"
  echo "fixture: $FIX $(stat -c %s "$FIX") bytes, 256 KiB pieces; seed upload cap: ${CAP} KiB/s (0 = none); seeks: $SEEKS"
} | tee "$RUN/versions.txt" >&2

start_bg reel "$ROOT/reel" serve --no-browser --http-port "$HTTP" --port 0 --data-dir "$RUN/reel-data"
for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$HTTP/api/token" >/dev/null 2>&1 && break
  alive_bg reel || die "reel serve exited: $(tail -5 "$(logf reel)")"
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$HTTP/api/token" >/dev/null || die "reel serve does not answer on $HTTP"
log "reel serve on http://127.0.0.1:$HTTP"

# ---------- torrents (one per run: own name, own info-hash), tracker ----------
TP=$((BASE + 1))
n=0; PLAN=()
for i in $(seq 1 "$RUNS"); do
  for v in $VARIANTS; do
    n=$((n + 1))
    name="inapp-$v-$i-$(date +%s%N).mp4"
    ln "$FIX" "$RUN/seed/$name" 2>/dev/null || cp "$FIX" "$RUN/seed/$name"
    mktorrent -l 18 -a "http://127.0.0.1:$TP/announce" -o "$RUN/torrents/$n.torrent" "$RUN/seed/$name" >/dev/null
    PLAN+=("$n $v $i")
  done
done
mkdir -p "$RUN/tracker"
for t in "$RUN"/torrents/*.torrent; do
  "$PY" -c 'import libtorrent as lt,sys; print(lt.torrent_info(sys.argv[1]).info_hash())' "$t"
done >"$RUN/tracker/whitelist.txt"
# Debian's opentracker is whitelist-only and chroots into -d before reading the list (see download.sh)
echo "access.whitelist whitelist.txt" >"$RUN/tracker/opentracker.conf"
chmod 755 "$RUN/tracker"; chmod 644 "$RUN"/tracker/*
start_bg tracker opentracker -f "$RUN/tracker/opentracker.conf" -i 127.0.0.1 -p "$TP" -P "$TP" -d "$RUN/tracker" -u nobody
wait_port "$TP" 10 || die "opentracker did not start (see $(logf tracker))"

# ---------- runs ----------
# The .torrent variant finds the seed through the tracker (announce on 127.0.0.1), the magnet through x.pe.
OUT=$RUN/results.jsonl
for row in "${PLAN[@]}"; do
  read -r n v i <<<"$row"
  t=$RUN/torrents/$n.torrent
  sp=$((BASE + 1 + n))
  start_bg "seed-$n" "$PY" "$BENCH/lib/lt_stream.py" seed "$t" "$RUN/seed" --port "$sp" --up-kbps "$CAP" ${PEERLOG:+--peer-log "$RUN/seed-$n.peerlog"}
  wait_log "seed-$n" '^READY' 120 || die "seed $n not ready: $(tail -5 "$(logf "seed-$n")")"
  sleep 1   # let the seed's first announce reach the tracker
  if [ "$v" = magnet ]; then
    hash=$("$PY" -c 'import libtorrent as lt,sys; print(lt.torrent_info(sys.argv[1]).info_hash())' "$t")
    src=(--magnet "magnet:?xt=urn:btih:$hash&x.pe=127.0.0.1:$sp")
  else
    src=(--torrent "$t")
  fi
  timeout 600 "$PY" "$BENCH/lib/inapp_probe.py" --base "http://127.0.0.1:$HTTP" --fixture "$FIX" \
    --label "$v-$i" --cap-kib "$CAP" --seeks "$SEEKS" --seed "$SEED" "${src[@]}" | tee -a "$OUT" || log "run $v-$i failed"
  stop_bg "seed-$n"
done
stop_bg reel
"$PY" - "$OUT" <<'PY' | tee "$RUN/summary.md"
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
capped = any(r.get('capKiB') for r in rows)
if capped:
    print('| variant | runs | first MiB median | min | max | floor | median × floor | bytes verified |')
    print('|---|---|---|---|---|---|---|---|')
else:
    print('| variant | runs | first MiB median | min | max | all ≤ 0.5 s | bytes verified |')
    print('|---|---|---|---|---|---|---|')
for v in sorted({r['variant'] for r in rows}):
    rs = [r for r in rows if r['variant'] == v]
    xs = [r['firstMiB'] for r in rs]
    ok = all(r['ok'] and r.get('seekOk', True) for r in rs)
    m = statistics.median(xs)
    tail = (f"| {rs[0]['floor']:.2f} s | {m / rs[0]['floor']:.2f} |" if capped
            else f"| {'yes' if max(xs) <= 0.5 else 'no'} |")
    print(f"| {v} | {len(xs)} | {m:.3f} s | {min(xs):.3f} s | {max(xs):.3f} s {tail} {'yes' if ok else 'NO'} |")
seeks = [r for r in rows if r.get('seekTimes')]
if seeks:
    print()
    print('| variant | runs | seeks | already there (< 0.1 s) | mean of the others | their floor | × floor | median, all | max |')
    print('|---|---|---|---|---|---|---|---|---|')
    for v in sorted({r['variant'] for r in seeks}):
        rs = [r for r in seeks if r['variant'] == v]
        ts = [x for r in rs for x in r['seekTimes']]
        fl = [f for r in rs for x, f in zip(r['seekTimes'], r.get('seekFloors', [])) if x >= 0.1]
        cold = [x for x in ts if x >= 0.1]
        mc = statistics.mean(cold) if cold else float('nan')
        mf = statistics.mean(fl) if fl else float('nan')
        print(f"| {v} | {len(rs)} | {len(ts)} | {len(ts) - len(cold)} | {mc:.2f} s | {mf:.2f} s | {mc / mf:.2f} "
              f"| {statistics.median(ts):.2f} s | {max(ts):.2f} s |")
PY
log "logs and results in $RUN"
