/* family_vpn.c from raw bytes: VPN-IPv4/IPv6 (RFC 4364 section 4.3.4,
 * RFC 4659) with RD types 0/1/2 and label stacks, labeled unicast with
 * several labels and the withdrawal labels (RFC 8277 section 2), multicast
 * (RFC 4760) and Route Target Constraint (RFC 4684 section 4).  Each route
 * type: ExaBGP's JSON and text, the encode/decode round trip; each
 * malformed variant: the decoder's decision (RFC 7606 section 5.3 and
 * RFC 4760 section 7: an NLRI field that cannot be parsed disables the
 * family, since no NLRI after the bad one can be located). */
#include "wire/fam_test.h"
#include "wire/family_vpn.h"

enum { OK = WIRE_OK, DISABLE = WIRE_AFISAFI_DISABLE };

/* VPN-IPv4 next hop: RD 0 then the address (RFC 4364 section 4.3.2). */
#define VNH4 "0000000000000000" "0A000001"
#define VNH6 "0000000000000000" "20010DB8000000000000000000000001"

struct vec {
	const char *name;
	fam_t fam;
	const char *nlri, *json, *text;
};

static const struct vec good[] = {
	/* api-vpnv4.ci: RD type 0 (2-octet AS), label 1000 */
	{ "vpnv4 rd type 0", FAM_IPV4_MPLS_VPN, "68" "003E81" "0000FDE800000001" "0104",
	  "\"nlri\": \"1.4.0.0/16\", \"label\": [ [1000, 16001] ], \"rd\": \"65000:1\"",
	  "1.4.0.0/16 label 1000 (16001) rd 65000:1" },
	/* RD type 1 (IPv4 administrator) */
	{ "vpnv4 rd type 1", FAM_IPV4_MPLS_VPN, "70" "003E81" "0001C0A800010064" "0A0000",
	  "\"nlri\": \"10.0.0.0/24\", \"label\": [ [1000, 16001] ], \"rd\": \"192.168.0.1:100\"",
	  "10.0.0.0/24 label 1000 (16001) rd 192.168.0.1:100" },
	/* RD type 2 (4-octet AS) */
	{ "vpnv4 rd type 2", FAM_IPV4_MPLS_VPN, "78" "003E81" "0002FA56EA000007" "0A000001",
	  "\"nlri\": \"10.0.0.1/32\", \"label\": [ [1000, 16001] ], \"rd\": \"4200000000:7\"",
	  "10.0.0.1/32 label 1000 (16001) rd 4200000000:7" },
	/* an RD type RFC 4364 does not define: shown in hex, kept */
	{ "vpnv4 rd type 3", FAM_IPV4_MPLS_VPN, "70" "003E81" "0003AABBCCDDEEFF" "0A0000",
	  "\"nlri\": \"10.0.0.0/24\", \"label\": [ [1000, 16001] ], \"rd\": \"0x0003AABBCCDDEEFF\"",
	  "10.0.0.0/24 label 1000 (16001) rd 0x0003AABBCCDDEEFF" },
	/* two labels: the stack ends at the bottom-of-stack bit */
	{ "vpnv4 label stack", FAM_IPV4_MPLS_VPN, "88" "000640" "000C81" "0000FDE800000001" "0A0000",
	  "\"nlri\": \"10.0.0.0/24\", \"label\": [ [100, 1600], [200, 3201] ], \"rd\": \"65000:1\"",
	  "10.0.0.0/24 label [ 100 (1600) 200 (3201) ] rd 65000:1" },
	/* /0 and the withdrawal label of RFC 8277 section 2.4 */
	{ "vpnv4 default route", FAM_IPV4_MPLS_VPN, "58" "003E81" "0000FDE800000001",
	  "\"nlri\": \"0.0.0.0/0\", \"label\": [ [1000, 16001] ], \"rd\": \"65000:1\"",
	  "0.0.0.0/0 label 1000 (16001) rd 65000:1" },
	{ "vpnv4 withdrawal label", FAM_IPV4_MPLS_VPN, "70" "800000" "0000FDE800000001" "0A0000",
	  "\"nlri\": \"10.0.0.0/24\", \"label\": [ [524288, 8388608] ], \"rd\": \"65000:1\"",
	  "10.0.0.0/24 label 524288 (8388608) rd 65000:1" },
	/* conf-parity.ci: VPN-IPv6 /48 */
	{ "vpnv6", FAM_IPV6_MPLS_VPN, "88" "0039E1" "00000C8F22C6DB3D" "20014B5020C0",
	  "\"nlri\": \"2001:4b50:20c0::/48\", \"label\": [ [926, 14817] ], \"rd\": \"3215:583457597\"",
	  "2001:4b50:20c0::/48 label 926 (14817) rd 3215:583457597" },
	{ "vpnv6 /128", FAM_IPV6_MPLS_VPN, "D8" "000641" "0001C0A800010064" "20010DB8000000000000000000000001",
	  "\"nlri\": \"2001:db8::1/128\", \"label\": [ [100, 1601] ], \"rd\": \"192.168.0.1:100\"",
	  "2001:db8::1/128 label 100 (1601) rd 192.168.0.1:100" },
	/* conf-prefix-sid.ci: labeled unicast */
	{ "labeled v4", FAM_IPV4_NLRI_MPLS, "38" "C35011" "C6336464",
	  "\"nlri\": \"198.51.100.100/32\", \"label\": [ [800001, 12800017] ]",
	  "198.51.100.100/32 label 800001 (12800017)" },
	/* RFC 8277 section 2.1: several labels */
	{ "labeled v4 three labels", FAM_IPV4_NLRI_MPLS, "60" "000640" "000C80" "0012C1" "0A0000",
	  "\"nlri\": \"10.0.0.0/24\", \"label\": [ [100, 1600], [200, 3200], [300, 4801] ]",
	  "10.0.0.0/24 label [ 100 (1600) 200 (3200) 300 (4801) ]" },
	/* RFC 8277 section 2.4: withdrawal labels 0x800000 and (RFC 3107) 0 */
	{ "labeled withdraw 0x800000", FAM_IPV4_NLRI_MPLS, "30" "800000" "0A0000",
	  "\"nlri\": \"10.0.0.0/24\", \"label\": [ [524288, 8388608] ]",
	  "10.0.0.0/24 label 524288 (8388608)" },
	{ "labeled withdraw 0x000000", FAM_IPV4_NLRI_MPLS, "30" "000000" "0A0000",
	  "\"nlri\": \"10.0.0.0/24\", \"label\": [ [0] ]", "10.0.0.0/24 label 0" },
	{ "labeled v6", FAM_IPV6_NLRI_MPLS, "38" "000641" "20010DB8",
	  "\"nlri\": \"2001:db8::/32\", \"label\": [ [100, 1601] ]", "2001:db8::/32 label 100 (1601)" },
	/* multicast: the unicast NLRI */
	{ "multicast v4", FAM_IPV4_MULTICAST, "18" "E00000", "\"nlri\": \"224.0.0.0/24\"", "224.0.0.0/24" },
	{ "multicast v4 /0", FAM_IPV4_MULTICAST, "00", "\"nlri\": \"0.0.0.0/0\"", "0.0.0.0/0" },
	{ "multicast v6", FAM_IPV6_MULTICAST, "10" "FF0E", "\"nlri\": \"ff0e::/16\"", "ff0e::/16" },
	/* RTC: the default (length 0), full route targets of the three types */
	{ "rtc default", FAM_IPV4_RTC, "00", "\"origin\": 0, \"route-target\": null", "rtc wildcard" },
	{ "rtc as2 target", FAM_IPV4_RTC, "60" "0000FDE8" "0002FDE800000001",
	  "\"origin\": 65000, \"route-target\": \"target:65000:1\"", "rtc 65000:target:65000:1" },
	{ "rtc ipv4 target", FAM_IPV4_RTC, "60" "0000FDE8" "0102C0A800010064",
	  "\"origin\": 65000, \"route-target\": \"target:192.168.0.1:100\"", "rtc 65000:target:192.168.0.1:100" },
	{ "rtc as4 target", FAM_IPV4_RTC, "60" "FA56EA00" "0202FA56EA000007",
	  "\"origin\": 4200000000, \"route-target\": \"target:4200000000:7\"",
	  "rtc 4200000000:target:4200000000:7" },
	/* the Transitive/IANA bits of the type are not part of the key */
	{ "rtc target with flags", FAM_IPV4_RTC, "60" "0000FDE8" "4002FDE800000001",
	  "\"origin\": 65000, \"route-target\": \"target:65000:1\"", "rtc 65000:target:65000:1" },
	/* RFC 4684 section 4: prefixes of 32 to 95 bits */
	{ "rtc origin only", FAM_IPV4_RTC, "20" "0000FDE8",
	  "\"origin\": 65000, \"route-target\": null, \"prefix-length\": 32, \"route-target-prefix\": \"0x\"",
	  "rtc 65000:0x/32" },
	{ "rtc 64 bits", FAM_IPV4_RTC, "40" "0000FDE8" "4002FDE8",
	  "\"origin\": 65000, \"route-target\": null, \"prefix-length\": 64, \"route-target-prefix\": \"0x0002FDE8\"",
	  "rtc 65000:0x0002FDE8/64" },
	{ "rtc 33 bits", FAM_IPV4_RTC, "21" "0000FDE8" "80",
	  "\"origin\": 65000, \"route-target\": null, \"prefix-length\": 33, \"route-target-prefix\": \"0x00\"",
	  "rtc 65000:0x00/33" },
};

