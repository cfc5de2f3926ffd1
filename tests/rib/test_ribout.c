/* Adj-RIB-Out: coalescing, cancel-out, withdraw-first, grouping into full
 * UPDATEs, budgeted flushes that resume, group-updates false, session down,
 * route refresh, clear, and families that were not negotiated.  The
 * produced messages are parsed here (independently of the wire decoder). */
#include <stdlib.h>

#include "rib/ribout.h"
#include "unit.h"

static const uint8_t blob_a[] = { 0x40, 1, 0, 1, 0, 0x40, 3, 0, 4, 10, 0, 0, 1 };
static const uint8_t blob_b[] = { 0x40, 1, 0, 1, 2, 0x40, 3, 0, 4, 10, 0, 0, 1 };
static const uint8_t blob_c[] = { 0x40, 1, 0, 1, 1, 0x40, 3, 0, 4, 10, 0, 0, 2 };
static const uint8_t blob_v6[] = { 0x40, 1, 0, 1, 0, 0x40, 3, 0, 16,
	0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

/* ---- what went on the wire ------------------------------------------------ */

struct ev {
	uint8_t fam, announce, plen;
	uint32_t msg;             /* index of the message */
	uint32_t attr_sig;        /* ORIGIN value + 1 (0: none) for announcements */
	uint8_t b[16];
};

struct wire_log {
	size_t msgs, bad, max_len;
	size_t n, cap;
	struct ev *ev;
	size_t ann, wd;
};

static void log_reset(struct wire_log *w)
{
	free(w->ev);
	memset(w, 0, sizeof *w);
}

static void add_nlri(struct wire_log *w, fam_t fam, bool ann, uint32_t sig, const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t plen = p[i];
		size_t nb = (plen + 7u) / 8;
		if (i + 1 + nb > n || nb > 16) {
			w->bad++;
			return;
		}
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 256;
			w->ev = realloc(w->ev, w->cap * sizeof *w->ev);
		}
		struct ev *e = &w->ev[w->n++];
		memset(e, 0, sizeof *e);
		e->fam = fam;
		e->announce = ann;
		e->plen = plen;
		e->msg = (uint32_t)w->msgs;
		e->attr_sig = sig;
		memcpy(e->b, p + i + 1, nb);
		if (ann)
			w->ann++;
		else
			w->wd++;
		i += 1 + nb;
	}
}

static void parse(struct wire_log *w, const struct buf *out)
{
	size_t off = 0;
	while (off < out->len) {
		const uint8_t *m = out->data + off;
		if (out->len - off < 23) {
			w->bad++;
			return;
		}
		uint16_t len = get_be16(m + 16);
		if (len < 23 || len > out->len - off || m[18] != 2) {
			w->bad++;
			return;
		}
		if (len > w->max_len)
			w->max_len = len;
		const uint8_t *p = m + 19, *end = m + len;
		uint16_t wl = get_be16(p);
		add_nlri(w, FAM_IPV4_UNICAST, false, 0, p + 2, wl);
		p += 2 + wl;
		uint16_t al = get_be16(p);
		p += 2;
		const uint8_t *a = p, *aend = p + al;
		uint32_t sig = 0;
		const uint8_t *mp = NULL;
		size_t mpl = 0;
		uint8_t mpcode = 0;
		while (a < aend) {
			uint8_t fl = a[0], code = a[1];
			size_t vl, hl = (fl & 0x10) ? 4 : 3;
			vl = (fl & 0x10) ? get_be16(a + 2) : a[2];
			const uint8_t *v = a + hl;
			if (code == 1 && vl == 1)
				sig = v[0] + 1u;
			if (code == 14 || code == 15) {
				mp = v;
				mpl = vl;
				mpcode = code;
			}
			a = v + vl;
		}
		if (a != aend)
			w->bad++;
		if (mp) {
			fam_t fam = get_be16(mp) == 2 ? FAM_IPV6_UNICAST : FAM_IPV4_UNICAST;
			if (mpcode == 15) {
				add_nlri(w, fam, false, 0, mp + 3, mpl - 3);
			} else {
				size_t nhl = mp[3];
				add_nlri(w, fam, true, sig, mp + 5 + nhl, mpl - 5 - nhl);
			}
		}
		add_nlri(w, FAM_IPV4_UNICAST, true, sig, aend, (size_t)(end - aend));
		w->msgs++;
		off += len;
	}
}

