/* The text events of OPEN, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH, byte
 * for byte as ExaBGP 5's V4Text prints them (expected lines taken from
 * ExaBGP itself on the same messages): capabilities in code order and
 * lower case, ExaBGP's names for those it does not decode, a Cease's
 * Shutdown Communication as ExaBGP reads it, unknown AFIs. */
#include <string.h>

#include "unit.h"
#include "base/hex.h"
#include "event/text.h"
#include "wire/notify.h"
#include "wire/open.h"

static const struct {
	const char *hex;    /* whole message, header included */
	const char *line;   /* without the newline */
} cases[] = {
	/* graceful restart families in the OPEN's order */
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002B0104FDE900B4010203040E020C400A00780002018000010100",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [graceful restart flags 0x0 time 120 ipv6/unicast=0x80 ipv4/unicast=0x0]" },
	/* multiprotocol families in the OPEN's order */
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00950104FDE900B40102030478020601040001000102060104000200010206010400010080020601040019004602060104000100850206010440040047020601040001004902060104000100550206010400010005020601040019004102060104000100840206010400010004020601040002000402060104000100020206010400020086",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [multiprotocol(ipv4 unicast,ipv6 unicast,ipv4 mpls-vpn,l2vpn evpn,ipv4 flow,bgp-ls bgp-ls,ipv4 sr-policy,ipv4 mup,ipv4 mcast-vpn,l2vpn vpls,ipv4 rtc,ipv4 nlri-mpls,ipv6 nlri-mpls,ipv4 multicast,ipv6 flow-vpn)]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500010001",
	  "neighbor 127.0.0.1 receive route-refresh afi ipv4 safi unicast query" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00350104FFFD00B40A000002180206010400020001020641040000FFFD0202060002024D00",
	  "neighbor 127.0.0.1 receive open version 4 asn 65533 hold_time 180 router_id 10.0.0.2 capabilities [multiprotocol(ipv6 unicast), extended message(65535), asn4(65533), link-local nexthop]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00490104FFFD00B40A0000022C0206010400010001020641040000FFFD0202060002164B14134578614247502F352E302E302D302B74657374",
	  "neighbor 127.0.0.1 receive open version 4 asn 65533 hold_time 180 router_id 10.0.0.2 capabilities [multiprotocol(ipv4 unicast), extended message(65535), asn4(65533), software(exabgp/5.0.0-0+test)]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF004003010063616E206E6F74206465636F646520757064617465206D657373616765206F662074797065202232353522",
	  "neighbor 127.0.0.1 receive notification code 1 subcode 0 data 0x63616E206E6F74206465636F646520757064617465206D657373616765206F662074797065202232353522" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00210104FDE900B4010203040402028000",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [cisco route refresh]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002D0104FDE900B40102030410020E050C000100010002000100800002",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [nexthop(ipv4 unicast ipv6,ipv4 mpls-vpn ipv6)]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002B0104FDE900B4010203040E020C400A80780001018000020100",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [graceful restart flags 0x8 time 120 ipv4/unicast=0x80 ipv6/unicast=0x0]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00230104FDE900B40102030406020440020000",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [graceful restart flags 0x0 time 0 ]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00230104FDE900B40102030406020440024005",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [graceful restart flags 0x4 time 5 ]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002D0104FDE900B40102030410020E450C000101030002010100018002",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [addpath(send/receive ipv4 unicast,receive ipv6 unicast,send ipv4 mpls-vpn)]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002E0104FDE900B40102030411020F490D04486F7374074578616D706C65",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [hostname(host example)]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00250104FDE900B401020304080206490402683100",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [hostname(h1 )]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00280104FDE900B4010203040B02094B07064652522F3130",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [software(frr/10)]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00240104FDE900B4010203040702054D03000201",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [link-local nexthop]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00210104FDE900B401020304040202B900",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [operational]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00220104FDE900B401020304050203440100",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [multisession (rfc) ]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00270104FDE900B4010203040A02084706000101800064",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [unassigned unknown capability 0x47]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00210104FDE900B4010203040402024800",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [unassigned unknown capability 0x48]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00210104FDE900B4010203040402020300",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [unknown outbound-route-filtering]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00230104FDE900B4010203040602040A026162",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [unknown unknown capability 0xa]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00210104FDE900B4010203040402026300",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [unassigned unknown capability 0x63]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00220104FDE900B401020304050203C80101",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [reserved unknown capability 0xc8]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00210104FDE900B4010203040402028100",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [reserved unknown capability 0x81]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00210104FDE900B4010203040402028300",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [multisession ]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00410104FDE900B40102030424020601040001000102020200020641040000FDE902024600020280000206450400010101",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [multiprotocol(ipv4 unicast), cisco route refresh, asn4(65001), addpath(receive ipv4 unicast), enhanced route refresh, cisco route refresh]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0015030602",
	  "neighbor 127.0.0.1 receive notification code 6 subcode 2 data 0x" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500010001",
	  "neighbor 127.0.0.1 receive route-refresh afi ipv4 safi unicast query" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500010101",
	  "neighbor 127.0.0.1 receive route-refresh afi ipv4 safi unicast begin" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500010201",
	  "neighbor 127.0.0.1 receive route-refresh afi ipv4 safi unicast end" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500020004",
	  "neighbor 127.0.0.1 receive route-refresh afi ipv6 safi nlri-mpls query" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00250104FDE900B401020304080202020002028000",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [cisco route refresh, cisco route refresh]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00260104FDE900B4010203040902074C05000101000A",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [pathslimit(ipv4 unicast 10)]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00220104FDE900B401020304050203090101",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [unknown unknown capability 0x9]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003A0104FDE900B4010203041D02030A016102060104000100010202C800020202000206490401410142",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [multiprotocol(ipv4 unicast), route refresh, unknown unknown capability 0xa, hostname(a b), reserved unknown capability 0xc8]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00270104FDE900B4010203040A02084006807800010181",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [graceful restart flags 0x8 time 120 ipv4/unicast=0x80]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00250104FDE900B401020304080206010400030001",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [multiprotocol(unknown-afi-0x3 unicast)]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00210104FDE900B4010203040402024300",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [unknown dynamic-capability]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00210104FDE900B4010203040402020400",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [unknown multiple-routes]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00210104FDE900B401020304040202B900",
	  "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id 1.2.3.4 capabilities [operational]" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001304",
	  "neighbor 127.0.0.1 receive keepalive" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0015030602",
	  "neighbor 127.0.0.1 receive notification code 6 subcode 2 data 0x" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001B0306020568656C6C6F",
	  "neighbor 127.0.0.1 receive notification code 6 subcode 2 data 0x53687574646F776E20436F6D6D756E69636174696F6E3A202268656C6C6F22" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001903060403627965",
	  "neighbor 127.0.0.1 receive notification code 6 subcode 4 data 0x53687574646F776E20436F6D6D756E69636174696F6E3A202262796522" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0018030602096869",
	  "neighbor 127.0.0.1 receive notification code 6 subcode 2 data 0x696E76616C69642053687574646F776E20436F6D6D756E69636174696F6E202862756666657220756E64657272756E29206C656E677468203A2039205B3078363836395D" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001A0306020468C3A978",
	  "neighbor 127.0.0.1 receive notification code 6 subcode 2 data 0x53687574646F776E20436F6D6D756E69636174696F6E3A202268C3A97822" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001803060202610A",
	  "neighbor 127.0.0.1 receive notification code 6 subcode 2 data 0x53687574646F776E20436F6D6D756E69636174696F6E3A2022612022" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170302020001",
	  "neighbor 127.0.0.1 receive notification code 2 subcode 2 data 0x0001" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170301020005",
	  "neighbor 127.0.0.1 receive notification code 1 subcode 2 data 0x0005" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0019030309ABABABAB",
	  "neighbor 127.0.0.1 receive notification code 3 subcode 9 data 0xABABABAB" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0015030603",
	  "neighbor 127.0.0.1 receive notification code 6 subcode 3 data 0x" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001603060200",
	  "neighbor 127.0.0.1 receive notification code 6 subcode 2 data 0x656D7074792053687574646F776E20436F6D6D756E69636174696F6E2E" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001A0306040261620102",
	  "neighbor 127.0.0.1 receive notification code 6 subcode 4 data 0x53687574646F776E20436F6D6D756E69636174696F6E3A20226162222C20747261696C696E6720646174613A20307830313032" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500020001",
	  "neighbor 127.0.0.1 receive route-refresh afi ipv6 safi unicast query" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500010102",
	  "neighbor 127.0.0.1 receive route-refresh afi ipv4 safi multicast begin" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500190046",
	  "neighbor 127.0.0.1 receive route-refresh afi l2vpn safi evpn query" },
	{ "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500030001",
	  "neighbor 127.0.0.1 receive route-refresh afi unknown-afi-0x3 safi unicast query" },
};

