/* The canonical blob and its per-peer encoding (RFC 4271 5.1, RFC 6793). */
#include "unit.h"
#include "wire/wire_test.h"

static bool enc_eq(const char *what, const uint8_t *blob, size_t len, const struct wire_encode_ctx *c,
                   bool nh, const char *hex)
{
	struct buf out = BUF_INIT, want = hexbuf(hex);
	CHECK(wire_attrs_encode(&out, blob, len, c, nh));
	hexdump_diff(what, out.data, out.len, want.data, want.len);
	bool ok = out.len == want.len && memcmp(out.data, want.data, out.len) == 0;
	buf_free(&out);
	buf_free(&want);
	return ok;
}

/* Encode for a session, wrap as an UPDATE with one NLRI, decode with the
 * same session: the blob must come back (NEXT_HOP aside). */
static bool round_trip(const struct buf *blob, const struct wire_session_ctx *s)
{
	struct wire_encode_ctx c = test_encode(s);
	c.add_local_pref = false;
	struct buf attrs = BUF_INIT, body = BUF_INIT, got = BUF_INIT, exp = BUF_INIT;
	wire_attrs_encode(&attrs, blob->data, blob->len, &c, true);
	buf_put_u16(&body, 0);
	buf_put_u16(&body, (uint16_t)attrs.len);
	buf_put(&body, attrs.data, attrs.len);
	static const uint8_t nl[] = { 24, 10, 0, 0 };
	buf_put(&body, nl, sizeof nl);
	struct wire_update u;
	wire_update_decode(body.data, body.len, s, &u, &got);
	attrs_set(&exp, blob->data, blob->len, 0, ATTR_NEXT_HOP, NULL, 0);
	bool ok = u.err.action == WIRE_OK && got.len == exp.len && memcmp(got.data, exp.data, got.len) == 0;
	if (!ok) {
		fprintf(stderr, "round trip: %s\n", u.err.why);
		hexdump_diff("round trip", got.data, got.len, exp.data, exp.len);
	}
	buf_free(&attrs);
	buf_free(&body);
	buf_free(&got);
	buf_free(&exp);
	return ok;
}

static void test_blob_ops(void)
{
	struct buf b = BUF_INIT, o = BUF_INIT;
	blob_add(&b, -1, ATTR_ORIGIN, "00");
	blob_add(&b, -1, ATTR_MED, "00000005");
	CHECK(attrs_valid(b.data, b.len));
	attrs_set(&o, b.data, b.len, 0x40, ATTR_AS_PATH, (const uint8_t *)"", 0);
	struct attr_entry e;
	CHECK(attrs_find(o.data, o.len, ATTR_AS_PATH, &e));
	CHECK_EQ_INT(e.len, 0);
	CHECK(attrs_valid(o.data, o.len));
	struct buf o2 = BUF_INIT;
	attrs_set(&o2, o.data, o.len, 0, ATTR_MED, NULL, 0);
	CHECK(!attrs_find(o2.data, o2.len, ATTR_MED, &e));
	CHECK(attrs_find(o2.data, o2.len, ATTR_ORIGIN, &e));
	buf_reset(&o);
	static const uint8_t med[4] = { 0, 0, 0, 9 };
	attrs_set(&o, o2.data, o2.len, 0x80, ATTR_MED, med, 4);
	CHECK(attrs_find(o.data, o.len, ATTR_MED, &e));
	CHECK_EQ_INT(get_be32(e.value), 9);
	/* invalid: unsorted, duplicate, truncated, MP inside, bad AS_PATH */
	struct buf bad = BUF_INIT;
	blob_add(&bad, -1, ATTR_MED, "00000005");
	blob_add(&bad, -1, ATTR_ORIGIN, "00");
	CHECK(!attrs_valid(bad.data, bad.len));
	CHECK(!attrs_valid(b.data, b.len - 1));
	buf_reset(&bad);
	blob_add(&bad, -1, ATTR_AS_PATH, "020200000001");
	CHECK(!attrs_valid(bad.data, bad.len));
	buf_reset(&bad);
	blob_add(&bad, -1, ATTR_MP_REACH_NLRI, "000101");
	CHECK(!attrs_valid(bad.data, bad.len));
	CHECK_EQ_INT(attrs_known_flags(ATTR_ORIGIN), 0x40);
	CHECK_EQ_INT(attrs_known_flags(ATTR_COMMUNITIES), 0xC0);
	CHECK_EQ_INT(attrs_known_flags(ATTR_MED), 0x80);
	CHECK_EQ_INT(attrs_known_flags(200), -1);
	buf_free(&b);
	buf_free(&o);
	buf_free(&o2);
	buf_free(&bad);
}

