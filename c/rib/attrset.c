/* Interned attribute sets: one global chained hash table keyed on the blob
 * bytes.  Blobs are canonical (wire/attrs.h), so byte equality is attribute
 * equality and a route's attributes compare by pointer.  Single-threaded by
 * design, like the daemon. */
#include "rib/attrset.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "rib/rib_impl.h"

static struct attrset **tab;     /* buckets */
static size_t tab_mask;          /* buckets - 1 */
static size_t tab_count;

/* Ids index a slot array; freed slots are chained through a free list and
 * reused, so ids stay small (a live set's id is never reused). */
static struct attrset **ids;
static uint32_t *id_free;        /* stack of free slots */
static size_t ids_cap, id_free_n, ids_used;

static void tab_grow(void)
{
	size_t n = tab_mask ? (tab_mask + 1) * 2 : 64;
	struct attrset **nb = xcalloc(n, sizeof *nb);
	for (size_t i = 0; tab_mask && i <= tab_mask; i++) {
		struct attrset *a = tab[i], *next;
		for (; a; a = next) {
			next = a->next;
			a->next = nb[a->hash & (n - 1)];
			nb[a->hash & (n - 1)] = a;
		}
	}
	free(tab);
	tab = nb;
	tab_mask = n - 1;
}

static uint32_t id_alloc(struct attrset *a)
{
	uint32_t slot;
	if (id_free_n) {
		slot = id_free[--id_free_n];
	} else {
		if (ids_used == ids_cap) {
			ids_cap = ids_cap ? ids_cap * 2 : 64;
			ids = xrealloc(ids, ids_cap * sizeof *ids);
			id_free = xrealloc(id_free, ids_cap * sizeof *id_free);
		}
		slot = (uint32_t)ids_used++;
	}
	ids[slot] = a;
	return slot + 1;          /* 0 means "none" */
}

struct attrset *attrset_intern(const uint8_t *blob, size_t len)
{
	uint32_t h = rib_hash_bytes(len, blob, len);
	if (tab_mask) {
		for (struct attrset *a = tab[h & tab_mask]; a; a = a->next)
			if (a->hash == h && a->len == len && (!len || memcmp(a->blob, blob, len) == 0)) {
				a->refcnt++;
				return a;
			}
	}
	if (tab_count >= tab_mask)   /* load <= 1 */
		tab_grow();
	struct attrset *a = xmalloc(sizeof *a + len);
	a->hash = h;
	a->refcnt = 1;
	a->len = (uint32_t)len;
	if (len)
		memcpy(a->blob, blob, len);
	a->id = id_alloc(a);
	a->next = tab[h & tab_mask];
	tab[h & tab_mask] = a;
	tab_count++;
	return a;
}

struct attrset *attrset_ref(struct attrset *a)
{
	if (a)
		a->refcnt++;
	return a;
}

void attrset_unref(struct attrset *a)
{
	if (!a || --a->refcnt)
		return;
	struct attrset **pp = &tab[a->hash & tab_mask];
	while (*pp != a)
		pp = &(*pp)->next;
	*pp = a->next;
	tab_count--;
	ids[a->id - 1] = NULL;
	id_free[id_free_n++] = a->id - 1;
	free(a);
	if (tab_count == 0) {
		/* Last set gone: give the tables back (also keeps leak checkers quiet). */
		free(tab);
		free(ids);
		free(id_free);
		tab = NULL;
		ids = NULL;
		id_free = NULL;
		tab_mask = ids_cap = id_free_n = ids_used = 0;
	}
}

size_t attrset_count(void)
{
	return tab_count;
}

struct attrset *attrset_by_id(uint32_t id)
{
	if (id == 0 || id > ids_used)
		return NULL;
	return ids[id - 1];
}
