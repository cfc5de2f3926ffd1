/* UPDATE building and decoding: ExaBGP's encoding vectors (cmd -> raw)
 * rebuilt by hand, then decoded back (round trip). */
#include "unit.h"
#include "wire/wire_test.h"

#include <stdlib.h>

struct vec {
	const char *name;
	bool ebgp, asn4, addpath, withdraw;
	const char *attrs[10];   /* "code/flags/hex", flags empty = canonical */
	const char *nlri[4];     /* "prefix" or "prefix#pathid" */
	const char *raw;
};

#define M "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"

static const struct vec vecs[] = {
	{ "conf-name", false, true, false, false,
	  { "1//00", "2//", "3//01020304", "5//00000064" }, { "1.0.0.0/24" },
	  M ":0030:02:0000001540010100400200400304010203044005040000006418010000" },
	{ "conf-ebgp", true, true, false, false,
	  { "1//00", "3//0A0001FE" }, { "10.0.0.0/24" },
	  M ":002F:02:000000144001010040020602010000FFFD4003040A0001FE180A0000" },
	{ "conf-no-asn4", false, false, false, false,
	  { "1//00", "2//020100000064", "3//0A00FFFE", "5//00000064" }, { "10.0.1.0/24" },
	  M ":003402:0000001940010100400204020100644003040A00FFFE40050400000064180A0001" },
	{ "conf-generic-attribute med", false, true, false, false,
	  { "1//00", "2//", "3//C0A80164", "4//00000064", "5//00000064" }, { "100.100.100.100/32" },
	  M ":0038:02:0000001C40010100400200400304C0A8016480040400000064400504000000642064646464" },
	{ "conf-generic-attribute 0x60", false, true, false, false,
	  { "1//00", "2//", "3//C0A80164", "5//00000064", "153/96/00000064" }, { "101.101.101.101/32" },
	  M ":0038:02:0000001C40010100400200400304C0A8016440050400000064609904000000642065656565" },
	{ "conf-generic-attribute 0x70", false, true, false, false,
	  { "1//00", "2//", "3//C0A80164", "5//00000064", "153/112/00000064" }, { "111.111.111.111/32" },
	  M ":0039:02:0000001D40010100400200400304C0A80164400504000000647099000400000064206F6F6F6F" },
	{ "conf-attributes large-community", false, true, false, false,
	  { "1//00", "2//", "3//FFFFFFFF", "5//00000064", "32//0000000100000002000000030000000A0000000B0000000C" },
	  { "10.0.0.7/32" },
	  M ":004C:02:0000003040010100400200400304FFFFFFFF40050400000064C020180000000100000002000000030000000A0000000B0000000C200A000007" },
	{ "conf-extended-attributes", false, true, false, false,
	  { "1//00", "2//", "3//0F0F0F01", "5//00000064", "16//00030064000003E8" }, { "10.0.0.1/32" },
	  M ":003C:02:00000020400101004002004003040F0F0F0140050400000064C0100800030064000003E8200A000001" },
	{ "conf-new-v4 grouped", false, true, false, false,
	  { "1//00", "2//", "3//0A00FFFE", "5//00000064", "8//78147814" }, { "10.0.2.0/24", "10.0.6.0/24" },
	  M ":003B:02:0000001C400101004002004003040A00FFFE40050400000064C0080478147814180A0002180A0006" },
	{ "conf-new-v4 lp 200", false, true, false, false,
	  { "1//00", "2//", "3//0A00FFFE", "5//000000C8" }, { "10.0.4.0/24", "10.0.5.0/24" },
	  M ":0034:02:00000015400101004002004003040A00FFFE400504000000C8180A0004180A0005" },
	{ "conf-template /8", false, true, false, false,
	  { "1//00", "2//", "3//01010101", "5//00000064" }, { "1.0.0.0/8" },
	  M ":002E:02:000000154001010040020040030401010101400504000000640801" },
	{ "conf-ipv46routes4family", false, true, false, false,
	  { "1//00", "2//", "3//0A000001", "5//00000064", "16//0002004800000001" }, { "193.0.2.1/32" },
	  M ":003C02:00000020400101004002004003040A00000140050400000064C01008000200480000000120C1000201" },
	{ "extended-nexthop ipv4 via ipv6", false, true, false, false,
	  { "1//00", "2//", "3//0BADCAFE0BADCAFE0BADCAFE0BADCAFE", "5//00000064" }, { "153.153.153.153/32" },
	  M ":0042:02:0000002B4001010040020040050400000064800E1A000101100BADCAFE0BADCAFE0BADCAFE0BADCAFE002099999999" },
	{ "extended-nexthop ipv6 via ipv4", false, true, false, false,
	  { "1//00", "2//", "3//AAAAAAAA", "5//00000064" }, { "dead:beef:dead:beef:dead:beef:dead:beef/128" },
	  M ":0049:02:0000003240010100400200400304AAAAAAAA40050400000064800E1A00020104AAAAAAAA0080DEADBEEFDEADBEEFDEADBEEFDEADBEEF" },
	{ "conf-ipv6grouping", false, true, false, false,
	  { "1//00", "2//", "3//2A020B80000000020000000000000001", "5//000000C8", "8//7814000078147814" },
	  { "2a02:b80:0:1::1/128" },
	  M ":0059:02:0000004240010100400200400504000000C8C008087814000078147814800E26000201102A020B8000000002000000000000000100802A020B80000000010000000000000001" },
	{ "conf-llnh-update global+link-local", false, true, false, false,
	  { "1//00", "2//", "3//20010DB800000000000000000000FFFFFE800000000000000000000000000001", "5//00000064" },
	  { "2001:db8:1::1/128" },
	  M ":005E02:000000474001010040020040050400000064800E360002012020010DB800000000000000000000FFFFFE800000000000000000000000000001008020010DB8000100000000000000000001" },
	{ "conf-path-information", false, true, true, false,
	  { "1//00", "2//", "3//0A0A0101", "5//00000064" }, { "10.0.0.10/32#1" },
	  M ":0035:02:00000015400101004002004003040:A0A0101:40050400000064:00000001:200A00000A" },
	{ "withdraw ipv4", false, true, false, true, { NULL }, { "77.77.77.77/32" },
	  M ":001C:02:0005204D4D4D4D0000" },
	{ "withdraw ipv4 /25", false, true, false, true, { NULL }, { "1.1.0.0/25" },
	  M ":001C:02:000519010100000000" },
	{ "withdraw ipv6", false, true, false, true, { NULL }, { "2001:db8::/32" },
	  M ":0022:02:0000000B800F080002012020010DB8" },
};

