/* Internal to c/wire: one capability TLV <-> struct wire_caps (RFC 5492). */
#ifndef LB_WIRE_CAPABILITY_H
#define LB_WIRE_CAPABILITY_H

#include "wire/open.h"

/* Merge capability `code` with value v[0..len) into c.  Returns 0, or -1
 * with e set to OPEN Message Error / Unspecific for a malformed value. */
int wire_capability_decode(struct wire_caps *c, uint8_t code, const uint8_t *v, uint8_t len,
                           struct wire_error *e);
/* Append every capability of c, each in its own optional parameter, in
 * ExaBGP's order; ext = RFC 9072 two-octet parameter lengths. */
void wire_capabilities_encode(struct buf *out, const struct wire_caps *c, bool ext);

#endif
