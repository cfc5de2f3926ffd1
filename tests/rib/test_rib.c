/* Route tables: insert/replace/remove/find/walk/count over IPv4 and IPv6
 * with path identifiers, NLRI canonicalisation, and a timed 1M insert. */
#include <stdlib.h>
#include <time.h>

#include "rib/rib.h"
#include "unit.h"

static const uint8_t blob_a[] = { 0x40, 1, 0, 1, 0, 0x40, 3, 0, 4, 10, 0, 0, 1 };
static const uint8_t blob_b[] = { 0x40, 1, 0, 1, 2, 0x40, 3, 0, 4, 10, 0, 0, 1 };

/* NLRI of addr/plen (addr bytes given big-endian in a[]), bytes beyond the
 * prefix copied as given so that tests can pass host bits. */
static struct nlri_ref mk(uint8_t *buf, fam_t fam, const uint8_t *a, int plen, int nbytes, uint32_t pid)
{
	buf[0] = (uint8_t)plen;
	memcpy(buf + 1, a, (size_t)nbytes);
	struct nlri_ref n = { fam, pid, (uint16_t)(1 + nbytes), buf };
	return n;
}

static struct nlri_ref v4(uint8_t *buf, uint32_t addr, int plen, uint32_t pid)
{
	uint8_t a[4] = { addr >> 24, addr >> 16, addr >> 8, addr };
	return mk(buf, FAM_IPV4_UNICAST, a, plen, (plen + 7) / 8, pid);
}

struct walk_acc { size_t n, v4, v6; uint32_t sum; };

static void walk_fn(const struct rib_route *r, void *arg)
{
	struct walk_acc *w = arg;
	w->n++;
	if (r->fam == FAM_IPV4_UNICAST)
		w->v4++;
	else if (r->fam == FAM_IPV6_UNICAST)
		w->v6++;
	w->sum += r->path_id;
}

static void test_basic(void)
{
	struct rib_table *t = rib_table_new();
	struct attrset *a = attrset_intern(blob_a, sizeof blob_a);
	struct attrset *b = attrset_intern(blob_b, sizeof blob_b);
	uint8_t k1[20], k2[20], k3[20];
	struct nlri_ref n1 = v4(k1, 0x0a000000, 24, 0);
	struct nlri_ref n2 = v4(k2, 0x0a000100, 24, 0);

	CHECK(rib_table_find(t, &n1) == NULL);
	CHECK(rib_table_update(t, &n1, a));
	CHECK(!rib_table_update(t, &n1, a));              /* same: no change */
	CHECK_EQ_INT(a->refcnt, 2);
	CHECK(rib_table_update(t, &n2, a));
	CHECK_EQ_INT(rib_table_count(t), 2);
	struct rib_route *r = rib_table_find(t, &n1);
	CHECK(r && r->attrs == a && r->len == 4 && r->fam == FAM_IPV4_UNICAST && r->path_id == 0);
	CHECK(rib_table_update(t, &n1, b));               /* replace */
	CHECK(rib_table_find(t, &n1)->attrs == b);
	CHECK_EQ_INT(a->refcnt, 2);
	CHECK_EQ_INT(b->refcnt, 2);
	struct nlri_ref rn = rib_route_nlri(rib_table_find(t, &n1));
	CHECK_EQ_MEM(rn.data, rn.len, n1.data, n1.len);

	/* Path identifiers are part of the key (RFC 7911). */
	struct nlri_ref n1p = v4(k3, 0x0a000000, 24, 7);
	CHECK(rib_table_find(t, &n1p) == NULL);
	CHECK(rib_table_update(t, &n1p, a));
	CHECK_EQ_INT(rib_table_count(t), 3);
	CHECK(rib_table_find(t, &n1p)->path_id == 7);
	CHECK(rib_table_find(t, &n1)->attrs == b);

	/* IPv6: same bytes, other family, other key. */
	uint8_t k6[20];
	static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	struct nlri_ref n6 = mk(k6, FAM_IPV6_UNICAST, a6, 32, 4, 0);
	CHECK(rib_table_update(t, &n6, a));
	uint8_t k6b[20];
	struct nlri_ref n6b = mk(k6b, FAM_IPV6_UNICAST, k1 + 1, 24, 3, 0);   /* "10.0.0" as v6 */
	CHECK(rib_table_find(t, &n6b) == NULL);
	CHECK_EQ_INT(rib_table_count(t), 4);
	CHECK_EQ_INT(rib_table_count_fam(t, FAM_IPV4_UNICAST), 3);
	CHECK_EQ_INT(rib_table_count_fam(t, FAM_IPV6_UNICAST), 1);
	CHECK_EQ_INT(rib_table_count_fam(t, FAM_NONE), 0);

	struct walk_acc w = { 0 };
	rib_table_walk(t, walk_fn, &w);
	CHECK_EQ_INT(w.n, 4);
	CHECK_EQ_INT(w.v4, 3);
	CHECK_EQ_INT(w.v6, 1);
	CHECK_EQ_INT(w.sum, 7);

	/* Remove. */
	CHECK(rib_table_update(t, &n1, NULL));
	CHECK(!rib_table_update(t, &n1, NULL));
	CHECK(rib_table_find(t, &n1) == NULL);
	CHECK(rib_table_find(t, &n1p) != NULL);
	CHECK_EQ_INT(b->refcnt, 1);
	CHECK_EQ_INT(rib_table_count(t), 3);
	CHECK_EQ_INT(rib_table_count_fam(t, FAM_IPV4_UNICAST), 2);

	rib_table_clear(t);
	CHECK_EQ_INT(rib_table_count(t), 0);
	CHECK_EQ_INT(rib_table_count_fam(t, FAM_IPV6_UNICAST), 0);
	CHECK_EQ_INT(a->refcnt, 1);
	CHECK(rib_table_update(t, &n2, a));              /* usable after clear */
	rib_table_free(t);
	attrset_unref(a);
	attrset_unref(b);
	CHECK_EQ_INT(attrset_count(), 0);
}

