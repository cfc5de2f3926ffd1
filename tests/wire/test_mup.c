/* BGP-MUP (SAFI 85, draft-mpmz-bess-mup-safi) from raw bytes: the
 * architecture 1 route types ExaBGP decodes, ISD, DSD, Type 1 and Type 2
 * Session Transformed, IPv4 and IPv6, with ExaBGP's JSON (from the
 * conf-srv6-mup vectors) and text (its str()), and the round trip.
 * Decisions: a route whose length runs past the field disables the family
 * (RFC 7606 section 5.3, RFC 4760 section 7); a framed route of a known
 * type with an inconsistent value is kept raw, logged, the UPDATE stands;
 * other architectures and types are kept raw silently. */
#include "wire/fam_test.h"

enum { OK = WIRE_OK, DISCARD = WIRE_ATTR_DISCARD, DISABLE = WIRE_AFISAFI_DISABLE };

struct vec {
	const char *name;
	fam_t fam;
	const char *nlri, *json, *text;
};

static const struct vec good[] = {
	{ "isd v4", FAM_IPV4_MUP, "0100010C0000006400000064180A0001",
	  "\"name\": \"InterworkSegmentDiscoveryRoute\", \"arch\": 1, \"code\": 1, \"prefix_ip_len\": 24, "
	  "\"prefix_ip\": \"10.0.1.0\", \"rd\": \"100:100\", \"raw\": \"0100010C0000006400000064180A0001\"",
	  "mup:isd::100:100:10.0.1.0/24" },
	{ "isd v6", FAM_IPV6_MUP, "010001110000006400000064402001000000000000",
	  "\"name\": \"InterworkSegmentDiscoveryRoute\", \"arch\": 1, \"code\": 1, \"prefix_ip_len\": 64, "
	  "\"prefix_ip\": \"2001::\", \"rd\": \"100:100\", \"raw\": \"010001110000006400000064402001000000000000\"",
	  "mup:isd::100:100:2001::/64" },
	{ "dsd v4", FAM_IPV4_MUP, "0100020C00000064000000640A000001",
	  "\"name\": \"DirectSegmentDiscoveryRoute\", \"arch\": 1, \"code\": 2, \"ip\": \"10.0.0.1\", \"rd\": \"100:100\", "
	  "\"raw\": \"0100020C00000064000000640A000001\"",
	  "mup:dsd::100:100:10.0.0.1" },
	{ "dsd v6", FAM_IPV6_MUP, "01000218000000640000006420010000000000000000000000000001",
	  "\"name\": \"DirectSegmentDiscoveryRoute\", \"arch\": 1, \"code\": 2, \"ip\": \"2001::1\", \"rd\": \"100:100\", "
	  "\"raw\": \"01000218000000640000006420010000000000000000000000000001\"",
	  "mup:dsd::100:100:2001::1" },
	{ "t1st v4", FAM_IPV4_MUP, "01000317000000640000006420C0A800010000303909200A000001",
	  "\"name\": \"Type1SessionTransformedRoute\", \"arch\": 1, \"code\": 3, \"prefix_ip_len\": 32, "
	  "\"prefix_ip\": \"192.168.0.1\", \"teid\": \"12345\", \"qfi\": \"9\", \"rd\": \"100:100\", "
	  "\"endpoint_ip_len\": 32, \"endpoint_ip\": \"10.0.0.1\", \"source_ip_len\": 0, \"source_ip\": \"b''\", "
	  "\"raw\": \"01000317000000640000006420C0A800010000303909200A000001\"",
	  "mup:t1st::100:100:192.168.0.1/32:12345:9:10.0.0.1/32" },
	{ "t1st v4 with source", FAM_IPV4_MUP, "0100031C000000640000006420C0A800020000303909200A000001200A000101",
	  "\"name\": \"Type1SessionTransformedRoute\", \"arch\": 1, \"code\": 3, \"prefix_ip_len\": 32, "
	  "\"prefix_ip\": \"192.168.0.2\", \"teid\": \"12345\", \"qfi\": \"9\", \"rd\": \"100:100\", "
	  "\"endpoint_ip_len\": 32, \"endpoint_ip\": \"10.0.0.1\", \"source_ip_len\": 32, \"source_ip\": \"10.0.1.1\", "
	  "\"raw\": \"0100031C000000640000006420C0A800020000303909200A000001200A000101\"",
	  "mup:t1st::100:100:192.168.0.2/32:12345:9:10.0.0.1/32:10.0.1.1/32" },
	{ "t1st v6 with source", FAM_IPV6_MUP,
	  "0100034000000064000000648020010DB8000100010000000000000002000030390980200100000000000000000000000000018020020000000000000000000000000002",
	  "\"name\": \"Type1SessionTransformedRoute\", \"arch\": 1, \"code\": 3, \"prefix_ip_len\": 128, "
	  "\"prefix_ip\": \"2001:db8:1:1::2\", \"teid\": \"12345\", \"qfi\": \"9\", \"rd\": \"100:100\", "
	  "\"endpoint_ip_len\": 128, \"endpoint_ip\": \"2001::1\", \"source_ip_len\": 128, \"source_ip\": \"2002::2\", "
	  "\"raw\": \"0100034000000064000000648020010DB8000100010000000000000002000030390980200100000000000000000000000000018020020000000000000000000000000002\"",
	  "mup:t1st::100:100:2001:db8:1:1::2/128:12345:9:2001::1/128:2002::2/128" },
	{ "t2st v4 no teid", FAM_IPV4_MUP, "0100040D0000006400000064200A000001",
	  "\"name\": \"Type2SessionTransformedRoute\", \"arch\": 1, \"code\": 4, \"endpoint_len\": 32, "
	  "\"endpoint_ip\": \"10.0.0.1\", \"rd\": \"100:100\", \"teid\": \"0\", \"raw\": \"0100040D0000006400000064200A000001\"",
	  "mup:t2st::100:100:32:10.0.0.1:0:" },
	{ "t2st v4 23-bit teid", FAM_IPV4_MUP, "010004100000006400000064370A000001003039",
	  "\"name\": \"Type2SessionTransformedRoute\", \"arch\": 1, \"code\": 4, \"endpoint_len\": 55, "
	  "\"endpoint_ip\": \"10.0.0.1\", \"rd\": \"100:100\", \"teid\": \"12345\", "
	  "\"raw\": \"010004100000006400000064370A000001003039\"",
	  "mup:t2st::100:100:55:10.0.0.1:12345:" },
	{ "t2st v6", FAM_IPV6_MUP, "0100041D0000006400000064A02001000000000000000000000000000100003039",
	  "\"name\": \"Type2SessionTransformedRoute\", \"arch\": 1, \"code\": 4, \"endpoint_len\": 160, "
	  "\"endpoint_ip\": \"2001::1\", \"rd\": \"100:100\", \"teid\": \"12345\", "
	  "\"raw\": \"0100041D0000006400000064A02001000000000000000000000000000100003039\"",
	  "mup:t2st::100:100:160:2001::1:12345:" },
	/* another architecture, another route type: raw */
	{ "architecture 2", FAM_IPV4_MUP, "02000101FF", "\"arch\": 2, \"code\": 1, \"raw\": \"02000101FF\"",
	  "mup:unknown:0xff" },
	{ "route type 9", FAM_IPV6_MUP, "01000902AABB", "\"arch\": 1, \"code\": 9, \"raw\": \"01000902AABB\"",
	  "mup:unknown:0xaabb" },
};

