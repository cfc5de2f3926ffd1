/* rib_out_announce_many and rib_out_reserve are shortcuts for loading a
 * large table: the same changes queued through them or through
 * rib_out_announce one by one must give byte-identical UPDATEs and counts
 * (duplicates, a prefix moving between attribute sets, host bits set,
 * IPv6, a pending withdrawal cancelled, windows of every size). */
#include <stdlib.h>

#include "base/buf.h"
#include "rib/ribout.h"
#include "unit.h"

static const uint8_t blob_a[] = { 0x40, 1, 0, 1, 0, 0x40, 3, 0, 4, 10, 0, 0, 1 };
static const uint8_t blob_b[] = { 0x40, 1, 0, 1, 2, 0x40, 3, 0, 4, 10, 0, 0, 1 };
static const uint8_t blob_v6[] = { 0x40, 1, 0, 1, 0, 0x40, 3, 0, 16,
	0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

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

static void flush_all(struct rib_out *o, struct buf *out)
{
	for (int i = 0; i < 100000 && rib_out_flush(o, out, 1 << 30, &ctx, &enc, true); i++)
		;
}

/* n prefixes: IPv4 /24 (every 7th a duplicate of an earlier one, every
 * 5th with host bits set), every 11th IPv6 /48. */
static size_t make(struct nlri_ref *refs, uint8_t (*bytes)[17], size_t n, unsigned seed)
{
	srand(seed);
	for (size_t i = 0; i < n; i++) {
		unsigned k = (i % 7 == 6) ? (unsigned)(rand() % (int)(i + 1)) : (unsigned)i;
		memset(bytes[i], 0, 17);
		if (i % 11 == 10) {
			bytes[i][0] = 48;
			bytes[i][1] = 0x20; bytes[i][2] = 0x01; bytes[i][3] = 0x0d; bytes[i][4] = 0xb8;
			bytes[i][5] = (uint8_t)(k >> 8); bytes[i][6] = (uint8_t)k;
			refs[i] = (struct nlri_ref){ FAM_IPV6_UNICAST, 0, 7, bytes[i] };
		} else {
			bytes[i][0] = 24;
			bytes[i][1] = 10; bytes[i][2] = (uint8_t)(k >> 8); bytes[i][3] = (uint8_t)k;
			bytes[i][4] = (i % 5 == 4) ? 0x55 : 0;   /* beyond /24: must be ignored */
			refs[i] = (struct nlri_ref){ FAM_IPV4_UNICAST, 0, (i % 5 == 4) ? 5 : 4, bytes[i] };
		}
	}
	return n;
}

static void compare(size_t n, size_t chunk, bool reserve)
{
	struct nlri_ref *refs = calloc(n, sizeof *refs);
	uint8_t (*bytes)[17] = calloc(n, sizeof *bytes);
	make(refs, bytes, n, (unsigned)n);
	struct attrset *a = attrset_intern(blob_a, sizeof blob_a);
	struct attrset *b = attrset_intern(blob_b, sizeof blob_b);
	struct attrset *v6 = attrset_intern(blob_v6, sizeof blob_v6);

	struct rib_out *one = rib_out_new(), *many = rib_out_new();
	if (reserve)
		rib_out_reserve(many, n);
	/* the same sequence: batches of `chunk` with attrs a (v6 routes with
	 * v6), then the first third again with b (moves), then a withdrawal
	 * of one and its return to a */
	for (size_t i = 0; i < n; i++)
		rib_out_announce(one, &refs[i], refs[i].fam == FAM_IPV6_UNICAST ? v6 : a);
	for (size_t i = 0; i < n / 3; i++)
		if (refs[i].fam == FAM_IPV4_UNICAST)
			rib_out_announce(one, &refs[i], b);
	for (size_t s = 0; s < n;) {
		/* runs of one family: announce_many takes one attribute set */
		size_t e = s;
		while (e < n && e - s < chunk && refs[e].fam == refs[s].fam)
			e++;
		rib_out_announce_many(many, &refs[s], e - s, refs[s].fam == FAM_IPV6_UNICAST ? v6 : a);
		s = e;
	}
	for (size_t s = 0; s < n / 3;) {
		size_t e = s;
		while (e < n / 3 && refs[e].fam == refs[s].fam)
			e++;
		if (refs[s].fam == FAM_IPV4_UNICAST)
			rib_out_announce_many(many, &refs[s], e - s, b);
		s = e;
	}
	if (n > 2) {
		rib_out_withdraw(one, &refs[1]);
		rib_out_withdraw(many, &refs[1]);
		rib_out_announce(one, &refs[1], a);
		rib_out_announce_many(many, &refs[1], 1, a);
	}
	CHECK_EQ_INT(rib_out_count(many), rib_out_count(one));
	CHECK_EQ_INT(rib_out_pending_count(many), rib_out_pending_count(one));
	struct buf o1 = BUF_INIT, o2 = BUF_INIT;
	flush_all(one, &o1);
	flush_all(many, &o2);
	CHECK(o1.len > 0 || n == 0);
	CHECK_EQ_INT(o2.len, o1.len);
	if (o1.len && o2.len == o1.len)
		CHECK_EQ_MEM(o2.data, o2.len, o1.data, o1.len);
	buf_free(&o1);
	buf_free(&o2);
	/* withdrawals through announce_many(NULL) match rib_out_withdraw */
	for (size_t i = 0; i < n / 2; i++)
		rib_out_withdraw(one, &refs[i]);
	rib_out_announce_many(many, refs, n / 2, NULL);
	CHECK_EQ_INT(rib_out_count(many), rib_out_count(one));
	flush_all(one, &o1);
	flush_all(many, &o2);
	CHECK_EQ_INT(o2.len, o1.len);
	if (o1.len && o2.len == o1.len)
		CHECK_EQ_MEM(o2.data, o2.len, o1.data, o1.len);
	buf_free(&o1);
	buf_free(&o2);
	rib_out_free(one);
	rib_out_free(many);
	attrset_unref(a);
	attrset_unref(b);
	attrset_unref(v6);
	free(refs);
	free(bytes);
}

int main(void)
{
	setup_ctx();
	size_t sizes[] = { 0, 1, 2, 15, 16, 17, 100, 5000, 70000 };
	size_t chunks[] = { 1, 16, 256, 100000 };
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		for (size_t j = 0; j < sizeof chunks / sizeof *chunks; j++)
			compare(sizes[i], chunks[j], (i + j) & 1);
	/* reserve on a table that already holds routes keeps them */
	struct rib_out *o = rib_out_new();
	struct attrset *a = attrset_intern(blob_a, sizeof blob_a);
	uint8_t p[4] = { 24, 10, 0, 0 };
	for (int i = 0; i < 1000; i++) {
		p[2] = (uint8_t)(i >> 8);
		p[3] = (uint8_t)i;
		struct nlri_ref r = { FAM_IPV4_UNICAST, 0, 4, p };
		rib_out_announce(o, &r, a);
	}
	rib_out_reserve(o, 1 << 16);
	rib_out_reserve(o, 10);               /* never shrinks */
	CHECK_EQ_INT(rib_out_count(o), 1000);
	p[2] = 3; p[3] = 0xe7;                /* route 999 is found again */
	struct nlri_ref r = { FAM_IPV4_UNICAST, 0, 4, p };
	rib_out_withdraw(o, &r);
	CHECK_EQ_INT(rib_out_count(o), 999);
	rib_out_free(o);
	attrset_unref(a);
	return unit_done();
}
