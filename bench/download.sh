#!/usr/bin/env bash
# download.sh -- full-download benchmark on a loopback swarm: Reel vs python3-libtorrent vs aria2 vs Transmission.
#
#   bench/download.sh [--size MiB] [--piece-kib K] [--seeds "lt aria tr"]... [--runs N]
#                     [--clients "reel lt aria tr"] [--work DIR] [--keep]
#
# For each --seeds set (repeatable; default two scenarios: "lt" and "lt aria tr"):
#   tracker (opentracker, 127.0.0.1, info-hash whitelisted) + the seeds, kept up for the whole scenario;
#   then N rounds, each client once per round (order rotates every round), each into a fresh folder:
#   wall time from launch to verified completion, user+sys CPU of the client, cmp against the fixture.
# Prints one RESULT line per download, then a table of medians (seconds, MiB/s, CPU s per GB, ratios to
# libtorrent). Everything is written under --work (default /tmp/reel-bench); logs stay in its run-* folder.
# Seeds: lt = python3-libtorrent, aria = aria2, tr = transmission-daemon. Clients: the same plus reel.
# Environment: REEL_CMD (default: the ./reel launcher), REEL_ARGS (extra Reel options),
# REEL_JAVA_OPTS, DL_TIMEOUT (per download, default 300 s), JAVA_HOME.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
# shellcheck source=bench/lib/common.sh
. "$BENCH/lib/common.sh"

SIZE_MIB=256; PIECE_KIB=256; RUNS=3; CLIENTS="reel lt aria tr"; WORK=${BENCH_WORK:-/tmp/reel-bench}; KEEP=0
SCENARIOS=()
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case $1 in
    --size) SIZE_MIB=$2; shift 2 ;;
    --piece-kib) PIECE_KIB=$2; shift 2 ;;
    --seeds) SCENARIOS+=("$2"); shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
done
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=("lt" "lt aria tr")
DL_TIMEOUT=${DL_TIMEOUT:-300}
case $PIECE_KIB in 16|32|64|128|256|512|1024|2048|4096) ;; *) die "--piece-kib must be a power of two, 16..4096" ;; esac
PIECE_LOG2=$(awk -v k="$PIECE_KIB" 'BEGIN { print int(log(k * 1024) / log(2) + 0.5) }')

for tool in opentracker mktorrent aria2c transmission-daemon transmission-remote /usr/bin/time ss cmp; do
  command -v "$tool" >/dev/null || die "missing $tool (Debian: opentracker mktorrent aria2 transmission-daemon transmission-cli time iproute2)"
done
"$PY" -c 'import libtorrent' 2>/dev/null || die "missing python3-libtorrent for $PY"

DATA=$WORK/data
RUN=$WORK/run-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$DATA" "$RUN/logs" "$RUN/pids"
RESULTS=$RUN/results.txt
trap 'stop_all' EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------- ports: one free block below the ephemeral range ----------
BASE=$(pick_port_base 200) || die "no free port block found"
TRACKER_PORT=$BASE
TRACKER_URL=http://127.0.0.1:$TRACKER_PORT/announce
seed_port() { echo $((BASE + 10 + $1)); }        # seed #i (0-based) peer port
seed_rpc() { echo $((BASE + 40 + $1)); }         # transmission seed #i RPC port
DL_RPC=$((BASE + 80))                            # transmission downloader RPC port
DL_SEQ=0                                         # downloader peer ports: BASE+100..BASE+199

# ---------- fixture + torrent ----------
NAME=reel-bench-${SIZE_MIB}MiB.bin
FIXTURE=$DATA/$NAME
BYTES=$((SIZE_MIB * 1048576))
if [ ! -f "$FIXTURE" ] || [ "$(stat -c %s "$FIXTURE")" != "$BYTES" ]; then
  log "making fixture $FIXTURE ($SIZE_MIB MiB, AES-CTR keystream: random-looking, same bytes every time)"
  (set +o pipefail   # openssl ends on SIGPIPE once head has its bytes
   openssl enc -aes-128-ctr -K 000102030405060708090a0b0c0d0e0f -iv 00000000000000000000000000000000 \
     -nosalt -in /dev/zero 2>/dev/null | head -c "$BYTES" >"$FIXTURE.tmp")
  mv "$FIXTURE.tmp" "$FIXTURE"
