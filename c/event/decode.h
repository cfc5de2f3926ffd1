/* Decoding a message given in hex to ExaBGP's JSON (`lunabgp decode`,
 * conformance tests).  libc only. */
#ifndef LB_EVENT_DECODE_H
#define LB_EVENT_DECODE_H

#include <stdbool.h>

#include "base/buf.h"

/* type: "open", "update" or "nlri"; family: "ipv4 unicast" or NULL for
 * all families; hex: the message (with or without the 19-byte header for
 * update) or bare NLRI, spaces and colons ignored.  Appends one JSON
 * document (a line) to out and returns 0, or appends a sentence to err and
 * returns -1. */
int decode_to_json(const char *type, const char *family, const char *hex, struct buf *out, struct buf *err);

/* What ExaBGP's decode takes besides the family (application/decode.py). */
struct decode_opts {
	bool path_information;   /* -i: ADD-PATH received on every family (RFC 7911) */
	bool text;               /* --text: ExaBGP's text encoder instead of JSON (lunabgp's own) */
};
/* decode_to_json with options (o may be NULL: none). */
int decode_to_json_opts(const char *type, const char *family, const char *hex, const struct decode_opts *o,
                        struct buf *out, struct buf *err);

#endif
