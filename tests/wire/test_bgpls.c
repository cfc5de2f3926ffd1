/* BGP-LS NLRI (family_bgpls.c, bgpls_tlv.c): lengths, RFC 7606 refusals of
 * malformed NLRI and attributes, ExaBGP's JSON, every truncation safe. */
#include "unit.h"
#include "wire/bgpls.h"
#include "wire/family.h"
#include "wire/nlri.h"
#include "wire/wire_test.h"

#include <string.h>

/* bgp-ls-1: an OSPFv2 link NLRI. */
#define LINK_HEX "0002005103000000000000000001000020020000040000000102010004C0A87A7E0202000400000000" \
	"020300040A0A0A0A01010020020000040000000102010004C0A87A7E0202000400000000020300040A020202"
/* bgp-ls-9: an IS-IS L2 node NLRI. */
#define NODE_HEX "00010027" "02" "00000000000002BC" "0100001A" "0200000400003E34" "0201000400000000" \
	"0203000601013400" "0041"

static void json_of(fam_t fam, const struct buf *b, const uint8_t *nh, size_t nhlen, struct buf *out)
{
	buf_reset(out);
	const struct family_ops *o = family_ops(fam);
	o->nlri_json_nh(out, b->data, b->len, nh, nhlen);
	buf_put_u8(out, 0);
}

static void test_lengths(void)
{
	struct wire_error e;
	struct buf b = hexbuf(LINK_HEX);
	const struct family_ops *o = family_ops(FAM_BGPLS);
	CHECK(o != NULL);
	CHECK_EQ_INT(family_lookup(AFI_BGPLS, SAFI_BGPLS), FAM_BGPLS);
	CHECK_EQ_INT(family_by_name("bgp-ls", "bgp-ls-vpn"), FAM_BGPLS_VPN);
	CHECK_EQ_INT(o->nlri_len(b.data, b.len, &e), (int)b.len);
	CHECK(b.len > NLRI_MAX_LEN || nlri_one_valid(FAM_BGPLS, b.data, b.len));
	/* Every truncation is refused, from an exactly sized copy (ASan). */
	for (size_t n = 0; n < b.len; n++) {
		uint8_t *c = malloc(n ? n : 1);
		memcpy(c, b.data, n);
		CHECK_EQ_INT(o->nlri_len(c, n, &e), -1);
		free(c);
	}
	CHECK_EQ_INT(o->nlri_len(b.data, b.len, &e), (int)b.len);
	CHECK_EQ_INT(e.action, WIRE_OK);
	/* Malformed contents inside a length that fits: the NLRI can be skipped,
	 * so it is treat-as-withdraw (RFC 9552 section 8.2.2), not a lost field.
	 * Unknown protocol-id 9: */
	b.data[4] = 9;
	CHECK_EQ_INT(o->nlri_len(b.data, b.len, &e), (int)b.len);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	CHECK(strstr(e.why, "protocol-id") != NULL);
	CHECK(!nlri_one_valid(FAM_BGPLS, b.data, b.len));
	b.data[4] = 3;
	/* A descriptor TLV whose length overruns the NLRI (local node 0x0020 -> 0x0070). */
	b.data[16] = 0x70;
	CHECK_EQ_INT(o->nlri_len(b.data, b.len, &e), (int)b.len);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	CHECK(strstr(e.why, "octet 13") != NULL);
	b.data[16] = 0x20;
	/* A 5-octet AS descriptor. */
	struct buf bad = hexbuf("0001001603000000000000000001000009020000050000000001");
	CHECK_EQ_INT(o->nlri_len(bad.data, bad.len, &e), (int)bad.len);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	/* bgp-ls-vpn: a known type shorter than its RD */
	struct buf shortrd = hexbuf("000100040000FDE8");
	CHECK_EQ_INT(family_ops(FAM_BGPLS_VPN)->nlri_len(shortrd.data, shortrd.len, &e), 8);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	buf_free(&shortrd);
	/* An unknown NLRI type is carried opaque. */
	struct buf unk = hexbuf("00090002ABCD");
	CHECK_EQ_INT(o->nlri_len(unk.data, unk.len, &e), 6);
	struct buf out = BUF_INIT;
	json_of(FAM_BGPLS, &unk, NULL, 0, &out);
	CHECK_EQ_STR((char *)out.data, "\"code\": 9, \"parsed\": false, \"raw\": \"00090002ABCD\"");
	buf_free(&b);
	buf_free(&bad);
	buf_free(&unk);
	buf_free(&out);
}