/* Framed architecture 1 routes of types 1-4 whose value does not add up. */
static const struct vec kept_raw[] = {
	{ "isd prefix /33", FAM_IPV4_MUP, "0100010E0000006400000064210A00000180", NULL, NULL },
	{ "isd prefix shorter than its length", FAM_IPV4_MUP, "0100010C0000006400000064200A0001", NULL, NULL },
	{ "dsd v6 with an ipv4 address", FAM_IPV6_MUP, "0100020C00000064000000640A000001", NULL, NULL },
	{ "t1st endpoint length 24", FAM_IPV4_MUP, "01000316000000640000006420C0A800010000303909180A0000", NULL, NULL },
	{ "t1st no endpoint", FAM_IPV4_MUP, "01000311000000640000006420C0A8000100003039", NULL, NULL },
	{ "t2st endpoint below the address", FAM_IPV4_MUP, "0100040C0000006400000064180A0000", NULL, NULL },
	{ "t2st teid over 32 bits", FAM_IPV4_MUP, "010004120000006400000064480A0000010000303900", NULL, NULL },
	{ "rd only", FAM_IPV4_MUP, "010001080000006400000064", NULL, NULL },
};

static void test_good(void)
{
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		const struct vec *v = &good[i];
		const char *nh = v->fam == FAM_IPV4_MUP ? "0A000002" : "20010000000000000000000000000002";
		if (!fam_valid(v->fam, v->nlri))
			fprintf(stderr, "%s: not valid\n", v->name);
		CHECK(fam_valid(v->fam, v->nlri));
		CHECK_EQ_STR(fam_json(v->fam, v->nlri), v->json);
		CHECK_EQ_STR(fam_text(v->fam, v->nlri), v->text);
		CHECK_EQ_INT(fam_action(v->fam, true, nh, v->nlri, "", NULL), OK);
		CHECK_EQ_INT(fam_action(v->fam, false, NULL, v->nlri, "", NULL), OK);
		fam_roundtrip(v->fam, v->nlri, nh);
		fam_mutations(v->fam, v->nlri);
	}
}