static void blob_from_spec(struct buf *blob, const char *const *spec)
{
	for (int i = 0; i < 10 && spec[i]; i++) {
		char *end;
		long code = strtol(spec[i], &end, 10);
		long flags = -1;
		end++;   /* '/' */
		if (*end != '/')
			flags = strtol(end, &end, 10);
		end++;
		blob_add(blob, (int)flags, (uint8_t)code, end);
	}
}

static int nlri_from_spec(const char *s, uint8_t out[17], fam_t *fam, uint32_t *pid)
{
	char tmp[80];
	snprintf(tmp, sizeof tmp, "%s", s);
	char *hash = strchr(tmp, '#');
	*pid = 0;
	if (hash) {
		*hash = 0;
		*pid = (uint32_t)strtoul(hash + 1, NULL, 10);
	}
	return nlri_ip_parse(tmp, out, fam);
}

static void test_vectors(void)
{
	for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
		const struct vec *v = &vecs[i];
		struct wire_session_ctx s = test_session(v->ebgp, v->asn4);
		s.addpath_tx[FAM_IPV4_UNICAST] = s.addpath_rx[FAM_IPV4_UNICAST] = v->addpath;
		struct wire_encode_ctx enc = test_encode(&s);
		struct buf blob = BUF_INIT, out = BUF_INIT;
		blob_from_spec(&blob, v->attrs);
		CHECK(attrs_valid(blob.data, blob.len));
		struct wire_update_builder b;
		wire_update_builder_init(&b, &out, &s, &enc);
		uint8_t nl[4][17];
		fam_t fam = FAM_IPV4_UNICAST;
		for (int j = 0; j < 4 && v->nlri[j]; j++) {
			struct nlri_ref r;
			uint32_t pid;
			int n = nlri_from_spec(v->nlri[j], nl[j], &fam, &pid);
			CHECK(n > 0);
			if (j == 0)
				CHECK(v->withdraw ? wire_update_begin_withdraw(&b, fam)
				                  : wire_update_begin_announce(&b, fam, blob.data, blob.len));
			r = (struct nlri_ref){ fam, pid, (uint16_t)n, nl[j] };
			CHECK(wire_update_add(&b, &r));
		}
		wire_update_end(&b);
		struct buf want = hexbuf(v->raw);
		hexdump_diff(v->name, out.data, out.len, want.data, want.len);
		CHECK_EQ_MEM(out.data, out.len, want.data, want.len);

		/* Decode what was built: no error, same NLRI, same attributes. */
		struct wire_update u;
		struct buf got = BUF_INIT;
		wire_update_decode(out.data + 19, out.len - 19, &s, &u, &got);
		/* ExaBGP sends a generic attribute with the optional bit clear;
		 * we treat such an unknown "well-known" as withdraw (update_decode.c). */
		bool wellknown_unknown = strstr(v->name, "generic-attribute 0x") != NULL;
		if (u.err.action != WIRE_OK && !wellknown_unknown)
			fprintf(stderr, "%s: decode: %s\n", v->name, u.err.why);
		CHECK_EQ_INT(u.err.action, wellknown_unknown ? WIRE_TREAT_AS_WITHDRAW : WIRE_OK);
		if (!v->withdraw && !v->ebgp && !wellknown_unknown) {
			struct buf full = BUF_INIT;
			if (u.has_mp_reach)
				attrs_set(&full, got.data, got.len, ATTR_FLAG_TRANSITIVE, ATTR_NEXT_HOP,
				          u.mp_nh, u.mp_nh_len);
			else
				attrs_set(&full, got.data, got.len, ATTR_FLAG_TRANSITIVE, ATTR_NEXT_HOP, u.nh, u.nh_len);
			/* Received unknown transitive attributes gain Partial. */
			struct buf exp = BUF_INIT;
			struct attr_iter it;
			struct attr_entry e;
			attr_iter_init(&it, blob.data, blob.len);
			while (attr_iter_next(&it, &e)) {
				uint8_t f = e.flags;
				if (attrs_known_flags(e.code) < 0)
					f = (uint8_t)((f & ~ATTR_FLAG_EXTENDED) | ATTR_FLAG_PARTIAL);
				buf_put_u8(&exp, f);
				buf_put_u8(&exp, e.code);
				buf_put_u16(&exp, e.len);
				buf_put(&exp, e.value, e.len);
			}
			/* IPv6 NLRI with an IPv4 next hop: classic NEXT_HOP and MP's agree. */
			hexdump_diff(v->name, full.data, full.len, exp.data, exp.len);
			CHECK_EQ_MEM(full.data, full.len, exp.data, exp.len);
			buf_free(&full);
			buf_free(&exp);
		}
		struct wire_nlri_field *f = u.has_mp_reach ? &u.mp_reach
		                          : u.has_mp_unreach ? &u.mp_unreach
		                          : v->withdraw ? &u.withdrawn : &u.nlri;
		struct nlri_iter it;
		struct nlri_ref r;
		nlri_iter_init(&it, f->fam, f->addpath, f->data, f->len);
		int count = 0;
		while (nlri_iter_next(&it, &r)) {
			CHECK_EQ_MEM(r.data, r.len, nl[count], r.len);
			count++;
		}
		int wantn = 0;
		while (wantn < 4 && v->nlri[wantn])
			wantn++;
		CHECK_EQ_INT(count, wantn);
		buf_free(&got);
		buf_free(&want);
		wire_update_builder_free(&b);
		buf_free(&blob);
		buf_free(&out);
	}
}

