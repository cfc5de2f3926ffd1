/* Interned attribute sets: one copy per distinct blob, refcounts, ids. */
#include <stdlib.h>

#include "rib/attrset.h"
#include "unit.h"

static const uint8_t blob_a[] = { 0x40, 1, 0, 1, 0, 0x40, 3, 0, 4, 10, 0, 0, 1 };
static const uint8_t blob_b[] = { 0x40, 1, 0, 1, 2, 0x40, 3, 0, 4, 10, 0, 0, 1 };

static void test_basic(void)
{
	CHECK_EQ_INT(attrset_count(), 0);
	struct attrset *a = attrset_intern(blob_a, sizeof blob_a);
	struct attrset *a2 = attrset_intern(blob_a, sizeof blob_a);
	struct attrset *b = attrset_intern(blob_b, sizeof blob_b);
	CHECK(a == a2);
	CHECK(a != b);
	CHECK_EQ_INT(a->refcnt, 2);
	CHECK_EQ_INT(b->refcnt, 1);
	CHECK_EQ_INT(a->len, sizeof blob_a);
	CHECK_EQ_MEM(a->blob, a->len, blob_a, sizeof blob_a);
	CHECK_EQ_INT(attrset_count(), 2);
	CHECK(a->id != 0 && b->id != 0 && a->id != b->id);
	CHECK(attrset_by_id(a->id) == a);
	CHECK(attrset_by_id(b->id) == b);
	CHECK(attrset_by_id(0) == NULL);
	CHECK(attrset_by_id(9999) == NULL);
	CHECK(attrset_ref(a) == a);
	CHECK_EQ_INT(a->refcnt, 3);
	attrset_unref(a);
	attrset_unref(a);
	CHECK_EQ_INT(attrset_count(), 2);
	uint32_t bid = b->id;
	attrset_unref(b);
	CHECK_EQ_INT(attrset_count(), 1);
	CHECK(attrset_by_id(bid) == NULL);
	/* A prefix of a blob is a different blob; the empty blob is a set too. */
	struct attrset *p = attrset_intern(blob_a, 5);
	struct attrset *e = attrset_intern(NULL, 0);
	CHECK(p != a && e != a && e != p);
	CHECK_EQ_INT(e->len, 0);
	CHECK(attrset_intern(NULL, 0) == e);
	attrset_unref(e);
	attrset_unref(e);
	attrset_unref(p);
	attrset_unref(a);
	CHECK_EQ_INT(attrset_count(), 0);
	attrset_unref(NULL);
	CHECK(attrset_ref(NULL) == NULL);
}

/* Many sets: the table grows, every set stays findable, all free cleanly. */
static void test_many(void)
{
	enum { N = 100000 };
	struct attrset **v = malloc(N * sizeof *v);
	uint8_t blob[13];
	memcpy(blob, blob_a, sizeof blob);
	for (uint32_t i = 0; i < N; i++) {
		memcpy(blob + 9, &i, 4);
		v[i] = attrset_intern(blob, sizeof blob);
	}
	CHECK_EQ_INT(attrset_count(), N);
	int bad = 0;
	for (uint32_t i = 0; i < N; i++) {
		memcpy(blob + 9, &i, 4);
		struct attrset *a = attrset_intern(blob, sizeof blob);
		if (a != v[i] || a->refcnt != 2 || attrset_by_id(a->id) != a)
			bad++;
		attrset_unref(a);
	}
	CHECK_EQ_INT(bad, 0);
	/* Free half, re-intern: ids of live sets are unique. */
	for (uint32_t i = 0; i < N; i += 2)
		attrset_unref(v[i]);
	CHECK_EQ_INT(attrset_count(), N / 2);
	for (uint32_t i = 0; i < N; i += 2) {
		memcpy(blob + 9, &i, 4);
		v[i] = attrset_intern(blob, sizeof blob);
	}
	uint8_t *seen = calloc(2 * N + 2, 1);
	bad = 0;
	for (uint32_t i = 0; i < N; i++) {
		if (v[i]->id > 2 * N || seen[v[i]->id]++)
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	free(seen);
	for (uint32_t i = 0; i < N; i++)
		attrset_unref(v[i]);
	CHECK_EQ_INT(attrset_count(), 0);
	free(v);
}

int main(void)
{
	test_basic();
	test_many();
	return unit_done();
}
