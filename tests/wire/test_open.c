/* OPEN decode/encode, capabilities, RFC 4271 6.2 errors, negotiation. */
#include "unit.h"

#include "base/hex.h"
#include "wire/open.h"

#include <stdlib.h>

static struct buf hexbuf(const char *h)
{
	struct buf b = BUF_INIT;
	if (hex_decode(&b, h) < 0)
		abort();
	return b;
}

/* Decode a whole message (with header). */
static int decode_msg(const char *h, struct wire_open *o, struct wire_error *e)
{
	struct buf b = hexbuf(h);
	int rc = wire_open_decode(b.data + BGP_HEADER_LEN, b.len - BGP_HEADER_LEN, o, e);
	buf_free(&b);
	return rc;
}

static int decode_body(const char *h, struct wire_open *o, struct wire_error *e)
{
	struct buf b = hexbuf(h);
	int rc = wire_open_decode(b.data, b.len, o, e);
	buf_free(&b);
	return rc;
}

static void check_encode(const struct wire_open *o, const char *want)
{
	struct buf out = BUF_INIT, w = hexbuf(want);
	wire_open_encode(&out, o);
	CHECK_EQ_MEM(out.data, out.len, w.data, w.len);
	if (out.len != w.len || memcmp(out.data, w.data, w.len)) {
		struct buf t = BUF_INIT;
		hex_encode(&t, out.data, out.len);
		fprintf(stderr, "   got %s\nwanted %s\n", buf_cstr(&t), want);
		buf_free(&t);
	}
	buf_free(&out);
	buf_free(&w);
}

#define FF16 "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

static void test_software_version_vector(void)
{
	struct wire_open o;
	struct wire_error e;
	const char *h = FF16 "00510104FFFD00B40A000002340206010400010001020641040000FFFD02224B201F"
	                "4578614247502F6D61696E2D633261326561386562642D3230323430373135";
	CHECK_EQ_INT(decode_msg(h, &o, &e), 0);
	CHECK_EQ_INT(o.version, 4);
	CHECK_EQ_INT(o.my_as, 65533);
	CHECK_EQ_INT(o.hold_time, 180);
	CHECK_EQ_INT(o.bgp_id, 0x0A000002);
	CHECK(o.caps.mp[FAM_IPV4_UNICAST]);
	CHECK(o.caps.as4);
	CHECK_EQ_INT(o.caps.as4_value, 65533);
	CHECK(o.caps.software_present);
	CHECK_EQ_STR(o.caps.software, "ExaBGP/main-c2a2ea8ebd-20240715");
	CHECK_EQ_INT(wire_open_asn(&o), 65533);
	/* Round trip gives ExaBGP's bytes back. */
	check_encode(&o, h);
}

