/* NLRI longer than 255 bytes in the RIB: FlowSpec rules of up to 4095
 * bytes (RFC 8955 section 4.1, two-byte 0xfnnn length) and longer keys
 * stored, found, replaced and removed in rib_table and rib_out, mixed with
 * short ones in rib_out_announce_many; the route node layout kept (27 bytes
 * before the NLRI); flushing a rule that does not fit the session's
 * message: reported and withdrawn from the Adj-RIB-Out, sent whole with
 * RFC 8654 extended messages (checked by decoding the UPDATE). */
#include <stddef.h>
#include <stdlib.h>

#include "rib/ribout.h"
#include "unit.h"
#include "wire/update.h"

static const uint8_t blob_a[] = { 0x40, 1, 0, 1, 0 };
static const uint8_t blob_b[] = { 0x40, 1, 0, 1, 2 };
static const uint8_t blob_u[] = { 0x40, 1, 0, 1, 0, 0x40, 3, 0, 4, 10, 0, 0, 1 };

/* An IPv4 FlowSpec NLRI matching `ports` port values (type 4, two-byte
 * values, first = base): body 1 + 3 * ports bytes, its length in one byte
 * below 240, else in two (0xf000 | length).  Returns the NLRI length. */
static size_t mk_flow(uint8_t *out, unsigned ports, unsigned base)
{
	size_t body = 1 + 3 * (size_t)ports;
	size_t h = body < 240 ? 1 : 2;
	if (h == 1) {
		out[0] = (uint8_t)body;
	} else {
		out[0] = (uint8_t)(0xf0 | body >> 8);
		out[1] = (uint8_t)body;
	}
	uint8_t *p = out + h;
	*p++ = 4;                                   /* port */
	for (unsigned i = 0; i < ports; i++) {
		unsigned v = base + i;
		*p++ = (uint8_t)(0x11 | (i + 1 == ports ? 0x80 : 0));   /* =, 2 bytes, end */
		*p++ = (uint8_t)(v >> 8);
		*p++ = (uint8_t)v;
	}
	return h + body;
}

static void test_layout(void)
{
	/* The per-route cost of the hot path: unchanged by the 16-bit len. */
	CHECK_EQ_INT(offsetof(struct rib_route, nlri), 27);
	CHECK_EQ_INT(sizeof(struct rib_route), 32);
	struct rib_route r;
	memset(&r, 0, sizeof r);
	r.fam = FAM_MAX - 1;
	r.flags = 3;
	r.len = NLRI_MAX_LEN;
	CHECK_EQ_INT(r.fam, FAM_MAX - 1);
	CHECK_EQ_INT(r.flags, 3);
	CHECK_EQ_INT(r.len, 65535);
}

struct walk_acc { size_t n, bytes, longest; };

static void walk_fn(const struct rib_route *r, void *arg)
{
	struct walk_acc *w = arg;
	w->n++;
	w->bytes += r->len;
	if (r->len > w->longest)
		w->longest = r->len;
}

