/* Route tables keyed by (family, path identifier, NLRI bytes), holding a
 * reference to an interned attribute set.  Used for Adj-RIB-In and as the
 * "advertised" state of Adj-RIB-Out.  One allocation per route, nothing else
 * per prefix. */
#ifndef LB_RIB_RIB_H
#define LB_RIB_RIB_H

#include <stdbool.h>

#include "rib/attrset.h"
#include "wire/nlri.h"

/* 27 bytes before the NLRI, as when len had 8 bits: a 16-bit len beside a
 * whole fam byte would move nlri[] to 28 and put every 5-byte key (IPv4
 * and IPv6 /25../32) into the next 8-byte size class, so fam and flags
 * share one byte (FAM_MAX <= 64; rib_out uses two flag bits). */
struct rib_route {
	struct rib_route *next;   /* hash chain */
	struct attrset *attrs;
	uint32_t path_id;
	uint32_t hash;
	uint16_t len;             /* NLRI bytes: up to NLRI_MAX_LEN (FlowSpec 4097, RFC 8955 4.1) */
	fam_t fam : 6;            /* < FAM_MAX */
	uint8_t flags : 2;        /* owner's use (rib_out: pending state) */
	uint8_t nlri[];
};
_Static_assert(FAM_MAX <= 64, "rib_route.fam has 6 bits");

struct rib_table;

struct rib_table *rib_table_new(void);
void rib_table_free(struct rib_table *t);
/* Insert or replace (attrs != NULL, a reference is taken) or remove (attrs
 * NULL).  Returns true when the table changed. */
bool rib_table_update(struct rib_table *t, const struct nlri_ref *n, struct attrset *attrs);
struct rib_route *rib_table_find(const struct rib_table *t, const struct nlri_ref *n);
size_t rib_table_count(const struct rib_table *t);
size_t rib_table_count_fam(const struct rib_table *t, fam_t fam);
void rib_table_clear(struct rib_table *t);
/* Visit every route; the callback must not modify the table. */
void rib_table_walk(const struct rib_table *t, void (*fn)(const struct rib_route *r, void *arg), void *arg);
/* Helper: a route as an nlri_ref. */
static inline struct nlri_ref rib_route_nlri(const struct rib_route *r)
{
	struct nlri_ref n = { r->fam, r->path_id, r->len, r->nlri };
	return n;
}

#endif
