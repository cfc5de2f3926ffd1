#!/bin/bash
# The address families' configuration forms on the wire: lunabgp reads a
# configuration with l2vpn { vpls } (one statement and block form),
# announce { l2vpn { vpls } }, announce ipv4|ipv6 { multicast, nlri-mpls,
# flow }, a static multicast group and FlowSpec inherited from a template,
# and sends each as MP_REACH_NLRI to the test peer (which offers every
# family).  The NLRI bytes are RFC 4761 3.2.2 (VPLS), RFC 4760 (SAFI 2),
# RFC 8277 (labels) and RFC 8955 (flow).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bgp.bash"

port=$(free_port 35000)
cat >"$TMP/f.conf" <<'EOF'
template {
	neighbor flows {
		flow { route drop { match { destination 10.4.0.0/24; } then { discard; } } }
	}
}
neighbor 127.0.0.2 {
	router-id 127.0.0.1;
	local-address 127.0.0.1;
	local-as 65000;
	peer-as 65001;
	hold-time 9;
	inherit flows;
	family { ipv4 unicast; ipv4 multicast; ipv6 multicast; ipv4 labeled-unicast; ipv4 flow; l2vpn vpls; }
	static {
		route 224.1.0.0/16 next-hop 127.0.0.1;
	}
	announce {
		ipv4 {
			multicast 232.1.0.0/16 next-hop 127.0.0.1 med 7;
			nlri-mpls 10.2.0.0/24 next-hop 127.0.0.1 label 20;
		}
		ipv6 { multicast ff0e::/16 next-hop ::1; }
		l2vpn { vpls rd 1.2.3.4:5 endpoint 5 base 100 offset 1 size 8 next-hop 127.0.0.1; }
	}
	l2vpn {
		vpls site6 {
			endpoint 6; base 200; offset 1; size 8; rd 1.2.3.4:6;
			next-hop 127.0.0.1;
			extended-community [ target:1:1 l2info:19:0:1500:111 ];
		}
	}
}
EOF
"$LBPEER" --listen 127.0.0.2:$port --asn 65001 --router-id 127.0.0.2 --hold 9 \
	--capabilities ipv4-unicast,mp:1/2,mp:2/2,mp:1/4,mp:1/133,mp:25/65,asn4 --duration 3 >"$TMP/f.peer" 2>&1 &
PP=$!
PIDS="$PIDS $PP"
wait_listen 127.0.0.2 "$port" 3
start_daemon f "$TMP/f.conf" exabgp_tcp_bind= exabgp_tcp_port=$port
wait "$PP" 2>/dev/null

sent() { grep '^RECV UPDATE' "$TMP/f.peer" | grep -q "$1"; }
# MP_REACH_NLRI: AFI SAFI, next hop, NLRI
check "static 224.1.0.0/16 as ipv4 multicast" sent 800E0C000102047F0000010010E001
check "announce ipv4 multicast 232.1.0.0/16 with its med" sent 80040400000007800E0C000102047F0000010010E801
check "announce ipv6 multicast ff0e::/16" sent 800E1800020210000000000000000000000000000000010010FF0E
check "announce ipv4 nlri-mpls 10.2.0.0/24 label 20" sent 800E10000104047F00000100300001410A0200
check "announce l2vpn vpls (RD 1.2.3.4:5, VE 5, base 100)" sent 800E1C001941047F0000010000110001010203040005000500010008000641
check "l2vpn { vpls site6 { ... } } with its extended communities" \
	sent C010100002000100000001800A130005DC006F800E1C001941047F0000010000110001010203040006000600010008000C81
check "flow route inherited from the template" sent C010088006000000000000800E0B00018500000501180A0400
check "no NOTIFICATION" eval '! grep -q "^RECV NOTIFICATION" "$TMP/f.peer"'
kill "$DPID"
wait_exit "$DPID" 5
finish