/* ---- helpers ------------------------------------------------------------------ */

static struct nlri_ref v4(uint8_t *buf, uint32_t addr, int plen)
{
	buf[0] = (uint8_t)plen;
	buf[1] = addr >> 24;
	buf[2] = addr >> 16;
	buf[3] = addr >> 8;
	buf[4] = addr;
	struct nlri_ref n = { FAM_IPV4_UNICAST, 0, (uint16_t)(1 + (plen + 7) / 8), buf };
	return n;
}

static struct nlri_ref v6(uint8_t *buf, uint16_t word2)
{
	memset(buf, 0, 18);
	buf[0] = 48;
	buf[1] = 0x20;
	buf[2] = 0x01;
	buf[3] = 0x0d;
	buf[4] = 0xb8;
	buf[5] = word2 >> 8;
	buf[6] = word2 & 0xff;
	struct nlri_ref n = { FAM_IPV6_UNICAST, 0, 7, buf };
	return n;
}

static void ann4(struct rib_out *o, uint32_t addr, struct attrset *a)
{
	uint8_t k[8];
	struct nlri_ref n = v4(k, addr, 24);
	rib_out_announce(o, &n, a);
}

static void wd4(struct rib_out *o, uint32_t addr)
{
	uint8_t k[8];
	struct nlri_ref n = v4(k, addr, 24);
	rib_out_withdraw(o, &n);
}

static uint32_t ev_addr(const struct ev *e)
{
	return (uint32_t)e->b[0] << 24 | (uint32_t)e->b[1] << 16 | (uint32_t)e->b[2] << 8 | e->b[3];
}

static struct wire_session_ctx ctx;
static struct wire_encode_ctx enc;

static void setup_ctx(void)
{
	memset(&ctx, 0, sizeof ctx);
	ctx.asn4 = true;
	ctx.local_as = ctx.peer_as = 65000;
	ctx.max_msg = BGP_MAX_MSG;
	ctx.fam[FAM_IPV4_UNICAST] = true;
	ctx.fam[FAM_IPV6_UNICAST] = true;
	memset(&enc, 0, sizeof enc);
	enc.asn4 = true;
	enc.local_as = 65000;
	enc.add_local_pref = true;
}

/* Flush everything (bounded), parse it. */
static void flush_all(struct rib_out *o, struct wire_log *w, bool group)
{
	struct buf out = BUF_INIT;
	for (int i = 0; i < 100000 && rib_out_flush(o, &out, 1 << 30, &ctx, &enc, group); i++)
		;
	parse(w, &out);
	buf_free(&out);
}

/* ---- tests ----------------------------------------------------------------------- */

static struct attrset *A, *B, *C, *V6;

static void test_basic_and_no_resend(void)
{
	struct rib_out *o = rib_out_new();
	struct wire_log w = { 0 };
	ann4(o, 0x0a000000, A);
	ann4(o, 0x0a000100, A);
	ann4(o, 0x0a000200, A);
	CHECK(rib_out_pending(o));
	CHECK_EQ_INT(rib_out_pending_count(o), 3);
	CHECK_EQ_INT(rib_out_count(o), 3);
	flush_all(o, &w, true);
	CHECK_EQ_INT(w.bad, 0);
	CHECK_EQ_INT(w.msgs, 1);
	CHECK_EQ_INT(w.ann, 3);
	CHECK(w.n == 3 && ev_addr(&w.ev[0]) == 0x0a000000 && ev_addr(&w.ev[2]) == 0x0a000200);
	CHECK(!rib_out_pending(o));
	CHECK_EQ_INT(rib_out_count(o), 3);
	/* Unchanged: never resent. */
	ann4(o, 0x0a000100, A);
	CHECK_EQ_INT(rib_out_pending_count(o), 0);
	struct buf out = BUF_INIT;
	CHECK(!rib_out_flush(o, &out, 1 << 20, &ctx, &enc, true));
	CHECK_EQ_INT(out.len, 0);
	buf_free(&out);
	/* Withdraw of something never announced: nothing. */
	wd4(o, 0x0b000000);
	CHECK_EQ_INT(rib_out_pending_count(o), 0);
	log_reset(&w);
	rib_out_free(o);
}