static void test_encode_rules(void)
{
	struct wire_session_ctx ibgp = test_session(false, true), ebgp = test_session(true, true);
	struct wire_session_ctx ibgp2 = test_session(false, false), ebgp2 = test_session(true, false);
	struct wire_encode_ctx ci = test_encode(&ibgp), ce = test_encode(&ebgp);
	struct wire_encode_ctx ci2 = test_encode(&ibgp2), ce2 = test_encode(&ebgp2);
	struct buf b = BUF_INIT;

	/* Empty blob: ORIGIN IGP, empty AS_PATH, LOCAL_PREF 100 on iBGP. */
	CHECK(enc_eq("empty ibgp", NULL, 0, &ci, true, "400101004002004005040000006" "4"));
	CHECK(enc_eq("empty ebgp", NULL, 0, &ce, true, "40010100400206020100" "00FFFD"));
	CHECK(enc_eq("empty ebgp 2-octet", NULL, 0, &ce2, true, "4001010040020402" "01FFFD"));

	/* eBGP drops LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST; keeps MED. */
	blob_add(&b, -1, ATTR_ORIGIN, "02");
	blob_add(&b, -1, ATTR_AS_PATH, "0201" "0000FDE8");
	blob_add(&b, -1, ATTR_NEXT_HOP, "0A000001");
	blob_add(&b, -1, ATTR_MED, "00000007");
	blob_add(&b, -1, ATTR_LOCAL_PREF, "000000C8");
	blob_add(&b, -1, ATTR_ORIGINATOR_ID, "01020304");
	blob_add(&b, -1, ATTR_CLUSTER_LIST, "05060708");
	CHECK(enc_eq("ebgp drops", b.data, b.len, &ce, true,
	             "40010102" "40020A0202" "0000FFFD0000FDE8" "4003040A000001" "80040400000007"));
	CHECK(enc_eq("ibgp keeps", b.data, b.len, &ci, true,
	             "40010102" "4002060201" "0000FDE8" "4003040A000001" "80040400000007"
	             "40050400000" "0C8" "800904" "01020304" "800A04" "05060708"));
	CHECK(enc_eq("no classic next hop", b.data, b.len, &ci, false,
	             "40010102" "4002060201" "0000FDE8" "80040400000007"
	             "40050400000" "0C8" "800904" "01020304" "800A04" "05060708"));
	CHECK(round_trip(&b, &ibgp));
	CHECK(round_trip(&b, &ibgp2));
	buf_reset(&b);

	/* 2-octet session: AS_TRANS + AS4_PATH, AGGREGATOR 6 + AS4_AGGREGATOR. */
	blob_add(&b, -1, ATTR_ORIGIN, "00");
	blob_add(&b, -1, ATTR_AS_PATH, "0202" "00010000" "00000064");
	blob_add(&b, -1, ATTR_NEXT_HOP, "0A000001");
	blob_add(&b, -1, ATTR_AGGREGATOR, "00011170" "0A000002");
	CHECK(enc_eq("as_trans ordered", b.data, b.len, &ci2, true,
	             "40010100" "4002060202" "5BA00064" "4003040A000001" "40050400000064"
	             "C007065BA00A000002" "C0110A0202" "0001000000000064" "C01208" "000111700A000002"));
	CHECK(enc_eq("asn4 aggregator", b.data, b.len, &ci, true,
	             "40010100" "40020A0202" "0001000000000064" "4003040A000001" "40050400000064"
	             "C00708" "000111700A000002"));
	CHECK(round_trip(&b, &ibgp2));
	CHECK(round_trip(&b, &ibgp));
	/* eBGP 2-octet, 4-octet local AS. */
	ce2.local_as = 4200000000u;
	CHECK(enc_eq("ebgp as_trans local", NULL, 0, &ce2, true,
	             "40010100" "40020402015BA0" "C0110602" "01FA56EA00"));
	ce2.local_as = 65533;
	buf_reset(&b);

	/* Prepend: into a sequence, new segment before a set or a full sequence. */
	blob_add(&b, -1, ATTR_AS_PATH, "0101" "00000064");
	CHECK(enc_eq("prepend before set", b.data, b.len, &ce, true,
	             "40010100" "40020C" "02010000FFFD" "010100000064"));
	buf_reset(&b);
	struct buf path = BUF_INIT;
	buf_put_u8(&path, AS_SEQUENCE);
	buf_put_u8(&path, 255);
	for (int i = 0; i < 255; i++)
		buf_put_u32(&path, 1000 + (uint32_t)i);
	struct buf blob255 = BUF_INIT, out = BUF_INIT;
	attrs_set(&blob255, NULL, 0, 0x40, ATTR_AS_PATH, path.data, (uint16_t)path.len);
	CHECK(wire_attrs_encode(&out, blob255.data, blob255.len, &ce, true));
	/* 40 01 01 00 | 50 02 len16 | 02 01 FFFD | 02 FF ... */
	CHECK_EQ_INT(out.data[4], 0x50);
	CHECK_EQ_INT(get_be16(out.data + 6), 6 + 2 + 255 * 4);
	CHECK_EQ_INT(out.data[8], 2);
	CHECK_EQ_INT(out.data[9], 1);
	CHECK_EQ_INT(get_be32(out.data + 10), 65533);
	CHECK_EQ_INT(out.data[15], 255);
	buf_reset(&out);
	/* 254 hops: merged into one full sequence. */
	path.data[1] = 254;
	path.len -= 4;
	buf_reset(&blob255);
	attrs_set(&blob255, NULL, 0, 0x40, ATTR_AS_PATH, path.data, (uint16_t)path.len);
	CHECK(wire_attrs_encode(&out, blob255.data, blob255.len, &ce, true));
	CHECK_EQ_INT(get_be16(out.data + 6), 2 + 255 * 4);
	CHECK_EQ_INT(out.data[9], 255);
	CHECK_EQ_INT(get_be32(out.data + 10), 65533);
	buf_reset(&out);
	/* 1000 hops (OpenBGPD 2009): prepend and decode back, both AS sizes. */
	buf_reset(&path);
	for (int s = 0; s < 4; s++) {
		buf_put_u8(&path, AS_SEQUENCE);
		buf_put_u8(&path, 250);
		for (int i = 0; i < 250; i++)
			buf_put_u32(&path, 70000 + (uint32_t)(s * 250 + i));
	}
	buf_reset(&blob255);
	blob_add(&blob255, -1, ATTR_ORIGIN, "00");
	attrs_set(&out, blob255.data, blob255.len, 0x40, ATTR_AS_PATH, path.data, (uint16_t)path.len);
	buf_reset(&blob255);
	buf_put(&blob255, out.data, out.len);
	buf_reset(&out);
	blob_add(&blob255, -1, ATTR_NEXT_HOP, "0A000001");
	struct wire_session_ctx big4 = ibgp, big2 = ibgp2;
	big4.max_msg = big2.max_msg = BGP_MAX_EXT_MSG;
	CHECK(round_trip(&blob255, &big4));
	CHECK(round_trip(&blob255, &big2));
	CHECK(wire_attrs_encode(&out, blob255.data, blob255.len, &ce2, true));
	buf_free(&path);
	buf_free(&blob255);
	buf_reset(&out);

	/* Extended length only above 255 bytes. */
	struct buf comm = BUF_INIT;
	for (int i = 0; i < 64; i++)
		buf_put_u32(&comm, 0xFFFF0000u + (uint32_t)i);
	ci.add_local_pref = false;
	attrs_set(&b, NULL, 0, 0xC0, ATTR_COMMUNITIES, comm.data, 252);
	CHECK(wire_attrs_encode(&out, b.data, b.len, &ci, true));
	CHECK_EQ_INT(out.data[4 + 3], 0xC0);     /* after ORIGIN(4) AS_PATH(3) */
	CHECK_EQ_INT(out.data[4 + 3 + 2], 252);
	buf_reset(&out);
	buf_reset(&b);
	attrs_set(&b, NULL, 0, 0xC0, ATTR_COMMUNITIES, comm.data, 256);
	CHECK(wire_attrs_encode(&out, b.data, b.len, &ci, true));
	CHECK_EQ_INT(out.data[7], 0xD0);
	CHECK_EQ_INT(get_be16(out.data + 9), 256);
	buf_free(&comm);
	buf_reset(&out);
	buf_reset(&b);

	/* Next-hop self and local pseudo-attributes. */
	ci.add_local_pref = true;
	blob_add(&b, -1, ATTR_NEXT_HOP, "");
	blob_add(&b, 0, 0xF0, "0102");
	ci.have_self_v4 = true;
	memcpy(ci.self_v4, "\x7f\x00\x00\x01", 4);
	CHECK(enc_eq("self", b.data, b.len, &ci, true, "40010100400200" "4003047F000001" "40050400000064"));
	CHECK(attrs_valid(b.data, b.len));
	buf_free(&b);
	buf_free(&out);
}

int main(void)
{
	test_blob_ops();
	test_encode_rules();
	return unit_done();
}
