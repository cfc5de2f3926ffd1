/* Route tables: an intrusive chained hash of rib_route keyed by (family,
 * path identifier, canonical NLRI), routes carved from size-class slabs.
 * A 1M-route IPv4 table costs one 32-byte node per /24 plus ~8 bytes of
 * bucket array per route: the same budget BIRD's fib spends, no malloc
 * header per prefix. */
#include "rib/rib.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "rib/rib_impl.h"

/* ---- hashing and keys ---------------------------------------------------- */

static inline uint64_t mix64(uint64_t h)
{
	/* Final avalanche (the murmur3/splitmix finaliser constants). */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

uint32_t rib_hash_bytes(uint64_t seed, const uint8_t *p, size_t n)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = (seed + n) * k;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
		p += 8;
		n -= 8;
	}
	if (n) {
		uint64_t w = 0;
		memcpy(&w, p, n);
		h = (h ^ w) * k;
	}
	return (uint32_t)mix64(h);
}

/* IP prefix families (RFC 4271 section 4.3, RFC 4760, RFC 8277, RFC 4364):
 * the first byte counts every bit that follows (labels and RD included), so
 * clearing what lies beyond it gives one spelling per prefix whatever the
 * family's NLRI carries before the address. */
const uint8_t *rib_nlri_key(fam_t fam, const uint8_t *in, size_t len, uint8_t buf[RIB_KEY_BUF],
                            size_t *klen)
{
	if (fam >= FAM_MAX || len > NLRI_MAX_LEN)
		return NULL;
	*klen = len;
	const struct family_ops *ops = family_ops(fam);
	if (ops && (ops->safi == SAFI_FLOW || ops->safi == SAFI_FLOW_VPN) && len >= 2 && in[0] == 0xf0 &&
	    in[1] < 0xf0 && (size_t)in[1] == len - 2) {
		buf[0] = in[1];
		memcpy(buf + 1, in + 2, len - 2);
		*klen = len - 1;
		return buf;
	}
	/* addr_bits also marks route-type families (MVPN, MUP, SR Policy) whose
	 * first byte is no prefix length: their bytes are their key. */
	if (!ops || !ops->addr_bits || len < 1 ||
	    (ops->safi != SAFI_UNICAST && ops->safi != SAFI_MULTICAST && ops->safi != SAFI_NLRI_MPLS &&
	     ops->safi != SAFI_MPLS_VPN))
		return in;
	if (len > RIB_KEY_BUF)
		return NULL;
	memcpy(buf, in, len);
	size_t bits = buf[0];
	size_t full = bits / 8, rem = bits % 8;
	size_t i = 1 + full;
	if (rem && i < len)
		buf[i++] &= (uint8_t)(0xff << (8 - rem));
	for (; i < len; i++)
		buf[i] = 0;
	return buf;
}

/* ---- size-class node allocator --------------------------------------------- */

#if defined(__SANITIZE_ADDRESS__)
#define RIB_SLAB 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RIB_SLAB 0
#endif
#endif
#ifndef RIB_SLAB
#define RIB_SLAB 1
#endif

enum {
	SLAB_GRAIN = 8,
	SLAB_MAX = 128,                       /* larger nodes use malloc */
	SLAB_CLASSES = SLAB_MAX / SLAB_GRAIN + 1,
	SLAB_CHUNK = 64 * 1024,
};

struct slab_chunk {
	struct slab_chunk *next;
	uint8_t mem[];
};

struct slab_class {
	void *free;                           /* free nodes, chained through their first word */
	struct slab_chunk *chunks;
	uint8_t *bump, *bump_end;             /* unused tail of the newest chunk */
	size_t live;
};

static struct slab_class slabs[SLAB_CLASSES];

void *rib_node_alloc(size_t size)
{
	size_t c = (size + SLAB_GRAIN - 1) / SLAB_GRAIN;
	if (!RIB_SLAB || c >= SLAB_CLASSES)
		return xmalloc(size);
	struct slab_class *s = &slabs[c];
	size_t sz = c * SLAB_GRAIN;
	void *p = s->free;
	if (p) {
		memcpy(&s->free, p, sizeof(void *));
	} else {
		if (!s->bump || (size_t)(s->bump_end - s->bump) < sz) {
			struct slab_chunk *ch = xmalloc(SLAB_CHUNK);
			ch->next = s->chunks;
			s->chunks = ch;
			s->bump = ch->mem;
			s->bump_end = (uint8_t *)ch + SLAB_CHUNK;
		}
		p = s->bump;
		s->bump += sz;
	}
	s->live++;
	return p;
}

void rib_node_free(void *p, size_t size)
{
	size_t c = (size + SLAB_GRAIN - 1) / SLAB_GRAIN;
	if (!RIB_SLAB || c >= SLAB_CLASSES) {
		free(p);
		return;
	}
	struct slab_class *s = &slabs[c];
	memcpy(p, &s->free, sizeof(void *));
	s->free = p;
	if (--s->live == 0 && s->chunks->next) {
		/* The class is empty: return its memory (a dropped full table
		 * should not keep its 32 MB forever) but the newest chunk, so a
		 * table toggling one route does not malloc 64 KiB each time. */
		struct slab_chunk *ch, *next;
		for (ch = s->chunks->next; ch; ch = next) {
			next = ch->next;
			free(ch);
		}
		s->chunks->next = NULL;
		s->free = NULL;
		s->bump = s->chunks->mem;
		s->bump_end = (uint8_t *)s->chunks + SLAB_CHUNK;
	}
}

/* ---- intrusive hash -------------------------------------------------------- */

