/* ADD-PATH (RFC 7911) on every family the codec knows: one NLRI each,
 * announced and withdrawn through the builder with path identifiers sent
 * (addpath_tx), decoded with them received (addpath_rx): the identifier is
 * in front of the NLRI on the wire (section 3), read back with the same
 * NLRI bytes, and not there when ADD-PATH is off.  FlowSpec rules of 240
 * bytes and more (two-octet length) too. */
#include <string.h>

#include "../unit.h"
#include "wire_test.h"

/* One NLRI per family (from the family tests and conformance vectors). */
static const struct { fam_t fam; const char *hex; } samples[] = {
	{ FAM_IPV4_UNICAST, "180A0100" },
	{ FAM_IPV6_UNICAST, "2020010DB8" },
	{ FAM_IPV4_MULTICAST, "18E00100" },
	{ FAM_IPV6_MULTICAST, "10FF0E" },
	{ FAM_IPV4_NLRI_MPLS, "300001410A0200" },
	{ FAM_IPV6_NLRI_MPLS, "3800014120010DB8" },
	{ FAM_IPV4_MPLS_VPN, "70000101" "0000006400000001" "0A0100" },
	{ FAM_IPV6_MPLS_VPN, "78000101" "0000006400000001" "20010DB8" },
	{ FAM_IPV4_FLOW, "0501180A0300" },
	{ FAM_IPV6_FLOW, "07012000" "20010DB8" },
	{ FAM_IPV4_FLOW_VPN, "0D" "0000006400000001" "01180A0300" },
	{ FAM_IPV6_FLOW_VPN, "0F" "0000006400000001" "01200020010DB8" },
	{ FAM_L2VPN_EVPN, "02210001252C37370001000000000000000000000000076D30FC15B4787B8F00000000" },
	{ FAM_L2VPN_VPLS, "00110001C0A8C901007B000500010008029CE1" },
	{ FAM_IPV4_MCAST_VPN, "06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4" },
	{ FAM_IPV4_MUP, "0100010C" "0000006400000064" "180A0001" },
	{ FAM_IPV4_SR_POLICY, "60" "00000000" "00000064" "0A000001" },
	{ FAM_IPV6_SR_POLICY, "C0" "00000000" "00000064" "20010DB8000000000000000000000001" },
	{ FAM_BGPLS, "00010027" "02" "00000000000002BC" "0100001A" "0200000400003E34" "0201000400000000"
	             "0203000601013400" "0041" },
	{ FAM_BGPLS_VPN, "0003002A" "0000FDE800000007" "03" "0000000000000000"
	                 "0100000802000004" "0000FDE8" "0108000101" "0109000418" "0A0001" },
	{ FAM_IPV4_RTC, "60" "0000FDE8" "0002FDE800000001" },
};

static struct wire_session_ctx session(fam_t fam, bool addpath)
{
	struct wire_session_ctx c = test_session(false, true);
	c.fam[fam] = true;
	c.addpath_tx[fam] = c.addpath_rx[fam] = addpath;
	c.max_msg = BGP_MAX_EXT_MSG;
	return c;
}

/* Decode the one message in out; the NLRI of its field (announced or
 * withdrawn) must be want, with path identifier pid. */