static void test_json(void)
{
	struct buf out = BUF_INIT;
	struct buf n = hexbuf(NODE_HEX);
	uint8_t nh[4] = { 192, 168, 100, 2 };
	struct wire_error e;
	CHECK_EQ_INT(family_ops(FAM_BGPLS)->nlri_len(n.data, n.len, &e), (int)n.len);
	json_of(FAM_BGPLS, &n, nh, 4, &out);
	CHECK_EQ_STR((char *)out.data,
	             "\"ls-nlri-type\": \"bgpls-node\", \"l3-routing-topology\": 700, \"protocol-id\": 2, "
	             "\"node-descriptors\": [ { \"autonomous-system\": 15924 }, { \"bgp-ls-identifier\": \"0\" }, "
	             "{ \"router-id\": \"010134000041\" } ], \"nexthop\": \"192.168.100.2\"");
	/* API v6: no next hop. */
	json_of(FAM_BGPLS, &n, NULL, 0, &out);
	CHECK(strstr((char *)out.data, "nexthop") == NULL);
	/* IPv4 prefix NLRI, VPN with an RD 65000:7, OSPF route type 1. */
	struct buf p = hexbuf("0003002A" "0000FDE800000007" "03" "0000000000000000"
	                      "0100000802000004 0000FDE8" "01080001 01" "0109000418 0A0001");
	CHECK_EQ_INT(family_ops(FAM_BGPLS_VPN)->nlri_len(p.data, p.len, &e), (int)p.len);
	json_of(FAM_BGPLS_VPN, &p, nh, 4, &out);
	CHECK_EQ_STR((char *)out.data,
	             "\"ls-nlri-type\": \"bgpls-prefix-v4\", \"l3-routing-topology\": 0, \"protocol-id\": 3, "
	             "\"node-descriptors\": [ { \"autonomous-system\": 65000 } ], "
	             "\"ip-reachability-tlv\": \"10.0.1.0/24\", \"ip-reach-prefix\": \"10.0.1.0/24\", "
	             "\"ospf-route-type\": 1, \"rd\": \"65000:7\", \"nexthop\": \"192.168.100.2\"");
	/* Prefix NLRI without IP reachability: refused. */
	struct buf q = hexbuf("0003001503000000000000000001000008020000040000FDE8");
	CHECK_EQ_INT(family_ops(FAM_BGPLS)->nlri_len(q.data, q.len, &e), (int)q.len);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
	buf_free(&n);
	buf_free(&p);
	buf_free(&q);
	buf_free(&out);
}

static void test_attr(void)
{
	size_t at;
	/* igp-metric 1 (3 octets) */
	struct buf a = hexbuf("0447 0003 000001");
	CHECK(bgpls_attr_problem(a.data, a.len, &at) == NULL);
	/* overrun */
	struct buf b = hexbuf("0447 0004 000001");
	CHECK(bgpls_attr_problem(b.data, b.len, &at) != NULL);
	/* igp-metric of 4 octets, at octet 7 */
	struct buf c = hexbuf("0400 0001 00 0447 0004 00000001");
	CHECK(bgpls_attr_problem(c.data, c.len, &at) != NULL);
	/* a TLV that may not repeat */
	struct buf d = hexbuf("0447 0001 01 0447 0001 02");
	CHECK(bgpls_attr_problem(d.data, d.len, &at) != NULL);
	CHECK_EQ_INT(at, 5);
	/* an UPDATE whose BGP-LS attribute is malformed: attribute discarded */
	struct buf u = hexbuf("0000 001E 40010100 400200 80 1D 04 04470004"
	                      "900E 0010 4004 47 04 C0A8FF1D 00 0001 0004 0000 0000");
	struct wire_session_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.asn4 = true;
	ctx.max_msg = BGP_MAX_MSG;
	ctx.fam[FAM_BGPLS] = true;
	struct wire_update up;
	struct buf blob = BUF_INIT;
	wire_update_decode(u.data, u.len, &ctx, &up, &blob);
	CHECK(up.err.action != WIRE_SESSION_RESET);
	struct attr_entry ae;
	CHECK(!attrs_find(blob.data, blob.len, ATTR_BGP_LS, &ae));
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
	buf_free(&d);
	buf_free(&u);
	buf_free(&blob);
}

