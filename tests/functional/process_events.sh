#!/bin/bash
# API helpers: events per api binding, encoders, answers.
#  - text helper (neighbor-changes, receive parsed update+open, send parsed
#    update): ExaBGP's text lines, sent UPDATEs with direction "send";
#  - json helper (receive consolidate update): "direction": "receive",
#    raw header/body, "nlri" with ExaBGP's spacing;
#  - a helper attached without receive/send gets only answers and the
#    shutdown notice; done / error answers; disable-ack / enable-ack.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 33000)
# a helper that records its stdin and writes the commands given as arguments
cat >"$TMP/rec.sh" <<'SH'
#!/bin/bash
out=$1; shift
for c in "$@"; do printf '%s\n' "$c"; sleep 0.1; done
exec cat >"$out"
SH
chmod +x "$TMP/rec.sh"
{
	printf 'process tx {\n\trun %s %s;\n\tencoder text;\n}\n' "$TMP/rec.sh" "$TMP/tx.out"
	printf 'process js {\n\trun %s %s;\n\tencoder json;\n}\n' "$TMP/rec.sh" "$TMP/js.out"
	printf 'process cmd {\n\trun %s %s "announce route 10.9.1.0/24 next-hop 127.0.0.1" "bogus command" "disable-ack" "announce route 10.9.2.0/24 next-hop 127.0.0.1" "enable-ack" "announce route 10.9.3.0/24 next-hop 127.0.0.1";\n\tencoder json;\n}\n' \
		"$TMP/rec.sh" "$TMP/cmd.out"
	nb 127.0.0.2 127.0.0.1 65001 'hold-time 9;' 'family { ipv4 unicast; }' \
		'api { processes [ tx ]; neighbor-changes; receive { parsed; update; open; } send { parsed; update; } }' \
		'api { processes-match [ "^j" ]; receive { consolidate; update; } }' \
		'api { processes [ cmd ]; }' \
		'static { route 10.9.0.0/24 next-hop 127.0.0.1; }'
} >"$TMP/e.conf"

"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --hold 9 --timestamps \
	--send "$(upd '' "$ATTR_BASE" "$(pfx4 10.1.1.0/24)")" --duration 3 >"$TMP/peer.out" 2>&1 &
PP=$!
PIDS="$PIDS $PP"
wait_listen 127.0.0.2 "$port" 3
start_daemon e "$TMP/e.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
wait_grep "$TMP/e.ev" '"state": "up"' 5
wait_exit "$PP" 6
kill "$DPID"; wait_exit "$DPID" 5
T="$TMP/tx.out" J="$TMP/js.out" C="$TMP/cmd.out"

check "text: connected" grep -qx 'neighbor 127.0.0.2 connected' "$T"
check "text: up" grep -qx 'neighbor 127.0.0.2 up' "$T"
check "text: received OPEN" grep -q '^neighbor 127.0.0.2 receive open version 4 asn 65001 hold_time 9 router_id 127.0.0.2 capabilities \[' "$T"
check "text: received UPDATE block" grep -qx 'neighbor 127.0.0.2 receive update announced 10.1.1.0/24 next-hop 127.0.0.2 origin igp as-path ( 65001 )' "$T"
check "text: update start/end" test "$(count "$T" '^neighbor 127.0.0.2 receive update (start|end)$')" -eq 2
check "text: sent UPDATE (direction send)" grep -qx 'neighbor 127.0.0.2 send update announced 10.9.0.0/24 next-hop 127.0.0.1 origin igp as-path ( 65000 )' "$T"
check "text: sent End-of-RIB" grep -qx 'neighbor 127.0.0.2 send update route eor 1/1 (ipv4 unicast)' "$T"
check "text: down with reason" grep -q '^neighbor 127.0.0.2 down - ' "$T"
check "text: shutdown notice last" test "$(grep -v '^$' "$T" | tail -1 | cut -d' ' -f1-2)" = "shutdown $DPID"
# ExaBGP's writer adds a newline to the encoder's line: an empty line follows
check "text: empty line after each event" test "$(grep -c '^$' "$T")" -eq "$(grep -Ec '^(neighbor .* (up|connected|open .*|update end|down - .*)|shutdown .*)$' "$T")"
check "text: no keepalive (not subscribed)" eval '! grep -q keepalive "$T"'
check "text: no answers (no commands)" eval '! grep -Eqx "done|error" "$T"'

check "json: processes-match attached it" grep -q '"type": "update"' "$J"
check "json: direction receive" grep -q '"direction": "receive"' "$J"
check "json: consolidate carries header and body" grep -q '"header": "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' "$J"
check "json: nlri with ExaBGP spacing" grep -q '"nlri": "10.1.1.0/24"' "$J"
check "json: no state events (no neighbor-changes)" eval '! grep -q "\"type\": \"state\"" "$J"'
check "json: shutdown notification" grep -q '"notification": "shutdown"' "$J"

lines=$(grep -v '"notification": "shutdown"' "$C" | tr '\n' ' ')
check "answers only: done error done (disable-ack) - done (enable-ack) done [$lines]" \
	test "$lines" = "done error: unknown command 'bogus' error done done done "
check "attached without receive/send: no events" eval '! grep -q "\"type\": \"\(update\|state\|open\)\"" "$C"'
check "commanded routes reached the peer" grep -qx 'PREFIXES 4' "$TMP/peer.out"
finish