/* README section 10: conf-cap-link-local-nexthop's OPEN, byte for byte. */
static void test_encode_order(void)
{
	struct wire_open o;
	memset(&o, 0, sizeof o);
	o.version = 4;
	o.my_as = 65533;
	o.hold_time = 180;
	o.bgp_id = 0x0A000002;
	o.caps.mp[FAM_IPV6_UNICAST] = true;
	o.caps.as4 = true;
	o.caps.as4_value = 65533;
	o.caps.extended_message = true;
	o.caps.link_local_nexthop = true;
	check_encode(&o, FF16 "0035" "01" "04FFFD00B40A000002" "18" "0206010400020001" "020641040000FFFD" "02020600" "02024D00");
	/* Full ExaBGP order: MP, AS4, nexthop(5), add-path(69), GR(64),
	 * route-refresh(2), enhanced(70), ext msg(6), hostname(73),
	 * software(75), link-local(77). */
	o.caps.mp[FAM_IPV6_UNICAST] = false;
	o.caps.mp[FAM_IPV4_UNICAST] = true;
	o.caps.ext_nh_n = 1;
	o.caps.ext_nh[0].afi = 1;
	o.caps.ext_nh[0].safi = 1;
	o.caps.ext_nh[0].nh_afi = 2;
	o.caps.addpath_present = true;
	o.caps.addpath[FAM_IPV4_UNICAST] = ADDPATH_SEND | ADDPATH_RECEIVE;
	o.caps.graceful_restart = true;
	o.caps.gr_time = 120;
	o.caps.gr_fam_flags[FAM_IPV4_UNICAST] = 0x81;
	o.caps.route_refresh = true;
	o.caps.enhanced_route_refresh = true;
	o.caps.fqdn = true;
	strcpy(o.caps.hostname, "h");
	strcpy(o.caps.domainname, "d");
	o.caps.software_present = true;
	strcpy(o.caps.software, "x");
	check_encode(&o, FF16 "0067" "01" "04FFFD00B40A000002" "4A"
	                 "02060104000100010206" "41040000FFFD"
	                 "0208" "0506000100010002"
	                 "0206" "450400010103"
	                 "0208" "40060078" "00010180"
	                 "02020200" "02024600" "02020600"
	                 "0206" "49040168" "0164"
	                 "0204" "4B020178" "02024D00");

	struct wire_open d;
	struct wire_error e;
	struct buf out = BUF_INIT;
	wire_open_encode(&out, &o);
	CHECK_EQ_INT(wire_open_decode(out.data + 19, out.len - 19, &d, &e), 0);
	CHECK(d.caps.route_refresh && d.caps.enhanced_route_refresh && d.caps.extended_message);
	CHECK_EQ_INT(d.caps.addpath[FAM_IPV4_UNICAST], 3);
	CHECK(d.caps.graceful_restart);
	CHECK_EQ_INT(d.caps.gr_time, 120);
	CHECK_EQ_INT(d.caps.gr_fam_flags[FAM_IPV4_UNICAST], 0x81);
	CHECK_EQ_INT(d.caps.ext_nh_n, 1);
	CHECK_EQ_INT(d.caps.ext_nh[0].nh_afi, 2);
	CHECK_EQ_STR(d.caps.hostname, "h");
	CHECK_EQ_STR(d.caps.domainname, "d");
	CHECK_EQ_STR(d.caps.software, "x");
	CHECK(d.caps.link_local_nexthop);
	buf_free(&out);
}

static void test_other_caps(void)
{
	struct wire_open o;
	struct wire_error e;
	/* Cisco route refresh, role 3 (customer), an unknown capability 66
	 * ("loremipsum"), and GR with R bit, all in one parameter. */
	CHECK_EQ_INT(decode_body("0400010000C0A80001" "17" "0215" "8000" "090103"
	                         "420A6C6F72656D697073756D" "40028078", &o, &e), 0);
	CHECK(o.caps.route_refresh_cisco);
	CHECK(o.caps.role_present);
	CHECK_EQ_INT(o.caps.role, 3);
	CHECK_EQ_INT(o.caps.unknown_len, 12);
	CHECK_EQ_INT(o.caps.unknown[0], 66);
	CHECK_EQ_INT(o.caps.unknown[1], 10);
	CHECK(o.caps.graceful_restart);
	CHECK_EQ_INT(o.caps.gr_flags, 0x80);
	CHECK_EQ_INT(o.caps.gr_time, 120);
	/* Unknown MP family kept by number (L2VPN BGP-AD, RFC 6074: no codec). */
	CHECK_EQ_INT(decode_body("0400010000C0A80001" "08" "0206010400190042", &o, &e), 0);
	CHECK_EQ_INT(o.caps.mp_unknown_n, 1);
	CHECK_EQ_INT(o.caps.mp_unknown[0].afi, 25);
	CHECK_EQ_INT(o.caps.mp_unknown[0].safi, 66);
	/* No parameters at all. */
	CHECK_EQ_INT(decode_body("0400010000C0A8000100", &o, &e), 0);
	CHECK(!o.caps.present);
}

