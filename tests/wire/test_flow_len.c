/* FlowSpec NLRI of 240 bytes and more (RFC 8955 section 4.1: the length in
 * two octets 0xfnnn), both ways: decoded from an UPDATE (iterated whole,
 * printed), built into one (MP_REACH with the extended length bit, refused
 * when it cannot fit 4096 bytes, sent with RFC 8654's 65535), and the
 * malformed forms (0xf000 empty, a lone 0xf0, a length past the field),
 * and AND-ed values past the 64th printed joined.
 * Also: a builder reused for an announcement after a withdrawal carrying
 * attributes sends the attributes once. */
#include <string.h>

#include "../unit.h"
#include "wire/family_flow.h"
#include "wire_test.h"

/* Rule matching `ports` port values (type 4, 2-byte values): body 1 + 3 *
 * ports bytes behind a one- or two-octet length.  Returns the NLRI length. */
static size_t mk_flow(uint8_t *out, unsigned ports, bool force_long)
{
	size_t body = 1 + 3 * (size_t)ports, h = body < 240 && !force_long ? 1 : 2;
	if (h == 1) {
		out[0] = (uint8_t)body;
	} else {
		out[0] = (uint8_t)(0xf0 | body >> 8);
		out[1] = (uint8_t)body;
	}
	uint8_t *p = out + h;
	*p++ = 4;
	for (unsigned i = 0; i < ports; i++) {
		unsigned v = 1000 + i;
		*p++ = (uint8_t)(0x11 | (i + 1 == ports ? 0x80 : 0));
		*p++ = (uint8_t)(v >> 8);
		*p++ = (uint8_t)v;
	}
	return h + body;
}

static struct wire_session_ctx flow_session(size_t max_msg)
{
	struct wire_session_ctx c = test_session(false, true);
	c.fam[FAM_IPV4_FLOW] = true;
	c.max_msg = max_msg;
	return c;
}

static struct wire_encode_ctx flow_encode(const struct wire_session_ctx *c)
{
	struct wire_encode_ctx e = test_encode(c);
	e.add_local_pref = false;                  /* ORIGIN and AS_PATH only */
	return e;
}

/* An UPDATE body announcing one flow NLRI (no next hop) with ORIGIN and an
 * empty AS_PATH, MP_REACH in the extended-length form. */
static void mp_reach_body(struct buf *b, const uint8_t *nlri, size_t len)
{
	buf_put_u16(b, 0);
	buf_put_u16(b, (uint16_t)(4 + 3 + 4 + 5 + len));
	static const uint8_t attrs[] = { 0x40, 1, 1, 0, 0x40, 2, 0 };
	buf_put(b, attrs, sizeof attrs);
	buf_put_u8(b, 0x90);
	buf_put_u8(b, ATTR_MP_REACH_NLRI);
	buf_put_u16(b, (uint16_t)(5 + len));
	buf_put_u16(b, AFI_IPV4);
	buf_put_u8(b, SAFI_FLOW);
	buf_put_u8(b, 0);                           /* no next hop */
	buf_put_u8(b, 0);                           /* reserved */
	buf_put(b, nlri, len);
}

static void test_check(void)
{
	struct wire_error e;
	static uint8_t f[4200];
	/* 240 bytes and more: two octets */
	size_t n = mk_flow(f, 100, false);         /* 301-byte body */
	CHECK(f[0] == 0xf1 && f[1] == 0x2d);
	CHECK_EQ_INT(flow_nlri_check(f, n, false, false, &e), 303);
	CHECK_EQ_INT(e.action, WIRE_OK);
	/* a body of 238 bytes: one octet; of 241: two */
	n = mk_flow(f, 79, false);
	CHECK(f[0] == 238 && n == 239);
	n = mk_flow(f, 80, false);
	CHECK(f[0] == 0xf0 && f[1] == 241 && n == 243);
	CHECK_EQ_INT(flow_nlri_check(f, n, false, false, &e), 243);
	/* the largest: 0xfffd behind two octets, 4095 bytes in all */
	n = mk_flow(f, 1364, false);
	CHECK(f[0] == 0xff && f[1] == 0xfd && n == 4095);
	CHECK_EQ_INT(flow_nlri_check(f, n, false, false, &e), 4095);
	CHECK_EQ_INT(e.action, WIRE_OK);
	CHECK(nlri_one_valid(FAM_IPV4_FLOW, f, n));
	/* the two-octet form of a short rule is allowed ("can be encoded as a
	 * single octet") */
	n = mk_flow(f, 3, true);
	CHECK(f[0] == 0xf0 && f[1] == 10 && n == 12);
	CHECK_EQ_INT(flow_nlri_check(f, n, false, false, &e), 12);
	CHECK_EQ_INT(e.action, WIRE_OK);

	/* malformed */
	static const uint8_t empty2[] = { 0xf0, 0x00, 0x05, 0x01, 0x10 };
	CHECK_EQ_INT(flow_nlri_check(empty2, sizeof empty2, false, false, &e), 2);
	CHECK_EQ_INT(e.action, WIRE_TREAT_AS_WITHDRAW);  /* delimited, no component */
	static const uint8_t lone[] = { 0xf0 };
	CHECK_EQ_INT(flow_nlri_check(lone, sizeof lone, false, false, &e), -1);
	CHECK_EQ_INT(e.action, WIRE_SESSION_RESET);      /* nothing delimitable */
	n = mk_flow(f, 100, false);
	CHECK_EQ_INT(flow_nlri_check(f, n - 1, false, false, &e), -1);  /* one byte short */
	CHECK(!nlri_one_valid(FAM_IPV4_FLOW, f, n - 1));
	CHECK(!nlri_one_valid(FAM_IPV4_FLOW, f, n + 1));                 /* trailing byte */
	f[0] = 0xff;                                 /* 0xff2d: 3885 bytes, 301 there */
	CHECK_EQ_INT(flow_nlri_check(f, n, false, false, &e), -1);
	/* a field whose second rule's two-octet length runs off its end */
	n = mk_flow(f, 100, false);
	f[n] = 0xf0;
	int cnt = nlri_field_check(FAM_IPV4_FLOW, false, f, n + 1, &e);
	CHECK_EQ_INT(cnt, -1);
}

