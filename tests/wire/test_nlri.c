/* NLRI helpers and the family table. */
#include "unit.h"
#include "wire/wire_test.h"

static void test_family(void)
{
	CHECK_EQ_STR(family_name(FAM_IPV4_UNICAST), "ipv4 unicast");
	CHECK_EQ_STR(family_name(FAM_IPV6_UNICAST), "ipv6 unicast");
	CHECK_EQ_INT(family_lookup(AFI_IPV4, SAFI_UNICAST), FAM_IPV4_UNICAST);
	CHECK_EQ_INT(family_lookup(AFI_IPV6, SAFI_UNICAST), FAM_IPV6_UNICAST);
	CHECK_EQ_INT(family_lookup(AFI_IPV4, 200), FAM_NONE);
	CHECK_EQ_INT(family_by_name("ipv6", "unicast"), FAM_IPV6_UNICAST);
	CHECK_EQ_INT(family_by_name("ipv4", "bogus"), FAM_NONE);
	CHECK(family_ops(FAM_MAX - 1) == NULL);
	CHECK(family_ops(FAM_NONE) == NULL);
	CHECK_EQ_INT(family_ops(FAM_IPV6_UNICAST)->addr_bits, 128);
	static const struct { uint16_t afi; const char *name; } afis[] = {
		{ 1, "ipv4" }, { 2, "ipv6" }, { 25, "l2vpn" }, { 16388, "bgp-ls" } };
	for (size_t i = 0; i < 4; i++)
		CHECK_EQ_STR(family_afi_name(afis[i].afi), afis[i].name);
	static const struct { uint8_t safi; const char *name; } safis[] = {
		{ 1, "unicast" }, { 2, "multicast" }, { 4, "nlri-mpls" }, { 5, "mcast-vpn" },
		{ 65, "vpls" }, { 70, "evpn" }, { 71, "bgp-ls" }, { 72, "bgp-ls-vpn" },
		{ 73, "sr-policy" }, { 85, "mup" }, { 128, "mpls-vpn" }, { 132, "rtc" },
		{ 133, "flow" }, { 134, "flow-vpn" } };
	for (size_t i = 0; i < sizeof safis / sizeof safis[0]; i++)
		CHECK_EQ_STR(family_safi_name(safis[i].safi), safis[i].name);
	CHECK(family_afi_name(3) == NULL);
	CHECK(family_safi_name(200) == NULL);
}

static void test_parse_text(void)
{
	static const struct { const char *in, *text, *hex; fam_t fam; } v[] = {
		{ "10.0.0.0/24", "10.0.0.0/24", "180A0000", FAM_IPV4_UNICAST },
		{ "10.1.2.3/8", "10.0.0.0/8", "080A", FAM_IPV4_UNICAST },
		{ "1.1.0.0/25", "1.1.0.0/25", "1901010000", FAM_IPV4_UNICAST },
		{ "0.0.0.0/0", "0.0.0.0/0", "00", FAM_IPV4_UNICAST },
		{ "77.77.77.77", "77.77.77.77/32", "204D4D4D4D", FAM_IPV4_UNICAST },
		{ "2001:db8::/32", "2001:db8::/32", "2020010DB8", FAM_IPV6_UNICAST },
		{ "2001:db8:ffff::1/33", "2001:db8:8000::/33", "2120010DB880", FAM_IPV6_UNICAST },
		{ "::/0", "::/0", "00", FAM_IPV6_UNICAST },
		{ "dead:beef:dead:beef:dead:beef:dead:beef/128", "dead:beef:dead:beef:dead:beef:dead:beef/128",
		  "80DEADBEEFDEADBEEFDEADBEEFDEADBEEF", FAM_IPV6_UNICAST },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint8_t out[17];
		fam_t fam;
		int n = nlri_ip_parse(v[i].in, out, &fam);
		struct buf want = hexbuf(v[i].hex);
		CHECK_EQ_MEM(out, (size_t)(n > 0 ? n : 0), want.data, want.len);
		CHECK_EQ_INT(fam, v[i].fam);
		struct buf t = BUF_INIT;
		family_ops(fam)->nlri_text(&t, out, (size_t)n);
		CHECK_EQ_STR(buf_cstr(&t), v[i].text);
		buf_reset(&t);
		family_ops(fam)->nlri_json(&t, out, (size_t)n);
		char json[120];
		snprintf(json, sizeof json, "\"nlri\": \"%s\"", v[i].text);
		CHECK_EQ_STR(buf_cstr(&t), json);
		buf_free(&t);
		buf_free(&want);
	}
	uint8_t out[17];
	fam_t fam;
	CHECK_EQ_INT(nlri_ip_parse("10.0.0.0/33", out, &fam), -1);
	CHECK_EQ_INT(nlri_ip_parse("2001:db8::/129", out, &fam), -1);
	CHECK_EQ_INT(nlri_ip_parse("10.0.0/24", out, &fam), -1);
	CHECK_EQ_INT(nlri_ip_parse("10.0.0.0/", out, &fam), -1);
	CHECK_EQ_INT(nlri_ip_parse("10.0.0.0/2x", out, &fam), -1);
	CHECK_EQ_INT(nlri_ip_parse("", out, &fam), -1);
}

