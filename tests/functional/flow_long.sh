#!/bin/bash
# FlowSpec rules longer than 255 bytes (RFC 8955 section 4.1: from 240 bytes
# the length takes two octets, 0xfnnn): configured with 100 and 1360
# destination-port values, or announced through the API with 100, they reach
# the test peer whole with the two-octet length.  The 4 KiB one needs RFC 8654 extended messages: sent to the peer
# that offers them, reported in the log (not silently dropped) for the one
# that does not.  A 306-byte rule the peer sends is decoded into ExaBGP's
# JSON with all its values.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 36000)
h2() { printf '%02X%02X' $(($1 >> 8)) $(($1 & 255)); }
# destination-port values FROM..TO as FlowSpec operator/value pairs (=, two
# octets, end bit on the last)
ports_hex() {
	local v out=""
	for ((v = $1; v <= $2; v++)); do
		if ((v == $2)); then out+="91$(h2 $v)"; else out+="11$(h2 $v)"; fi
	done
	echo "$out"
}
# A rule: destination PREFIX-HEX, destination-port FROM..TO, with its length
rule_hex() {
	local body="01$1""05$(ports_hex "$2" "$3")"
	local n=$((${#body} / 2))
	if ((n < 240)); then printf '%02X%s' $n "$body"; else printf '%04X%s' $((0xF000 + n)) "$body"; fi
}
words() { local v out=""; for ((v = $1; v <= $2; v++)); do out+=" =$v"; done; echo "$out"; }

BIG=$(rule_hex 180A0400 1000 1099)     # 306-byte body: F132...
HUGE=$(rule_hex 180A0600 1000 2359)    # 4086-byte body: FFF6...
flows="flow {
		route big { match { destination 10.4.0.0/24; destination-port [$(words 1000 1099) ]; } then { discard; } }
		route huge { match { destination 10.6.0.0/24; destination-port [$(words 1000 2359) ]; } then { discard; } }
	}"
# and one through the API, from a helper process
cat >"$TMP/api.sh" <<SH
#!/bin/sh
echo "announce flow route { match { destination 10.8.0.0/24; destination-port [$(words 3000 3099) ]; } then { discard; } }"
sleep 10
SH
chmod +x "$TMP/api.sh"
{
	printf 'process api {\n\trun %s;\n\tencoder text;\n}\n' "$TMP/api.sh"
	nb 127.0.0.2 127.0.0.1 65001 'hold-time 9;' 'family { ipv4 unicast; ipv4 flow; }' "$flows" \
		'api { processes [ api ]; }'
	nb 127.0.0.3 127.0.0.1 65001 'hold-time 9;' 'family { ipv4 unicast; ipv4 flow; }' \
		'capability { extended-message disable; }' "$flows"
} >"$TMP/f.conf"

# What the peer sends: destination 10.5.0.0/24, destination-port =2000..=2099
RX=$(rule_hex 180A0500 2000 2099)
MP="00018500 00$RX"
MP=${MP// /}
ATTRS="$ATTR_ORIGIN$ATTR_ASPATH""C01008""8006000000000000""900E$(h2 $((${#MP} / 2)))$MP"
"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --hold 9 \
	--capabilities ipv4-unicast,mp:1/133,asn4,extended-message --duration 4 \
	--send "$(upd '' "$ATTRS" '')" --send-delay 0.5 >"$TMP/a.peer" 2>&1 &
PA=$!
"$LBPEER" --listen 127.0.0.3:$port --asn 65001 --router-id 127.0.0.3 --hold 9 \
	--capabilities ipv4-unicast,mp:1/133,asn4 --duration 4 >"$TMP/b.peer" 2>&1 &
PB=$!
PIDS="$PIDS $PA $PB"
wait_listen 127.0.0.2 "$port" 3
wait_listen 127.0.0.3 "$port" 3
start_daemon f "$TMP/f.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
wait "$PA" 2>/dev/null
wait "$PB" 2>/dev/null

sent() { grep '^RECV UPDATE' "$1" | grep -q "$2"; }
check "configuration accepted (rules of $((${#BIG} / 2)) and $((${#HUGE} / 2)) bytes)" grep -q 'session established' "$TMP/f.log"
check "two-octet length: ${BIG:0:4}, ${HUGE:0:4}" test "${BIG:0:4}" = F132 -a "${HUGE:0:4}" = FFF6
check "306-byte rule sent whole, extended-length MP_REACH" sent "$TMP/a.peer" "900E01390001850000$BIG"
check "4088-byte rule sent whole with extended messages" sent "$TMP/a.peer" "900E0FFD0001850000$HUGE"
check "306-byte rule from the API sent whole" sent "$TMP/a.peer" "900E01390001850000$(rule_hex 180A0800 3000 3099)"
check "message over 4096 bytes only there" \
	test "$(grep '^RECV UPDATE' "$TMP/a.peer" | awk '{ if (length($3) > 8192) n++ } END { print n + 0 }')" -eq 1
check "without extended messages: the 306-byte rule sent" sent "$TMP/b.peer" "$BIG"
check "without extended messages: the 4088-byte rule not sent" eval '! sent "$TMP/b.peer" "${HUGE:0:40}"'
check "without extended messages: reported in the log" grep -q \
	'peer 127.0.0.3: 1 ipv4 flow route(s) not sent: an NLRI of 4088 bytes does not fit an UPDATE of 4096 bytes (no extended message, RFC 8654)' \
	"$TMP/f.log"
check "no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$TMP/a.peer" "$TMP/b.peer"'
vals=$(words 2000 2099)
vals=${vals# }
json_vals=\"${vals// /\", \"}\"
check "received 306-byte rule in JSON, every value" grep -qF \
	"\"ipv4 flow\": { \"no-nexthop\": [ { \"destination-ipv4\": [ \"10.5.0.0/24\" ], \"destination-port\": [ $json_vals ], \"string\": \"flow destination-ipv4 10.5.0.0/24 destination-port [ $vals ]\" } ] }" \
	"$TMP/f.ev"
check "daemon alive" alive "$DPID"
kill "$DPID"
wait_exit "$DPID" 5
finish
