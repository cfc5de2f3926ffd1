/* L2VPN from raw bytes: EVPN route types 1-5 (RFC 7432 section 7, RFC 9136
 * section 3) and VPLS (RFC 4761 section 3.2.2).  Each route type: ExaBGP's
 * JSON and text (its str()), the builder round trip; malformed variants
 * with the decoder's decision:
 *   - a route that cannot be framed (its length runs past the field, or a
 *     VPLS length other than 17) leaves the rest of the field unparsable:
 *     the family is disabled (RFC 7606 section 5.3, RFC 4760 section 7);
 *   - a framed route of a known type whose value does not add up costs that
 *     route only: kept as raw bytes ("parsed": false, as ExaBGP) and logged,
 *     the UPDATE stands (RFC 7606 section 5.4 spirit: typed NLRI);
 *   - an unknown type is kept raw without complaint (ExaBGP; bgp-evpn-1). */
#include "wire/fam_test.h"

enum { OK = WIRE_OK, DISCARD = WIRE_ATTR_DISCARD, DISABLE = WIRE_AFISAFI_DISABLE };

#define RD "0000FDE800000001"
#define ESI "00010203040506070809"
#define ESI0 "00000000000000000000"

struct vec {
	const char *name;
	const char *nlri, *json, *text;
};