static void test_eor(void)
{
	struct { fam_t fam; uint16_t afi; uint8_t safi; const char *raw; } v[] = {
		{ FAM_IPV4_UNICAST, 1, 1, M ":0017:02:00000000" },
		{ FAM_IPV6_UNICAST, 2, 1, M ":001E:02:00000007900F0003000201" },
		{ FAM_IPV4_MPLS_VPN, 1, 128, M ":001E:02:00000007900F0003000180" },
		{ FAM_IPV6_MPLS_VPN, 2, 128, M ":001E:02:00000007900F0003000280" },
		{ FAM_NONE, 1, 250, M ":001E:02:00000007900F00030001FA" },
	};
	struct wire_session_ctx s = test_session(false, true);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct buf out = BUF_INIT, blob = BUF_INIT;
		if (v[i].fam != FAM_NONE)
			wire_update_eor_encode(&out, v[i].fam);
		else
			wire_update_eor_encode_afi(&out, v[i].afi, v[i].safi);
		struct buf want = hexbuf(v[i].raw);
		CHECK_EQ_MEM(out.data, out.len, want.data, want.len);
		struct wire_update u;
		wire_update_decode(out.data + 19, out.len - 19, &s, &u, &blob);
		CHECK_EQ_INT(u.err.action, WIRE_OK);
		CHECK(u.eor);
		CHECK_EQ_INT(u.eor_afi, v[i].afi);
		CHECK_EQ_INT(u.eor_safi, v[i].safi);
		CHECK_EQ_INT(u.eor_fam, v[i].fam);
		buf_free(&out);
		buf_free(&want);
		buf_free(&blob);
	}
}

