/* Prefix-SID SRv6 service TLVs (attr_srv6.c, RFC 9252 section 2): good
 * values (JSON: tests/event/test_prefix_sid.c) from the conformance data,
 * then truncated and overrunning TLVs, sub-TLVs and sub-sub-TLVs. */
#include <string.h>

#include "../unit.h"
#include "wire/attr_srv6.h"
#include "wire_test.h"

static int parse_hex(const char *hex, struct srv6_service *s)
{
	struct buf b = hexbuf(hex);
	size_t off = 0, l;
	uint8_t t;
	const uint8_t *p;
	int r = prefix_sid_tlv_next(b.data, b.len, &off, &t, &p, &l);
	if (r == 1)
		r = srv6_service_parse(t, p, l, s) == 0 ? 1 : -1;
	buf_free(&b);
	return r;
}

/* conf-srv6-mup.ci: l3-service 2001:db8:1:1:: 0x48 [64,24,16,0,0,0] */
#define MUP_ISD "0500220001001E00" "20010DB8000100010000000000000000" "00004800" "010006" "401810000000"
/* vpnv4-extended-nexthop-1: no structure */
#define VPN_NH "05001900010015002001000100000000000000000000000000000000"

static void test_good(void)
{
	struct srv6_service s;
	CHECK_EQ_INT(parse_hex(MUP_ISD, &s), 1);
	CHECK_EQ_INT(s.type, 5);
	CHECK_EQ_INT(s.nsids, 1);
	CHECK_EQ_INT(s.sids[0].behavior, 0x48);
	CHECK_EQ_INT(s.sids[0].sid[0], 0x20);
	CHECK(s.sids[0].has_structure);
	CHECK_EQ_INT(s.sids[0].structure[0], 64);
	CHECK_EQ_INT(s.sids[0].structure[1], 24);


	/* Round trip through the encoder. */
	uint8_t enc[64], sid[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 1 }, st[6] = { 64, 24, 16, 0, 0, 0 };
	size_t n = srv6_service_encode(enc, 5, sid, 0, 0x48, st);
	struct buf want = hexbuf(MUP_ISD);
	CHECK_EQ_MEM(enc, n, want.data, want.len);
	buf_free(&want);

	/* An unknown sub-TLV and sub-sub-TLV are skipped. */
	CHECK_EQ_INT(parse_hex("0500210001001900" "20010DB8000000000000000000000001" "00000500" "09000100" "07000100",
	                       &s), 1);
}

static void test_malformed(void)
{
	struct srv6_service s;
	/* TLV length overruns the attribute. */
	CHECK_EQ_INT(parse_hex("050030000100", &s), -1);
	/* Header truncated. */
	CHECK_EQ_INT(parse_hex("0500", &s), -1);
	/* Service TLV of length 0 (no reserved octet). */
	CHECK_EQ_INT(parse_hex("050000", &s), -1);
	/* SID Information sub-TLV shorter than 21 bytes. */
	CHECK_EQ_INT(parse_hex("05000700010004" "00200100", &s), -1);
	/* Sub-TLV overruns the service TLV. */
	CHECK_EQ_INT(parse_hex("05000500010030" "00", &s), -1);
	/* SID Structure of length 5. */
	CHECK_EQ_INT(parse_hex("0500210001001D00" "20010DB8000000000000000000000001" "00004800" "010005" "4018100000",
	                       &s), -1);
	/* Sub-sub-TLV overruns the SID Information sub-TLV. */
	CHECK_EQ_INT(parse_hex("0500210001001D00" "20010DB8000000000000000000000001" "00004800" "010009" "4018100000",
	                       &s), -1);
	/* Trailing garbage after a good TLV. */
	/* Too many SIDs. */
	char big[2048] = "05";
	size_t nsid = SRV6_MAX_SIDS + 1, vlen = 1 + nsid * 24;
	snprintf(big + 2, sizeof big - 2, "%04zX00", vlen);
	for (size_t i = 0; i < nsid; i++)
		strcat(big, "010015" "00" "20010DB8000000000000000000000001" "00004800");
	CHECK_EQ_INT(parse_hex(big, &s), -1);
}

int main(void)
{
	test_good();
	test_malformed();
	return unit_done();
}