static void test_coalesce(void)
{
	struct rib_out *o = rib_out_new();
	struct wire_log w = { 0 };
	/* Last change wins before anything was sent. */
	ann4(o, 0x0a000000, A);
	ann4(o, 0x0a000000, B);
	CHECK_EQ_INT(rib_out_pending_count(o), 1);
	flush_all(o, &w, true);
	CHECK(w.n == 1 && w.ev[0].announce && w.ev[0].attr_sig == 3);
	log_reset(&w);
	/* Announce then withdraw of a never-sent route: nothing at all. */
	ann4(o, 0x0a000100, A);
	wd4(o, 0x0a000100);
	CHECK_EQ_INT(rib_out_pending_count(o), 0);
	CHECK_EQ_INT(rib_out_count(o), 1);
	flush_all(o, &w, true);
	CHECK_EQ_INT(w.msgs, 0);
	/* Toggle back to what the peer has: cancelled (conf-watchdog). */
	wd4(o, 0x0a000000);
	CHECK_EQ_INT(rib_out_pending_count(o), 1);
	CHECK_EQ_INT(rib_out_count(o), 0);
	ann4(o, 0x0a000000, B);
	CHECK_EQ_INT(rib_out_pending_count(o), 0);
	CHECK_EQ_INT(rib_out_count(o), 1);
	ann4(o, 0x0a000000, A);
	ann4(o, 0x0a000000, B);
	CHECK_EQ_INT(rib_out_pending_count(o), 0);
	flush_all(o, &w, true);
	CHECK_EQ_INT(w.msgs, 0);
	/* Strict alternation when flushed in between. */
	for (int i = 0; i < 4; i++) {
		wd4(o, 0x0a000000);
		flush_all(o, &w, true);
		ann4(o, 0x0a000000, B);
		flush_all(o, &w, true);
	}
	CHECK_EQ_INT(w.msgs, 8);
	int alt = 1;
	for (size_t i = 0; i < w.n; i++)
		if (w.ev[i].announce != (i & 1))
			alt = 0;
	CHECK(alt);
	log_reset(&w);
	/* Replacing a pending change moves it to the back of its new group. */
	ann4(o, 0x0a000100, A);
	ann4(o, 0x0a000200, A);
	ann4(o, 0x0a000300, A);
	ann4(o, 0x0a000100, C);
	ann4(o, 0x0a000100, A);
	flush_all(o, &w, true);
	CHECK(w.n == 3 && ev_addr(&w.ev[0]) == 0x0a000200 && ev_addr(&w.ev[2]) == 0x0a000100);
	CHECK_EQ_INT(w.msgs, 1);
	log_reset(&w);
	rib_out_free(o);
}

