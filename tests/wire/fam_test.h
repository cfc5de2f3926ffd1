/* Helpers for the per-family NLRI tests (test_vpn.c, test_evpn.c, ...):
 * one NLRI given in hex rendered with the family's JSON and text
 * functions, a field checked, an UPDATE carrying the NLRI decoded for its
 * RFC 7606 decision, and the builder/decoder round trip. */
#ifndef LB_TESTS_FAM_TEST_H
#define LB_TESTS_FAM_TEST_H

#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "wire/wire_test.h"

static char fam_str[8192];

static const char *fam_copy(const struct buf *b)
{
	size_t l = b->len < sizeof fam_str - 1 ? b->len : sizeof fam_str - 1;
	memcpy(fam_str, b->data, l);
	fam_str[l] = 0;
	return fam_str;
}

/* The JSON members of one NLRI (ExaBGP's, without braces). */
static inline const char *fam_json(fam_t fam, const char *hex)
{
	struct buf n = hexbuf(hex), out = BUF_INIT;
	family_ops(fam)->nlri_json(&out, n.data, n.len);
	const char *s = fam_copy(&out);
	buf_free(&n);
	buf_free(&out);
	return s;
}

/* The text form of one NLRI (logs, text API). */
static inline const char *fam_text(fam_t fam, const char *hex)
{
	struct buf n = hexbuf(hex), out = BUF_INIT;
	family_ops(fam)->nlri_text(&out, n.data, n.len);
	const char *s = fam_copy(&out);
	buf_free(&n);
	buf_free(&out);
	return s;
}

/* nlri_field_check on a field given in hex: the count or -1; e filled. */
static inline int fam_field(fam_t fam, bool addpath, const char *hex, struct wire_error *e)
{
	struct buf n = hexbuf(hex);
	struct wire_error tmp;
	if (!e)
		e = &tmp;
	memset(e, 0, sizeof *e);
	int c = nlri_field_check(fam, addpath, n.data, n.len, e);
	buf_free(&n);
	return c;
}

/* Is hex exactly one well-formed NLRI of fam? */
static inline bool fam_valid(fam_t fam, const char *hex)
{
	struct buf n = hexbuf(hex);
	bool ok = nlri_one_valid(fam, n.data, n.len);
	buf_free(&n);
	return ok;
}

static inline struct wire_session_ctx fam_session(fam_t fam)
{
	struct wire_session_ctx c = test_session(false, true);
	c.fam[fam] = true;
	return c;
}

/* Decode an UPDATE of ORIGIN IGP, empty AS_PATH, `extra` attributes (hex,
 * may be "") and, when reach, MP_REACH_NLRI (next hop nh, NLRI nlri) of
 * fam, else MP_UNREACH_NLRI with nlri.  The message body is left in body
 * (the fields of *u point into it) and the attributes in blob.  Returns
 * the decision. */
static inline enum wire_action fam_decide(fam_t fam, bool reach, const char *nh, const char *nlri,
                                          const char *extra, struct wire_update *u, struct buf *body,
                                          struct buf *blob)
{
	const struct family_ops *ops = family_ops(fam);
	struct buf n = hexbuf(nlri), h = hexbuf(nh ? nh : ""), x = hexbuf(extra ? extra : "");
	struct buf attrs = hexbuf("40010100" "400200"), mp = BUF_INIT;
	buf_put_u16(&mp, ops->afi);
	buf_put_u8(&mp, ops->safi);
	if (reach) {
		buf_put_u8(&mp, (uint8_t)h.len);
		buf_put(&mp, h.data, h.len);
		buf_put_u8(&mp, 0);
	}
	buf_put(&mp, n.data, n.len);
	buf_put(&attrs, x.data, x.len);
	buf_put_u8(&attrs, 0x90);
	buf_put_u8(&attrs, reach ? ATTR_MP_REACH_NLRI : ATTR_MP_UNREACH_NLRI);
	buf_put_u16(&attrs, (uint16_t)mp.len);
	buf_put(&attrs, mp.data, mp.len);
	buf_reset(body);
	buf_put_u16(body, 0);
	buf_put_u16(body, (uint16_t)attrs.len);
	buf_put(body, attrs.data, attrs.len);
	struct wire_session_ctx ctx = fam_session(fam);
	wire_update_decode(body->data, body->len, &ctx, u, blob);
	buf_free(&n);
	buf_free(&h);
	buf_free(&x);
	buf_free(&attrs);
	buf_free(&mp);
	return u->err.action;
}

