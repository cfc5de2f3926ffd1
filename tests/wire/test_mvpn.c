/* MCAST-VPN (SAFI 5) from raw bytes, RFC 6514 section 4: the route types
 * ExaBGP decodes (5 Source Active A-D, 6 and 7 C-multicast joins), IPv4
 * and IPv6, with ExaBGP's JSON and text (its str()), and the round trip.
 * Decisions: a route whose length runs past the field disables the family
 * (RFC 7606 section 5.3, RFC 4760 section 7); a framed type 5-7 route with
 * an inconsistent value is kept raw ("parsed": false), logged, the UPDATE
 * stands; types 1-4 (not decoded, as ExaBGP) are kept raw silently. */
#include "wire/fam_test.h"

enum { OK = WIRE_OK, DISCARD = WIRE_ATTR_DISCARD, DISABLE = WIRE_AFISAFI_DISABLE };

struct vec {
	const char *name;
	fam_t fam;
	const char *nlri, *json, *text;
};

/* conf-mvpn.ci */
static const struct vec good[] = {
	{ "source-ad v4", FAM_IPV4_MCAST_VPN, "05120000FDE80001869F200A630C0420EFFBFFE4",
	  "\"code\": 5, \"parsed\": true, \"raw\": \"05120000FDE80001869F200A630C0420EFFBFFE4\", "
	  "\"name\": \"Source Active A-D Route\", \"rd\": \"65000:99999\", \"source\": \"10.99.12.4\", "
	  "\"group\": \"239.251.255.228\"",
	  "mvpn:sourcead::65000:99999:10.99.12.4:239.251.255.228" },
	{ "source-ad v6", FAM_IPV6_MCAST_VPN,
	  "052A0000FDE80001869F80FD12000000000000000000000000000480FF0E0000000000000000000000000001",
	  "\"code\": 5, \"parsed\": true, \"raw\": \"052A0000FDE80001869F80FD12000000000000000000000000000480FF0E0000000000000000000000000001\", "
	  "\"name\": \"Source Active A-D Route\", \"rd\": \"65000:99999\", \"source\": \"fd12::4\", \"group\": \"ff0e::1\"",
	  "mvpn:sourcead::65000:99999:fd12::4:ff0e::1" },
	{ "shared-join v4", FAM_IPV4_MCAST_VPN, "06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4",
	  "\"code\": 6, \"parsed\": true, \"raw\": \"06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4\", "
	  "\"name\": \"C-Multicast Shared Tree Join route\", \"rd\": \"65000:99999\", \"source-as\": \"65000\", "
	  "\"source\": \"10.99.199.1\", \"group\": \"239.251.255.228\"",
	  "mvpn:shared-join::65000:99999:65000:10.99.199.1:239.251.255.228" },
	{ "shared-join v6", FAM_IPV6_MCAST_VPN,
	  "062E0000FDE80001869F0000FDE880FD00000000000000000000000000000180FF0E0000000000000000000000000001",
	  "\"code\": 6, \"parsed\": true, \"raw\": \"062E0000FDE80001869F0000FDE880FD00000000000000000000000000000180FF0E0000000000000000000000000001\", "
	  "\"name\": \"C-Multicast Shared Tree Join route\", \"rd\": \"65000:99999\", \"source-as\": \"65000\", "
	  "\"source\": \"fd00::1\", \"group\": \"ff0e::1\"",
	  "mvpn:shared-join::65000:99999:65000:fd00::1:ff0e::1" },
	{ "source-join v4", FAM_IPV4_MCAST_VPN, "07160000FDE80001869F0000FDE8200A630C0220EFFBFFE4",
	  "\"code\": 7, \"parsed\": true, \"raw\": \"07160000FDE80001869F0000FDE8200A630C0220EFFBFFE4\", "
	  "\"name\": \"C-Multicast Source Tree Join route\", \"rd\": \"65000:99999\", \"source-as\": \"65000\", "
	  "\"source\": \"10.99.12.2\", \"group\": \"239.251.255.228\"",
	  "mvpn:source-join::65000:99999:65000:10.99.12.2:239.251.255.228" },
	{ "source-join v6", FAM_IPV6_MCAST_VPN,
	  "072E0000FDE80001869F0000FDE880FD12000000000000000000000000000280FF0E0000000000000000000000000001",
	  "\"code\": 7, \"parsed\": true, \"raw\": \"072E0000FDE80001869F0000FDE880FD12000000000000000000000000000280FF0E0000000000000000000000000001\", "
	  "\"name\": \"C-Multicast Source Tree Join route\", \"rd\": \"65000:99999\", \"source-as\": \"65000\", "
	  "\"source\": \"fd12::2\", \"group\": \"ff0e::1\"",
	  "mvpn:source-join::65000:99999:65000:fd12::2:ff0e::1" },
	/* RD type 1 and a 4-octet source AS */
	{ "source-join rd type 1", FAM_IPV4_MCAST_VPN, "07160001C0A800010064FA56EA00200A000001" "20E0000001",
	  "\"code\": 7, \"parsed\": true, \"raw\": \"07160001C0A800010064FA56EA00200A00000120E0000001\", "
	  "\"name\": \"C-Multicast Source Tree Join route\", \"rd\": \"192.168.0.1:100\", \"source-as\": \"4200000000\", "
	  "\"source\": \"10.0.0.1\", \"group\": \"224.0.0.1\"",
	  "mvpn:source-join::192.168.0.1:100:4200000000:10.0.0.1:224.0.0.1" },
	/* RFC 6514 types ExaBGP does not decode: raw */
	{ "intra-as i-pmsi a-d (type 1)", FAM_IPV4_MCAST_VPN, "010C0000FDE800000001C0A80001",
	  "\"code\": 1, \"parsed\": false, \"raw\": \"010C0000FDE800000001C0A80001\"",
	  "mvpn:unknown:0x0000fde800000001c0a80001" },
	{ "leaf a-d (type 4)", FAM_IPV6_MCAST_VPN, "0404C0A80001",
	  "\"code\": 4, \"parsed\": false, \"raw\": \"0404C0A80001\"", "mvpn:unknown:0xc0a80001" },
};

