/* The text event's attributes, byte for byte as ExaBGP 5's V4Text prints
 * them (expected lines taken from ExaBGP itself, see c/event/text.c): AS_PATH
 * segments, community lists sorted by their bytes with ExaBGP's names, IPv6
 * extended communities, PMSI, AIGP, unknown attributes (lower-case hex,
 * partial bit), Prefix-SID (label index, SRGB, SRv6 services), Tunnel
 * Encapsulation of SR Policy routes. */
#include <string.h>

#include "unit.h"
#include "base/hex.h"
#include "event/text.h"

static const struct {
	const char *hex;    /* UPDATE body */
	const char *line;   /* after "neighbor 127.0.0.1 receive update announced " */
} cases[] = {
	{ "0000001e400101004002100201000000010102000000020000000340030401020304180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp as-path ( 1 ) [ 2 3 ]" },
	{ "0000001a4001010040020c03010000000702010000000140030401020304180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp as-path {( 7 )} ( 1 )" },
	{ "0000001e400101004002100402000000080000000902010000000140030401020304180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp as-path {[ 8 9 ]} ( 1 )" },
	{ "0000001e4001010040030401020304c00810ffffff01ffffff02ffffff03ffffff04180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp community [ no-export no-advertise no-export-subconfed no-peer ]" },
	{ "000000364001010040030401020304c00828ffff0000ffff0001ffff0002ffff0003ffff0004ffff0005ffff0006ffff0007ffff029affff0006180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp community [ 65535:0 65535:1 65535:2 65535:3 65535:4 65535:5 65535:6 65535:6 65535:7 blackhole ]" },
	{ "000000364001010040030401020304c010280002fde8000000640102c0a80001000a020200010001000a0003fde8000000640103c0a800010005180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp extended-community [ target:65000:100 origin:65000:0.0.0.100 target:192.168.0.1:10 origin:192.168.0.1:5 target:65537:10 ]" },
	{ "000000224001010040030401020304c01914000220010db8000000000000000000000001000a180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp extended-community-ipv6 0x000220010DB8000000000000000000000001000A" },
	{ "000000174001010040030401020304c0160900000003e80a000001180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp pmsi pmsi:notunnel:0:62(1000):0x0A000001" },
	{ "000000174001010040030401020304c016090603e800000a000001180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp pmsi pmsi:pim-ssmtree:6:950272:0x0A000001" },
	{ "0000001b4001010040030401020304c0160d01000000000a0000010a000002180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp pmsi pmsi:notunnel:1:0:0x0A0000010A000002" },
	{ "000000264001010040030401020304c02018000000010000000200000003ffffffff0000000000000007180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp large-community [ 1:2:3 4294967295:0:7 ]" },
	{ "000000124001010040030401020304c023040000fde9180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp attribute [ 0x23 0xE0 0x0000fde9 ]" },
	{ "000000184001010040030401020304c0280a01000700000000000309180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp bgp-prefix-sid [ 777 ]" },
	{ "000000294001010040030401020304c0281b0100070000000000012c03000e00000c35000010000f4240001388180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp bgp-prefix-sid [ 300, [ ( 800000,4096 ), ( 1000000,5000 ) ] ]" },
	{ "0000001f4001010040030401020304c0281103000e00000c35000010000f4240001388180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp bgp-prefix-sid [ [ ( 800000,4096 ), ( 1000000,5000 ) ] ]" },
	{ "000000334001010040030401020304c028250500220001001e0020010db800010001000000000000000000004800010006401810000000180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp bgp-prefix-sid [ l3-service [ sid-information [ sid:2001:db8:1:1:: flags:0 endpoint_behavior:0x48  [ sid-structure [64,24,16,0,0,0] ] ] ]" },
	{ "000000334001010040030401020304c028250600220001001e0020010db800010001000000000000000000004800010006401810000000180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp bgp-prefix-sid [ l2-service [ sid-information [ sid:2001:db8:1:1:: flags:0 endpoint_behavior:0x48  [ sid-structure [64,24,16,0,0,0] ] ] ]" },
	{ "000000194001010040030401020304801a0b01000b0000000000000064180a0000",
	  "10.0.0.0/24 next-hop 1.2.3.4 origin igp aigp 0x0000000000000064" },
};

/* SR Policy routes (ipv4 sr-policy) with the Tunnel Encapsulation forms:
 * preference, priority, binding SIDs, names, each segment type. */