static void test_field(void)
{
	struct wire_error e;
	struct buf f = hexbuf("180A0000 200A000001 00 080A");
	CHECK_EQ_INT(nlri_field_check(FAM_IPV4_UNICAST, false, f.data, f.len, &e), 4);
	struct nlri_iter it;
	struct nlri_ref r;
	nlri_iter_init(&it, FAM_IPV4_UNICAST, false, f.data, f.len);
	int lens[4], k = 0;
	while (nlri_iter_next(&it, &r) && k < 4)
		lens[k++] = r.len;
	CHECK_EQ_INT(k, 4);
	CHECK(lens[0] == 4 && lens[1] == 5 && lens[2] == 1 && lens[3] == 2);
	/* Every truncation but the whole is an error (or a shorter valid field). */
	CHECK_EQ_INT(nlri_field_check(FAM_IPV4_UNICAST, false, f.data, 3, &e), -1);
	CHECK_EQ_INT(e.action, WIRE_SESSION_RESET);
	CHECK_EQ_INT(e.subcode, ERR_UPDATE_NETWORK);
	CHECK_EQ_INT(nlri_field_check(FAM_IPV4_UNICAST, false, f.data, 4, &e), 1);
	buf_free(&f);
	/* Path identifiers (RFC 7911). */
	f = hexbuf("00000001 180A0000 00000002 2020010DB8");
	CHECK_EQ_INT(nlri_field_check(FAM_IPV4_UNICAST, true, f.data, 8, &e), 1);
	CHECK_EQ_INT(nlri_field_check(FAM_IPV4_UNICAST, true, f.data, 10, &e), -1);
	CHECK_EQ_INT(nlri_field_check(FAM_IPV6_UNICAST, true, f.data + 8, 9, &e), 1);
	nlri_iter_init(&it, FAM_IPV6_UNICAST, true, f.data + 8, 9);
	CHECK(nlri_iter_next(&it, &r));
	CHECK_EQ_INT(r.path_id, 2);
	CHECK_EQ_INT(r.len, 5);
	CHECK(!nlri_iter_next(&it, &r));
	buf_free(&f);
	/* Too long prefixes. */
	f = hexbuf("21 0A000000 00");
	CHECK_EQ_INT(nlri_field_check(FAM_IPV4_UNICAST, false, f.data, f.len, &e), -1);
	CHECK(strstr(e.why, "33") != NULL);
	CHECK_EQ_INT(nlri_field_check(FAM_IPV6_UNICAST, false, f.data, f.len, &e), 1);
	buf_free(&f);
	f = hexbuf("81 00000000000000000000000000000000 00");
	CHECK_EQ_INT(nlri_field_check(FAM_IPV6_UNICAST, false, f.data, f.len, &e), -1);
	buf_free(&f);
	CHECK_EQ_INT(nlri_field_check(FAM_IPV4_UNICAST, false, NULL, 0, &e), 0);
	CHECK_EQ_INT(nlri_field_check(FAM_NONE, false, NULL, 0, &e), -1);
}

int main(void)
{
	test_family();
	test_parse_text();
	test_field();
	return unit_done();
}
