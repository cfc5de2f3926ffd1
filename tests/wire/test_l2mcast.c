/* EVPN, VPLS, MVPN and MUP NLRI (family_evpn.c, family_vpls.c,
 * family_mvpn.c, family_mup.c): framing, ExaBGP's JSON, malformed NLRI
 * (RFC 7606 sections 5.3/5.4) and decode(encode(x)) == x through UPDATEs. */
#include <string.h>

#include "unit.h"
#include "wire_test.h"
#include "wire/family_fq.h"

static char jbuf[2048];

static const char *json_of(fam_t fam, const char *hex)
{
	struct buf n = hexbuf(hex), out = BUF_INIT;
	family_ops(fam)->nlri_json(&out, n.data, n.len);
	size_t l = out.len < sizeof jbuf - 1 ? out.len : sizeof jbuf - 1;
	memcpy(jbuf, out.data, l);
	jbuf[l] = 0;
	buf_free(&n);
	buf_free(&out);
	return jbuf;
}

static bool valid(fam_t fam, const char *hex)
{
	struct buf n = hexbuf(hex);
	bool ok = nlri_one_valid(fam, n.data, n.len);
	buf_free(&n);
	return ok;
}

static int field(fam_t fam, const char *hex)
{
	struct buf n = hexbuf(hex);
	struct wire_error e;
	int c = nlri_field_check(fam, false, n.data, n.len, &e);
	buf_free(&n);
	return c;
}

/* Announce one NLRI with next hop nh through the builder, decode the
 * message, and check that the same NLRI bytes come back. */
static void roundtrip(fam_t fam, const char *hex, const char *nh)
{
	struct buf n = hexbuf(hex), blob = BUF_INIT, out = BUF_INIT, dblob = BUF_INIT;
	blob_add(&blob, -1, ATTR_ORIGIN, "00");
	blob_add(&blob, -1, ATTR_NEXT_HOP, nh);
	struct wire_session_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.asn4 = true;
	ctx.max_msg = BGP_MAX_MSG;
	ctx.fam[fam] = true;
	struct wire_encode_ctx enc = { .asn4 = true };
	struct wire_update_builder b;
	wire_update_builder_init(&b, &out, &ctx, &enc);
	CHECK(wire_update_begin_announce(&b, fam, blob.data, blob.len));
	struct nlri_ref r = { fam, 0, (uint16_t)n.len, n.data };
	CHECK(wire_update_add(&b, &r));
	wire_update_end(&b);
	wire_update_builder_free(&b);
	struct wire_update u;
	CHECK(out.len > BGP_HEADER_LEN);
	wire_update_decode(out.data + BGP_HEADER_LEN, out.len - BGP_HEADER_LEN, &ctx, &u, &dblob);
	CHECK_EQ_INT(u.err.action, WIRE_OK);
	CHECK_EQ_INT(u.mp_reach.fam, fam);
	CHECK_EQ_MEM(u.mp_reach.data, u.mp_reach.len, n.data, n.len);
	/* and the withdrawal */
	buf_reset(&out);
	wire_update_builder_init(&b, &out, &ctx, &enc);
	CHECK(wire_update_begin_withdraw(&b, fam));
	CHECK(wire_update_add(&b, &r));
	wire_update_end(&b);
	wire_update_builder_free(&b);
	wire_update_decode(out.data + BGP_HEADER_LEN, out.len - BGP_HEADER_LEN, &ctx, &u, &dblob);
	CHECK(u.err.action != WIRE_SESSION_RESET);
	CHECK_EQ_INT(u.mp_unreach.fam, fam);
	CHECK_EQ_MEM(u.mp_unreach.data, u.mp_unreach.len, n.data, n.len);
	buf_free(&n);
	buf_free(&blob);
	buf_free(&out);
	buf_free(&dblob);
}

static const char *const MAC_IP = "02250001252C372E0001000000000000000000000000051530E88088308BE9200A22100A000000";
static const char *const VPLS = "00110001C0A8C901007B000500010008029CE1";
static const char *const MVPN_SJ = "06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4";
static const char *const MVPN_AD6 =
	"052A0000FDE80001869F80FD12000000000000000000000000000480FF0E0000000000000000000000000001";
