#!/bin/bash
# API flow control (ExaBGP #29/#934/#1036: the API stalls or keepalives stop
# once a helper stops reading).
# A. A helper writes 1,000,000 `announce route` lines with acks on and never
#    reads: lunabgp stops reading its commands once the answers fill the
#    queue (lunabgp.api_queue_kib), the helper blocks on its own write;
#    RSS stays bounded, the BGP session keeps its keepalives, and exactly
#    the accepted routes reach the peer.
# B. A helper subscribed to UPDATEs never reads while the peer sends many:
#    pause policy -> the peer is not read (TCP backpressure), the session
#    stays up; drop policy -> everything is read, events are dropped and
#    counted in the log.  RSS bounded in both.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

RSS_MAX_KB=$(rss_bound "${FLOW_RSS_MAX_KB:-204800}")   # 200 MiB (x3 under ASan)
port=$(free_port 34000)

rss_watch() { # rss_watch PID PEERPID -> maxrss in $MAXRSS (bounded: the peer ends by itself)
	MAXRSS=0
	for ((i = 0; i < 150; i++)); do
		r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
		[ -n "$r" ] && [ "$r" -gt "$MAXRSS" ] && MAXRSS=$r
		alive "$2" || break
		sleep 0.1
	done
}
ka_gap() { grep '^RECV KEEPALIVE' "$1" | sed 's/.*t=//' | awk 'NR>1{g=$1-p; if(g>m)m=g} {p=$1} END{printf "%.2f", m+0}'; }

# ---- A: command flood, never reading answers
cat >"$TMP/flood.sh" <<'SH'
#!/bin/sh
awk 'BEGIN { for (i = 0; i < 1000000; i++)
	printf "announce route %d.%d.%d.0/24 next-hop 127.0.0.1\n", 20 + int(i / 65536), int(i / 256) % 256, i % 256 }'
sleep 60
SH
chmod +x "$TMP/flood.sh"
{
	printf 'process flood {\n\trun %s;\n\tencoder text;\n}\n' "$TMP/flood.sh"
	nb 127.0.0.2 127.0.0.1 65001 'hold-time 9;' 'family { ipv4 unicast; }' 'api { processes [ flood ]; }'
} >"$TMP/a.conf"
"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --hold 9 --timestamps --duration 10 \
	>"$TMP/a.peer" 2>&1 &
PA=$!
PIDS="$PIDS $PA"
wait_listen 127.0.0.2 "$port" 3
start_daemon a "$TMP/a.conf" exabgp_tcp_bind= exabgp_tcp_port=$port exabgp_api_ack=true \
	exabgp_lunabgp_api_queue_kib=1024
rss_watch "$DPID" "$PA"
wait "$PA" 2>/dev/null
accepted=$(sed -n 's/.*process flood: output queue full .* after \([0-9]*\) commands.*/\1/p' "$TMP/a.log" | head -1)
got=$(sed -n 's/^PREFIXES //p' "$TMP/a.peer")
check "A: lunabgp stopped reading the helper (after ${accepted:-?} commands)" test -n "$accepted"
check "A: not all 1,000,000 lines were taken (${accepted:-?})" test "${accepted:-1000000}" -lt 1000000
check "A: every accepted route reached the peer (${got:-0} of ${accepted:-?})" test "${got:-0}" -eq "${accepted:--1}"
gap=$(ka_gap "$TMP/a.peer")
check "A: keepalives on time (largest gap ${gap} s, keepalive 3 s)" awk -v m="$gap" 'BEGIN{exit !(m>0 && m<=4)}'
check "A: no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$TMP/a.peer"'
check "A: RSS peaked at $((MAXRSS / 1024)) MiB (bound $((RSS_MAX_KB / 1024)) MiB)" test "$MAXRSS" -gt 0 -a "$MAXRSS" -le "$RSS_MAX_KB"
check "A: lunabgp still runs" alive "$DPID"
kill "$DPID"; wait_exit "$DPID" 5
check "A: exits cleanly although the helper is stuck writing (rc ${RC:-?})" test "${RC:-1}" -eq 0

# ---- B: events to a helper that never reads
cat >"$TMP/deaf.sh" <<'SH'
#!/bin/sh
exec sleep 60
SH
chmod +x "$TMP/deaf.sh"
# 3000 UPDATEs of 250 prefixes each (750,000 prefixes, ~25 MB of JSON)
awk -v attrs="$ATTR_BASE" 'BEGIN {
	for (m = 0; m < 3000; m++) {
		nlri = ""
		for (j = 0; j < 250; j++) { i = m * 250 + j; nlri = nlri sprintf("18%02X%02X%02X", 30 + int(i / 65536), int(i / 256) % 256, i % 256) }
		printf "020000%04X%s%s\n", length(attrs) / 2, attrs, nlri
	} }' >"$TMP/updates.hex"
{
	printf 'process deaf {\n\trun %s;\n\tencoder json;\n}\n' "$TMP/deaf.sh"
	nb 127.0.0.2 127.0.0.1 65001 'hold-time 9;' 'family { ipv4 unicast; }' \
		'api { processes [ deaf ]; neighbor-changes; receive { parsed; update; } }'
} >"$TMP/b.conf"
for policy in pause drop; do
	port=$(free_port $((35000 + ${#policy} * 100)))
	"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --hold 9 --timestamps --duration 10 \
		--send-file "$TMP/updates.hex" >"$TMP/b.$policy.peer" 2>&1 &
	PB=$!
	PIDS="$PIDS $PB"
	wait_listen 127.0.0.2 "$port" 3
	start_daemon "b.$policy" "$TMP/b.conf" exabgp_tcp_bind= exabgp_tcp_port=$port exabgp_lunabgp_api_queue_kib=1024 \
		exabgp_lunabgp_api_queue_policy=$policy
	rss_watch "$DPID" "$PB"
	wait "$PB" 2>/dev/null
	L="$TMP/b.$policy.log"
	check "B/$policy: RSS peaked at $((MAXRSS / 1024)) MiB (bound $((RSS_MAX_KB / 1024)) MiB)" test "$MAXRSS" -gt 0 -a "$MAXRSS" -le "$RSS_MAX_KB"
	check "B/$policy: session stayed up (no NOTIFICATION either way)" eval '! grep -q "^RECV NOTIFICATION" "$TMP/b.$policy.peer" && ! grep -q "NOTIFICATION" "$L"'
	gap=$(ka_gap "$TMP/b.$policy.peer")
	check "B/$policy: our keepalives on time (largest gap ${gap} s)" awk -v m="$gap" 'BEGIN{exit !(m>0 && m<=4)}'
	if [ $policy = pause ]; then
		check "B/pause: the peer is not read while the helper does not read" grep -q 'process deaf: output queue full .*not reading peer 127.0.0.2' "$L"
		check "B/pause: nothing dropped" eval '! grep -q "dropped" "$L"'
	else
		check "B/drop: events dropped and counted" grep -q 'process deaf: not reading its input.*event(s) dropped' "$L"
		check "B/drop: the peer was read to the end (no pause)" eval '! grep -q "not reading peer" "$L"'
	fi
	check "B/$policy: lunabgp still runs" alive "$DPID"
	kill "$DPID"; wait_exit "$DPID" 5
done
finish