static void test_table(void)
{
	struct rib_table *t = rib_table_new();
	struct attrset *a = attrset_intern(blob_a, sizeof blob_a);
	struct attrset *b = attrset_intern(blob_b, sizeof blob_b);
	static uint8_t f1[4200], f2[4200], f3[4200], big[NLRI_MAX_LEN + 1];
	size_t l1 = mk_flow(f1, 100, 1000);         /* 301-byte body: 303 bytes */
	size_t l3 = mk_flow(f3, 1364, 1000);        /* 4093-byte body */
	CHECK_EQ_INT(l1, 303);
	CHECK_EQ_INT(l3, 4095);
	struct nlri_ref n1 = { FAM_IPV4_FLOW, 0, (uint16_t)l1, f1 };
	struct nlri_ref n3 = { FAM_IPV4_FLOW, 0, (uint16_t)l3, f3 };
	struct nlri_ref n3p = { FAM_IPV4_FLOW, 7, (uint16_t)l3, f3 };   /* another path */

	CHECK(rib_table_update(t, &n1, a));
	CHECK(rib_table_update(t, &n3, a));
	CHECK(rib_table_update(t, &n3p, b));
	CHECK(!rib_table_update(t, &n3, a));       /* same: no change */
	CHECK_EQ_INT(rib_table_count(t), 3);
	CHECK_EQ_INT(rib_table_count_fam(t, FAM_IPV4_FLOW), 3);
	struct rib_route *r = rib_table_find(t, &n3);
	CHECK(r && r->len == 4095 && r->attrs == a && r->fam == FAM_IPV4_FLOW && r->path_id == 0);
	if (r) {
		CHECK_EQ_MEM(r->nlri, r->len, f3, l3);
		struct nlri_ref back = rib_route_nlri(r);
		CHECK_EQ_INT(back.len, 4095);
	}
	r = rib_table_find(t, &n3p);
	CHECK(r && r->attrs == b && r->path_id == 7);

	/* A key differing only in its last byte is another route. */
	memcpy(f2, f3, l3);
	f2[l3 - 1] ^= 1;
	struct nlri_ref n2 = { FAM_IPV4_FLOW, 0, (uint16_t)l3, f2 };
	CHECK(rib_table_find(t, &n2) == NULL);
	CHECK(rib_table_update(t, &n2, b));
	CHECK(rib_table_find(t, &n3)->attrs == a);

	/* The largest length a key may have, and one more. */
	memset(big, 0x5a, sizeof big);
	struct nlri_ref nb = { FAM_BGPLS, 0, NLRI_MAX_LEN, big };
	CHECK(rib_table_update(t, &nb, a));
	r = rib_table_find(t, &nb);
	CHECK(r && r->len == NLRI_MAX_LEN && r->nlri[NLRI_MAX_LEN - 1] == 0x5a);

	struct walk_acc w = { 0 };
	rib_table_walk(t, walk_fn, &w);
	CHECK_EQ_INT(w.n, 5);
	CHECK_EQ_INT(w.bytes, l1 + 3 * l3 + NLRI_MAX_LEN);
	CHECK_EQ_INT(w.longest, NLRI_MAX_LEN);

	/* A short rule whose length came in the two-byte form (0xf00a, allowed
	 * by RFC 8955 4.1) is the same route as with the one-byte form. */
	uint8_t s1[16], s2[17];
	size_t ls = mk_flow(s1, 3, 80);            /* 10-byte body */
	CHECK_EQ_INT(ls, 11);
	s2[0] = 0xf0;
	memcpy(s2 + 1, s1, ls);
	struct nlri_ref ns1 = { FAM_IPV4_FLOW, 0, (uint16_t)ls, s1 };
	struct nlri_ref ns2 = { FAM_IPV4_FLOW, 0, (uint16_t)(ls + 1), s2 };
	CHECK(rib_table_update(t, &ns2, a));
	r = rib_table_find(t, &ns1);
	CHECK(r && r->len == ls && r->nlri[0] == 10);
	CHECK(rib_table_update(t, &ns1, NULL));     /* withdrawn in the other form */
	CHECK(rib_table_find(t, &ns2) == NULL);
	s2[1] = 11;                                 /* inconsistent: bytes as they are */
	CHECK(rib_table_update(t, &ns2, a));
	CHECK(rib_table_find(t, &ns1) == NULL);
	CHECK(rib_table_update(t, &ns2, NULL));

	/* No family index beyond the table (FAM_NONE): refused, not truncated. */
	struct nlri_ref bad = { FAM_NONE, 0, (uint16_t)l1, f1 };
	CHECK(!rib_table_update(t, &bad, a));
	CHECK(rib_table_find(t, &bad) == NULL);

	CHECK(rib_table_update(t, &n3, NULL));
	CHECK(rib_table_find(t, &n3) == NULL);
	CHECK(rib_table_find(t, &n3p) != NULL);
	CHECK(rib_table_update(t, &nb, NULL));
	CHECK_EQ_INT(rib_table_count(t), 3);
	rib_table_free(t);
	CHECK_EQ_INT(a->refcnt, 1);
	CHECK_EQ_INT(b->refcnt, 1);
	attrset_unref(a);
	attrset_unref(b);
}

