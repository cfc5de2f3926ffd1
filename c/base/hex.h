#ifndef LB_BASE_HEX_H
#define LB_BASE_HEX_H

#include "base/buf.h"

/* Append upper-case hex of p[0..n) to b (ExaBGP prints hex in upper case). */
void hex_encode(struct buf *b, const uint8_t *p, size_t n);
/* Parse hex, ignoring ':' and white space and an optional 0x prefix.
 * Returns 0 on success, -1 on an odd digit count or a non-hex character. */
int hex_decode(struct buf *out, const char *s);

#endif