/* Framed routes of types 5-7 whose value does not add up. */
static const char *const kept_raw[] = {
	"06160000FDE80001869F0000FDE8210A63C70120EFFBFFE4",    /* source length 33 */
	"06160000FDE80001869F0000FDE8200A63C70121EFFBFFE4",    /* group length 33 */
	"05110000FDE80001869F200A630C0420EFFBFF",              /* group one octet short */
	"05130000FDE80001869F200A630C0420EFFBFFE400",          /* one octet too many */
	"05080000FDE800000001",                                /* RD only */
	"0700",                                                /* empty */
	"060C0000FDE80001869F0000FDE8",                        /* no source length */
};

static void test_good(void)
{
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		const struct vec *v = &good[i];
		const char *nh = v->fam == FAM_IPV4_MCAST_VPN ? "0A0A0603" : "20010DB8000000000000000000000001";
		CHECK(fam_valid(v->fam, v->nlri));
		CHECK_EQ_STR(fam_json(v->fam, v->nlri), v->json);
		CHECK_EQ_STR(fam_text(v->fam, v->nlri), v->text);
		CHECK_EQ_INT(fam_action(v->fam, true, nh, v->nlri, "", NULL), OK);
		CHECK_EQ_INT(fam_action(v->fam, false, NULL, v->nlri, "", NULL), OK);
		fam_roundtrip(v->fam, v->nlri, nh);
		fam_mutations(v->fam, v->nlri);
	}
	/* conf-mvpn.ci: IPv6 routes with an IPv4 next hop, two in a field */
	CHECK_EQ_INT(fam_action(FAM_IPV6_MCAST_VPN, true, "0A0A0603",
	                        "062E0000FDE80001869F0000FDE880FD00000000000000000000000000000180FF0E0000000000000000000000000001"
	                        "072E0000FDE80001869F0000FDE880FD12000000000000000000000000000280FF0E0000000000000000000000000001",
	                        "", NULL), OK);
}

static void test_malformed(void)
{
	for (size_t i = 0; i < sizeof kept_raw / sizeof kept_raw[0]; i++) {
		struct wire_error e;
		CHECK_EQ_INT(fam_field(FAM_IPV4_MCAST_VPN, false, kept_raw[i], &e), 1);
		CHECK_EQ_INT(e.action, DISCARD);
		CHECK(strstr(e.why, "MVPN NLRI") != NULL);
		CHECK(!fam_valid(FAM_IPV4_MCAST_VPN, kept_raw[i]));
		CHECK(strstr(fam_json(FAM_IPV4_MCAST_VPN, kept_raw[i]), "\"parsed\": false") != NULL);
		CHECK(strncmp(fam_text(FAM_IPV4_MCAST_VPN, kept_raw[i]), "mvpn:unknown:0x", 15) == 0);
		char why[160];
		CHECK_EQ_INT(fam_action(FAM_IPV4_MCAST_VPN, true, "0A0A0603", kept_raw[i], "", why), DISCARD);
		CHECK(strstr(why, "ipv4 mcast-vpn") != NULL);
		CHECK(strstr(why, "octet") != NULL);
		fam_mutations(FAM_IPV4_MCAST_VPN, kept_raw[i]);
	}
	static const char *const unframed[] = {
		"06",                                               /* no length */
		"0616" "0000FDE80001869F0000FDE8200A63C701",        /* length beyond the field */
		"05120000FDE80001869F200A630C0420EFFBFFE4" "07",    /* a lone octet after a route */
	};
	for (size_t i = 0; i < sizeof unframed / sizeof unframed[0]; i++) {
		struct wire_error e;
		CHECK_EQ_INT(fam_field(FAM_IPV6_MCAST_VPN, false, unframed[i], &e), -1);
		CHECK(strstr(e.why, "MVPN NLRI") != NULL);
		char why[160];
		CHECK_EQ_INT(fam_action(FAM_IPV6_MCAST_VPN, true, "0A0A0603", unframed[i], "", why), DISABLE);
		CHECK(strstr(why, "ipv6 mcast-vpn") != NULL);
		CHECK_EQ_INT(fam_action(FAM_IPV6_MCAST_VPN, false, NULL, unframed[i], "", why), DISABLE);
	}
}

int main(void)
{
	test_good();
	test_malformed();
	return unit_done();
}
