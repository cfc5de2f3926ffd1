/* Decoding a message given in hex to ExaBGP's JSON (`lunabgp decode`,
 * conformance tests).  libc only. */
#ifndef LB_EVENT_DECODE_H
#define LB_EVENT_DECODE_H

#include "base/buf.h"

/* type: "open", "update" or "nlri"; family: "ipv4 unicast" or NULL for
 * all families; hex: the message (with or without the 19-byte header for
 * update) or bare NLRI, spaces and colons ignored.  Appends one JSON
 * document (a line) to out and returns 0, or appends a sentence to err and
 * returns -1. */
int decode_to_json(const char *type, const char *family, const char *hex, struct buf *out, struct buf *err);

#endif
