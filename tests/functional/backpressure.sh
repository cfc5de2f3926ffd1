#!/bin/bash
# Backpressure: two peers with 200,000 static routes each; one never reads.
# The normal peer receives every route and End-of-RIB in reasonable time,
# keepalives keep flowing to it, and lunabgp's RSS stays bounded.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

N=${BACKPRESSURE_ROUTES:-200000}
RSS_MAX_KB=$(rss_bound "${BACKPRESSURE_RSS_MAX_KB:-307200}")   # 300 MiB (x3 under ASan)
port=$(free_port 32000)
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++)
	printf "\t\troute %d.%d.%d.0/24 next-hop 127.0.0.1;\n", 10 + int(i / 65536), int(i / 256) % 256, i % 256 }' >"$TMP/routes"
for a in 2 3; do
	printf 'neighbor 127.0.0.%s {\n\trouter-id 127.0.0.1;\n\tlocal-address 127.0.0.1;\n\tlocal-as 65000;\n\tpeer-as 65001;\n\thold-time 9;\n\tfamily { ipv4 unicast; }\n\tstatic {\n' $a
	cat "$TMP/routes"
	printf '\t}\n}\n'
done >"$TMP/big.conf"

# the stalled peer: stops reading once established, with a small window
"$LBPEER" --listen 127.0.0.3:$port --asn 65001 --router-id 127.0.0.3 --hold 9 --no-read --rcvbuf 4096 \
	--timestamps --duration 16 >"$TMP/stalled.out" 2>&1 &
PS=$!
"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --hold 9 \
	--timestamps --duration 14 >"$TMP/normal.out" 2>&1 &
PN=$!
PIDS="$PIDS $PS $PN"
wait_listen 127.0.0.2 "$port" 3
wait_listen 127.0.0.3 "$port" 3
start_daemon b "$TMP/big.conf" exabgp_tcp_bind= exabgp_tcp_port=$port

# sample RSS every 0.2 s while the peers run (bounded: they stop by themselves)
maxrss=0
for ((i = 0; i < 90; i++)); do
	r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$DPID/status" 2>/dev/null)
	[ -n "$r" ] && [ "$r" -gt "$maxrss" ] && maxrss=$r
	alive "$PN" || break
	sleep 0.2
done
wait "$PN" 2>/dev/null

got=$(sed -n 's/^PREFIXES //p' "$TMP/normal.out")
check "normal peer: all $N routes arrive (${got:-0})" test "${got:-0}" -eq "$N"
eor=$(grep -m1 -E '^RECV UPDATE F{32}00170200000000 ' "$TMP/normal.out" | sed 's/.*t=//')
up=$(grep -m1 '^RECV KEEPALIVE' "$TMP/normal.out" | sed 's/.*t=//')
if [ -n "$eor" ]; then
	check "normal peer: End-of-RIB $(awk -v e="$eor" -v u="$up" 'BEGIN{printf "%.1f", e-u}') s after the session came up (< 10 s)" \
		awk -v e="$eor" -v u="$up" 'BEGIN{exit !(e-u < 10)}'
else
	fail "normal peer: no End-of-RIB"
fi
mapfile -t ka < <(grep '^RECV KEEPALIVE' "$TMP/normal.out" | sed 's/.*t=//')
check "normal peer: KEEPALIVEs keep coming (${#ka[@]} in the run)" test "${#ka[@]}" -ge 3
maxgap=$(printf '%s\n' "${ka[@]}" | awk 'NR>1{g=$1-p; if(g>m)m=g} {p=$1} END{printf "%.2f", m+0}')
check "normal peer: largest KEEPALIVE gap ${maxgap} s (keepalive 3 s, at most 4 s)" awk -v m="$maxgap" 'BEGIN{exit !(m<=4)}'
check "normal peer: no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$TMP/normal.out"'
check "lunabgp RSS peaked at $((maxrss / 1024)) MiB (bound $((RSS_MAX_KB / 1024)) MiB)" test "$maxrss" -gt 0 -a "$maxrss" -le "$RSS_MAX_KB"
check "stalled peer: its session came up" grep -q '"peer": "127.0.0.3".*"state": "up"' "$TMP/b.ev"
check "lunabgp still runs" alive "$DPID"
finish