static void test_withdraw_first_and_groups(void)
{
	struct rib_out *o = rib_out_new();
	struct wire_log w = { 0 };
	ann4(o, 0x01000000, A);
	ann4(o, 0x02000000, A);
	flush_all(o, &w, true);
	log_reset(&w);
	/* Announcements interleaved between two sets, then a withdrawal. */
	for (uint32_t i = 0; i < 10; i++)
		ann4(o, 0x0a000000 + (i << 8), (i & 1) ? B : A);
	wd4(o, 0x01000000);
	wd4(o, 0x02000000);
	flush_all(o, &w, true);
	CHECK_EQ_INT(w.bad, 0);
	CHECK_EQ_INT(w.msgs, 3);          /* one withdrawal, one per set */
	CHECK_EQ_INT(w.wd, 2);
	CHECK_EQ_INT(w.ann, 10);
	CHECK(w.n == 12 && !w.ev[0].announce && !w.ev[1].announce && w.ev[0].msg == 0);
	/* Group of A first (created first), FIFO inside. */
	int order = 1;
	for (size_t i = 0; i < 5 && w.n == 12; i++) {
		if (ev_addr(&w.ev[2 + i]) != 0x0a000000 + ((2 * i) << 8) || w.ev[2 + i].attr_sig != 1)
			order = 0;
		if (ev_addr(&w.ev[7 + i]) != 0x0a000000 + ((2 * i + 1) << 8) || w.ev[7 + i].attr_sig != 3)
			order = 0;
	}
	CHECK(order);
	CHECK_EQ_INT(rib_out_count(o), 10);
	log_reset(&w);
	rib_out_free(o);
}

/* Many routes sharing one set fill 4096-byte UPDATEs; the budget stops a
 * flush and the next call resumes without loss or repetition. */
static void test_pack_and_budget(void)
{
	enum { N = 200000 };
	struct rib_out *o = rib_out_new();
	struct wire_log w = { 0 };
	for (uint32_t i = 0; i < N; i++)
		ann4(o, (0x01000000u + i) << 8, A);
	CHECK_EQ_INT(rib_out_pending_count(o), N);
	struct buf out = BUF_INIT;
	size_t calls = 0, over = 0;
	bool more = true;
	while (more && calls < 10000) {
		buf_reset(&out);
		more = rib_out_flush(o, &out, 65536, &ctx, &enc, true);
		calls++;
		if (more && (out.len < 65536 || out.len >= 65536 + BGP_MAX_MSG))
			over++;
		parse(&w, &out);
	}
	buf_free(&out);
	CHECK_EQ_INT(over, 0);
	CHECK_EQ_INT(w.bad, 0);
	CHECK_EQ_INT(w.ann, N);
	CHECK(w.max_len <= BGP_MAX_MSG);
	/* 4 bytes per /24: ~1000 per message. */
	size_t want = (size_t)N * 4 / (BGP_MAX_MSG - 64) + 1;
	CHECK(w.msgs <= want);
	printf("%d routes: %zu UPDATEs, %zu flush calls (64 KiB budget)\n", N, w.msgs, calls);
	size_t inorder = 0;
	for (size_t i = 0; i < w.n; i++)
		inorder += ev_addr(&w.ev[i]) == (0x01000000u + (uint32_t)i) << 8;
	CHECK_EQ_INT(inorder, N);
	CHECK(!rib_out_pending(o));
	log_reset(&w);

	/* A tiny budget: one message per call. */
	for (uint32_t i = 0; i < 5000; i++)
		wd4(o, (0x01000000u + i) << 8);
	out = (struct buf)BUF_INIT;
	calls = 0;
	while (rib_out_flush(o, &out, 1, &ctx, &enc, true) && calls < 1000) {
		calls++;
		parse(&w, &out);
		buf_reset(&out);
	}
	parse(&w, &out);
	buf_free(&out);
	CHECK_EQ_INT(w.wd, 5000);
	CHECK_EQ_INT(w.bad, 0);
	CHECK(calls + 1 == w.msgs);
	CHECK_EQ_INT(rib_out_count(o), N - 5000);
	log_reset(&w);
	rib_out_free(o);
}

static void test_group_updates_false(void)
{
	struct rib_out *o = rib_out_new();
	struct wire_log w = { 0 };
	for (uint32_t i = 0; i < 5; i++)
		ann4(o, 0x0a000000 + (i << 8), A);
	flush_all(o, &w, false);
	CHECK_EQ_INT(w.msgs, 5);
	CHECK_EQ_INT(w.ann, 5);
	wd4(o, 0x0a000000);
	wd4(o, 0x0a000100);
	flush_all(o, &w, false);
	CHECK_EQ_INT(w.msgs, 7);
	CHECK_EQ_INT(w.wd, 2);
	log_reset(&w);
	rib_out_free(o);
}