/* RFC 9072: extended optional parameters length. */
static void test_extended_params(void)
{
	struct wire_open o;
	struct wire_error e;
	CHECK_EQ_INT(decode_body("0400010000C0A80001FFFF000F020006010400010001", &o, &e), -1);
	CHECK_EQ_INT(e.subcode, 0);
	CHECK_EQ_INT(decode_body("0400010000C0A80001FFFF0012" "020006" "010400020001" "020006" "41040000FDE8", &o, &e), 0);
	CHECK(o.caps.mp[FAM_IPV6_UNICAST]);
	CHECK_EQ_INT(o.caps.as4_value, 65000);
	/* Encoding switches to RFC 9072 when the parameters exceed 255 bytes. */
	struct wire_open big;
	memset(&big, 0, sizeof big);
	big.version = 4;
	big.my_as = 1;
	big.hold_time = 90;
	big.bgp_id = 1;
	big.caps.software_present = true;
	for (int i = 0; i < 60; i++)
		big.caps.unknown[big.caps.unknown_len++] = 0, big.caps.unknown[big.caps.unknown_len++] = 0;
	for (int i = 0; i < 30; i++) {
		big.caps.unknown[big.caps.unknown_len++] = 200;
		big.caps.unknown[big.caps.unknown_len++] = 2;
		big.caps.unknown[big.caps.unknown_len++] = 1;
		big.caps.unknown[big.caps.unknown_len++] = 2;
	}
	struct buf out = BUF_INIT;
	wire_open_encode(&out, &big);
	CHECK_EQ_INT(out.data[28], 255);
	CHECK_EQ_INT(out.data[29], 255);
	CHECK_EQ_INT(wire_open_decode(out.data + 19, out.len - 19, &o, &e), 0);
	CHECK_EQ_INT(o.caps.unknown_len, big.caps.unknown_len);
	CHECK_EQ_INT(get_be16(out.data + 16), out.len);
	buf_free(&out);
}

static void test_errors(void)
{
	struct wire_open o;
	struct wire_error e;
	/* Version 3: 2/1 with data = 4 as two octets. */
	CHECK_EQ_INT(decode_body("0300010000C0A8000100", &o, &e), -1);
	CHECK_EQ_INT(e.code, 2);
	CHECK_EQ_INT(e.subcode, 1);
	CHECK_EQ_INT(e.action, WIRE_SESSION_RESET);
	CHECK_EQ_INT(e.data_len, 2);
	CHECK(e.data[0] == 0 && e.data[1] == 4);
	/* Hold time 1 and 2: 2/6; 0 and 3 are fine. */
	CHECK_EQ_INT(decode_body("0400010001C0A8000100", &o, &e), -1);
	CHECK_EQ_INT(e.subcode, 6);
	CHECK_EQ_INT(decode_body("0400010002C0A8000100", &o, &e), -1);
	CHECK_EQ_INT(e.subcode, 6);
	CHECK_EQ_INT(decode_body("0400010000C0A8000100", &o, &e), 0);
	CHECK_EQ_INT(decode_body("0400010003C0A8000100", &o, &e), 0);
	/* BGP identifier 0: 2/3. */
	CHECK_EQ_INT(decode_body("040001005A0000000000", &o, &e), -1);
	CHECK_EQ_INT(e.subcode, 3);
	/* Optional parameters length overruns / underruns the message: 2/0. */
	CHECK_EQ_INT(decode_body("040001005AC0A8000108020601040001", &o, &e), -1);
	CHECK_EQ_INT(e.code, 2);
	CHECK_EQ_INT(e.subcode, 0);
	CHECK_EQ_INT(decode_body("040001005AC0A800010002", &o, &e), -1);
	CHECK_EQ_INT(e.subcode, 0);
	/* A parameter overrunning the parameters: 2/0. */
	CHECK_EQ_INT(decode_body("040001005AC0A80001040207010400", &o, &e), -1);
	CHECK_EQ_INT(e.subcode, 0);
	/* A capability overrunning its parameter: 2/0. */
	CHECK_EQ_INT(decode_body("040001005AC0A8000104020201", &o, &e), -1);
	CHECK_EQ_INT(e.subcode, 0);
	/* Unsupported optional parameter type (1, authentication): 2/4. */
	CHECK_EQ_INT(decode_body("040001005AC0A80001030101AA", &o, &e), -1);
	CHECK_EQ_INT(e.subcode, 4);
	/* Malformed capability value (MP of 3 bytes, AS4 of 2): 2/0. */
	CHECK_EQ_INT(decode_body("040001005AC0A8000107020501030001FF", &o, &e), -1);
	CHECK_EQ_INT(decode_body("040001005AC0A800010602044102FFFF", &o, &e), -1);
	CHECK_EQ_INT(e.subcode, 0);
	/* Truncated fixed part. */
	CHECK_EQ_INT(decode_body("04000100", &o, &e), -1);
	CHECK_EQ_INT(e.code, 1);
	CHECK_EQ_INT(e.subcode, 2);
}

