#!/bin/bash
# OPERATIONAL messages (ExaBGP's draft-ietf-idr-operational-message), three
# test peers on one daemon:
#  - 127.0.0.2 offers capability 185 as lunabgp does: the configuration's
#    ASM and one-shot RPCQ go out when the session comes up, a helper's
#    `announce operational ...` commands reach the peer as bytes (bad ones
#    answer error), and what the peer sends reaches the helpers as ExaBGP's
#    JSON and text events (receive and send { operational; });
#  - 127.0.0.3 does not offer it: a type 6 message from it is an unknown
#    message type (NOTIFICATION 1/0), as before;
#  - 127.0.0.4 offers it and sends a malformed one: NOTIFICATION 5/0.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 34000)
FF=FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
# the peers' OPEN: AS 65001, hold 9, router-id, ipv4 unicast, asn4 [, operational]
open_of() { # ROUTER-ID-HEX [extra capability hex]
	local caps="0206010400010001""020641040000FDE9${2:-}"
	echo "0104FDE90009$1$(hexlen8 "$caps")$caps"
}
CAP_OP=0202B900

cat >"$TMP/rec.sh" <<'SH'
#!/bin/bash
out=$1; shift
exec 3>"$out"
cat <&0 >&3 &
sleep 1   # the session is up by now: the commands go out at once
for c in "$@"; do printf '%s\n' "$c"; sleep 0.05; done
wait
SH
chmod +x "$TMP/rec.sh"
{
	printf 'process js {\n\trun %s %s;\n\tencoder json;\n}\n' "$TMP/rec.sh" "$TMP/js.out"
	printf 'process tx {\n\trun %s %s;\n\tencoder text;\n}\n' "$TMP/rec.sh" "$TMP/tx.out"
	printf 'process cmd {\n\trun %s %s %s;\n\tencoder text;\n}\n' "$TMP/rec.sh" "$TMP/cmd.out" \
		"'announce operational rpcq afi ipv4 safi unicast sequence 1' \
'announce operational adm afi ipv4 safi unicast advisory \"dynamic message\"' \
'neighbor 127.0.0.2 announce operational lpcp afi ipv4 safi unicast sequence 3 counter 250 router-id 9.9.9.9' \
'announce operational rpcq afi ipv4 safi unicast' \
'announce operational nop afi ipv4 safi unicast sequence 1'"
	nb 127.0.0.2 127.0.0.1 65001 'hold-time 9;' 'family { ipv4 unicast; }' 'capability { operational; }' \
		'operational {' \
		"	asm afi ipv4 safi unicast advisory 'hello from config';" \
		'	rpcq afi ipv4 safi unicast sequence 9;' \
		'}' \
		'api { processes [ js ]; receive { parsed; operational; } send { parsed; operational; } }' \
		'api { processes [ tx ]; receive { parsed; operational; } }' \
		'api { processes [ cmd ]; }'
	nb 127.0.0.3 127.0.0.1 65001 'hold-time 9;' 'family { ipv4 unicast; }' 'capability { operational; }'
	nb 127.0.0.4 127.0.0.1 65001 'hold-time 9;' 'family { ipv4 unicast; }' 'capability { operational; }'
} >"$TMP/o.conf"

# ADM "hello-1", RPCP 10.0.0.1/5/200, a type ExaBGP does not know, an ASM
# that is not UTF-8 ("é", newline, 0xFF)
"$LBPEER" --listen 127.0.0.2:$port --open "$(open_of 7F000002 $CAP_OP)" --send-delay 0.3 \
	--send 060001000A00010168656C6C6F2D31 \
	--send 060004000F0001010A00000100000005000000C8 \
	--send 0600090002ABCD \
	--send 060002000800010148C3A90AFF \
	--duration 2.5 >"$TMP/p2.out" 2>&1 &
P2=$!
"$LBPEER" --listen 127.0.0.3:$port --open "$(open_of 7F000003)" --send-delay 0.3 \
	--send 060003000B0001017F00000300000001 --expect-notification 1/0 --deadline 4 >"$TMP/p3.out" 2>&1 &
P3=$!
"$LBPEER" --listen 127.0.0.4:$port --open "$(open_of 7F000004 $CAP_OP)" --send-delay 0.3 \
	--send 06000100080001016869 --expect-notification 5/0 --deadline 4 >"$TMP/p4.out" 2>&1 &
