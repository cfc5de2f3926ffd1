#!/bin/bash
# enable-sync: a helper's command is acknowledged only once the UPDATEs it
# caused are written.  262,144 IPv6 routes (one UPDATE each, ~20 MB) to a
# peer that never reads cannot all be written, so `done` must not come;
# with disable-sync it comes at once; with a peer that reads, it comes after
# the routes.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

# helper: writes its arguments as commands (a "#wait" argument pauses 0.5 s)
# and stamps every line it reads with the seconds since it started
cat >"$TMP/sync.sh" <<'SH'
#!/bin/bash
out=$1; shift
start=$SECONDS
# (a background job's stdin is /dev/null unless given explicitly)
( while IFS= read -r l; do printf '%s %s\n' "$((SECONDS - start))" "$l"; done >"$out" ) <&0 &
for c in "$@"; do
	if [ "$c" = "#wait" ]; then sleep 0.5; else printf '%s\n' "$c"; fi
done
wait
SH
chmod +x "$TMP/sync.sh"

run_case() { # run_case NAME PEER_OPTS SYNC_CMD BASE_PORT
	local name=$1 popts=$2 sync=$3 port
	port=$(free_port "$4")   # free_port probes 127.0.0.1 only: a base per case
	{
		printf 'process h {\n\trun %s %s "%s" "#wait" "#wait" "#wait" "announce route 2001:db8::/32 next-hop 2001:db8::1 split /50";\n\tencoder text;\n}\n' \
			"$TMP/sync.sh" "$TMP/$name.h" "$sync"
		nb 127.0.0.2 127.0.0.1 65001 'hold-time 30;' 'family { ipv6 unicast; }' 'api { processes [ h ]; }'
	} >"$TMP/$name.conf"
	# shellcheck disable=SC2086
	"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --hold 30 \
		--capabilities ipv6-unicast,asn4 $popts --duration 12 >"$TMP/$name.peer" 2>&1 &
	PP=$!
	PIDS="$PIDS $PP"
	wait_listen 127.0.0.2 "$port" 3
	start_daemon "$name" "$TMP/$name.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
}

# 1. stalled peer, sync on: the announce is never acknowledged
run_case stall "--no-read --rcvbuf 4096" enable-sync 35000
sleep 6
check "stalled peer + enable-sync: enable-sync itself acknowledged" grep -q " done" "$TMP/stall.h"
check "stalled peer + enable-sync: the announce is not acknowledged" test "$(count "$TMP/stall.h" ' done')" = 1
check "stalled peer + enable-sync: lunabgp alive" alive "$DPID"
kill "$DPID" "$PP" 2>/dev/null

# 2. stalled peer, sync off: acknowledged at once
run_case nosync "--no-read --rcvbuf 4096" disable-sync 37000
sleep 4
check "stalled peer + disable-sync: both commands acknowledged" test "$(count "$TMP/nosync.h" ' done')" = 2
kill "$DPID" "$PP" 2>/dev/null

# 3. reading peer, sync on: acknowledged once everything is out
run_case reading "" enable-sync 39000
wait_grep "$TMP/reading.h" ' done' 10 >/dev/null
for ((i = 0; i < 300 && $(count "$TMP/reading.h" ' done') < 2; i++)); do sleep 0.05; done
check "reading peer + enable-sync: the announce is acknowledged" test "$(count "$TMP/reading.h" ' done')" = 2
kill "$DPID" 2>/dev/null
finish
