/* OPEN messages and capabilities (RFC 4271 section 4.2, RFC 5492), and the
 * result of negotiating two OPENs: the per-session context every other
 * decoder and encoder takes. */
#ifndef LB_WIRE_OPEN_H
#define LB_WIRE_OPEN_H

#include "wire/family.h"

enum bgp_capability {
	CAP_MULTIPROTOCOL = 1,
	CAP_ROUTE_REFRESH = 2,
	CAP_EXTENDED_NEXTHOP = 5,   /* RFC 8950 */
	CAP_EXTENDED_MESSAGE = 6,   /* RFC 8654 */
	CAP_ROLE = 9,               /* RFC 9234 */
	CAP_GRACEFUL_RESTART = 64,  /* RFC 4724 */
	CAP_AS4 = 65,               /* RFC 6793 */
	CAP_ADD_PATH = 69,          /* RFC 7911 */
	CAP_ENHANCED_ROUTE_REFRESH = 70, /* RFC 7313 */
	CAP_FQDN = 73,              /* draft-walton-bgp-hostname-capability */
	CAP_SOFTWARE_VERSION = 75,  /* draft-abraitis-bgp-version-capability */
	CAP_LINK_LOCAL_NEXTHOP = 77,/* draft-ietf-idr-linklocal-capability */
	CAP_ROUTE_REFRESH_CISCO = 128,
	CAP_OPERATIONAL = 185,      /* ExaBGP's private code for draft-ietf-idr-operational-message */
};

enum { ADDPATH_RECEIVE = 1, ADDPATH_SEND = 2 };

/* Everything one side's OPEN says.  Families the codec does not know are
 * kept by number so that they can still be reported and mirrored. */
struct wire_caps {
	bool present;                      /* any capability at all */
	bool mp[FAM_MAX];                  /* multiprotocol, known families */
	uint8_t mp_unknown_n;
	struct { uint16_t afi; uint8_t safi; } mp_unknown[16];
	/* The families of the multiprotocol capabilities, known or not, and of
	 * graceful restart, in the order the OPEN gave them (each once), so that
	 * they can be reported as sent (ExaBGP's text event).  Zero when the
	 * capabilities were not decoded from a message. */
	uint8_t mp_seq_n;
	struct { uint16_t afi; uint8_t safi; } mp_seq[32];
	uint8_t gr_seq_n;
	fam_t gr_seq[FAM_MAX];
	bool route_refresh, route_refresh_cisco, enhanced_route_refresh;
	bool as4;
	uint32_t as4_value;
	bool extended_message;
	uint8_t addpath[FAM_MAX];          /* ADDPATH_RECEIVE | ADDPATH_SEND */
	bool addpath_present;
	bool graceful_restart;
	uint8_t gr_flags;                  /* restart-state R and N bits (high nibble) */
	uint16_t gr_time;
	uint8_t gr_fam_flags[FAM_MAX];     /* bit 0x80 forwarding state; bit 0x01 = listed */
	uint8_t ext_nh_n;                  /* RFC 8950 tuples */
	struct { uint16_t afi; uint8_t safi; uint16_t nh_afi; } ext_nh[16];
	bool link_local_nexthop;
	char hostname[65], domainname[65]; /* FQDN capability */
	bool fqdn;
	char software[256];                /* software-version capability */
	bool software_present;
	bool role_present;
	uint8_t role;
	bool operational;                  /* OPERATIONAL messages (wire/operational.h) */
	/* Capabilities we do not understand, kept opaque: code, length, value,
	 * concatenated (each as on the wire). */
	uint16_t unknown_len;
	uint8_t unknown[512];
};

struct wire_open {
	uint8_t version;
	uint16_t my_as;         /* the 2-octet field (AS_TRANS when > 65535) */
	uint16_t hold_time;
	uint32_t bgp_id;        /* host byte order */
	struct wire_caps caps;
};

/* Decode an OPEN body (after the 19-byte header).  Returns 0, or -1 with e
 * set to the NOTIFICATION 2/x to send (also for truncated optional
 * parameters, RFC 9072 extended lengths handled). */
int wire_open_decode(const uint8_t *body, size_t len, struct wire_open *o, struct wire_error *e);
/* Append a complete OPEN message.  Each capability goes in its own optional
 * parameter, in ExaBGP's order: multiprotocol (one per family), 4-octet AS,
 * then the others. */
void wire_open_encode(struct buf *out, const struct wire_open *o);
/* The AS the peer claims: the 4-octet capability's value, else my_as. */
uint32_t wire_open_asn(const struct wire_open *o);

/* What both OPENs agree on: the context of every later message. */
struct wire_session_ctx {
	bool asn4;
	bool ebgp;
	uint32_t local_as, peer_as;
	uint16_t hold_time;
	size_t max_msg;               /* 4096, or 65535 with extended message both ways */
	bool fam[FAM_MAX];            /* families both sides announced */
	bool addpath_rx[FAM_MAX];     /* we receive path identifiers */
	bool addpath_tx[FAM_MAX];     /* we send path identifiers */
	bool route_refresh, enhanced_route_refresh;
	bool ext_nh[FAM_MAX];         /* RFC 8950: IPv6 next hop for this IPv4 family (and reverse) */
	bool link_local_nexthop;
	bool graceful_restart;
	bool operational;             /* both sides offered OPERATIONAL messages */
};

/* Negotiate.  No multiprotocol capability on a side means IPv4 unicast only
 * (RFC 4760 section 8). */
void wire_negotiate(const struct wire_open *local, const struct wire_open *remote,
                    struct wire_session_ctx *out);

#endif