static const char *const MUP_ISD = "0100010C0000006400000064180A0001";

static void test_evpn(void)
{
	CHECK(valid(FAM_L2VPN_EVPN, MAC_IP));
	CHECK_EQ_STR(json_of(FAM_L2VPN_EVPN, MAC_IP),
	             "\"code\": 2, \"parsed\": true, \"raw\": \"02250001252C372E0001000000000000000000000000051530E88088308BE9200A22100A000000\", "
	             "\"name\": \"MAC/IP advertisement\", \"rd\": \"37.44.55.46:1\", \"esi\": \"-\", "
	             "\"ethernet-tag\": 1301, \"mac\": \"E8:80:88:30:8B:E9\", \"label\": [ [0] ], \"ip\": \"10.34.16.10\"");
	/* An unknown route type is kept raw (ExaBGP), never an error. */
	CHECK(valid(FAM_L2VPN_EVPN, "0803AABBCC"));
	CHECK_EQ_STR(json_of(FAM_L2VPN_EVPN, "0803AABBCC"), "\"code\": 8, \"parsed\": false, \"raw\": \"0803AABBCC\"");
	/* A known type with an inconsistent value: that route only, raw; the
	 * field stays usable (soft error, logged), but it is not an NLRI the
	 * configuration may build. */
	CHECK(!valid(FAM_L2VPN_EVPN, "0203000000"));
	CHECK_EQ_INT(field(FAM_L2VPN_EVPN, "0203000000"), 1);
	CHECK(strstr(json_of(FAM_L2VPN_EVPN, "0203000000"), "\"parsed\": false") != NULL);
	/* Type 3 with an IPv4 originator; type 5 IPv4; type 1 with a label. */
	CHECK_EQ_STR(json_of(FAM_L2VPN_EVPN, "03110000FDE8000000010000006420C0A80001"),
	             "\"code\": 3, \"parsed\": true, \"raw\": \"03110000FDE8000000010000006420C0A80001\", "
	             "\"name\": \"Inclusive Multicast Ethernet Tag\", \"rd\": \"65000:1\", \"ethernet-tag\": 100, \"ip\": \"192.168.0.1\"");
	CHECK(strstr(json_of(FAM_L2VPN_EVPN,
	                     "05220000FDE800000001" "00000000000000000000" "00000000" "18" "0A000000" "00000000" "000641"),
	             "\"label\": [ [100, 1601] ], \"ip\": \"10.0.0.0\", \"iplen\": 24, \"gateway\": \"0.0.0.0\"") != NULL);
	/* Overruns: the field cannot be framed (section 5.3). */
	CHECK_EQ_INT(field(FAM_L2VPN_EVPN, "02"), -1);
	CHECK_EQ_INT(field(FAM_L2VPN_EVPN, "0205AABB"), -1);
	CHECK_EQ_INT(field(FAM_L2VPN_EVPN, "0803AABBCC0100"), 2);
	roundtrip(FAM_L2VPN_EVPN, MAC_IP, "0A000001");
}

static void test_vpls(void)
{
	CHECK(valid(FAM_L2VPN_VPLS, VPLS));
	CHECK_EQ_STR(json_of(FAM_L2VPN_VPLS, VPLS),
	             "\"rd\": \"192.168.201.1:123\", \"endpoint\": 5, \"base\": 10702, \"offset\": 1, \"size\": 8");
	CHECK(!valid(FAM_L2VPN_VPLS, "00100001C0A8C901007B000500010008029C"));
	CHECK_EQ_INT(field(FAM_L2VPN_VPLS, "0011"), -1);
	CHECK_EQ_INT(field(FAM_L2VPN_VPLS, "00"), -1);
	roundtrip(FAM_L2VPN_VPLS, VPLS, "C0A8C901");
}