static void test_malformed(void)
{
	for (size_t i = 0; i < sizeof kept_raw / sizeof kept_raw[0]; i++) {
		const struct vec *v = &kept_raw[i];
		struct wire_error e;
		int c = fam_field(v->fam, false, v->nlri, &e);
		if (c != 1 || (int)e.action != DISCARD)
			fprintf(stderr, "%s: %d %d %s\n", v->name, c, e.action, e.why);
		CHECK_EQ_INT(c, 1);
		CHECK_EQ_INT(e.action, DISCARD);
		CHECK(strstr(e.why, "MUP NLRI") != NULL);
		CHECK(!fam_valid(v->fam, v->nlri));
		CHECK(strstr(fam_json(v->fam, v->nlri), "\"raw\"") != NULL);
		CHECK(strstr(fam_json(v->fam, v->nlri), "\"name\"") == NULL);
		CHECK(strncmp(fam_text(v->fam, v->nlri), "mup:unknown:0x", 14) == 0);
		char why[160];
		CHECK_EQ_INT(fam_action(v->fam, true, "0A000002", v->nlri, "", why), DISCARD);
		CHECK(strstr(why, family_name(v->fam)) != NULL);
		CHECK(strstr(why, "octet") != NULL);
		fam_mutations(v->fam, v->nlri);
	}
	static const char *const unframed[] = {
		"010001",                                     /* header truncated */
		"0100010F00",                                 /* length beyond the field */
		"0100010C0000006400000064180A000101",         /* a lone octet after a route */
	};
	for (size_t i = 0; i < sizeof unframed / sizeof unframed[0]; i++) {
		struct wire_error e;
		CHECK_EQ_INT(fam_field(FAM_IPV4_MUP, false, unframed[i], &e), -1);
		CHECK(strstr(e.why, "MUP NLRI") != NULL);
		char why[160];
		CHECK_EQ_INT(fam_action(FAM_IPV4_MUP, true, "0A000002", unframed[i], "", why), DISABLE);
		CHECK(strstr(why, "ipv4 mup") != NULL);
		CHECK_EQ_INT(fam_action(FAM_IPV4_MUP, false, NULL, unframed[i], "", why), DISABLE);
	}
}

int main(void)
{
	test_good();
	test_malformed();
	return unit_done();
}
