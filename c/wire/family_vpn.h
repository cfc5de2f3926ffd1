/* Labeled unicast (RFC 8277), VPN-IPv4/IPv6 (RFC 4364, RFC 4659), multicast
 * (RFC 4760) and Route Target Constraint (RFC 4684) NLRI helpers. */
#ifndef LB_WIRE_FAMILY_VPN_H
#define LB_WIRE_FAMILY_VPN_H

#include "wire/family.h"

enum { VPN_MAX_LABELS = 8 };

/* Parse the label stack at the start of a labeled NLRI body of `bytes`
 * bytes: labels up to and including the one with the bottom-of-stack bit,
 * or the withdrawal label 0x800000 / 0 (RFC 8277 section 2.4).  Returns
 * the number of labels (raw 24-bit values in raw[]), or -1 when no stack
 * end fits. */
int vpn_labels(const uint8_t *p, size_t bytes, uint32_t raw[VPN_MAX_LABELS]);
/* RD as ExaBGP prints it: "65000:1", "1.2.3.4:5", "4200000000:7". */
void vpn_rd_text(struct buf *out, const uint8_t rd[8]);

#endif