/* Packing: many NLRI split over messages of at most max_msg bytes, each
 * decodable, every prefix exactly once. */
static void test_packing(void)
{
	for (int fi = 0; fi < 2; fi++) {
		for (int wd = 0; wd < 2; wd++) {
			struct wire_session_ctx s = test_session(false, true);
			s.addpath_tx[FAM_IPV6_UNICAST] = s.addpath_rx[FAM_IPV6_UNICAST] = true;
			struct wire_encode_ctx enc = test_encode(&s);
			fam_t fam = fi ? FAM_IPV6_UNICAST : FAM_IPV4_UNICAST;
			struct buf blob = BUF_INIT, out = BUF_INIT;
			blob_add(&blob, -1, ATTR_ORIGIN, "00");
			blob_add(&blob, -1, ATTR_AS_PATH, "0203000000010000000200000003");
			blob_add(&blob, -1, ATTR_NEXT_HOP, fi ? "20010DB8000000000000000000000001" : "0A000001");
			blob_add(&blob, -1, ATTR_COMMUNITIES, "0001000200030004");
			struct wire_update_builder b;
			wire_update_builder_init(&b, &out, &s, &enc);
			const int N = 3000;
			if (wd)
				CHECK(wire_update_begin_withdraw(&b, fam));
			else
				CHECK(wire_update_begin_announce(&b, fam, blob.data, blob.len));
			for (int i = 0; i < N; i++) {
				uint8_t p[17] = { 24, 10, (uint8_t)(i >> 8), (uint8_t)i };
				if (fi) {
					p[0] = 48;
					p[1] = 0x20; p[2] = 0x01; p[3] = 0x0d; p[4] = 0xb8;
					p[5] = (uint8_t)(i >> 8); p[6] = (uint8_t)i;
				}
				struct nlri_ref r = { fam, (uint32_t)i, (uint16_t)(fi ? 7 : 4), p };
				if (!wire_update_add(&b, &r)) {
					wire_update_end(&b);
					if (wd)
						CHECK(wire_update_begin_withdraw(&b, fam));
					else
						CHECK(wire_update_begin_announce(&b, fam, blob.data, blob.len));
					CHECK(wire_update_add(&b, &r));
				}
			}
			wire_update_end(&b);
			/* Walk the messages. */
			size_t off = 0;
			int seen = 0, msgs = 0;
			bool ok = true;
			struct buf got = BUF_INIT;
			while (off < out.len) {
				uint16_t len;
				uint8_t type;
				struct wire_error e;
				if (wire_header_check(out.data + off, s.max_msg, &len, &type, &e) != 0) {
					ok = false;
					break;
				}
				struct wire_update u;
				wire_update_decode(out.data + off + 19, len - 19u, &s, &u, &got);
				if (u.err.action != WIRE_OK) {
					fprintf(stderr, "packing: %s\n", u.err.why);
					ok = false;
				}
				struct wire_nlri_field *f = fi ? (wd ? &u.mp_unreach : &u.mp_reach)
				                               : (wd ? &u.withdrawn : &u.nlri);
				struct nlri_iter it;
				struct nlri_ref r;
				nlri_iter_init(&it, f->fam, f->addpath, f->data, f->len);
				while (nlri_iter_next(&it, &r)) {
					int idx = fi ? (r.data[5] << 8 | r.data[6]) : (r.data[2] << 8 | r.data[3]);
					if (idx != seen || (fi && r.path_id != (uint32_t)idx))
						ok = false;
					seen++;
				}
				msgs++;
				off += len;
			}
			CHECK(ok);
			CHECK_EQ_INT(seen, N);
			CHECK(msgs > 1);
			buf_free(&got);
			buf_free(&blob);
			buf_free(&out);
			wire_update_builder_free(&b);
		}
	}
}

int main(void)
{
	test_vectors();
	test_eor();
	test_packing();
	return unit_done();
}