/* "10.0.0.1/24" and "10.0.0.0/24" are one prefix: host bits are cleared
 * when the NLRI is copied (and when looking up). */
static void test_canonical(void)
{
	struct rib_table *t = rib_table_new();
	struct attrset *a = attrset_intern(blob_a, sizeof blob_a);
	uint8_t k1[20], k2[20], k3[20], k4[20];
	struct nlri_ref dirty = v4(k1, 0x0a000001, 24, 0);
	/* 10.0.0.0/24 with a stray 4th byte should not happen on the wire (the
	 * decoder rejects it), but /23 with the 24th bit set does. */
	CHECK(rib_table_update(t, &dirty, a));
	struct nlri_ref clean = v4(k2, 0x0a000000, 24, 0);
	CHECK(rib_table_find(t, &clean) != NULL);
	CHECK(!rib_table_update(t, &clean, a));
	struct nlri_ref d23 = v4(k3, 0x0a000100, 23, 0);  /* 10.0.1.0/23 -> 10.0.0.0/23 */
	CHECK(rib_table_update(t, &d23, a));
	struct nlri_ref c23 = v4(k4, 0x0a000000, 23, 0);
	struct rib_route *r = rib_table_find(t, &c23);
	CHECK(r != NULL);
	static const uint8_t want23[] = { 23, 10, 0, 0 };
	if (r)
		CHECK_EQ_MEM(r->nlri, r->len, want23, sizeof want23);
	CHECK_EQ_INT(rib_table_count(t), 2);
	/* The caller's bytes are not modified. */
	CHECK_EQ_INT(k3[3], 1);
	/* IPv6 /33 with host bits. */
	uint8_t k6[20], k6c[20];
	static const uint8_t d6[5] = { 0x20, 0x01, 0x0d, 0xb8, 0xff };
	static const uint8_t c6[5] = { 0x20, 0x01, 0x0d, 0xb8, 0x80 };
	struct nlri_ref n6 = mk(k6, FAM_IPV6_UNICAST, d6, 33, 5, 0);
	struct nlri_ref n6c = mk(k6c, FAM_IPV6_UNICAST, c6, 33, 5, 0);
	CHECK(rib_table_update(t, &n6, a));
	r = rib_table_find(t, &n6c);
	CHECK(r != NULL && r->nlri[5] == 0x80);
	/* /0 */
	uint8_t k0[4] = { 0 };
	struct nlri_ref z = { FAM_IPV4_UNICAST, 0, 1, k0 };
	CHECK(rib_table_update(t, &z, a));
	CHECK(rib_table_find(t, &z) != NULL);
	rib_table_free(t);
	attrset_unref(a);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 1M IPv4 /24 routes sharing 1000 attribute sets. */
static void test_million(void)
{
	enum { N = 1000000, SETS = 1000 };
	struct attrset **sets = malloc(SETS * sizeof *sets);
	uint8_t blob[13];
	memcpy(blob, blob_a, sizeof blob);
	for (uint32_t i = 0; i < SETS; i++) {
		memcpy(blob + 9, &i, 4);
		sets[i] = attrset_intern(blob, sizeof blob);
	}
	struct rib_table *t = rib_table_new();
	uint8_t k[8];
	double t0 = now();
	for (uint32_t i = 0; i < N; i++) {
		struct nlri_ref n = v4(k, (0x01000000u + i) << 8, 24, 0);
		rib_table_update(t, &n, sets[i % SETS]);
	}
	double t1 = now();
	CHECK_EQ_INT(rib_table_count(t), N);
	size_t found = 0;
	for (uint32_t i = 0; i < N; i++) {
		struct nlri_ref n = v4(k, (0x01000000u + i) << 8, 24, 0);
		struct rib_route *r = rib_table_find(t, &n);
		found += r && r->attrs == sets[i % SETS];
	}
	double t2 = now();
	CHECK_EQ_INT(found, N);
	for (uint32_t i = 0; i < N; i += 2) {
		struct nlri_ref n = v4(k, (0x01000000u + i) << 8, 24, 0);
		rib_table_update(t, &n, NULL);
	}
	double t3 = now();
	CHECK_EQ_INT(rib_table_count(t), N / 2);
	printf("1M /24: insert %.0f ns/route, find %.0f ns/route, remove %.0f ns/route\n",
	       (t1 - t0) * 1e9 / N, (t2 - t1) * 1e9 / N, (t3 - t2) * 2e9 / N);
	rib_table_free(t);
	for (uint32_t i = 0; i < SETS; i++) {
		CHECK_EQ_INT(sets[i]->refcnt, 1);
		attrset_unref(sets[i]);
	}
	free(sets);
	CHECK_EQ_INT(attrset_count(), 0);
}

int main(void)
{
	test_basic();
	test_canonical();
	test_million();
	return unit_done();
}