static void test_decode(void)
{
	static uint8_t f[4200];
	size_t n = mk_flow(f, 300, false);          /* 901-byte body */
	struct wire_session_ctx ctx = flow_session(BGP_MAX_MSG);
	struct buf body = BUF_INIT, blob = BUF_INIT;
	mp_reach_body(&body, f, n);
	struct wire_update u;
	wire_update_decode(body.data, body.len, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_OK);
	CHECK(u.has_mp_reach && u.mp_reach.fam == FAM_IPV4_FLOW);
	struct nlri_iter it;
	struct nlri_ref r;
	nlri_iter_init(&it, u.mp_reach.fam, false, u.mp_reach.data, u.mp_reach.len);
	CHECK(nlri_iter_next(&it, &r));
	CHECK_EQ_INT(r.len, 903);
	CHECK_EQ_MEM(r.data, r.len, f, n);
	CHECK(!nlri_iter_next(&it, &r));
	/* printed whole: every one of the 300 values */
	struct buf t = BUF_INIT;
	family_ops(FAM_IPV4_FLOW)->nlri_text(&t, r.data, r.len);
	CHECK(strncmp(buf_cstr(&t), "flow port [ =1000 =1001 ", 24) == 0);
	CHECK(strstr(buf_cstr(&t), " =1299 ]") != NULL);
	buf_reset(&t);
	family_ops(FAM_IPV4_FLOW)->nlri_json(&t, r.data, r.len);
	CHECK(strncmp(buf_cstr(&t), "\"port\": [ \"=1000\", \"=1001\", ", 28) == 0);
	CHECK(strstr(buf_cstr(&t), "\"=1299\" ], \"string\": \"flow port [ =1000") != NULL);
	/* AND-ed values past the 64th still join the one before */
	n = mk_flow(f, 70, false);
	f[2 + 3 * 66] |= 0x40;                      /* =1066 AND-ed to =1065 */
	buf_reset(&t);
	family_ops(FAM_IPV4_FLOW)->nlri_text(&t, f, n);
	CHECK(strstr(buf_cstr(&t), " =1064 =1065&=1066 =1067 ") != NULL);
	buf_reset(&t);
	family_ops(FAM_IPV4_FLOW)->nlri_json(&t, f, n);
	CHECK(strstr(buf_cstr(&t), "\"=1064\", \"=1065&=1066\", \"=1067\"") != NULL);
	buf_free(&t);

	/* an empty rule in the two-octet form: treat-as-withdraw, the session stays */
	buf_reset(&body);
	static const uint8_t empty2[] = { 0xf0, 0x00 };
	mp_reach_body(&body, empty2, sizeof empty2);
	wire_update_decode(body.data, body.len, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_TREAT_AS_WITHDRAW);
	/* a length past the attribute: the family is disabled, not the session */
	buf_reset(&body);
	f[0] = 0xf4;
	mp_reach_body(&body, f, n);
	wire_update_decode(body.data, body.len, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_AFISAFI_DISABLE);
	buf_free(&body);
	buf_free(&blob);
}

/* Build one flow announcement of n bytes; returns the message count. */
static int build(const uint8_t *f, size_t n, size_t max_msg, struct buf *out, bool *added)
{
	struct wire_session_ctx ctx = flow_session(max_msg);
	struct wire_encode_ctx enc = flow_encode(&ctx);
	struct buf blob = BUF_INIT;
	blob_add(&blob, -1, ATTR_ORIGIN, "00");
	struct wire_update_builder b;
	wire_update_builder_init(&b, out, &ctx, &enc);
	struct nlri_ref r = { FAM_IPV4_FLOW, 0, (uint16_t)n, f };
	*added = false;
	if (wire_update_begin_announce(&b, FAM_IPV4_FLOW, blob.data, blob.len))
		*added = wire_update_add(&b, &r);
	wire_update_end(&b);
	wire_update_builder_free(&b);
	buf_free(&blob);
	int msgs = 0;
	for (size_t off = 0; off + BGP_HEADER_LEN <= out->len; off += get_be16(out->data + off + 16))
		msgs++;
	return msgs;
}