static void test_families(void)
{
	struct rib_out *o = rib_out_new();
	struct wire_log w = { 0 };
	uint8_t k[20];
	for (uint16_t i = 0; i < 3; i++) {
		struct nlri_ref n = v6(k, i);
		rib_out_announce(o, &n, V6);
	}
	ann4(o, 0x0a000000, A);
	ctx.fam[FAM_IPV6_UNICAST] = false;
	struct buf out = BUF_INIT;
	CHECK(!rib_out_flush(o, &out, 1 << 20, &ctx, &enc, true));   /* nothing sendable left */
	parse(&w, &out);
	CHECK_EQ_INT(w.msgs, 1);
	CHECK_EQ_INT(w.ann, 1);
	CHECK(rib_out_pending(o));
	CHECK_EQ_INT(rib_out_pending_count(o), 3);
	/* IPv4 changes still go out while IPv6 waits. */
	wd4(o, 0x0a000000);
	buf_reset(&out);
	CHECK(!rib_out_flush(o, &out, 1 << 20, &ctx, &enc, true));
	parse(&w, &out);
	CHECK_EQ_INT(w.wd, 1);
	ctx.fam[FAM_IPV6_UNICAST] = true;
	buf_reset(&out);
	/* ExaBGP's default: one NLRI per MP_REACH UPDATE (3 IPv6 routes, 3 messages). */
	rib_out_group_mp = false;
	CHECK(!rib_out_flush(o, &out, 1 << 20, &ctx, &enc, true));
	rib_out_group_mp = true;
	parse(&w, &out);
	buf_free(&out);
	CHECK_EQ_INT(w.bad, 0);
	CHECK_EQ_INT(w.msgs, 5);
	CHECK_EQ_INT(w.ann, 4);
	CHECK(w.n == 5 && w.ev[4].fam == FAM_IPV6_UNICAST && w.ev[4].plen == 48);
	CHECK_EQ_INT(rib_out_pending_count(o), 0);
	/* IPv6 withdrawals in MP_UNREACH. */
	struct nlri_ref n = v6(k, 1);
	rib_out_withdraw(o, &n);
	flush_all(o, &w, true);
	CHECK_EQ_INT(w.wd, 2);
	CHECK(w.ev[w.n - 1].fam == FAM_IPV6_UNICAST && !w.ev[w.n - 1].announce);
	log_reset(&w);
	rib_out_free(o);
}

struct walk_acc { size_t n; size_t with_attrs; };

static void walk_fn(const struct rib_route *r, void *arg)
{
	struct walk_acc *a = arg;
	a->n++;
	a->with_attrs += r->attrs != NULL;
}