void rib_hash_init(struct rib_hash *h)
{
	memset(h, 0, sizeof *h);
}

void rib_hash_free(struct rib_hash *h)
{
	free(h->b);
	rib_hash_init(h);
}

struct rib_route *rib_hash_find(const struct rib_hash *h, fam_t fam, uint32_t path_id,
                                const uint8_t *nlri, size_t len, uint32_t hash)
{
	if (!h->b)
		return NULL;
	for (struct rib_route *r = h->b[hash & h->mask]; r; r = r->next)
		if (r->hash == hash && r->fam == fam && r->path_id == path_id && r->len == len &&
		    memcmp(r->nlri, nlri, len) == 0)
			return r;
	return NULL;
}

/* Rehash into n buckets (a power of two): the routes keep their hash, so a
 * resize is one pass over the chains. */
static void rib_hash_resize(struct rib_hash *h, size_t n)
{
	struct rib_route **nb = xcalloc(n, sizeof *nb);
	for (size_t i = 0; h->b && i <= h->mask; i++) {
		struct rib_route *r = h->b[i], *next;
		for (; r; r = next) {
			next = r->next;
			r->next = nb[r->hash & (n - 1)];
			nb[r->hash & (n - 1)] = r;
		}
	}
	free(h->b);
	h->b = nb;
	h->mask = n - 1;
}

/* Doubling at load 1 (about 10 ms per million routes). */
static void rib_hash_grow(struct rib_hash *h)
{
	rib_hash_resize(h, h->b ? (h->mask + 1) * 2 : 16);
}

void rib_hash_reserve(struct rib_hash *h, size_t n)
{
	size_t want = 16;
	while (want < n && want < ((size_t)1 << 40))
		want *= 2;
	if (!h->b || h->mask + 1 < want)
		rib_hash_resize(h, want);
}

void rib_hash_insert(struct rib_hash *h, struct rib_route *r)
{
	if (!h->b || h->count > h->mask)
		rib_hash_grow(h);
	struct rib_route **head = &h->b[r->hash & h->mask];
	r->next = *head;
	*head = r;
	h->count++;
	if (r->fam < FAM_MAX)
		h->fam_count[r->fam]++;
}

void rib_hash_remove(struct rib_hash *h, struct rib_route *r)
{
	struct rib_route **pp = &h->b[r->hash & h->mask];
	while (*pp != r)
		pp = &(*pp)->next;
	*pp = r->next;
	h->count--;
	if (r->fam < FAM_MAX)
		h->fam_count[r->fam]--;
}

/* ---- rib_table ------------------------------------------------------------- */

struct rib_table {
	struct rib_hash h;
};

struct rib_table *rib_table_new(void)
{
	struct rib_table *t = xmalloc(sizeof *t);
	rib_hash_init(&t->h);
	return t;
}

static void route_free(struct rib_route *r)
{
	attrset_unref(r->attrs);
	rib_node_free(r, rib_route_size(r->len));
}

void rib_table_clear(struct rib_table *t)
{
	for (size_t i = 0; t->h.b && i <= t->h.mask; i++) {
		struct rib_route *r = t->h.b[i], *next;
		for (; r; r = next) {
			next = r->next;
			route_free(r);
		}
	}
	rib_hash_free(&t->h);
}

void rib_table_free(struct rib_table *t)
{
	if (!t)
		return;
	rib_table_clear(t);
	free(t);
}

bool rib_table_update(struct rib_table *t, const struct nlri_ref *n, struct attrset *attrs)
{
	uint8_t buf[RIB_KEY_BUF];
	size_t len;
	const uint8_t *key = rib_nlri_key(n->fam, n->data, n->len, buf, &len);
	if (!key)
		return false;
	uint32_t hash = rib_key_hash(n->fam, n->path_id, key, len);
	struct rib_route *r = rib_hash_find(&t->h, n->fam, n->path_id, key, len, hash);
	if (!attrs) {
		if (!r)
			return false;
		rib_hash_remove(&t->h, r);
		route_free(r);
		return true;
	}
	if (r) {
		if (r->attrs == attrs)
			return false;
		attrset_unref(r->attrs);
		r->attrs = attrset_ref(attrs);
		return true;
	}
	r = rib_node_alloc(rib_route_size(len));
	r->attrs = attrset_ref(attrs);
	r->path_id = n->path_id;
	r->hash = hash;
	r->fam = n->fam;
	r->len = (uint16_t)len;
	r->flags = 0;
	memcpy(r->nlri, key, len);
	rib_hash_insert(&t->h, r);
	return true;
}

struct rib_route *rib_table_find(const struct rib_table *t, const struct nlri_ref *n)
{
	uint8_t buf[RIB_KEY_BUF];
	size_t len;
	const uint8_t *key = rib_nlri_key(n->fam, n->data, n->len, buf, &len);
	if (!key)
		return NULL;
	uint32_t hash = rib_key_hash(n->fam, n->path_id, key, len);
	return rib_hash_find(&t->h, n->fam, n->path_id, key, len, hash);
}

size_t rib_table_count(const struct rib_table *t)
{
	return t->h.count;
}

size_t rib_table_count_fam(const struct rib_table *t, fam_t fam)
{
	return fam < FAM_MAX ? t->h.fam_count[fam] : 0;
}

void rib_table_walk(const struct rib_table *t, void (*fn)(const struct rib_route *r, void *arg), void *arg)
{
	for (size_t i = 0; t->h.b && i <= t->h.mask; i++)
		for (const struct rib_route *r = t->h.b[i]; r; r = r->next)
			fn(r, arg);
}
