#!/bin/bash
# ADD-PATH (RFC 7911) beyond unicast.  An add-path { } list offers it for the
# families it names, of any AFI/SAFI, in the capability's direction or the
# entry's own; without a list, capability { add-path ...; } offers it for
# the configured families ExaBGP offers it for (unicast, nlri-mpls,
# mpls-vpn, mup).  Negotiated with the test peer for ipv4 mpls-vpn, ipv4
# nlri-mpls, ipv4 flow and l2vpn evpn (receive only): the OPEN's capability,
# path identifiers in front of every NLRI we send, and the peer's path
# identifiers decoded into ExaBGP's JSON ("path-information") for
# announcements and withdrawals.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 37000)
h2() { printf '%04X' "$1"; }
mp() { echo "$1$(h2 $((${#2} / 2)))$2"; }   # mp CODE-HEX BODY-HEX: an MP attribute, 2-octet length

{
	nb 127.0.0.2 127.0.0.1 65001 'hold-time 9;' \
		'family { ipv4 unicast; ipv4 mpls-vpn; ipv4 nlri-mpls; l2vpn evpn; ipv4 flow; }' \
		'capability { add-path send/receive; }' \
		'add-path { ipv4 mpls-vpn; ipv4 nlri-mpls limit 4; l2vpn evpn receive; ipv4 flow; }' \
		'static {
		route 10.1.0.0/24 rd 100:1 label 16 next-hop 127.0.0.1 path-information 5;
		route 10.2.0.0/24 label 20 next-hop 127.0.0.1 path-information 0.0.0.6;
	}' \
		'flow { route f { match { destination 10.3.0.0/24; } then { discard; } } }'
	# no list: ExaBGP's families only (not flow, not evpn, not multicast)
	nb 127.0.0.3 127.0.0.1 65001 'hold-time 9;' \
		'family { ipv4 unicast; ipv4 multicast; ipv4 mpls-vpn; l2vpn evpn; ipv4 flow; }' \
		'capability { add-path send; }'
} >"$TMP/a.conf"

BASE="$ATTR_ORIGIN$ATTR_ASPATH"
EVPN=02210001252C37370001000000000000000000000000076D30FC15B4787B8F00000000
# from the peer: each NLRI behind its path identifier
U_EVPN=$(upd '' "$BASE$(mp 900E "00194604""7F000002""00""00000007$EVPN")" '')
U_FLOW=$(upd '' "$BASE""C010088006000000000000$(mp 900E "00018500""00""000000090501180A0700")" '')
U_VPN=$(upd '' "$BASE$(mp 900E "0001800C""00000000000000007F000002""00""0000000A70000101000000640000000A0A0900")" '')
U_WD=$(upd '' "$(mp 900F "001946""00000007$EVPN")" '')
CAPS=ipv4-unicast,mp:1/2,mp:1/128,mp:1/4,mp:25/70,mp:1/133,asn4
"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --hold 9 --duration 4 \
	--capabilities $CAPS,raw:69:0001800300010403001946030001850300010103 \
	--send "$U_EVPN" --send-delay 0.5 --send "$U_FLOW" --send "$U_VPN" --send "$U_WD" >"$TMP/a.peer" 2>&1 &
PA=$!
"$LBPEER" --listen 127.0.0.3:$port --asn 65001 --router-id 127.0.0.3 --hold 9 --duration 3 \
	--capabilities $CAPS >"$TMP/b.peer" 2>&1 &
PB=$!
PIDS="$PIDS $PA $PB"
wait_listen 127.0.0.2 "$port" 3
wait_listen 127.0.0.3 "$port" 3
start_daemon a "$TMP/a.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
wait "$PA" 2>/dev/null
wait "$PB" 2>/dev/null

sent() { grep "^RECV $2" "$1" | grep -q "$3"; }
# capability 69: AFI SAFI send(2)/receive(1) per family
check "OPEN: add-path for the listed families only (evpn receive)" \
	sent "$TMP/a.peer" OPEN 0212451000010403000180030001850300194601
check "OPEN without a list: ExaBGP's families (ipv4 unicast, mpls-vpn) sending" \
	sent "$TMP/b.peer" OPEN 020A45080001010200018002
check "mpls-vpn route sent with path identifier 5" sent "$TMP/a.peer" UPDATE \
	800E240001800C00000000000000007F00000100000000057000010100000064000000010A0100
check "nlri-mpls route sent with path identifier 6" sent "$TMP/a.peer" UPDATE \
	800E14000104047F0000010000000006300001410A0200
check "flow route sent with path identifier 0" sent "$TMP/a.peer" UPDATE 800E0F0001850000000000000501180A0300
check "EoR of each family without path identifier" sent "$TMP/a.peer" UPDATE 0200000007900F0003000185
check "no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$TMP/a.peer" "$TMP/b.peer"'

ev() { grep -q -- "$1" "$TMP/a.ev"; }
check "received evpn: path-information 0.0.0.7" \
	ev '"l2vpn evpn": { "127.0.0.2": \[ { "code": 2, .*"mac": "FC:15:B4:78:7B:8F".*, "path-information": "0.0.0.7" } \]'
check "received flow: path-information 0.0.0.9" \
	ev '"ipv4 flow": { "no-nexthop": \[ { "destination-ipv4": \[ "10.7.0.0/24" \], "string": "flow destination-ipv4 10.7.0.0/24", "path-information": "0.0.0.9" } \]'
check "received mpls-vpn: path-information 0.0.0.10" \
	ev '"ipv4 mpls-vpn": { "127.0.0.2": \[ { "nlri": "10.9.0.0/24", .*"path-information": "0.0.0.10" } \]'
check "withdrawn evpn: path-information 0.0.0.7" \
	ev '"withdraw": { "l2vpn evpn": \[ { "code": 2, .*"path-information": "0.0.0.7" } \]'
check "daemon alive" alive "$DPID"
kill "$DPID"
wait_exit "$DPID" 5
finish