/* SRv6 SID NLRI (type 6, RFC 9514 section 6), ExaBGP's JSON: no next hop
 * and no RD even in bgp-ls-vpn; MT-IDs as strings; repeated SIDs, last one. */
#define SRV6_LN "0100001202000004 0000fde8 0203000600000000 0001"
#define SRV6_SID_TLV "02060010 fc000000000000000000000000000001"
static void test_srv6_sid(void)
{
	struct wire_error e;
	struct buf out = BUF_INIT;
	uint8_t nh[4] = { 192, 168, 100, 2 };
	const struct family_ops *o = family_ops(FAM_BGPLS), *ov = family_ops(FAM_BGPLS_VPN);
	struct buf a = hexbuf("00060039 02 0000000000000000" SRV6_LN "0107000200 02" SRV6_SID_TLV);
	const char *ja = "\"ls-nlri-type\": \"bgpls-srv6sid\", \"l3-routing-topology\": 0, \"protocol-id\": 2, "
	                 "\"node-descriptors\": [ { \"autonomous-system\": 65000 }, { \"router-id\": \"000000000001\" } ], "
	                 "\"srv6-sid-descriptors\": {\"multi-topology-ids\": [\"2\"], \"srv6-sid\": \"fc00::1\"}";
	CHECK_EQ_INT(o->nlri_len(a.data, a.len, &e), (int)a.len);
	CHECK(nlri_one_valid(FAM_BGPLS, a.data, a.len));
	json_of(FAM_BGPLS, &a, nh, 4, &out);
	CHECK_EQ_STR((char *)out.data, ja);
	buf_reset(&out);
	o->nlri_text(&out, a.data, a.len);
	buf_put_u8(&out, 0);
	CHECK(strncmp((char *)out.data, "bgp-ls:srv6_sid:0x0200000000", 28) == 0);
	/* the same in bgp-ls-vpn behind an RD 65000:7 */
	struct buf v = hexbuf("00060041 0000FDE800000007 02 0000000000000000" SRV6_LN "0107000200 02" SRV6_SID_TLV);
	CHECK_EQ_INT(ov->nlri_len(v.data, v.len, &e), (int)v.len);
	json_of(FAM_BGPLS_VPN, &v, nh, 4, &out);
	CHECK_EQ_STR((char *)out.data, ja);
	/* OSPFv2 (DR 0.0.0.0 shown, as ExaBGP), two MT-IDs, generic TLVs in a
	 * list, the last of two SIDs */
	struct buf b = hexbuf("00060057 03 000000000000002a 0100000c 02030008c0a8000100000000"
	                      "01070002 1003 01080001 03 02060010 20010db8000000000000000000000002"
	                      "02060010 fc000000000000000000000000000001 01080001 01 01070002 0000");
	CHECK_EQ_INT(o->nlri_len(b.data, b.len, &e), (int)b.len);
	json_of(FAM_BGPLS, &b, NULL, 0, &out);
	CHECK_EQ_STR((char *)out.data,
	             "\"ls-nlri-type\": \"bgpls-srv6sid\", \"l3-routing-topology\": 42, \"protocol-id\": 3, "
	             "\"node-descriptors\": [ { \"router-id\": \"192.168.0.1\", \"designated-router-id\": \"0.0.0.0\" } ], "
	             "\"srv6-sid-descriptors\": {\"multi-topology-ids\": [\"3\", \"0\"], \"generic-tlv-264\": [\"0x03\", "
	             "\"0x01\"], \"srv6-sid\": \"fc00::1\"}");
	/* protocol 227 has a router-id (ExaBGP), no SID descriptors at all */
	struct buf c = hexbuf("00060015 e3 0000000000000000 01000008 02030004c0a80001");
	CHECK_EQ_INT(o->nlri_len(c.data, c.len, &e), (int)c.len);
	json_of(FAM_BGPLS, &c, NULL, 0, &out);
	CHECK_EQ_STR((char *)out.data,
	             "\"ls-nlri-type\": \"bgpls-srv6sid\", \"l3-routing-topology\": 0, \"protocol-id\": 227, "
	             "\"node-descriptors\": [ { \"router-id\": \"192.168.0.1\" } ], "
	             "\"srv6-sid-descriptors\": {\"multi-topology-ids\": []}");
	/* Malformed, refused as ExaBGP refuses them. */
	static const char *const bad[] = {
		"00060024 02 0000000000000000" SRV6_LN "01070001 01",                  /* MT-ID of 1 */
		"00060032 02 0000000000000000" SRV6_LN "0206000f fc0000000000000000000000000000", /* SID of 15 */
		"00060025 02 0000000000000000 01070002 0002" SRV6_LN,                   /* MT-ID first */
		"00060009 02 0000000000000000",                                          /* no descriptors */
		"00060008 02 00000000000000",                                            /* no identifier */
		"00060015 04 0000000000000000 01000008 02030004c0a80001",                /* direct: router-id */
		"0006001f 09 0000000000000000" SRV6_LN,                                  /* protocol 9 */
		"00060016 02 0000000000000000 01000009 0200000500 00fde800",             /* AS of 5 */
		"00060033 02 0000000000000000 01000112 02000004 0000fde8 0203000600000000 0001" SRV6_SID_TLV,
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct buf x = hexbuf(bad[i]);
		CHECK_EQ_INT(o->nlri_len(x.data, x.len, &e), (int)x.len);
		CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);
		struct buf js = BUF_INIT;   /* a withdrawal still renders it (ASan) */
		o->nlri_json_nh(&js, x.data, x.len, NULL, 0);
		buf_free(&js);
		CHECK(!nlri_one_valid(FAM_BGPLS, x.data, x.len));
		buf_free(&x);
	}
	/* Every truncation is refused, from an exactly sized copy (ASan). */
	for (size_t n = 0; n < a.len; n++) {
		uint8_t *t = malloc(n ? n : 1);
		memcpy(t, a.data, n);
		CHECK_EQ_INT(o->nlri_len(t, n, &e), -1);
		free(t);
	}
	buf_free(&a);
	buf_free(&v);
	buf_free(&b);
	buf_free(&c);
	buf_free(&out);
}

