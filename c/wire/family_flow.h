/* FlowSpec NLRI (RFC 8955 for IPv4, RFC 8956 for IPv6, with a Route
 * Distinguisher for the VPN SAFI 134): framing, the component checks of
 * RFC 8955 section 4.2 and the text/JSON forms ExaBGP prints. */
#ifndef LB_WIRE_FAMILY_FLOW_H
#define LB_WIRE_FAMILY_FLOW_H

#include "wire/family.h"

enum { FLOW_MAX_LEN = 4095 };   /* RFC 8955 section 4.1: 0xfff */

/* Check one FlowSpec NLRI starting at p (length prefix included).  Returns
 * its length in bytes, or -1 when its length prefix overruns the field (the
 * field cannot be delimited: e set).  A well-delimited NLRI whose components
 * are malformed returns its length with e->action = WIRE_TREAT_AS_WITHDRAW
 * and e->why naming the byte offset (RFC 8955 section 4.2 / RFC 7606 5.4);
 * otherwise e->action is WIRE_OK. */
int flow_nlri_check(const uint8_t *p, size_t left, bool v6, bool vpn, struct wire_error *e);

/* The "string" ExaBGP prints: "flow destination-ipv4 10.0.0.0/24 protocol =tcp". */
void flow_nlri_text(struct buf *out, const uint8_t *nlri, size_t len, bool v6, bool vpn);

#endif