int main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf msg = BUF_INIT, out = BUF_INIT, want = BUF_INIT;
		CHECK_EQ_INT(hex_decode(&msg, cases[i].hex), 0);
		const uint8_t *body = msg.data + 19;
		size_t len = msg.len - 19;
		struct wire_error e;
		switch (msg.data[18]) {
		case BGP_OPEN: {
			struct wire_open o;
			CHECK_EQ_INT(wire_open_decode(body, len, &o, &e), 0);
			text_open(&out, "127.0.0.1", "receive", &o, NULL);
			break;
		}
		case BGP_NOTIFICATION: {
			struct wire_notification n;
			CHECK_EQ_INT(wire_notification_decode(body, len, &n), 0);
			text_notification(&out, "127.0.0.1", "receive", &n, NULL);
			break;
		}
		case BGP_KEEPALIVE:
			text_keepalive(&out, "127.0.0.1", "receive", NULL);
			break;
		case BGP_ROUTE_REFRESH: {
			struct wire_route_refresh rr;
			CHECK_EQ_INT(wire_route_refresh_decode(body, len, &rr, &e), 0);
			text_refresh(&out, "127.0.0.1", "receive", &rr, NULL);
			break;
		}
		default:
			CHECK(false);
		}
		buf_printf(&want, "%s\n\n", cases[i].line);   /* and ExaBGP's writer's newline */
		CHECK_EQ_STR(buf_cstr(&out), buf_cstr(&want));
		buf_free(&msg);
		buf_free(&out);
		buf_free(&want);
	}
	return unit_done();
}
