/* Internals shared by the c/rib files (not part of the layer's contract):
 * the key hash, NLRI canonicalisation, the size-class allocator for route
 * nodes and the intrusive hash of rib_route used both by rib_table and by
 * rib_out (whose nodes embed a rib_route). */
#ifndef LB_RIB_IMPL_H
#define LB_RIB_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "rib/rib.h"

/* 64-bit multiply-mix over bytes, eight at a time; seed mixes in the
 * rest of the key.  Returns 32 well-mixed bits (any bits usable as index). */
uint32_t rib_hash_bytes(uint64_t seed, const uint8_t *p, size_t n);

/* Key of a route: (fam, path_id, canonical NLRI). */
static inline uint32_t rib_key_hash(fam_t fam, uint32_t path_id, const uint8_t *nlri, size_t len)
{
	return rib_hash_bytes((uint64_t)path_id << 8 | fam, nlri, len);
}

/* The key of an NLRI of fam, so that one route has one key: for IP prefix
 * families a copy in buf with the host bits beyond the prefix length
 * cleared; for FlowSpec a rule under 240 bytes whose length came in the
 * two-byte form (0xf0nn, allowed by RFC 8955 section 4.1) copied with the
 * one-byte form; else the bytes themselves (a FlowSpec key of 4 KiB is not
 * copied).  Sets *klen; returns NULL when it cannot be a key (fam >=
 * FAM_MAX, longer than NLRI_MAX_LEN, an IP prefix longer than any). */
enum { RIB_KEY_BUF = 240 };  /* IP prefixes: 33 bytes at most; short flow rules 240 */
const uint8_t *rib_nlri_key(fam_t fam, const uint8_t *in, size_t len, uint8_t buf[RIB_KEY_BUF],
                            size_t *klen);

/* Route nodes: size classes of 8 bytes carved from 64 KiB chunks with one
 * free list per class, so that a 1M-route table costs 1M small nodes and no
 * malloc header each.  Under AddressSanitizer plain malloc is used so that
 * use-after-free is still caught. */
void *rib_node_alloc(size_t size);
void rib_node_free(void *p, size_t size);

/* Size of the allocation of a rib_route holding len NLRI bytes. */
static inline size_t rib_route_size(size_t len)
{
	return offsetof(struct rib_route, nlri) + len;
}

/* Intrusive chained hash of rib_route (chained through r->next, r->hash
 * kept), doubling when the load exceeds 1. */
struct rib_hash {
	struct rib_route **b;
	size_t mask;              /* buckets - 1 (0 with no buckets yet) */
	size_t count;
	size_t fam_count[FAM_MAX];
};

void rib_hash_init(struct rib_hash *h);
void rib_hash_free(struct rib_hash *h);   /* the buckets only */
struct rib_route *rib_hash_find(const struct rib_hash *h, fam_t fam, uint32_t path_id,
                                const uint8_t *nlri, size_t len, uint32_t hash);
void rib_hash_insert(struct rib_hash *h, struct rib_route *r);
/* Room for n routes without growing (load 1); never shrinks. */
void rib_hash_reserve(struct rib_hash *h, size_t n);
void rib_hash_remove(struct rib_hash *h, struct rib_route *r);

#endif