/* The decision alone (and its sentence in why, at least 160 bytes). */
static inline enum wire_action fam_action(fam_t fam, bool reach, const char *nh, const char *nlri,
                                          const char *extra, char *why)
{
	struct wire_update u;
	struct buf body = BUF_INIT, blob = BUF_INIT;
	enum wire_action a = fam_decide(fam, reach, nh, nlri, extra, &u, &body, &blob);
	if (why)
		snprintf(why, 160, "%s", u.err.why);
	buf_free(&body);
	buf_free(&blob);
	return a;
}

/* Announce, then withdraw, one NLRI through the builder; decode each
 * message and check that the same NLRI bytes come back (encode then
 * decode is the identity), and that withdraw/announce both reach JSON. */
static inline void fam_roundtrip(fam_t fam, const char *hex, const char *nh)
{
	struct buf n = hexbuf(hex), blob = BUF_INIT, out = BUF_INIT, dblob = BUF_INIT;
	blob_add(&blob, -1, ATTR_ORIGIN, "00");
	blob_add(&blob, -1, ATTR_NEXT_HOP, nh);
	struct wire_session_ctx ctx = fam_session(fam);
	ctx.max_msg = BGP_MAX_MSG;
	struct wire_encode_ctx enc = { .asn4 = true };
	struct wire_update_builder b;
	wire_update_builder_init(&b, &out, &ctx, &enc);
	CHECK(wire_update_begin_announce(&b, fam, blob.data, blob.len));
	struct nlri_ref r = { fam, 0, (uint16_t)n.len, n.data };
	CHECK(wire_update_add(&b, &r));
	wire_update_end(&b);
	wire_update_builder_free(&b);
	struct wire_update u;
	CHECK(out.len > BGP_HEADER_LEN);
	wire_update_decode(out.data + BGP_HEADER_LEN, out.len - BGP_HEADER_LEN, &ctx, &u, &dblob);
	CHECK_EQ_INT(u.err.action, WIRE_OK);
	CHECK_EQ_INT(u.mp_reach.fam, fam);
	CHECK_EQ_MEM(u.mp_reach.data, u.mp_reach.len, n.data, n.len);
	buf_reset(&out);
	wire_update_builder_init(&b, &out, &ctx, &enc);
	if (wire_family_withdraw_attrs(fam))
		CHECK(wire_update_begin_withdraw_attrs(&b, fam, blob.data, blob.len));
	else
		CHECK(wire_update_begin_withdraw(&b, fam));
	CHECK(wire_update_add(&b, &r));
	wire_update_end(&b);
	wire_update_builder_free(&b);
	wire_update_decode(out.data + BGP_HEADER_LEN, out.len - BGP_HEADER_LEN, &ctx, &u, &dblob);
	CHECK_EQ_INT(u.err.action, WIRE_OK);
	CHECK_EQ_INT(u.mp_unreach.fam, fam);
	CHECK_EQ_MEM(u.mp_unreach.data, u.mp_unreach.len, n.data, n.len);
	buf_free(&n);
	buf_free(&blob);
	buf_free(&out);
	buf_free(&dblob);
}

/* Every truncation of an NLRI (one byte less each time) and every single
 * byte changed to 0x00/0xFF is checked and rendered without reading past
 * the copy (run under ASan): the checker either refuses it or the
 * renderers handle it. */
static inline void fam_mutations(fam_t fam, const char *hex)
{
	const struct family_ops *ops = family_ops(fam);
	struct buf n = hexbuf(hex), out = BUF_INIT;
	for (size_t cut = 0; cut <= n.len; cut++) {
		for (size_t pos = 0; pos <= cut; pos++) {
			for (int v = 0; v < 3; v++) {
				if (pos == cut && v)
					break;
				uint8_t *c = malloc(cut ? cut : 1);
				memcpy(c, n.data, cut);
				if (pos < cut)
					c[pos] = v == 0 ? c[pos] : v == 1 ? 0x00 : 0xFF;
				struct wire_error e;
				e.action = WIRE_OK;
				int l = cut ? ops->nlri_len(c, cut, &e) : -1;
				if (l > 0) {
					CHECK(l <= (int)cut);
					buf_reset(&out);
					ops->nlri_json(&out, c, (size_t)l);
					ops->nlri_text(&out, c, (size_t)l);
				} else if (cut) {
					CHECK(e.why[0] != 0);
				}
				free(c);
			}
		}
	}
	buf_free(&n);
	buf_free(&out);
}

#endif