static void test_good(void)
{
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		const struct vec *v = &good[i];
		if (!fam_valid(v->fam, v->nlri))
			fprintf(stderr, "%s: not valid\n", v->name);
		CHECK(fam_valid(v->fam, v->nlri));
		CHECK_EQ_STR(fam_json(v->fam, v->nlri), v->json);
		CHECK_EQ_STR(fam_text(v->fam, v->nlri), v->text);
		fam_mutations(v->fam, v->nlri);
	}
}

/* The same NLRI inside UPDATEs: accepted, and identical after the builder. */
static void test_updates(void)
{
	char why[160];
	CHECK_EQ_INT(fam_action(FAM_IPV4_MPLS_VPN, true, VNH4, "68003E810000FDE8000000010104", "", why), OK);
	/* several NLRI in one field, of every RD type */
	CHECK_EQ_INT(fam_action(FAM_IPV4_MPLS_VPN, true, VNH4,
	                        "68003E810000FDE8000000010104" "70003E810001C0A8000100640A0000"
	                        "78003E810002FA56EA0000070A000001", "", why), OK);
	CHECK_EQ_INT(fam_action(FAM_IPV6_MPLS_VPN, true, VNH6, "880039E100000C8F22C6DB3D20014B5020C0", "", why), OK);
	CHECK_EQ_INT(fam_action(FAM_IPV4_NLRI_MPLS, true, "0A000001", "60000640000C800012C10A0000", "", why), OK);
	CHECK_EQ_INT(fam_action(FAM_IPV4_NLRI_MPLS, false, NULL, "308000000A0000" "300000000A0000", "", why), OK);
	CHECK_EQ_INT(fam_action(FAM_IPV4_RTC, true, "0A000001", "00" "600000FDE80002FDE800000001" "400000FDE80002FDE8",
	                        "", why), OK);
	CHECK_EQ_INT(fam_action(FAM_IPV4_MULTICAST, true, "0A000001", "18E00000" "00", "", why), OK);
	CHECK_EQ_INT(fam_action(FAM_IPV6_MULTICAST, true, "20010DB8000000000000000000000001", "10FF0E", "", why), OK);

	fam_roundtrip(FAM_IPV4_MPLS_VPN, "68003E810000FDE8000000010104", "0A000001");
	fam_roundtrip(FAM_IPV4_MPLS_VPN, "88000640000C810000FDE8000000010A0000", "0A000001");
	fam_roundtrip(FAM_IPV6_MPLS_VPN, "880039E100000C8F22C6DB3D20014B5020C0", "20010DB8000000000000000000000001");
	fam_roundtrip(FAM_IPV4_NLRI_MPLS, "60000640000C800012C10A0000", "0A000001");
	fam_roundtrip(FAM_IPV6_NLRI_MPLS, "3800064120010DB8", "20010DB8000000000000000000000001");
	fam_roundtrip(FAM_IPV4_MULTICAST, "18E00000", "0A000001");
	fam_roundtrip(FAM_IPV6_MULTICAST, "10FF0E", "20010DB8000000000000000000000001");
	fam_roundtrip(FAM_IPV4_RTC, "600000FDE80002FDE800000001", "0A000001");
	fam_roundtrip(FAM_IPV4_RTC, "00", "0A000001");
}