static const struct vec good[] = {
	{ "type 1 one label", "0119" RD ESI "00000064" "000641",
	  "\"code\": 1, \"parsed\": true, \"raw\": \"0119" RD ESI "00000064000641\", \"name\": \"Ethernet Auto-Discovery\", "
	  "\"rd\": \"65000:1\", \"esi\": \"00:01:02:03:04:05:06:07:08:09\", \"ethernet-tag\": 100, "
	  "\"label\": [ [100, 1601] ]",
	  "evpn:ethernetad::65000:1:00:01:02:03:04:05:06:07:08:09:100: label 100 (1601)" },
	{ "type 1 two labels", "011C" RD ESI0 "FFFFFFFF" "000640" "000C81",
	  "\"code\": 1, \"parsed\": true, \"raw\": \"011C" RD ESI0 "FFFFFFFF000640000C81\", \"name\": \"Ethernet Auto-Discovery\", "
	  "\"rd\": \"65000:1\", \"esi\": \"-\", \"ethernet-tag\": 4294967295, \"label\": [ [100, 1600], [200, 3201] ]",
	  "evpn:ethernetad::65000:1:-:4294967295: label [ 100 (1600) 200 (3201) ]" },
	/* bgp-evpn-1: MAC only, MAC and IPv4 */
	{ "type 2 mac", "02210001252C37370001000000000000000000000000076D30FC15B4787B8F00000000",
	  "\"code\": 2, \"parsed\": true, \"raw\": \"02210001252C37370001000000000000000000000000076D30FC15B4787B8F00000000\", "
	  "\"name\": \"MAC/IP advertisement\", \"rd\": \"37.44.55.55:1\", \"esi\": \"-\", \"ethernet-tag\": 1901, "
	  "\"mac\": \"FC:15:B4:78:7B:8F\", \"label\": [ [0] ]",
	  "evpn:macadv::37.44.55.55:1:-:1901:FC:15:B4:78:7B:8F:: label 0" },
	{ "type 2 mac ipv4", "02250001252C372E0001000000000000000000000000051530E88088308BE9200A22100A000000",
	  "\"code\": 2, \"parsed\": true, \"raw\": \"02250001252C372E0001000000000000000000000000051530E88088308BE9200A22100A000000\", "
	  "\"name\": \"MAC/IP advertisement\", \"rd\": \"37.44.55.46:1\", \"esi\": \"-\", \"ethernet-tag\": 1301, "
	  "\"mac\": \"E8:80:88:30:8B:E9\", \"label\": [ [0] ], \"ip\": \"10.34.16.10\"",
	  "evpn:macadv::37.44.55.46:1:-:1301:E8:80:88:30:8B:E9:10.34.16.10: label 0" },
	/* MAC, IPv6 and a second label (RFC 7432 section 7.2: MPLS Label2) */
	{ "type 2 mac ipv6 two labels", "0234" RD ESI "00000000" "30" "001122334455" "80"
	  "20010DB8000000000000000000000001" "000641" "000C81",
	  "\"code\": 2, \"parsed\": true, \"raw\": \"0234" RD ESI "0000000030001122334455" "80"
	  "20010DB8000000000000000000000001000641000C81\", \"name\": \"MAC/IP advertisement\", \"rd\": \"65000:1\", "
	  "\"esi\": \"00:01:02:03:04:05:06:07:08:09\", \"ethernet-tag\": 0, \"mac\": \"00:11:22:33:44:55\", "
	  "\"label\": [ [100, 1601] ], \"ip\": \"2001:db8::1\"",
	  "evpn:macadv::65000:1:00:01:02:03:04:05:06:07:08:09:0:00:11:22:33:44:55:2001:db8::1: label 100 (1601)" },
	{ "type 3 ipv4", "0311" RD "00000064" "20" "C0A80001",
	  "\"code\": 3, \"parsed\": true, \"raw\": \"0311" RD "0000006420C0A80001\", "
	  "\"name\": \"Inclusive Multicast Ethernet Tag\", \"rd\": \"65000:1\", \"ethernet-tag\": 100, \"ip\": \"192.168.0.1\"",
	  "evpn:multicast::65000:1:100:192.168.0.1" },
	{ "type 3 ipv6", "031D" RD "00000000" "80" "20010DB8000000000000000000000001",
	  "\"code\": 3, \"parsed\": true, \"raw\": \"031D" RD "000000008020010DB8000000000000000000000001\", "
	  "\"name\": \"Inclusive Multicast Ethernet Tag\", \"rd\": \"65000:1\", \"ethernet-tag\": 0, \"ip\": \"2001:db8::1\"",
	  "evpn:multicast::65000:1:0:2001:db8::1" },
	{ "type 4 ipv4", "0417" RD ESI "20" "C0A80001",
	  "\"code\": 4, \"parsed\": true, \"raw\": \"0417" RD ESI "20C0A80001\", \"name\": \"Ethernet Segment\", "
	  "\"rd\": \"65000:1\", \"esi\": \"00:01:02:03:04:05:06:07:08:09\", \"ip\": \"192.168.0.1\"",
	  "evpn:segment::65000:1:00:01:02:03:04:05:06:07:08:09:192.168.0.1" },
	{ "type 4 ipv6", "0423" "0001C0A800010064" ESI0 "80" "20010DB8000000000000000000000002",
	  "\"code\": 4, \"parsed\": true, \"raw\": \"0423" "0001C0A800010064" ESI0 "8020010DB8000000000000000000000002\", "
	  "\"name\": \"Ethernet Segment\", \"rd\": \"192.168.0.1:100\", \"esi\": \"-\", \"ip\": \"2001:db8::2\"",
	  "evpn:segment::192.168.0.1:100:-:2001:db8::2" },
	{ "type 5 ipv4", "0522" RD ESI0 "00000000" "18" "0A000000" "00000000" "000641",
	  "\"code\": 5, \"parsed\": true, \"raw\": \"0522" RD ESI0 "00000000180A00000000000000000641\", "
	  "\"name\": \"IP Prefix Advertisement\", \"rd\": \"65000:1\", \"esi\": \"-\", \"ethernet-tag\": 0, "
	  "\"label\": [ [100, 1601] ], \"ip\": \"10.0.0.0\", \"iplen\": 24, \"gateway\": \"0.0.0.0\"",
	  "evpn:prfxadv::65000:1:-:0:10.0.0.0/24:0.0.0.0: label 100 (1601)" },
	{ "type 5 ipv6", "053A" "0002FA56EA000007" ESI "00000001" "40" "20010DB8000000010000000000000000"
	  "20010DB8000000000000000000000001" "000000",
	  "\"code\": 5, \"parsed\": true, \"raw\": \"053A" "0002FA56EA000007" ESI "000000014020010DB8000000010000000000000000"
	  "20010DB8000000000000000000000001000000\", \"name\": \"IP Prefix Advertisement\", \"rd\": \"4200000000:7\", "
	  "\"esi\": \"00:01:02:03:04:05:06:07:08:09\", \"ethernet-tag\": 1, \"label\": [ [0] ], "
	  "\"ip\": \"2001:db8:0:1::\", \"iplen\": 64, \"gateway\": \"2001:db8::1\"",
	  "evpn:prfxadv::4200000000:7:00:01:02:03:04:05:06:07:08:09:1:2001:db8:0:1::/64:2001:db8::1: label 0" },
	/* bgp-evpn-1: an unknown route type, raw as ExaBGP shows it */
	{ "type 8 unknown", "08260001252C37768EAD000002001600000000030000085D0020EFFFFFFF20252C37760000000000",
	  "\"code\": 8, \"parsed\": false, \"raw\": \"08260001252C37768EAD000002001600000000030000085D0020EFFFFFFF20252C37760000000000\"",
	  "evpn:unknown:0x0001252c37768ead000002001600000000030000085d0020efffffff20252c37760000000000" },
	/* an RD of a type RFC 4364 does not define */
	{ "type 3 odd rd", "0311" "0007AABBCCDDEEFF" "00000001" "20" "0A000001",
	  "\"code\": 3, \"parsed\": true, \"raw\": \"0311" "0007AABBCCDDEEFF" "00000001200A000001\", "
	  "\"name\": \"Inclusive Multicast Ethernet Tag\", \"rd\": \"0x0007AABBCCDDEEFF\", \"ethernet-tag\": 1, "
	  "\"ip\": \"10.0.0.1\"",
	  "evpn:multicast::0x0007AABBCCDDEEFF:1:10.0.0.1" },
};