/* Every truncation of a valid OPEN decodes or fails cleanly (ASan). */
static void test_truncations(void)
{
	struct buf b = hexbuf("0400010000C0A80001" "4A" "0206010400010001" "02064104000000FF" "02024600"
	                      "0208400600780001018002044D00" "02064504000101030206" "0901034B03616263"
	                      "020A49040168016400000000");
	int ok = 0;
	for (size_t n = 0; n <= b.len; n++) {
		uint8_t *copy = xmalloc(n ? n : 1);
		memcpy(copy, b.data, n);
		struct wire_open o;
		struct wire_error e;
		if (wire_open_decode(copy, n, &o, &e) == 0)
			ok++;
		else
			CHECK(e.action == WIRE_SESSION_RESET);
		free(copy);
	}
	CHECK(ok <= 1);
	buf_free(&b);
}

static void open_with(struct wire_open *o, uint32_t as, uint16_t hold)
{
	memset(o, 0, sizeof *o);
	o->version = 4;
	o->my_as = as > 65535 ? 23456 : (uint16_t)as;
	o->hold_time = hold;
	o->bgp_id = 1;
	o->caps.as4 = true;
	o->caps.as4_value = as;
}

static void test_negotiate(void)
{
	struct wire_open l, r;
	struct wire_session_ctx c;
	open_with(&l, 65533, 180);
	open_with(&r, 4200000000u, 90);
	l.caps.mp[FAM_IPV4_UNICAST] = l.caps.mp[FAM_IPV6_UNICAST] = true;
	r.caps.mp[FAM_IPV6_UNICAST] = true;
	l.caps.extended_message = true;
	l.caps.addpath[FAM_IPV6_UNICAST] = ADDPATH_RECEIVE;
	r.caps.addpath[FAM_IPV6_UNICAST] = ADDPATH_SEND | ADDPATH_RECEIVE;
	l.caps.route_refresh = true;
	r.caps.route_refresh_cisco = true;
	wire_negotiate(&l, &r, &c);
	CHECK(c.asn4);
	CHECK(c.ebgp);
	CHECK_EQ_INT(c.peer_as, 4200000000u);
	CHECK_EQ_INT(c.local_as, 65533);
	CHECK_EQ_INT(c.hold_time, 90);
	CHECK_EQ_INT(c.max_msg, 4096);
	CHECK(!c.fam[FAM_IPV4_UNICAST]);
	CHECK(c.fam[FAM_IPV6_UNICAST]);
	CHECK(c.addpath_rx[FAM_IPV6_UNICAST]);
	CHECK(!c.addpath_tx[FAM_IPV6_UNICAST]);
	CHECK(c.route_refresh);
	CHECK(!c.enhanced_route_refresh);
	r.caps.extended_message = true;
	/* No MP capability on the peer: IPv4 unicast only. */
	memset(r.caps.mp, 0, sizeof r.caps.mp);
	r.caps.as4 = false;
	r.my_as = 65533;
	wire_negotiate(&l, &r, &c);
	CHECK(!c.asn4);
	CHECK(!c.ebgp);
	CHECK_EQ_INT(c.max_msg, 65535);
	CHECK(c.fam[FAM_IPV4_UNICAST]);
	CHECK(!c.fam[FAM_IPV6_UNICAST]);
	/* Extended next hop needs both sides. */
	l.caps.ext_nh_n = r.caps.ext_nh_n = 1;
	l.caps.ext_nh[0].afi = r.caps.ext_nh[0].afi = 1;
	l.caps.ext_nh[0].safi = r.caps.ext_nh[0].safi = 1;
	l.caps.ext_nh[0].nh_afi = r.caps.ext_nh[0].nh_afi = 2;
	wire_negotiate(&l, &r, &c);
	CHECK(c.ext_nh[FAM_IPV4_UNICAST]);
}

int main(void)
{
	test_software_version_vector();
	test_encode_order();
	test_other_caps();
	test_extended_params();
	test_errors();
	test_truncations();
	test_negotiate();
	return unit_done();
}