struct bad {
	const char *name;
	fam_t fam;
	const char *field;      /* the whole NLRI field */
	const char *why;        /* a word the sentence must hold */
};

/* Fields that cannot be parsed: nlri_field_check refuses them, and an
 * UPDATE carrying one in MP_REACH or MP_UNREACH disables the family. */
static const struct bad bads[] = {
	{ "vpn length beyond the field", FAM_IPV4_MPLS_VPN, "70003E810000FDE8000000010A00", "overruns" },
	{ "vpn no room for the RD", FAM_IPV4_MPLS_VPN, "50003E810000FDE800000001", "RD" },
	{ "vpn prefix /33", FAM_IPV4_MPLS_VPN, "79003E810000FDE8000000010A000001FF", "/32" },
	{ "vpnv6 prefix /129", FAM_IPV6_MPLS_VPN,
	  "D9003E810000FDE80000000120010DB800000000000000000000000180", "/128" },
	{ "vpn no bottom of stack", FAM_IPV4_MPLS_VPN, "78003E800002FA56EA0000080A000002", "bottom" },
	{ "vpn second NLRI truncated", FAM_IPV4_MPLS_VPN, "68003E810000FDE8000000010104" "70003E81", "overruns" },
	{ "labeled no bottom of stack", FAM_IPV4_NLRI_MPLS, "30000640" "0A0000", "bottom" },
	{ "labeled length below one label", FAM_IPV4_NLRI_MPLS, "10000641", "bottom" },
	{ "labeled prefix /33", FAM_IPV4_NLRI_MPLS, "41000641" "0A000000FFFF", "/32" },
	{ "labeled overrun", FAM_IPV4_NLRI_MPLS, "38000641" "0A00", "overruns" },
	{ "labeled v6 /129", FAM_IPV6_NLRI_MPLS, "99000641" "20010DB8000000000000000000000001FF", "/128" },
	{ "rtc length 31", FAM_IPV4_RTC, "1F0000FDE8", "32..96" },
	{ "rtc length 97", FAM_IPV4_RTC, "610000FDE80002FDE80000000100", "32..96" },
	{ "rtc length 8", FAM_IPV4_RTC, "08FF", "32..96" },
	{ "rtc overrun", FAM_IPV4_RTC, "600000FDE80002", "overruns" },
	{ "multicast /33", FAM_IPV4_MULTICAST, "21E0000000FF", "exceeds" },
	{ "multicast overrun", FAM_IPV4_MULTICAST, "18E000", "overruns" },
	{ "multicast v6 /129", FAM_IPV6_MULTICAST, "81FF0E", "exceeds" },
};