/* Framed routes of a known type whose value does not add up. */
static const struct vec kept_raw[] = {
	{ "type 1 without label", "0118" RD ESI "00000064" "0006", NULL, NULL },
	{ "type 2 ip length 24", "0224" RD ESI "00000000" "30" "001122334455" "18" "0A0000" "000641", NULL, NULL },
	{ "type 2 mac length 64", "0221" RD ESI0 "00000000" "40" "001122334455" "00" "000641", NULL, NULL },
	{ "type 2 value 3 octets", "0203000000", NULL, NULL },
	{ "type 3 ip length 64", "0315" RD "00000064" "40" "C0A80001C0A80001", NULL, NULL },
	{ "type 3 ip shorter than its length", "0310" RD "00000064" "20" "C0A800", NULL, NULL },
	{ "type 4 ipv4 with an ipv6 length", "0417" RD ESI "80" "C0A80001", NULL, NULL },
	{ "type 5 40 octets", "0528" RD ESI0 "00000000" "18" "0A000000" "00000000" "000641" "000000000000", NULL, NULL },
	{ "type 5 empty", "0500", NULL, NULL },
};

static void test_good(void)
{
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		const struct vec *v = &good[i];
		if (!fam_valid(FAM_L2VPN_EVPN, v->nlri))
			fprintf(stderr, "%s: not valid\n", v->name);
		CHECK(fam_valid(FAM_L2VPN_EVPN, v->nlri));
		CHECK_EQ_STR(fam_json(FAM_L2VPN_EVPN, v->nlri), v->json);
		CHECK_EQ_STR(fam_text(FAM_L2VPN_EVPN, v->nlri), v->text);
		CHECK_EQ_INT(fam_action(FAM_L2VPN_EVPN, true, "C0A80001", v->nlri, "", NULL), OK);
		CHECK_EQ_INT(fam_action(FAM_L2VPN_EVPN, false, NULL, v->nlri, "", NULL), OK);
		fam_roundtrip(FAM_L2VPN_EVPN, v->nlri, "C0A80001");
		fam_mutations(FAM_L2VPN_EVPN, v->nlri);
	}
	/* all of them in one field */
	struct buf all = BUF_INIT;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		buf_puts(&all, good[i].nlri);
	CHECK_EQ_INT(fam_field(FAM_L2VPN_EVPN, false, buf_cstr(&all), NULL), (int)(sizeof good / sizeof good[0]));
	CHECK_EQ_INT(fam_action(FAM_L2VPN_EVPN, true, "C0A80001", buf_cstr(&all), "", NULL), OK);
	buf_free(&all);
}