static void test_mvpn(void)
{
	CHECK(valid(FAM_IPV4_MCAST_VPN, MVPN_SJ));
	CHECK_EQ_STR(json_of(FAM_IPV4_MCAST_VPN, MVPN_SJ),
	             "\"code\": 6, \"parsed\": true, \"raw\": \"06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4\", "
	             "\"name\": \"C-Multicast Shared Tree Join route\", \"rd\": \"65000:99999\", \"source-as\": \"65000\", "
	             "\"source\": \"10.99.199.1\", \"group\": \"239.251.255.228\"");
	CHECK(strstr(json_of(FAM_IPV6_MCAST_VPN, MVPN_AD6), "\"source\": \"fd12::4\", \"group\": \"ff0e::1\"") != NULL);
	/* Type 1 (intra-AS I-PMSI A-D) is not decoded by ExaBGP: raw. */
	CHECK_EQ_STR(json_of(FAM_IPV4_MCAST_VPN, "0102AABB"), "\"code\": 1, \"parsed\": false, \"raw\": \"0102AABB\"");
	/* Source length 33 bits: raw, not a crash. */
	CHECK(strstr(json_of(FAM_IPV4_MCAST_VPN, "06160000FDE80001869F0000FDE8210A63C70120EFFBFFE4"),
	             "\"parsed\": false") != NULL);
	CHECK_EQ_INT(field(FAM_IPV4_MCAST_VPN, "0616AA"), -1);
	roundtrip(FAM_IPV4_MCAST_VPN, MVPN_SJ, "0A0A0603");
	roundtrip(FAM_IPV6_MCAST_VPN, MVPN_AD6, "0A0A0604");
}

static void test_mup(void)
{
	CHECK(valid(FAM_IPV4_MUP, MUP_ISD));
	CHECK_EQ_STR(json_of(FAM_IPV4_MUP, MUP_ISD),
	             "\"name\": \"InterworkSegmentDiscoveryRoute\", \"arch\": 1, \"code\": 1, \"prefix_ip_len\": 24, "
	             "\"prefix_ip\": \"10.0.1.0\", \"rd\": \"100:100\", \"raw\": \"0100010C0000006400000064180A0001\"");
	/* DSD */
	CHECK(strstr(json_of(FAM_IPV4_MUP, "0100020C00000064000000640A000001"), "\"ip\": \"10.0.0.1\", \"rd\": \"100:100\"") != NULL);
	/* T2ST with a 32-bit TEID */
	CHECK(strstr(json_of(FAM_IPV4_MUP, "010004110000006400000064400A00000100003039"),
	             "\"endpoint_len\": 64, \"endpoint_ip\": \"10.0.0.1\", \"rd\": \"100:100\", \"teid\": \"12345\"") != NULL);
	/* Unknown architecture: raw */
	CHECK_EQ_STR(json_of(FAM_IPV4_MUP, "02000101FF"), "\"arch\": 2, \"code\": 1, \"raw\": \"02000101FF\"");
	CHECK_EQ_INT(field(FAM_IPV4_MUP, "010001"), -1);
	CHECK_EQ_INT(field(FAM_IPV4_MUP, "0100010F00"), -1);
	roundtrip(FAM_IPV4_MUP, MUP_ISD, "0A000002");
}

static void test_rd(void)
{
	uint8_t rd[8];
	struct buf out = BUF_INIT;
	CHECK(fq_rd_parse("65000:99999", rd));
	fq_rd_text(&out, rd);
	CHECK(fq_rd_parse("192.168.201.1:123", rd));
	buf_put_u8(&out, ' ');
	fq_rd_text(&out, rd);
	CHECK(fq_rd_parse("4200000000:7", rd));
	buf_put_u8(&out, ' ');
	fq_rd_text(&out, rd);
	CHECK_EQ_MEM(out.data, out.len, "65000:99999 192.168.201.1:123 4200000000:7", 42);
	CHECK(!fq_rd_parse("x:1", rd));
	CHECK(!fq_rd_parse("1.2.3.4:70000", rd));
	buf_free(&out);
}

int main(void)
{
	test_evpn();
	test_vpls();
	test_mvpn();
	test_mup();
	test_rd();
	return unit_done();
}