/* ---- Adj-RIB-Out ---------------------------------------------------------- */

static struct wire_session_ctx ctx;
static struct wire_encode_ctx enc;

static void ctx_init(size_t max_msg)
{
	memset(&ctx, 0, sizeof ctx);
	ctx.asn4 = true;
	ctx.local_as = ctx.peer_as = 65000;
	ctx.max_msg = max_msg;
	ctx.fam[FAM_IPV4_UNICAST] = ctx.fam[FAM_IPV4_FLOW] = true;
	memset(&enc, 0, sizeof enc);
	enc.asn4 = true;
	enc.local_as = 65000;
}

/* Decode every UPDATE of out; count announced/withdrawn flow NLRI and
 * remember the longest announced one. */
struct seen { size_t msgs, ann, wd, longest, bad, maxmsg; };

static void decode_all(const struct buf *out, struct seen *s)
{
	memset(s, 0, sizeof *s);
	struct buf blob = BUF_INIT;
	for (size_t off = 0; off + BGP_HEADER_LEN <= out->len;) {
		size_t len = get_be16(out->data + off + 16);
		if (len < BGP_HEADER_LEN || off + len > out->len) {
			s->bad++;
			break;
		}
		if (len > s->maxmsg)
			s->maxmsg = len;
		struct wire_update u;
		wire_update_decode(out->data + off + BGP_HEADER_LEN, len - BGP_HEADER_LEN, &ctx, &u, &blob);
		if (u.err.action != WIRE_OK) {
			fprintf(stderr, "UPDATE %zu: %s\n", s->msgs, u.err.why);
			s->bad++;
		}
		struct nlri_iter it;
		struct nlri_ref n;
		nlri_iter_init(&it, u.nlri.fam, false, u.nlri.data, u.nlri.len);
		while (nlri_iter_next(&it, &n))
			s->ann++;
		if (u.has_mp_reach) {
			nlri_iter_init(&it, u.mp_reach.fam, u.mp_reach.addpath, u.mp_reach.data, u.mp_reach.len);
			while (nlri_iter_next(&it, &n)) {
				s->ann++;
				if (n.len > s->longest)
					s->longest = n.len;
			}
		}
		if (u.has_mp_unreach) {
			nlri_iter_init(&it, u.mp_unreach.fam, u.mp_unreach.addpath, u.mp_unreach.data,
			               u.mp_unreach.len);
			while (nlri_iter_next(&it, &n))
				s->wd++;
		}
		s->msgs++;
		off += len;
	}
	buf_free(&blob);
}