static void test_down_refresh_clear(void)
{
	struct rib_out *o = rib_out_new();
	struct wire_log w = { 0 };
	uint8_t k[20];
	ann4(o, 0x0a000000, A);
	ann4(o, 0x0a000100, A);
	ann4(o, 0x0a000200, B);
	struct nlri_ref n6 = v6(k, 7);
	rib_out_announce(o, &n6, V6);
	flush_all(o, &w, true);
	CHECK_EQ_INT(w.ann, 4);
	log_reset(&w);

	/* Session down: withdrawals pending are forgotten, wanted routes re-queued. */
	wd4(o, 0x0a000100);
	ann4(o, 0x0a000300, C);
	rib_out_session_down(o);
	CHECK_EQ_INT(rib_out_count(o), 4);
	CHECK_EQ_INT(rib_out_pending_count(o), 4);
	flush_all(o, &w, true);
	CHECK_EQ_INT(w.wd, 0);
	CHECK_EQ_INT(w.ann, 4);
	log_reset(&w);

	/* Refresh of one family resends exactly its advertised routes. */
	rib_out_refresh(o, FAM_IPV6_UNICAST);
	CHECK_EQ_INT(rib_out_pending_count(o), 1);
	flush_all(o, &w, true);
	CHECK(w.n == 1 && w.ev[0].fam == FAM_IPV6_UNICAST && w.ev[0].announce);
	log_reset(&w);
	rib_out_refresh(o, FAM_NONE);
	CHECK_EQ_INT(rib_out_pending_count(o), 4);
	/* A refresh is not cancelled by a change that comes back. */
	ann4(o, 0x0a000000, B);
	ann4(o, 0x0a000000, A);
	CHECK_EQ_INT(rib_out_pending_count(o), 4);
	flush_all(o, &w, true);
	CHECK_EQ_INT(w.ann, 4);
	log_reset(&w);

	struct walk_acc acc = { 0 };
	rib_out_walk(o, walk_fn, &acc);
	CHECK(acc.n == 4 && acc.with_attrs == 4);

	/* Clear: withdraw everything advertised, drop what was not sent yet
	 * (api-rib: that route must never reach the wire). */
	uint8_t kx[8];
	struct nlri_ref nx = v4(kx, 0xc0a80000, 32);
	rib_out_announce(o, &nx, A);
	wd4(o, 0x0a000000);
	rib_out_clear(o);
	CHECK_EQ_INT(rib_out_count(o), 0);
	CHECK_EQ_INT(rib_out_pending_count(o), 4);
	acc = (struct walk_acc){ 0 };
	rib_out_walk(o, walk_fn, &acc);
	CHECK_EQ_INT(acc.n, 0);
	flush_all(o, &w, true);
	CHECK_EQ_INT(w.ann, 0);
	CHECK_EQ_INT(w.wd, 4);
	CHECK_EQ_INT(w.msgs, 2);          /* IPv4 and IPv6 */
	CHECK(!rib_out_pending(o));
	log_reset(&w);
	rib_out_free(o);
}

static void test_path_id(void)
{
	struct rib_out *o = rib_out_new();
	uint8_t k[8];
	struct nlri_ref n = v4(k, 0x0a000000, 24);
	rib_out_announce(o, &n, A);
	n.path_id = 1;
	rib_out_announce(o, &n, A);
	n.path_id = 2;
	rib_out_announce(o, &n, B);
	CHECK_EQ_INT(rib_out_count(o), 3);
	ctx.addpath_tx[FAM_IPV4_UNICAST] = true;
	struct buf out = BUF_INIT;
	rib_out_flush(o, &out, 1 << 20, &ctx, &enc, true);
	ctx.addpath_tx[FAM_IPV4_UNICAST] = false;
	CHECK(out.len > 0);
	CHECK_EQ_INT(rib_out_pending_count(o), 0);
	n.path_id = 1;
	rib_out_withdraw(o, &n);
	CHECK_EQ_INT(rib_out_count(o), 2);
	buf_free(&out);
	rib_out_free(o);
}

/* Routes whose attributes cannot fit a message are withdrawn, not looped on. */
static void test_oversized(void)
{
	struct rib_out *o = rib_out_new();
	struct wire_log w = { 0 };
	size_t big = 5000;
	uint8_t *blob = calloc(1, sizeof blob_a + 4 + big);
	memcpy(blob, blob_a, sizeof blob_a);
	uint8_t *p = blob + sizeof blob_a;
	p[0] = 0xc0;
	p[1] = 8;                         /* COMMUNITIES */
	put_be16(p + 2, (uint16_t)big);
	struct attrset *huge = attrset_intern(blob, sizeof blob_a + 4 + big);
	free(blob);
	ann4(o, 0x0a000000, A);
	flush_all(o, &w, true);
	ann4(o, 0x0a000000, huge);
	ann4(o, 0x0a000100, huge);
	ann4(o, 0x0a000200, A);
	flush_all(o, &w, true);
	CHECK_EQ_INT(w.ann, 2);
	CHECK_EQ_INT(w.wd, 1);
	CHECK(!rib_out_pending(o));
	CHECK_EQ_INT(rib_out_count(o), 1);
	attrset_unref(huge);
	log_reset(&w);
	rib_out_free(o);
}

