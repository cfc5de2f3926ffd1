/* BGP-LS (RFC 9552, formerly RFC 7752): NLRI checks shared by the family
 * (family_bgpls.c) and the JSON encoder (event/json_bgpls.c), and the
 * BGP-LS attribute (type 29) framing check used by the UPDATE decoder. */
#ifndef LB_WIRE_BGPLS_H
#define LB_WIRE_BGPLS_H

#include "wire/wire.h"

enum {
	BGPLS_NLRI_NODE = 1, BGPLS_NLRI_LINK = 2, BGPLS_NLRI_PREFIX4 = 3, BGPLS_NLRI_PREFIX6 = 4,
	BGPLS_NLRI_SRV6_SID = 6,   /* RFC 9514 section 6 */
	BGPLS_TLV_LOCAL_NODE = 256, BGPLS_TLV_REMOTE_NODE = 257, BGPLS_TLV_LINK_ID = 258,
	BGPLS_TLV_IFACE4 = 259, BGPLS_TLV_NEIGH4 = 260, BGPLS_TLV_IFACE6 = 261, BGPLS_TLV_NEIGH6 = 262,
	BGPLS_TLV_MT_ID = 263, BGPLS_TLV_OSPF_ROUTE = 264, BGPLS_TLV_IP_REACH = 265,
	BGPLS_DESC_AS = 512, BGPLS_DESC_BGPLS_ID = 513, BGPLS_DESC_OSPF_AREA = 514, BGPLS_DESC_ROUTER = 515,
	BGPLS_TLV_SRV6_SID_INFO = 518,   /* RFC 9514 section 6.1 */
	BGPLS_ATTR_SRV6_SID_STRUCT = 1252,   /* RFC 9514 section 8, also a sub-TLV */
};

/* NLRI types decoded (and, in bgp-ls-vpn, preceded by an RD); the others
 * are carried opaque, as ExaBGP's generic BGP-LS NLRI. */
static inline bool bgpls_nlri_known(uint16_t type)
{
	return (type >= BGPLS_NLRI_NODE && type <= BGPLS_NLRI_PREFIX6) || type == BGPLS_NLRI_SRV6_SID;
}

/* One TLV of a [type:2][length:2][value] sequence. */
struct bgpls_tlv {
	uint16_t type, len;
	const uint8_t *v;
};
/* Next TLV at *off in p[0..n); false at the end or when it overruns
 * (then *off is left at the bad TLV; *bad is set). */
bool bgpls_tlv_next(const uint8_t *p, size_t n, size_t *off, struct bgpls_tlv *t, bool *bad);

/* Protocol-IDs ExaBGP accepts (RFC 9552 section 5.2 plus 227). */
bool bgpls_proto_known(uint8_t proto);
/* Node descriptor sub-TLVs of one Local/Remote Node Descriptors value:
 * NULL when valid, else a static reason. */
const char *bgpls_node_desc_problem(const uint8_t *v, size_t n, uint8_t proto);
/* Checks of one BGP-LS NLRI body starting after the RD (type, proto,
 * identifier, TLVs): NULL when valid, else a static reason; *where gets
 * the offset of the problem inside body. */
const char *bgpls_nlri_problem(uint16_t type, const uint8_t *body, size_t n, size_t *where);
/* BGP-LS attribute (RFC 9552 section 5.3, 8.2.2): NULL when every TLV
 * is framed and sized as its definition says, else a reason and *where. */
const char *bgpls_attr_problem(const uint8_t *v, size_t n, size_t *where);
/* Whether repeats of an attribute TLV are gathered in one JSON array (and
 * so allowed), as ExaBGP's MERGE TLVs and unknown codes; the others may
 * appear once (RFC 9552 section 5.3). */
bool bgpls_attr_tlv_merged(uint16_t type);

/* Grouping of TLVs by JSON key, as ExaBGP's dicts group them: each key once,
 * in order of first appearance.  The caller fills refs[i].key and .tlv (in
 * wire order); bgpls_group sorts refs by key (wire order kept inside a key)
 * and fills g (room for n) with one group per key, ordered by first
 * appearance; returns the number of groups.  O(n log n): an attribute of
 * thousands of TLVs costs no quadratic scan. */
struct bgpls_ref {
	uint32_t key, idx;   /* idx: set by bgpls_group */
	const uint8_t *tlv;  /* the TLV header */
};
struct bgpls_group {
	uint32_t first;      /* wire position of its first TLV */
	uint32_t start, n;   /* refs[start .. start + n) */
};
size_t bgpls_group(struct bgpls_ref *refs, size_t n, struct bgpls_group *g);

#endif
