#!/bin/bash
# Hold and keepalive timers: hold 3 negotiated and a silent peer -> 4/0
# within ~4 s; keepalives every ~1 s with hold 3; hold 0 -> no keepalives.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 30000)
{
	nb 127.0.0.2 127.0.0.1 65001 'passive;' 'hold-time 3;' 'family { ipv4 unicast; }'
	nb 127.0.0.3 127.0.0.1 65003 'passive;' 'hold-time 3;' 'family { ipv4 unicast; }'
	nb 127.0.0.4 127.0.0.1 65004 'passive;' 'hold-time 0;' 'family { ipv4 unicast; }'
} >"$TMP/d.conf"
start_daemon d "$TMP/d.conf" exabgp_tcp_bind=127.0.0.1 exabgp_tcp_port=$port
wait_listen 127.0.0.1 "$port" 5 || { fail "lunabgp does not listen"; finish; exit; }

# All three at once: a silent peer (hold 3), a well-behaved one (hold 3),
# and one that asks for hold 0.
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.2 --asn 65001 --router-id 127.0.0.2 --hold 3 \
	--no-keepalive --timestamps --duration 8 --expect-notification 4/0 >"$TMP/silent.out" 2>&1 &
P1=$!
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.3 --asn 65003 --router-id 127.0.0.3 --hold 3 \
	--timestamps --duration 6.5 >"$TMP/ka.out" 2>&1 &
P2=$!
"$LBPEER" --connect 127.0.0.1:$port --bind 127.0.0.4 --asn 65004 --router-id 127.0.0.4 --hold 0 \
	--timestamps --duration 4.5 >"$TMP/zero.out" 2>&1 &
P3=$!
PIDS="$PIDS $P1 $P2 $P3"
wait "$P1" "$P2" "$P3" 2>/dev/null

# silent peer: 4/0, about 3 s after the session came up
up=$(grep -m1 '^RECV KEEPALIVE' "$TMP/silent.out" | sed 's/.*t=//')
at=$(grep -m1 -E '^RECV NOTIFICATION F{32}[0-9A-F]{4}030400' "$TMP/silent.out" | sed 's/.*t=//')
if [ -z "$at" ]; then
	fail "hold 3, silent peer: no NOTIFICATION 4/0 ($(grep '^RECV NOTIFICATION' "$TMP/silent.out" | cut -c1-70))"
else
	check "hold 3, silent peer: 4/0 after $(awk -v a="$at" -v u="$up" 'BEGIN{printf "%.2f", a-u}') s (2.5..4.5)" \
		awk -v a="$at" -v u="$up" 'BEGIN{d=a-u; exit !(d>=2.5 && d<=4.5)}'
fi

# well-behaved peer: keepalives from lunabgp every ~1 s, no expiry
mapfile -t t < <(grep '^RECV KEEPALIVE' "$TMP/ka.out" | sed 's/.*t=//')
check "hold 3: at least 5 KEEPALIVEs in ~6 s (${#t[@]})" test "${#t[@]}" -ge 5
maxgap=$(printf '%s\n' "${t[@]}" | awk 'NR>1{g=$1-p; if(g>m)m=g} {p=$1} END{printf "%.2f", m+0}')
check "hold 3: largest KEEPALIVE gap ${maxgap} s is at most 1.5 s" awk -v m="$maxgap" 'BEGIN{exit !(m<=1.5)}'
check "hold 3: well-behaved peer gets no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$TMP/ka.out"'

# hold 0: the KEEPALIVE that confirms the OPEN, nothing after it
n=$(count "$TMP/zero.out" '^RECV KEEPALIVE')
check "hold 0: session up" grep -q '"peer": "127.0.0.4".*"state": "up"' "$TMP/d.ev"
check "hold 0: only the OPEN's KEEPALIVE in ~4 s ($n)" test "$n" -eq 1
check "hold 0: no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$TMP/zero.out"'
check "lunabgp still runs" alive "$DPID"
finish