/* RFC 9552 8.2.2 at the UPDATE: a malformed BGP-LS attribute beside good
 * NLRI is attribute-discard; a malformed NLRI whose length fits is
 * treat-as-withdraw, and every NLRI of the field can still be walked. */
static void test_update_errors(void)
{
	struct wire_session_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.asn4 = true;
	ctx.max_msg = BGP_MAX_MSG;
	ctx.fam[FAM_BGPLS] = true;
	struct wire_update up;
	struct buf blob = BUF_INIT;
	struct attr_entry ae;
	/* SRv6 SID NLRI, then a BGP-LS attribute whose SRv6 locator is 7 octets */
	struct buf a = hexbuf("0000 005E 40010100 400200 800E 46 4004 47 04 C0A8FF1D 00"
	                      "00060039 02 0000000000000000" SRV6_LN "0107000200 02" SRV6_SID_TLV
	                      "80 1D 0B 048A0007 80000000000000");
	wire_update_decode(a.data, a.len, &ctx, &up, &blob);
	CHECK_EQ_INT(up.err.action, WIRE_ATTR_DISCARD);
	CHECK(!attrs_find(blob.data, blob.len, ATTR_BGP_LS, &ae));
	CHECK(up.has_mp_reach);
	/* a good SRv6 SID NLRI, then one with a 15-octet SID, then a good node NLRI */
	struct buf b = hexbuf("0000 009F 40010100 400200 800E 95 4004 47 04 C0A8FF1D 00"
	                      "00060039 02 0000000000000000" SRV6_LN "0107000200 02" SRV6_SID_TLV
	                      "00060032 02 0000000000000000" SRV6_LN "0206000f fc0000000000000000000000000000"
	                      "00010015 02 0000000000000000 01000008 020000040000FDE8");
	buf_reset(&blob);
	wire_update_decode(b.data, b.len, &ctx, &up, &blob);
	CHECK_EQ_INT(up.err.action, WIRE_TREAT_AS_WITHDRAW);
	CHECK(strstr(up.err.why, "SRv6 SID information") != NULL);
	struct nlri_iter it;
	struct nlri_ref r;
	int count = 0;
	nlri_iter_init(&it, FAM_BGPLS, false, up.mp_reach.data, up.mp_reach.len);
	while (nlri_iter_next(&it, &r))
		count++;
	CHECK_EQ_INT(count, 3);
	buf_free(&a);
	buf_free(&b);
	buf_free(&blob);
}

int main(void)
{
	test_lengths();
	test_json();
	test_attr();
	test_srv6_sid();
	test_update_errors();
	return unit_done();
}