static void test_build(void)
{
	static uint8_t f[4200];
	size_t n = mk_flow(f, 100, false);          /* 303 bytes */
	struct buf out = BUF_INIT, blob = BUF_INIT;
	bool added;
	CHECK_EQ_INT(build(f, n, BGP_MAX_MSG, &out, &added), 1);
	CHECK(added);
	/* header, withdrawn 0, attribute length, ORIGIN, AS_PATH, then MP_REACH
	 * with the extended-length flag and the rule, two-octet length kept */
	const uint8_t *m = out.data;
	size_t at = BGP_HEADER_LEN + 4 + 4 + 3;
	CHECK(out.len == at + 4 + 5 + n);
	CHECK(m[at] == 0x90 && m[at + 1] == ATTR_MP_REACH_NLRI && get_be16(m + at + 2) == 5 + n);
	CHECK_EQ_MEM(m + at + 4 + 5, n, f, n);
	struct wire_session_ctx ctx = flow_session(BGP_MAX_MSG);
	struct wire_update u;
	wire_update_decode(m + BGP_HEADER_LEN, out.len - BGP_HEADER_LEN, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_OK);
	CHECK(u.mp_reach.len == n && memcmp(u.mp_reach.data, f, n) == 0);

	/* 4095 bytes: more than a 4096-byte message holds with its headers
	 * (refused, nothing written); fits with extended messages */
	n = mk_flow(f, 1364, false);
	buf_reset(&out);
	CHECK_EQ_INT(build(f, n, BGP_MAX_MSG, &out, &added), 0);
	CHECK(!added);
	CHECK_EQ_INT(out.len, 0);
	CHECK_EQ_INT(build(f, n, BGP_MAX_EXT_MSG, &out, &added), 1);
	CHECK(added);
	ctx = flow_session(BGP_MAX_EXT_MSG);
	wire_update_decode(out.data + BGP_HEADER_LEN, out.len - BGP_HEADER_LEN, &ctx, &u, &blob);
	CHECK_EQ_INT(u.err.action, WIRE_OK);
	CHECK(u.mp_reach.len == 4095 && memcmp(u.mp_reach.data, f, n) == 0);
	/* the largest that fits 4096: 4096 - 19 - 4 - 7 (ORIGIN, AS_PATH) - 9 */
	buf_reset(&out);
	n = mk_flow(f, 1351, false);                /* 4056 bytes */
	CHECK_EQ_INT(n, 4056);
	CHECK_EQ_INT(build(f, n, BGP_MAX_MSG, &out, &added), 1);
	CHECK(added && out.len == 4095);
	buf_free(&out);
	buf_free(&blob);
}

/* A withdrawal with attributes, then an announcement, on one builder. */
static void test_builder_reuse(void)
{
	static uint8_t f[64];
	size_t n = mk_flow(f, 2, false);
	struct wire_session_ctx ctx = flow_session(BGP_MAX_MSG);
	struct wire_encode_ctx enc = flow_encode(&ctx);
	struct buf out = BUF_INIT, blob = BUF_INIT, dblob = BUF_INIT;
	blob_add(&blob, -1, ATTR_ORIGIN, "00");
	struct wire_update_builder b;
	wire_update_builder_init(&b, &out, &ctx, &enc);
	struct nlri_ref r = { FAM_IPV4_FLOW, 0, (uint16_t)n, f };
	CHECK(wire_update_begin_withdraw_attrs(&b, FAM_IPV4_FLOW, blob.data, blob.len));
	CHECK(wire_update_add(&b, &r));
	CHECK(wire_update_begin_announce(&b, FAM_IPV4_FLOW, blob.data, blob.len));
	CHECK(wire_update_add(&b, &r));
	wire_update_end(&b);
	wire_update_builder_free(&b);
	size_t first = get_be16(out.data + 16);
	const uint8_t *m = out.data + first;
	size_t len = out.len - first;
	struct wire_update u;
	wire_update_decode(m + BGP_HEADER_LEN, len - BGP_HEADER_LEN, &ctx, &u, &dblob);
	CHECK_EQ_INT(u.err.action, WIRE_OK);       /* ORIGIN once, not again after MP_REACH */
	CHECK_EQ_INT(u.discarded, 0);
	CHECK_EQ_INT(len, BGP_HEADER_LEN + 4 + 4 + 3 + 3 + 5 + n);
	buf_free(&out);
	buf_free(&blob);
	buf_free(&dblob);
}

int main(void)
{
	test_check();
	test_decode();
	test_build();
	test_builder_reuse();
	return unit_done();
}