static void test_ribout(void)
{
	struct attrset *a = attrset_intern(blob_a, sizeof blob_a);
	struct attrset *b = attrset_intern(blob_b, sizeof blob_b);
	struct attrset *ua = attrset_intern(blob_u, sizeof blob_u);
	static uint8_t fl[8][4200];
	struct nlri_ref n[8];
	/* short and long keys mixed in one batch: 14, 303, 3000, 4095 bytes */
	const unsigned ports[8] = { 4, 100, 1000, 1364, 5, 101, 1001, 1363 };
	for (int i = 0; i < 8; i++) {
		size_t l = mk_flow(fl[i], ports[i], 2000 + (unsigned)i);
		n[i] = (struct nlri_ref){ FAM_IPV4_FLOW, 0, (uint16_t)l, fl[i] };
	}
	uint8_t v4[4] = { 24, 10, 0, 0 };
	struct nlri_ref u = { FAM_IPV4_UNICAST, 0, 4, v4 };

	struct rib_out *o = rib_out_new();
	rib_out_announce_many(o, n, 8, a);
	rib_out_announce(o, &u, ua);
	CHECK_EQ_INT(rib_out_count(o), 9);
	CHECK_EQ_INT(rib_out_pending_count(o), 9);
	rib_out_announce_many(o, n, 8, a);          /* again: nothing changes */
	CHECK_EQ_INT(rib_out_pending_count(o), 9);

	/* 4096-byte messages: the two rules of more than ~4050 bytes cannot go. */
	ctx_init(BGP_MAX_MSG);
	struct buf out = BUF_INIT;
	struct rib_out_unsent us;
	CHECK(!rib_out_unsent_take(o, &us));
	rib_out_flush(o, &out, SIZE_MAX, &ctx, &enc, true);
	struct seen s;
	decode_all(&out, &s);
	CHECK_EQ_INT(s.bad, 0);
	CHECK_EQ_INT(s.ann, 7);                     /* 6 flows and the /24 */
	CHECK(s.maxmsg <= BGP_MAX_MSG);
	CHECK_EQ_INT(s.longest, n[6].len);          /* 3006 bytes went out */
	CHECK(rib_out_unsent_take(o, &us));
	CHECK_EQ_INT(us.count, 2);
	CHECK_EQ_INT(us.fam, FAM_IPV4_FLOW);
	CHECK(!us.attrs);
	CHECK_EQ_INT(us.limit, BGP_MAX_MSG);
	CHECK(us.nlri_len == n[3].len || us.nlri_len == n[7].len);
	CHECK(!rib_out_unsent_take(o, &us));        /* taken */
	CHECK_EQ_INT(rib_out_count(o), 7);          /* withdrawn from what we want */
	CHECK(!rib_out_pending(o));                 /* never sent: nothing to withdraw */

	/* RFC 8654: with 65535-byte messages they fit. */
	rib_out_session_down(o);
	rib_out_announce_many(o, n, 8, a);
	ctx_init(BGP_MAX_EXT_MSG);
	buf_reset(&out);
	rib_out_flush(o, &out, SIZE_MAX, &ctx, &enc, true);
	decode_all(&out, &s);
	CHECK_EQ_INT(s.bad, 0);
	CHECK_EQ_INT(s.ann, 9);
	CHECK_EQ_INT(s.longest, 4095);
	CHECK(!rib_out_unsent_take(o, &us));
	CHECK_EQ_INT(rib_out_count(o), 9);

	/* Change and withdraw long keys: coalesced per key like short ones. */
	rib_out_announce(o, &n[3], b);
	rib_out_announce(o, &n[3], a);              /* back to what the peer has */
	CHECK(!rib_out_pending(o));
	rib_out_withdraw(o, &n[3]);
	rib_out_withdraw(o, &n[7]);
	rib_out_announce(o, &n[2], b);
	CHECK_EQ_INT(rib_out_pending_count(o), 3);
	buf_reset(&out);
	rib_out_flush(o, &out, SIZE_MAX, &ctx, &enc, true);
	decode_all(&out, &s);
	CHECK_EQ_INT(s.bad, 0);
	CHECK_EQ_INT(s.wd, 2);
	CHECK_EQ_INT(s.ann, 1);
	CHECK(!rib_out_unsent_take(o, &us));
	CHECK_EQ_INT(rib_out_count(o), 7);

	buf_free(&out);
	rib_out_free(o);
	CHECK_EQ_INT(a->refcnt, 1);
	CHECK_EQ_INT(b->refcnt, 1);
	CHECK_EQ_INT(ua->refcnt, 1);
	attrset_unref(a);
	attrset_unref(b);
	attrset_unref(ua);
}

int main(void)
{
	test_layout();
	test_table();
	test_ribout();
	return unit_done();
}