static void test_kept_raw(void)
{
	for (size_t i = 0; i < sizeof kept_raw / sizeof kept_raw[0]; i++) {
		const struct vec *v = &kept_raw[i];
		struct wire_error e;
		/* framed: one NLRI, with a soft error the log can show */
		int c = fam_field(FAM_L2VPN_EVPN, false, v->nlri, &e);
		if (c != 1)
			fprintf(stderr, "%s: %d %s\n", v->name, c, e.why);
		CHECK_EQ_INT(c, 1);
		CHECK_EQ_INT(e.action, DISCARD);
		CHECK(strstr(e.why, "malformed") != NULL);
		CHECK(!fam_valid(FAM_L2VPN_EVPN, v->nlri));
		const char *j = fam_json(FAM_L2VPN_EVPN, v->nlri);
		if (!strstr(j, "\"parsed\": false"))
			fprintf(stderr, "%s: %s\n", v->name, j);
		CHECK(strstr(j, "\"parsed\": false") != NULL);
		CHECK(strncmp(fam_text(FAM_L2VPN_EVPN, v->nlri), "evpn:unknown:0x", 15) == 0);
		/* the UPDATE stands (routes are used), the note names family and offset */
		char why[160];
		CHECK_EQ_INT(fam_action(FAM_L2VPN_EVPN, true, "C0A80001", v->nlri, "", why), DISCARD);
		CHECK(strstr(why, "l2vpn evpn") != NULL);
		CHECK(strstr(why, "octet") != NULL);
		CHECK_EQ_INT(fam_action(FAM_L2VPN_EVPN, false, NULL, v->nlri, "", why), DISCARD);
		fam_mutations(FAM_L2VPN_EVPN, v->nlri);
	}
	/* an unknown type is no error at all */
	struct wire_error e;
	CHECK_EQ_INT(fam_field(FAM_L2VPN_EVPN, false, "0803AABBCC", &e), 1);
	CHECK_EQ_INT(e.action, OK);
	CHECK_EQ_INT(fam_action(FAM_L2VPN_EVPN, true, "C0A80001", "0803AABBCC", "", NULL), OK);
}

static void test_unframed(void)
{
	static const char *const bad[] = {
		"02",                                  /* one octet: no length */
		"0225" RD,                             /* length beyond the field */
		"0311" RD "00000064" "20" "C0A800",    /* one octet short */
		"0311" RD "00000064" "20" "C0A80001" "05",   /* good route, then a lone octet */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct wire_error e;
		CHECK_EQ_INT(fam_field(FAM_L2VPN_EVPN, false, bad[i], &e), -1);
		CHECK(strstr(e.why, "EVPN NLRI") != NULL);
		char why[160];
		CHECK_EQ_INT(fam_action(FAM_L2VPN_EVPN, true, "C0A80001", bad[i], "", why), DISABLE);
		CHECK(strstr(why, "l2vpn evpn") != NULL);
		CHECK_EQ_INT(fam_action(FAM_L2VPN_EVPN, false, NULL, bad[i], "", why), DISABLE);
	}
}

/* VPLS: api-vpls.ci's route, its text, and lengths other than 17. */
#define VPLS "0011" "0001C0A8C901007B" "0005" "0001" "0008" "029CE1"

static void test_vpls(void)
{
	CHECK(fam_valid(FAM_L2VPN_VPLS, VPLS));
	CHECK_EQ_STR(fam_json(FAM_L2VPN_VPLS, VPLS),
	             "\"rd\": \"192.168.201.1:123\", \"endpoint\": 5, \"base\": 10702, \"offset\": 1, \"size\": 8");
	CHECK_EQ_STR(fam_text(FAM_L2VPN_VPLS, VPLS), "vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8");
	CHECK_EQ_STR(fam_text(FAM_L2VPN_VPLS, "0011" "0000FDE800000001" "FFFF" "FFFF" "FFFF" "FFFFF1"),
	             "vpls rd 65000:1 endpoint 65535 base 1048575 offset 65535 size 65535");
	CHECK_EQ_INT(fam_action(FAM_L2VPN_VPLS, true, "C0A8C901", VPLS VPLS, "", NULL), OK);
	CHECK_EQ_INT(fam_action(FAM_L2VPN_VPLS, false, NULL, VPLS, "", NULL), OK);
	fam_roundtrip(FAM_L2VPN_VPLS, VPLS, "C0A8C901");
	fam_mutations(FAM_L2VPN_VPLS, VPLS);
	static const char *const bad[] = {
		"00",
		"0011" "0001C0A8C901007B",                      /* truncated */
		"0010" "0001C0A8C901007B" "0005000100080029CE", /* length 16 */
		"0012" "0001C0A8C901007B" "0005000100080029CE10", /* length 18 */
		VPLS "0011",                                    /* second route truncated */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct wire_error e;
		CHECK_EQ_INT(fam_field(FAM_L2VPN_VPLS, false, bad[i], &e), -1);
		CHECK(strstr(e.why, "VPLS NLRI") != NULL);
		char why[160];
		CHECK_EQ_INT(fam_action(FAM_L2VPN_VPLS, true, "C0A8C901", bad[i], "", why), DISABLE);
		CHECK(strstr(why, "l2vpn vpls") != NULL);
	}
}

int main(void)
{
	test_good();
	test_kept_raw();
	test_unframed();
	test_vpls();
	return unit_done();
}