fi
TORRENT=$RUN/$NAME.torrent
mktorrent -l "$PIECE_LOG2" -a "$TRACKER_URL" -t 2 -o "$TORRENT" "$FIXTURE" >/dev/null
IH=$(infohash "$TORRENT")
log "torrent: $NAME, $BYTES bytes, pieces $PIECE_KIB KiB, info-hash $IH"

# ---------- versions ----------
REEL_OK=0
reel_prepare() {
  if [ -n "${REEL_CMD:-}" ]; then REEL_OK=1; return; fi
  if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
  log "building Reel if needed (./reel --version)"
  if ! (cd "$ROOT" && ./reel --version) >"$RUN/logs/reel-build.log" 2>&1; then
    log "WARNING: Reel does not build or run (see $(logf "reel-build")): skipping the reel client"; return
  fi
  # The launcher, as a user runs it: on JDK 25+ it adds its AOT cache (made by the `--version` above); it passes
  # REEL_JAVA_OPTS to the JVM.
  REEL_CMD="$ROOT/reel"
  REEL_OK=1
}
if [[ " $CLIENTS " == *" reel "* ]]; then reel_prepare; fi
versions() {
  echo "date: $(date -u +%FT%TZ)  host: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "cpu: $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "libtorrent: $("$PY" -c 'import libtorrent as lt; print(lt.__version__)') (python3-libtorrent)"
  echo "aria2: $(aria2c --version | head -1)"
  echo "transmission: $(transmission-daemon -V 2>&1 | head -1)"
  echo "opentracker: $(dpkg-query -W -f '${Version}' opentracker 2>/dev/null)  mktorrent: $(mktorrent -h 2>&1 | head -1 | awk '{print $2}')"
  if [ "$REEL_OK" = 1 ]; then
    echo "reel: $(git -C "$ROOT" describe --always --dirty 2>/dev/null) ($REEL_CMD) java: $(${JAVA_HOME:+$JAVA_HOME/bin/}java -version 2>&1 | head -1)"
  fi
  echo "fixture: $NAME $BYTES bytes, piece $PIECE_KIB KiB; runs=$RUNS; clients=$CLIENTS; ports $BASE..$((BASE + 199))"
}
versions | tee "$RUN/versions.txt" >&2

# Reel's fixed cost: JVM + CLI start-up, `reel --version` (median of 3), so that it can be told apart from
# the download itself. Printed as a STARTUP line and in the summary.
if [ "$REEL_OK" = 1 ]; then
  for i in 1 2 3; do
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %U %S' -o "$RUN/logs/reel-startup-$i.time" $REEL_CMD --version >/dev/null 2>&1 || true
  done
  med() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
  sw=$(cat "$RUN"/logs/reel-startup-*.time | awk 'NF == 3 { print $1 }' | med)
  sc=$(cat "$RUN"/logs/reel-startup-*.time | awk 'NF == 3 { printf "%.2f\n", $2 + $3 }' | med)
  echo "STARTUP client=reel command=--version secs=${sw:-NA} cpu_s=${sc:-NA} (median of 3)" \
    | tee -a "$RESULTS"
fi