P4=$!
PIDS="$PIDS $P2 $P3 $P4"
wait_listen 127.0.0.2 "$port" 3 && wait_listen 127.0.0.3 "$port" 3 && wait_listen 127.0.0.4 "$port" 3
start_daemon o "$TMP/o.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
RC=1; wait_exit "$P2" 6; RC2=$RC
RC=1; wait_exit "$P3" 5; RC3=$RC
RC=1; wait_exit "$P4" 5; RC4=$RC
kill "$DPID"; wait_exit "$DPID" 5

P="$TMP/p2.out" J="$TMP/js.out" T="$TMP/tx.out" C="$TMP/cmd.out"
check "peer 2 ran its session" test "$RC2" = 0
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F; }
check "configured ASM sent when the session came up" \
	grep -q "^RECV TYPE-6 ${FF}002B060002001400010168656C6C6F2066726F6D20636F6E666967$" "$P"
check "configured RPCQ (our router-id 127.0.0.1)" grep -q "^RECV TYPE-6 ${FF}0022060003000B0001017F00000100000009$" "$P"
check "API rpcq reached the peer" grep -q "^RECV TYPE-6 ${FF}0022060003000B0001017F00000100000001$" "$P"
check "API adm with a quoted advisory" grep -q "^RECV TYPE-6 ${FF}00290600010012000101$(hex 'dynamic message')$" "$P"
check "API lpcp with router-id and counter" \
	grep -q "^RECV TYPE-6 ${FF}0026060008000F0001010909090900000003000000FA$" "$P"
check "nothing else of type 6 sent" test "$(count "$P" '^RECV TYPE-6 ')" -eq 5
check "answers: done done done error error" \
	test "$(grep -Ex 'done|error' "$C" | tr '\n' ' ')" = "done done done error error "
check "bad commands name the problem" grep -qx "error: operational rpcq: missing sequence" "$C"

check "json: ADM received" grep -q '"type": "operational", "neighbor": { .*"direction": "receive", "operational": { "name": "ADM", "afi": "ipv4", "safi": "unicast", "advisory": "hello-1" } } }' "$J"
check "json: RPCP received" grep -q '"operational": { "name": "RPCP", "afi": "ipv4", "safi": "unicast", "router-id": "10.0.0.1", "sequence": 5, "counter": 200 } } }' "$J"
check "json: unknown type" grep -q '"operational": { "name": "unknown", "type": "operational-type-9", "data": "0xABCD" } } }' "$J"
check "json: non-UTF-8 advisory as ExaBGP's json.dumps" grep -qF '"advisory": "H\u00e9\n\ufffd" }' "$J"
check "json: our own messages with direction send" grep -q '"direction": "send", "operational": { "name": "LPCP", "afi": "ipv4", "safi": "unicast", "router-id": "9.9.9.9", "sequence": 3, "counter": 250 }' "$J"
check "json: queries show name and family" grep -q '"direction": "send", "operational": { "name": "RPCQ", "afi": "ipv4", "safi": "unicast" } } }' "$J"
check "text: ADM" grep -qx 'neighbor 127.0.0.2 receive operational ADM afi ipv4 safi unicast advisory "hello-1"' "$T"
check "text: RPCP" grep -qx 'neighbor 127.0.0.2 receive operational RPCP afi ipv4 safi unicast router-id 10.0.0.1 sequence 5 counter 200' "$T"
check "text: unknown" grep -qx 'neighbor 127.0.0.2 receive operational unknown type operational-type-9 data 0xABCD' "$T"
check "text: one line for a newline in the advisory" grep -qx 'neighbor 127.0.0.2 receive operational ASM afi ipv4 safi unicast advisory "Hé\\n�"' "$T"
check "text: no send events (not subscribed)" eval '! grep -q " send operational" "$T"'

check "not negotiated: type 6 is an unknown message (NOTIFICATION 1/0)" test "$RC3" = 0
check "not negotiated: ExaBGP's text" grep -q 'can not decode update message of type "6"' "$TMP/o.log"
check "malformed: NOTIFICATION 5/0" test "$RC4" = 0
check "malformed: the reason is logged" grep -q 'OPERATIONAL: TLV 1 says 8 bytes of value, 5 present' "$TMP/o.log"
check "daemon survived both" grep -q 'session established' "$TMP/o.log"
[ "$FAILED" -gt 0 ] && { echo "--- cmd"; cat "$C"; echo "--- peer"; cat "$P"; }
finish