/* Random operations against a model of the peer: after a complete flush the
 * peer has exactly what is wanted, a withdrawal is only sent for a route the
 * peer has, and an announcement only when it changes something (refresh and
 * session restarts excepted). */
static void test_model(void)
{
	enum { P = 64, OPS = 20000 };
	struct rib_out *o = rib_out_new();
	struct attrset *sets[3] = { A, B, C };
	uint32_t sig_of[3] = { 1, 3, 2 };
	uint32_t want[P] = { 0 }, peer[P] = { 0 };
	bool resend_ok = false;
	size_t bad_wd = 0, bad_resend = 0, mismatch = 0, stray = 0, events = 0, checks = 0;
	struct buf out = BUF_INIT;
	srand(12345);
	for (int op = 0; op < OPS; op++) {
		int r = rand() % 100, i = rand() % P;
		if (r < 45) {
			int s = rand() % 3;
			ann4(o, 0x0a000000 + ((uint32_t)i << 8), sets[s]);
			want[i] = sig_of[s];
		} else if (r < 80) {
			wd4(o, 0x0a000000 + ((uint32_t)i << 8));
			want[i] = 0;
		} else if (r < 97) {
			bool all = r < 90;
			size_t budget = all ? (size_t)1 << 30 : (size_t)(rand() % 200 + 1);
			bool more = rib_out_flush(o, &out, budget, &ctx, &enc, rand() & 1);
			struct wire_log w = { 0 };
			parse(&w, &out);
			buf_reset(&out);
			stray += w.bad;
			events += w.n;
			for (size_t k = 0; k < w.n; k++) {
				uint32_t j = (ev_addr(&w.ev[k]) - 0x0a000000) >> 8;
				if (j >= P) {
					stray++;
					continue;
				}
				if (!w.ev[k].announce) {
					bad_wd += peer[j] == 0;
					peer[j] = 0;
				} else {
					bad_resend += !resend_ok && peer[j] == w.ev[k].attr_sig;
					peer[j] = w.ev[k].attr_sig;
				}
			}
			log_reset(&w);
			if (!more) {
				resend_ok = false;
				checks++;
				for (int j = 0; j < P; j++)
					mismatch += peer[j] != want[j];
				if (rib_out_pending(o))
					mismatch++;
			}
		} else if (r < 98) {
			rib_out_session_down(o);
			memset(peer, 0, sizeof peer);
		} else if (r < 99) {
			rib_out_refresh(o, FAM_IPV4_UNICAST);
			resend_ok = true;
		} else {
			rib_out_clear(o);
			memset(want, 0, sizeof want);
		}
	}
	buf_free(&out);
	CHECK(events > 2000 && checks > 1000);
	CHECK_EQ_INT(stray, 0);
	CHECK_EQ_INT(bad_wd, 0);
	CHECK_EQ_INT(bad_resend, 0);
	CHECK_EQ_INT(mismatch, 0);
	size_t wanted = 0;
	for (int j = 0; j < P; j++)
		wanted += want[j] != 0;
	CHECK_EQ_INT(rib_out_count(o), wanted);
	rib_out_free(o);
}

int main(void)
{
	setup_ctx();
	rib_out_group_mp = true;   /* exercise packing for every family */
	A = attrset_intern(blob_a, sizeof blob_a);
	B = attrset_intern(blob_b, sizeof blob_b);
	C = attrset_intern(blob_c, sizeof blob_c);
	V6 = attrset_intern(blob_v6, sizeof blob_v6);
	test_basic_and_no_resend();
	test_coalesce();
	test_withdraw_first_and_groups();
	test_pack_and_budget();
	test_group_updates_false();
	test_families();
	test_down_refresh_clear();
	test_path_id();
	test_oversized();
	test_model();
	CHECK_EQ_INT(A->refcnt, 1);
	CHECK_EQ_INT(B->refcnt, 1);
	attrset_unref(A);
	attrset_unref(B);
	attrset_unref(C);
	attrset_unref(V6);
	CHECK_EQ_INT(attrset_count(), 0);
	return unit_done();
}