# ---------- tracker ----------
start_tracker() {
  local d=$RUN/${LOG_PREFIX:-}tracker
  mkdir -p "$d"
  echo "$IH" >"$d/whitelist.txt"
  # Debian's opentracker is whitelist-only; it chroots into -d before it reads the list, so the path in the
  # config is relative to that folder; it then drops to the user -u.
  echo "access.whitelist whitelist.txt" >"$d/opentracker.conf"
  chmod 755 "$d"; chmod 644 "$d"/*
  start_bg tracker opentracker -f "$d/opentracker.conf" -i 127.0.0.1 -p "$TRACKER_PORT" -P "$TRACKER_PORT" -d "$d" -u nobody
  wait_port "$TRACKER_PORT" 10 || die "opentracker did not start (see $(logf "tracker"))"
}

# ---------- transmission-daemon instance ----------
tr_config() {  # tr_config DIR PEER_PORT RPC_PORT DOWNLOAD_DIR
  mkdir -p "$1" "$4"
  cat >"$1/settings.json" <<JSON
{
  "dht-enabled": false, "lpd-enabled": false, "utp-enabled": false, "pex-enabled": true,
  "port-forwarding-enabled": false, "peer-port": $2, "peer-port-random-on-start": false,
  "bind-address-ipv4": "127.0.0.1", "bind-address-ipv6": "::1",
  "rpc-enabled": true, "rpc-bind-address": "127.0.0.1", "rpc-port": $3,
  "rpc-authentication-required": false, "rpc-whitelist-enabled": true, "rpc-whitelist": "127.0.0.1",
  "rpc-host-whitelist-enabled": false,
  "download-dir": "$4", "incomplete-dir-enabled": false, "start-added-torrents": true,
  "rename-partial-files": false, "watch-dir-enabled": false, "download-queue-enabled": false,
  "speed-limit-up-enabled": false, "speed-limit-down-enabled": false, "alt-speed-enabled": false,
  "ratio-limit-enabled": false, "idle-seeding-limit-enabled": false,
  "encryption": 0, "blocklist-enabled": false, "message-level": 2,
  "peer-limit-global": 200, "peer-limit-per-torrent": 60, "upload-slots-per-torrent": 14
}
JSON
}
tr_exit() {  # tr_exit NAME RPC_PORT : ask the daemon to quit (SIGTERM makes 3.00 abort at times), then stop_bg
  transmission-remote "127.0.0.1:$2" --exit >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do alive_bg "$1" || break; sleep 0.1; done
  stop_bg "$1"
}
tr_percent() {  # tr_percent RPC_PORT -> "100" when every piece is verified
  transmission-remote "127.0.0.1:$1" -t all -i 2>/dev/null | awk -F': ' '/Percent Done/{gsub("%","",$2); print $2; exit}'
}

# ---------- seeds ----------
SEED_ADDRS=()
TR_SEEDS=()                                       # "NAME RPC_PORT" of each transmission seed
start_seeds() {  # start_seeds "lt aria tr"
  local i=0 kind port
  SEED_ADDRS=(); TR_SEEDS=()
  : >"$RUN/dial.txt"
  for kind in $1; do
    port=$(seed_port "$i")
    case $kind in
      lt)
        start_bg "seed$i-lt" "$PY" "$BENCH/lib/lt_client.py" seed "$TORRENT" "$DATA" --port "$port" \
          --dial-file "$RUN/dial.txt" --max-secs "$TTL"
        wait_log "seed$i-lt" READY 120 || die "libtorrent seed $i did not get ready (see $(logf "seed$i-lt"))" ;;
      aria)
        # --check-integrity on the complete file: seeds without downloading; --seed-ratio=0.0: seed forever
        start_bg "seed$i-aria" aria2c --dir="$DATA" --check-integrity=true --seed-ratio=0.0 \
          --enable-dht=false --enable-dht6=false --bt-enable-lpd=false \
          --listen-port="$port" --interface=127.0.0.1 --disable-ipv6=true \
          --bt-max-peers=55 --bt-require-crypto=false --bt-tracker-interval=10 \
          --follow-torrent=false --summary-interval=0 --console-log-level=notice "$TORRENT"
        wait_port "$port" 120 || die "aria2 seed $i did not listen (see $(logf "seed$i-aria"))" ;;
      tr)
        local cfg=$RUN/${LOG_PREFIX:-}seed$i-tr rpc; rpc=$(seed_rpc "$i")
        tr_config "$cfg" "$port" "$rpc" "$DATA"
        start_bg "seed$i-tr" transmission-daemon -f -g "$cfg" --log-info
        TR_SEEDS+=("seed$i-tr $rpc")
        wait_port "$rpc" 20 || die "transmission seed $i did not start (see $(logf "seed$i-tr"))"
        transmission-remote "127.0.0.1:$rpc" -a "$TORRENT" -w "$DATA" >/dev/null
        local k=0
        until [ "$(tr_percent "$rpc")" = 100 ]; do
          sleep 0.2; k=$((k + 1)); [ $k -lt 600 ] || die "transmission seed $i did not verify the fixture"
        done ;;
      *) die "unknown seed kind '$kind' (lt, aria, tr)" ;;
    esac
    SEED_ADDRS+=("127.0.0.1:$port")
    i=$((i + 1))
  done
  # every seed has announced (completed) to the tracker?
  local n=$i k=0 c
  while c=$(scrape_complete "$IH"); [ "${c:-0}" -lt "$n" ]; do
    sleep 0.2; k=$((k + 1)); [ $k -lt 150 ] || { log "WARNING: tracker knows ${c:-0} of $n seeds after 30 s"; break; }
  done
  log "seeds up: $1 -> ${SEED_ADDRS[*]} (tracker reports ${c:-?} complete)"
}
check_seeds() {
  local f
  for f in "$RUN"/pids/seed*.pid; do
    [ -e "$f" ] || continue
    alive_bg "$(basename "$f" .pid)" || die "seed $(basename "$f" .pid) died (see $RUN/logs)"
  done
}

# ---------- downloaders: each sets WALL and CPU, returns non-zero on failure ----------
WALL=0; CPU=0; NOTE=""
# timed NAME CMD... : run CMD (which exits on verified completion) under /usr/bin/time, in the background
# so that Ctrl-C is handled at once; wall time measured here, from launch to exit.
timed() {
  local name=$1; shift
  local tf=$RUN/logs/${LOG_PREFIX:-}$name.time t0 t1 rc pid
  t0=$(now)
  TTL=$DL_TIMEOUT start_bg "$name" /usr/bin/time -f '%e %U %S' -o "$tf" "$@"
  pid=$(cat "$RUN/pids/$name.pid")
  rc=0; wait "$pid" || rc=$?
  t1=$(now)
  rm -f "$RUN/pids/$name.pid"
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  CPU=$(awk 'NF == 3 && $1 ~ /^[0-9.]+$/ { printf "%.2f", $2 + $3 }' "$tf" 2>/dev/null)
  [ -n "$CPU" ] || CPU=NA
  return "$rc"
}
peer_args() { local flag=$1 a; for a in "${SEED_ADDRS[@]}"; do printf '%s\n%s\n' "$flag" "$a"; done; }

dl_lt() {  # dl_lt NAME DIR PORT
  local args; mapfile -t args < <(peer_args --peer)
  timed "$1" "$PY" "$BENCH/lib/lt_client.py" download "$TORRENT" "$2" --port "$3" --max-secs "$DL_TIMEOUT" "${args[@]}"
}
dl_reel() {
  local args; mapfile -t args < <(peer_args --peer)
  # shellcheck disable=SC2086  # REEL_CMD / REEL_ARGS are word lists on purpose
  timed "$1" $REEL_CMD download "$TORRENT" -o "$2" --port "$3" --data-dir "$2.state" -q ${REEL_ARGS:-} "${args[@]}"
}
dl_aria() {
  # aria2 cannot be handed a peer address: it finds the seeds through the tracker only
  timed "$1" aria2c --dir="$2" --seed-time=0 --enable-dht=false --enable-dht6=false --bt-enable-lpd=false \
    --listen-port="$3" --interface=127.0.0.1 --disable-ipv6=true --bt-require-crypto=false \
    --follow-torrent=false --file-allocation=none --summary-interval=0 --console-log-level=warn "$TORRENT"
}
dl_tr() {
  # Transmission dials no 127.x peer it learns from the tracker, and cannot be handed one over RPC: the seeds
  # must dial it. libtorrent seeds do (dial.txt); aria2 seeds re-announce every 10 s and dial it then;
  # a Transmission seed never does.
  local name=$1 dir=$2 port=$3 cfg=$2.trconfig t0 t1 p k=0 tpid
  tr_config "$cfg" "$port" "$DL_RPC" "$dir"
  t0=$(now)
  # shellcheck disable=SC2016  # $$, $0, $1 are the inner shell's: it records its PID, then becomes the daemon
  TTL=$DL_TIMEOUT start_bg "$name" sh -c 'echo $$ >"$0"; exec transmission-daemon -f -g "$1" --log-error' "$cfg/pid" "$cfg"
  wait_port "$DL_RPC" 20 || { log "transmission downloader did not start"; stop_bg "$name"; return 1; }
  transmission-remote "127.0.0.1:$DL_RPC" -a "$TORRENT" -w "$dir" >/dev/null
  echo "127.0.0.1:$port" >>"$RUN/dial.txt"
  tpid=$(cat "$cfg/pid")
  while :; do
    p=$(tr_percent "$DL_RPC")
    [ "$p" = 100 ] && break
    if [ -z "$NOTE" ] && [ -n "$p" ] && [ "$p" != 0 ] && [ "$p" != 0.00 ] && [ "$p" != 0.0 ]; then
      NOTE="first_data_s=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')"
    fi
    alive_bg "$name" || { log "transmission downloader died"; : >"$RUN/dial.txt"; return 1; }
    k=$((k + 1))
    [ $k -lt $((DL_TIMEOUT * 10)) ] || { log "transmission timed out at $p %"; : >"$RUN/dial.txt"; stop_bg "$name"; return 1; }
    sleep 0.1
  done
  t1=$(now)
  CPU=$(cpu_of_pid "$tpid")
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  : >"$RUN/dial.txt"
  tr_exit "$name" "$DL_RPC"
}

# ---------- one scenario ----------
run_scenario() {  # run_scenario "lt aria tr"
  local seeds=$1 scen r i c order n dir port rc verify
  scen=$(echo "$seeds" | wc -w)seed:$(echo "$seeds" | tr ' ' '+')
  log "=== scenario $scen"
  start_tracker
  start_seeds "$seeds"
  read -r -a order <<<"$CLIENTS"
  n=${#order[@]}
  for r in $(seq 1 "$RUNS"); do
    for i in $(seq 0 $((n - 1))); do
      c=${order[$(( (i + r - 1) % n ))]}    # rotate the order every round
      if [ "$c" = tr ] && ! echo "$seeds" | tr ' ' '\n' | grep -qv '^tr$'; then
        echo "RESULT scenario=$scen client=tr run=$r SKIPPED=transmission-never-dials-127.x-peers" | tee -a "$RESULTS"; continue
      fi
      if [ "$c" = reel ] && [ "$REEL_OK" != 1 ]; then continue; fi
      check_seeds
      DL_SEQ=$((DL_SEQ + 1)); port=$((BASE + 100 + DL_SEQ % 100))   # a fresh port for every download
      dir=$RUN/dl/s$SCEN_NO-$c-$r
      rm -rf "$dir"; mkdir -p "$dir"
      WALL=0; CPU=NA; NOTE=""; rc=0
      "dl_$c" "dl-$c-$r" "$dir" "$port" || rc=$?
      if [ "$rc" = 0 ] && cmp -s "$dir/$NAME" "$FIXTURE"; then verify=OK; else verify=FAIL; fi
      awk -v s="$scen" -v c="$c" -v r="$r" -v w="$WALL" -v cpu="$CPU" -v b="$BYTES" -v v="$verify" -v rc="$rc" -v n="$NOTE" 'BEGIN {
        printf "RESULT scenario=%s client=%s run=%d secs=%s MiBps=%.1f cpu_s=%s cpu_s_per_GB=%s verify=%s rc=%s%s\n",
          s, c, r, w, (w > 0 ? b / w / 1048576 : 0), cpu, (cpu == "NA" ? "NA" : sprintf("%.2f", cpu / (b / 1e9))), v, rc,
          (n == "" ? "" : " " n) }' \
        | tee -a "$RESULTS"
      [ "$KEEP" = 1 ] || rm -rf "$dir" "$dir.state" "$dir.trconfig"
    done
  done
  local t
  for t in "${TR_SEEDS[@]}"; do tr_exit "${t% *}" "${t#* }"; done
  stop_all
}

SCEN_NO=0
for s in "${SCENARIOS[@]}"; do
  SCEN_NO=$((SCEN_NO + 1)); LOG_PREFIX="s$SCEN_NO-"   # logs: s1-tracker.log, s2-seed0-lt.log, s2-dl-reel-3.log ...
  run_scenario "$s"
done

# ---------- summary: medians over the verified runs ----------
"$PY" "$BENCH/lib/summary.py" "$RESULTS" "$BYTES" | tee "$RUN/summary.md"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores: above 2 means others were busy too)" | tee -a "$RUN/summary.md"
log "results: $RESULTS, logs: $RUN/logs"
