/* Address families.  Each (AFI, SAFI) the codec knows is one entry of a table
 * of operations; adding a family (FlowSpec, VPN, EVPN, ...) means one new
 * file with its family_ops and one line in family.c's table. */
#ifndef LB_WIRE_FAMILY_H
#define LB_WIRE_FAMILY_H

#include "wire/wire.h"

enum bgp_afi { AFI_IPV4 = 1, AFI_IPV6 = 2, AFI_L2VPN = 25, AFI_BGPLS = 16388 };
enum bgp_safi {
	SAFI_UNICAST = 1, SAFI_MULTICAST = 2, SAFI_NLRI_MPLS = 4, SAFI_MCAST_VPN = 5,
	SAFI_VPLS = 65, SAFI_EVPN = 70, SAFI_BGPLS = 71, SAFI_BGPLS_VPN = 72, SAFI_SR_POLICY = 73,
	SAFI_MUP = 85, SAFI_MPLS_VPN = 128, SAFI_RTC = 132, SAFI_FLOW = 133, SAFI_FLOW_VPN = 134,
};

/* Index into the family table: small, so per-family arrays are cheap. */
typedef uint8_t fam_t;
enum {
	FAM_IPV4_UNICAST = 0,
	FAM_IPV6_UNICAST = 1,
	/* Families issue: each index is owned by one family file (family_*.c)
	 * whose family_ops fills the slot in family.c's table. */
	FAM_IPV4_MULTICAST = 2,
	FAM_IPV6_MULTICAST = 3,
	FAM_IPV4_NLRI_MPLS = 4,
	FAM_IPV6_NLRI_MPLS = 5,
	FAM_IPV4_MPLS_VPN = 6,
	FAM_IPV6_MPLS_VPN = 7,
	FAM_IPV4_FLOW = 8,
	FAM_IPV6_FLOW = 9,
	FAM_IPV4_FLOW_VPN = 10,
	FAM_IPV6_FLOW_VPN = 11,
	FAM_L2VPN_EVPN = 12,
	FAM_L2VPN_VPLS = 13,
	FAM_IPV4_MCAST_VPN = 14,
	FAM_IPV6_MCAST_VPN = 15,
	FAM_IPV4_MUP = 16,
	FAM_IPV6_MUP = 17,
	FAM_IPV4_SR_POLICY = 18,
	FAM_IPV6_SR_POLICY = 19,
	FAM_BGPLS = 20,
	FAM_BGPLS_VPN = 21,
	FAM_IPV4_RTC = 22,
	FAM_MAX = 32,
	FAM_NONE = 0xff,
};

struct family_ops {
	uint16_t afi;
	uint8_t safi;
	const char *name;       /* ExaBGP's name and JSON key: "ipv4 unicast" */
	uint8_t addr_bits;      /* 32 or 128 for IP families, 0 otherwise */
	/* Length in bytes of the NLRI starting at p (path identifier excluded),
	 * or -1 with e set (RFC 7606 section 5.3: overrun or prefix too long). */
	int (*nlri_len)(const uint8_t *p, size_t left, struct wire_error *e);
	/* Append the JSON members describing one NLRI, without braces:
	 * "\"nlri\": \"10.0.0.0/24\"" for unicast (ExaBGP's spacing). */
	void (*nlri_json)(struct buf *out, const uint8_t *nlri, size_t len);
	/* Append the text form used in logs and the text API: "10.0.0.0/24". */
	void (*nlri_text)(struct buf *out, const uint8_t *nlri, size_t len);
	/* Optional, used instead of nlri_json when set: families whose API v4
	 * JSON shows the next hop inside the NLRI object (ExaBGP's v4_json:
	 * BGP-LS node/prefix, FlowSpec).  nh is NULL in API v6 JSON, for
	 * withdrawals and for `decode --nlri`; nhlen is the MP_REACH length. */
	void (*nlri_json_nh)(struct buf *out, const uint8_t *nlri, size_t len, const uint8_t *nh,
	                     size_t nhlen);
};

const struct family_ops *family_ops(fam_t fam);              /* NULL if unused */
fam_t family_lookup(uint16_t afi, uint8_t safi);             /* FAM_NONE if unknown */
fam_t family_by_name(const char *afi_name, const char *safi_name); /* "ipv6", "unicast" */
const char *family_name(fam_t fam);                          /* "ipv4 unicast" */
/* ExaBGP's AFI and SAFI names ("ipv4", "unicast", "nlri-mpls", "mpls-vpn", "flow"...),
 * also for families without ops; NULL when it has none. */
const char *family_afi_name(uint16_t afi);
const char *family_safi_name(uint8_t safi);

#endif
