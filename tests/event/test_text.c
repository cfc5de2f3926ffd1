/* ExaBGP's text API encoder (c/event/text.c): the lines helpers match on. */
#include "unit.h"
#include "base/hex.h"
#include "event/text.h"
#include <string.h>

static struct wire_session_ctx ctx4(void)
{
	struct wire_session_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.asn4 = true;
	ctx.fam[FAM_IPV4_UNICAST] = true;
	ctx.fam[FAM_IPV6_UNICAST] = true;
	ctx.max_msg = 4096;
	return ctx;
}

/* Decode an UPDATE body given in hex and render it. */
static void update_text(struct buf *out, const char *hexbody, const struct text_raw *raw)
{
	struct wire_session_ctx ctx = ctx4();
	struct buf body = BUF_INIT, blob = BUF_INIT;
	CHECK_EQ_INT(hex_decode(&body, hexbody), 0);
	struct wire_update u;
	wire_update_decode(body.data, body.len, &ctx, &u, &blob);
	CHECK(u.err.action == WIRE_OK);
	buf_reset(out);
	text_update(out, "127.0.0.1", "receive", &u, blob.data, blob.len, raw);
	buf_free(&body);
	buf_free(&blob);
}

int main(void)
{
	struct buf out = BUF_INIT;

	text_state(&out, "127.0.0.1", "up", NULL);
	text_state(&out, "127.0.0.1", "connected", NULL);
	text_state(&out, "127.0.0.1", "down", "peer reset");
	CHECK_EQ_STR(buf_cstr(&out), "neighbor 127.0.0.1 up\n\nneighbor 127.0.0.1 connected\n\n"
	                             "neighbor 127.0.0.1 down - peer reset\n\n");

	buf_reset(&out);
	text_shutdown(&out, 123, 45);
	CHECK_EQ_STR(buf_cstr(&out), "shutdown 123 45\n\n");

	/* origin igp, as-path 65001 65002, med 5, local-pref 100, communities,
	 * next hop 10.0.0.1, NLRI 192.168.0.0/24 and 10.1.0.0/16 */
	update_text(&out,
	            "0000" "0031"
	            "40010100"
	            "4002 0A 0202 0000FDE9 0000FDEA"
	            "40030 40A000001"
	            "80040400000005"
	            "40050400000064"
	            "C00808 00010002 FFFFFF01"
	            "18C0A800" "100A01",
	            NULL);
	CHECK_EQ_STR(buf_cstr(&out),
	             "neighbor 127.0.0.1 receive update start\n"
	             "neighbor 127.0.0.1 receive update announced 192.168.0.0/24 next-hop 10.0.0.1 origin igp as-path "
	             "( 65001 65002 ) med 5 local-preference 100 community [ 1:2 no-export ]\n"
	             "neighbor 127.0.0.1 receive update announced 10.1.0.0/16 next-hop 10.0.0.1 origin igp as-path "
	             "( 65001 65002 ) med 5 local-preference 100 community [ 1:2 no-export ]\n"
	             "neighbor 127.0.0.1 receive update end\n\n");

	/* a single community is not bracketed; ExaBGP 5's AS_PATH: a sequence
	 * in parentheses, a set in brackets */
	update_text(&out,
	            "0000" "0025"
	            "40010100"
	            "4002 10 0201 0000FDE9 0102 00000001 00000002"
	            "40030 40A000001"
	            "C00804 00010002"
	            "18C0A800",
	            NULL);
	CHECK(strstr(buf_cstr(&out), " as-path ( 65001 ) [ 1 2 ] community 1:2\n") != NULL);

	/* withdrawals, with the raw message for consolidate */
	uint8_t hdr[19];
	memset(hdr, 0xff, 16);
	hdr[16] = 0;
	hdr[17] = 27;
	hdr[18] = 2;
	uint8_t rawbody[] = { 0, 4, 0x18, 192, 168, 0, 0, 0 };
	struct text_raw raw = { hdr, rawbody, sizeof rawbody };
	update_text(&out, "0004" "18C0A800" "0000", &raw);
	CHECK_EQ_STR(buf_cstr(&out),
	             "neighbor 127.0.0.1 receive update start\n"
	             "neighbor 127.0.0.1 receive update withdrawn 192.168.0.0/24\n"
	             " header 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001B02 body 0x000418C0A8000000\n"
	             "neighbor 127.0.0.1 receive update end\n\n");

	/* End-of-RIB */
	update_text(&out, "00000000", NULL);
	CHECK(strstr(buf_cstr(&out), "neighbor 127.0.0.1 receive update route eor 1/1 (ipv4 unicast)\n") != NULL);

	/* IPv6 through MP_REACH */
	update_text(&out,
	            "0000" "0027"
	            "40010100" "400200"
	            "900E 001C 0002 01 10 20010DB8000000000000000000000001 00 30 20010DB80001"
	            ,
	            NULL);
	/* an empty AS_PATH is left out */
	CHECK(strstr(buf_cstr(&out), "announced 2001:db8:1::/48 next-hop 2001:db8::1 origin igp\n") != NULL);

	/* ADD-PATH on a VPN route: the path identifier follows the prefix, as
	 * ExaBGP's INET.prefix() puts it, before label and RD (the message of
	 * the conf-path-information vector). */
	{
		struct wire_session_ctx ctx = ctx4();
		ctx.fam[FAM_IPV4_MPLS_VPN] = true;
		ctx.addpath_rx[FAM_IPV4_MPLS_VPN] = true;
		struct buf body = BUF_INIT, blob = BUF_INIT;
		CHECK_EQ_INT(hex_decode(&body, "0000004F40010100400200400304C0A8000140050400000064C01010000200000000000000"
		                               "02000100000001800E240001800C0000000000000000C0A80001000000000A7004E2C1000000"
		                               "64000000640A0000"), 0);
		struct wire_update u;
		wire_update_decode(body.data, body.len, &ctx, &u, &blob);
		CHECK(u.err.action == WIRE_OK);
		buf_reset(&out);
		text_update(&out, "127.0.0.1", "receive", &u, blob.data, blob.len, NULL);
		CHECK_EQ_STR(buf_cstr(&out),
		             "neighbor 127.0.0.1 receive update start\n"
		             "neighbor 127.0.0.1 receive update announced 10.0.0.0/24 path-information 0.0.0.10 label 20012 "
		             "(320193) rd 100:100 next-hop 192.168.0.1 origin igp local-preference 100 extended-community "
		             "[ target:0:0 target:1:1 ]\n"
		             "neighbor 127.0.0.1 receive update end\n\n");
		buf_free(&body);
		buf_free(&blob);
	}

	/* NOTIFICATION: ExaBGP's hexstring (0x + upper case) */
	buf_reset(&out);
	uint8_t data[] = { 0x01, 0xab };
	struct wire_notification n = { .code = 3, .subcode = 1, .data = data, .data_len = 2 };
	text_notification(&out, "127.0.0.1", "receive", &n, NULL);
	CHECK_EQ_STR(buf_cstr(&out), "neighbor 127.0.0.1 receive notification code 3 subcode 1 data 0x01AB\n\n");

	buf_reset(&out);
	text_keepalive(&out, "::1", "send", NULL);
	CHECK_EQ_STR(buf_cstr(&out), "neighbor ::1 send keepalive\n\n");

	buf_reset(&out);
	struct wire_route_refresh rr = { .afi = 1, .safi = 1, .subtype = 0 };
	text_refresh(&out, "127.0.0.1", "receive", &rr, NULL);
	CHECK_EQ_STR(buf_cstr(&out), "neighbor 127.0.0.1 receive route-refresh afi ipv4 safi unicast query\n\n");

	buf_reset(&out);
	struct wire_open o;
	memset(&o, 0, sizeof o);
	o.version = 4;
	o.my_as = 65001;
	o.hold_time = 180;
	o.bgp_id = 0x01020304;
	o.caps.mp[FAM_IPV4_UNICAST] = true;
	o.caps.route_refresh = true;
	o.caps.as4 = true;
	o.caps.as4_value = 65001;
	text_open(&out, "127.0.0.1", "receive", &o, NULL);
	CHECK_EQ_STR(buf_cstr(&out), "neighbor 127.0.0.1 receive open version 4 asn 65001 hold_time 180 router_id "
	                             "1.2.3.4 capabilities [multiprotocol(ipv4 unicast), route refresh, asn4(65001)]\n\n");

	buf_reset(&out);
	text_packets(&out, "127.0.0.1", "receive", 4, &(struct text_raw){ hdr, NULL, 0 });
	CHECK(strncmp(buf_cstr(&out), "neighbor 127.0.0.1 receive 4 header 0xFFFF", 42) == 0);

	buf_free(&out);
	return unit_done();
}