static void test_malformed(void)
{
	for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		const struct bad *b = &bads[i];
		struct wire_error e;
		int c = fam_field(b->fam, false, b->field, &e);
		if (c != -1 || !strstr(e.why, b->why))
			fprintf(stderr, "%s: count %d, why '%s'\n", b->name, c, e.why);
		CHECK_EQ_INT(c, -1);
		CHECK(strstr(e.why, b->why) != NULL);
		const char *nh = b->fam == FAM_IPV4_MPLS_VPN ? VNH4 : b->fam == FAM_IPV6_MPLS_VPN ? VNH6
		               : family_ops(b->fam)->afi == AFI_IPV6 ? "20010DB8000000000000000000000001" : "0A000001";
		char why[160];
		CHECK_EQ_INT(fam_action(b->fam, true, nh, b->field, "", why), DISABLE);
		/* the log line names the family (peer.c adds the peer) */
		CHECK(strstr(why, family_name(b->fam)) != NULL);
		CHECK_EQ_INT(fam_action(b->fam, false, NULL, b->field, "", why), DISABLE);
		CHECK(strstr(why, family_name(b->fam)) != NULL);
	}
	/* ADD-PATH: a path identifier without its NLRI */
	struct wire_error e;
	CHECK_EQ_INT(fam_field(FAM_IPV4_MPLS_VPN, true, "00000001" "68003E810000FDE8000000010104" "000000", &e), -1);
	CHECK_EQ_INT(fam_field(FAM_IPV4_MPLS_VPN, true, "00000001" "68003E810000FDE8000000010104", &e), 1);
	/* an empty field is no NLRI, not an error */
	CHECK_EQ_INT(fam_field(FAM_IPV4_RTC, false, "", &e), 0);
}

/* The RD and label helpers on their own. */
static void test_helpers(void)
{
	uint32_t raw[VPN_MAX_LABELS];
	struct buf b = hexbuf("000640000C80000C81");
	CHECK_EQ_INT(vpn_labels(b.data, b.len, raw), 3);
	CHECK_EQ_INT(raw[2], 0xC81);
	CHECK_EQ_INT(vpn_labels(b.data, 6, raw), -1);
	buf_free(&b);
	/* 0x800000 and 0 end a stack only as its first label */
	b = hexbuf("800000" "000640");
	CHECK_EQ_INT(vpn_labels(b.data, b.len, raw), 1);
	buf_free(&b);
	b = hexbuf("000640" "000000" "800000" "000C81");
	CHECK_EQ_INT(vpn_labels(b.data, b.len, raw), 4);
	CHECK_EQ_INT(raw[1], 0);
	CHECK_EQ_INT(raw[2], 0x800000);
	buf_free(&b);
	/* more than VPN_MAX_LABELS labels without bottom of stack: refused */
	b = hexbuf("000640000640000640000640000640000640000640000640000641");
	CHECK_EQ_INT(vpn_labels(b.data, b.len, raw), -1);
	buf_free(&b);
	struct buf out = BUF_INIT;
	uint8_t rd[8] = { 0, 2, 0xFA, 0x56, 0xEA, 0, 0, 7 };
	vpn_rd_text(&out, rd);
	CHECK_EQ_STR(fam_copy(&out), "4200000000:7");
	buf_free(&out);
}

int main(void)
{
	test_good();
	test_updates();
	test_malformed();
	test_helpers();
	return unit_done();
}