static void check_msg(const struct buf *out, fam_t fam, bool addpath, bool withdraw, const uint8_t *want,
                      size_t wlen, uint32_t pid)
{
	const char *name = family_name(fam);
	struct wire_session_ctx ctx = session(fam, addpath);
	struct buf blob = BUF_INIT;
	struct wire_update u;
	CHECK(out->len > BGP_HEADER_LEN && get_be16(out->data + 16) == out->len);
	wire_update_decode(out->data + BGP_HEADER_LEN, out->len - BGP_HEADER_LEN, &ctx, &u, &blob);
	if (u.err.action != WIRE_OK)
		fprintf(stderr, "%s: %s\n", name, u.err.why);
	CHECK_EQ_INT(u.err.action, WIRE_OK);
	const struct wire_nlri_field *f = fam == FAM_IPV4_UNICAST ? (withdraw ? &u.withdrawn : &u.nlri)
	                                  : (withdraw ? &u.mp_unreach : &u.mp_reach);
	CHECK_EQ_INT(f->fam, fam);
	CHECK(f->addpath == addpath);
	/* on the wire: the identifier, then the NLRI */
	CHECK_EQ_INT(f->len, wlen + (addpath ? 4 : 0));
	if (addpath && f->len >= 4)
		CHECK_EQ_INT(get_be32(f->data), pid);
	struct nlri_iter it;
	struct nlri_ref n;
	int count = 0;
	nlri_iter_init(&it, f->fam, f->addpath, f->data, f->len);
	while (nlri_iter_next(&it, &n)) {
		count++;
		CHECK_EQ_INT(n.path_id, addpath ? pid : 0);
		CHECK_EQ_MEM(n.data, n.len, want, wlen);
	}
	if (count != 1)
		fprintf(stderr, "%s: %d NLRI\n", name, count);
	CHECK_EQ_INT(count, 1);
	buf_free(&blob);
}

static void round_trip(fam_t fam, const uint8_t *nlri, size_t len, bool addpath)
{
	struct wire_session_ctx ctx = session(fam, addpath);
	struct wire_encode_ctx enc = test_encode(&ctx);
	struct buf blob = BUF_INIT, out = BUF_INIT;
	blob_add(&blob, -1, ATTR_ORIGIN, "00");
	blob_add(&blob, -1, ATTR_NEXT_HOP, family_ops(fam)->afi == AFI_IPV6 ? "20010DB8000000000000000000000001"
	                                                                        : "7F000001");
	uint32_t pid = 0x0a000000u | fam;
	struct nlri_ref r = { fam, pid, (uint16_t)len, nlri };
	struct wire_update_builder b;
	wire_update_builder_init(&b, &out, &ctx, &enc);
	CHECK(wire_update_begin_announce(&b, fam, blob.data, blob.len));
	CHECK(wire_update_add(&b, &r));
	wire_update_end(&b);
	check_msg(&out, fam, addpath, false, nlri, len, pid);
	buf_reset(&out);
	CHECK(wire_update_begin_withdraw(&b, fam));
	CHECK(wire_update_add(&b, &r));
	wire_update_end(&b);
	check_msg(&out, fam, addpath, true, nlri, len, pid);
	wire_update_builder_free(&b);
	buf_free(&blob);
	buf_free(&out);
}

int main(void)
{
	bool seen[FAM_MAX] = { false };
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		struct buf n = hexbuf(samples[i].hex);
		fam_t fam = samples[i].fam;
		if (!nlri_one_valid(fam, n.data, n.len))
			fprintf(stderr, "sample of %s is no valid NLRI\n", family_name(fam));
		CHECK(nlri_one_valid(fam, n.data, n.len));
		round_trip(fam, n.data, n.len, true);
		round_trip(fam, n.data, n.len, false);
		seen[fam] = true;
		buf_free(&n);
	}
	/* every family the codec has is covered (IPv6 MVPN and MUP excepted:
	 * their encodings are the IPv4 ones with longer addresses) */
	for (int f = 0; f < FAM_MAX; f++)
		if (family_ops((fam_t)f) && !seen[f] && f != FAM_IPV6_MCAST_VPN && f != FAM_IPV6_MUP) {
			fprintf(stderr, "no ADD-PATH sample for %s\n", family_name((fam_t)f));
			CHECK(seen[f]);
		}
	/* a FlowSpec rule of 301 bytes behind its identifier */
	static uint8_t big[303] = { 0xf1, 0x2d, 4 };
	for (int i = 0; i < 100; i++) {
		big[3 + 3 * i] = (uint8_t)(0x11 | (i == 99 ? 0x80 : 0));
		big[5 + 3 * i] = (uint8_t)i;
	}
	CHECK(nlri_one_valid(FAM_IPV4_FLOW, big, sizeof big));
	round_trip(FAM_IPV4_FLOW, big, sizeof big, true);
	return unit_done();
}
