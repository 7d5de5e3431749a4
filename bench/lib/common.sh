# shellcheck shell=bash
# common.sh -- helpers shared by the bench scripts (sourced, not run).
# Every background process is started through start_bg: in its own session, under `timeout`, with its
# PID recorded in $RUN/pids/NAME.pid so that stop_bg / stop_all can end exactly what we started.

PY=${PY:-/usr/bin/python3}   # Debian's python: python3-libtorrent is built for it (not for pyenv's)
TTL=${TTL:-1800}             # hard upper bound for every background process, seconds

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }

# logf NAME : the log file of NAME, $RUN/logs/${LOG_PREFIX}NAME.log (LOG_PREFIX: e.g. "s2-" for scenario 2)
logf() { echo "$RUN/logs/${LOG_PREFIX:-}$1.log"; }

# start_bg NAME CMD... : CMD in the background, own session, under timeout; log in $(logf NAME)
start_bg() {
  local name=$1; shift
  mkdir -p "$RUN/pids" "$RUN/logs"
  setsid timeout -k 5 "$TTL" "$@" >"$(logf "$name")" 2>&1 </dev/null &
  echo $! >"$RUN/pids/$name.pid"
}

# stop_bg NAME : TERM the process group started by start_bg, KILL it if it lingers (our own PID only)
stop_bg() {
  local f=$RUN/pids/$1.pid pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$f"
}

stop_all() {
  local f
  [ -d "${RUN:-}/pids" ] || return 0
  for f in "$RUN"/pids/*.pid; do
    if [ -e "$f" ]; then stop_bg "$(basename "$f" .pid)"; fi
  done
  return 0
}

alive_bg() { local f=$RUN/pids/$1.pid; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }

# wait_port PORT [SECONDS] : until something listens on 127.0.0.1:PORT (TCP)
wait_port() {
  local p=$1 t=${2:-20} i=0
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
    sleep 0.1; i=$((i + 1)); [ "$i" -ge $((t * 10)) ] && return 1
  done
  return 0
}

# wait_log NAME REGEX [SECONDS] : until the background process NAME logged a line matching REGEX
wait_log() {
  local name=$1 re=$2 t=${3:-60} i=0
  until grep -qE "$re" "$(logf "$name")" 2>/dev/null; do
    alive_bg "$name" || return 1
    sleep 0.1; i=$((i + 1)); [ "$i" -ge $((t * 10)) ] && return 1
  done
  return 0
}

# pick_port_base N : a base B such that B..B+N-1 has no socket in any state on this machine. Chosen below the
# kernel's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range, 32768+ here) so that other programs
# binding port 0 while the bench runs cannot land on ours.
pick_port_base() {
  local n=$1 lo=20000 hi=32000 used b p ok
  used=$(ss -Htanu 2>/dev/null | awk '{print $5}' | sed -E 's/.*:([0-9]+)$/\1/' | sort -un)
  for _ in $(seq 1 50); do
    b=$(( lo + (RANDOM * 32768 + RANDOM) % (hi - lo - n) ))
    ok=1
    for p in $used; do if [ "$p" -ge "$b" ] && [ "$p" -lt $((b + n)) ]; then ok=0; break; fi; done
    [ "$ok" = 1 ] && { echo "$b"; return 0; }
  done
  return 1
}

# cpu_of_pid PID : user+sys CPU seconds used so far by PID (from /proc/PID/stat; children not included)
cpu_of_pid() {
  local tck; tck=$(getconf CLK_TCK)
  awk -v t="$tck" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / t }' "/proc/$1/stat"
}

infohash() { "$PY" -c 'import libtorrent as lt, sys; print(lt.torrent_info(sys.argv[1]).info_hashes().v1)' "$1"; }

# scrape_complete INFOHASH_HEX : number of seeds the tracker knows for the torrent (BEP 48 scrape)
scrape_complete() {
  "$PY" - "$1" "$TRACKER_URL" <<'PYEOF' 2>/dev/null || echo 0
import sys, urllib.request, urllib.parse, re
ih, ann = bytes.fromhex(sys.argv[1]), sys.argv[2]
url = ann.replace('/announce', '/scrape') + '?info_hash=' + urllib.parse.quote_from_bytes(ih)
body = urllib.request.urlopen(url, timeout=2).read()
m = re.search(rb'8:completei(\d+)e', body)
print(int(m.group(1)) if m else 0)
PYEOF
}