static const struct {
	const char *hex;
	const char *line;
} srpolicy[] = {
	{ "0000004b40010100400200c01728000f00240c060000000000640d06100005dc01008000110009060000000000010106000003e81100800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {preference 100 binding-sid mpls 24000 segment-list weight 1 [16001]}]" },
	{ "0000008340010100400200c01760000f005c0c060000000000c814120000fc0000000000000000000000000000018000250009060000000000020d1a1000fc000000000000000000000000000001004100002000100082000a006d792d706f6c696379810008007072696d617279800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {preference 200 srv6-binding-sid fc00::1 segment-list weight 2 [fc00::1] policy-name \"my-policy\" candidate-path-name \"primary\"}]" },
	{ "0000003740010100400200c01714000f00100f020a000d0200000c06000000000005800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {priority 10 binding-sid null preference 5}]" },
	{ "0000003f40010100400200c0171c000f0018800015000906000000000001030a4080c000020103e81100800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {segment-list weight 1 [192.0.2.1]}]" },
	{ "0000004340010100400200c01720000f001c8000190009060000000000010106000003e810000106000003e82100800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {segment-list weight 1 [16001 16002]}]" },
	{ "0000004b40010100400200c01728000f00248000210009060000000000010416400220010db800000000000000000000000103e81000800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {segment-list weight 1 [2001:db8::1]}]" },
	{ "0000004340010100400200c01720000f001c800019000906000000000001050e000000000007c000020103e81000800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {segment-list weight 1 [if7:192.0.2.1]}]" },
	{ "0000003f40010100400200c0171c000f0018800015000906000000000001060a0000c0000201c0000202800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {segment-list weight 1 [192.0.2.1->192.0.2.2]}]" },
	{ "0000005740010100400200c01734000f003080002d0009060000000000010822000020010db800000000000000000000000120010db8000000000000000000000002800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {segment-list weight 1 [2001:db8::1->2001:db8::2]}]" },
	{ "0000005f40010100400200c0173c000f0038800035000906000000000001072a000000000001fe80000000000000000000000000000100000002fe800000000000000000000000000002800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {segment-list weight 1 [if1:fe80::1->if2:fe80::2]}]" },
	{ "0000003740010100400200c01714000f001080000d00090600000000000103020000800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {segment-list weight 1 [0.0.0.0]}]" },
	{ "0000003f40010100400200c0171c000f00188000150009060000000000016302aabb0106000003e81100800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {segment-list weight 1 [16001]}]" },
	{ "0000002940010100400200c01706000800020100800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [tunnel-type:8]" },
	{ "0000003540010100400200c01712000800020100000f00080c06000000000005800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [tunnel-type:8, sr-policy {preference 5}]" },
	{ "0000003b40010100400200c01718000f001414120000fc000000000000000000000000000001800e1600014904c0000201006000000000000000640a000001",
	  "afi ipv4 safi sr-policy next-hop 192.0.2.1 origin igp tunnel-encap tunnel-encap [sr-policy {srv6-binding-sid fc00::1}]" },
};

static void check_update(const struct wire_session_ctx *ctx, const char *hex, const char *line)
{
	struct buf body = BUF_INIT, blob = BUF_INIT, out = BUF_INIT, want = BUF_INIT;
	CHECK_EQ_INT(hex_decode(&body, hex), 0);
	struct wire_update u;
	wire_update_decode(body.data, body.len, ctx, &u, &blob);
	/* most lack AS_PATH: a warning, the attributes stand */
	CHECK(u.err.action != WIRE_SESSION_RESET);
	text_update(&out, "127.0.0.1", "receive", &u, blob.data, blob.len, NULL);
	buf_printf(&want,
	           "neighbor 127.0.0.1 receive update start\n"
	           "neighbor 127.0.0.1 receive update announced %s\n"
	           "neighbor 127.0.0.1 receive update end\n\n",
	           line);
	CHECK_EQ_STR(buf_cstr(&out), buf_cstr(&want));
	buf_free(&body);
	buf_free(&blob);
	buf_free(&out);
	buf_free(&want);
}

int main(void)
{
	struct wire_session_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.asn4 = true;
	ctx.fam[FAM_IPV4_UNICAST] = true;
	ctx.max_msg = 4096;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_update(&ctx, cases[i].hex, cases[i].line);
	ctx.fam[FAM_IPV4_SR_POLICY] = true;
	for (size_t i = 0; i < sizeof srpolicy / sizeof srpolicy[0]; i++)
		check_update(&ctx, srpolicy[i].hex, srpolicy[i].line);
	return unit_done();
}
