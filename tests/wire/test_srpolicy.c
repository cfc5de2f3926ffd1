/* SR Policy SAFI 73 NLRI (RFC 9830 section 2.1) from raw bytes:
 * <length 96|192><distinguisher:4><color:4><endpoint:4|16>, ExaBGP's JSON
 * and text (its str()), the round trip, and the UPDATEs of conf-sr-policy
 * and bgp-sr-policy-1 (NLRI with the Tunnel Encapsulation attribute, whose
 * sub-TLVs tests/event/test_tunnel.c covers).  A length other than the
 * address family's leaves the field unparsable: the family is disabled
 * (RFC 7606 section 5.3, RFC 4760 section 7). */
#include "wire/fam_test.h"

enum { OK = WIRE_OK, DISABLE = WIRE_AFISAFI_DISABLE };

#define SRP4 "60" "00000000" "00000064" "0A000001"
#define SRP6 "C0" "00000001" "000000C8" "20010DB8000000000000000000000002"

static void test_nlri(void)
{
	CHECK(fam_valid(FAM_IPV4_SR_POLICY, SRP4));
	CHECK_EQ_STR(fam_json(FAM_IPV4_SR_POLICY, SRP4), "\"distinguisher\": 0, \"color\": 100, \"endpoint\": \"10.0.0.1\"");
	CHECK_EQ_STR(fam_text(FAM_IPV4_SR_POLICY, SRP4), "sr-policy distinguisher 0 color 100 endpoint 10.0.0.1");
	CHECK(fam_valid(FAM_IPV6_SR_POLICY, SRP6));
	CHECK_EQ_STR(fam_json(FAM_IPV6_SR_POLICY, SRP6),
	             "\"distinguisher\": 1, \"color\": 200, \"endpoint\": \"2001:db8::2\"");
	CHECK_EQ_STR(fam_text(FAM_IPV6_SR_POLICY, SRP6), "sr-policy distinguisher 1 color 200 endpoint 2001:db8::2");
	CHECK_EQ_STR(fam_json(FAM_IPV4_SR_POLICY, "60" "FFFFFFFF" "FFFFFFFF" "FFFFFFFF"),
	             "\"distinguisher\": 4294967295, \"color\": 4294967295, \"endpoint\": \"255.255.255.255\"");
	/* an IPv6 endpoint in the IPv4 family and the reverse: refused */
	CHECK(!fam_valid(FAM_IPV4_SR_POLICY, SRP6));
	CHECK(!fam_valid(FAM_IPV6_SR_POLICY, SRP4));
	fam_mutations(FAM_IPV4_SR_POLICY, SRP4);
	fam_mutations(FAM_IPV6_SR_POLICY, SRP6);
	fam_roundtrip(FAM_IPV4_SR_POLICY, SRP4, "C0000201");
	fam_roundtrip(FAM_IPV6_SR_POLICY, SRP6, "20010DB8000000000000000000000001");
	CHECK_EQ_INT(fam_field(FAM_IPV4_SR_POLICY, false, SRP4 SRP4, NULL), 2);
}

static void test_updates(void)
{
	/* bgp-sr-policy-1: preference, binding SID, one segment list of one
	 * type A segment; conf-sr-policy: an SRv6 binding SID, a type B
	 * segment and the policy/candidate path names. */
	static const char *const bodies[] = {
		"000000524001010040020040050400000064C01728000F00240C060000000000640D06100005DC01008000110009060000000000010106000003E81100800E1600014904C0000201006000000000000000640A000001",
		"0000008A4001010040020040050400000064C01760000F005C0C060000000000C814120000FC0000000000000000000000000000018000250009060000000000020D1A1000FC000000000000000000000000000001004100002000100082000A006D792D706F6C696379810008007072696D617279800E1600014904C0000201006000000001000000C80A000002",
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct buf body = hexbuf(bodies[i]), blob = BUF_INIT;
		struct wire_session_ctx ctx = fam_session(FAM_IPV4_SR_POLICY);
		struct wire_update u;
		wire_update_decode(body.data, body.len, &ctx, &u, &blob);
		CHECK_EQ_INT(u.err.action, OK);
		CHECK_EQ_INT(u.mp_reach.fam, FAM_IPV4_SR_POLICY);
		CHECK_EQ_INT(u.mp_reach.len, 13);
		CHECK_EQ_INT(u.mp_nh_len, 4);
		struct attr_entry e;
		CHECK(attrs_find(blob.data, blob.len, ATTR_TUNNEL_ENCAP, &e));
		buf_free(&body);
		buf_free(&blob);
	}
}

static void test_malformed(void)
{
	static const struct { fam_t fam; const char *field; } bad[] = {
		{ FAM_IPV4_SR_POLICY, "58" "00000000" "00000064" "0A0000" },       /* length 88 */
		{ FAM_IPV4_SR_POLICY, "C0" "00000001" "000000C8" "20010DB8000000000000000000000002" },
		{ FAM_IPV6_SR_POLICY, SRP4 },                                       /* length 96 */
		{ FAM_IPV4_SR_POLICY, "60" "00000000" "00000064" "0A00" },         /* truncated */
		{ FAM_IPV4_SR_POLICY, SRP4 "60" },                                  /* lone octet */
		{ FAM_IPV6_SR_POLICY, "C0" "00000001" "000000C8" "20010DB8" },     /* truncated */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct wire_error e;
		CHECK_EQ_INT(fam_field(bad[i].fam, false, bad[i].field, &e), -1);
		CHECK(strstr(e.why, "SR Policy NLRI") != NULL);
		char why[160];
		CHECK_EQ_INT(fam_action(bad[i].fam, true, "C0000201", bad[i].field, "", why), DISABLE);
		CHECK(strstr(why, family_name(bad[i].fam)) != NULL);
		CHECK_EQ_INT(fam_action(bad[i].fam, false, NULL, bad[i].field, "", why), DISABLE);
	}
}

int main(void)
{
	test_nlri();
	test_updates();
	test_malformed();
	return unit_done();
}
