/* Values written as Python's json.dumps writes them, for JSON that must
 * match ExaBGP's character for character (BGP-LS attribute TLVs). */
#ifndef LB_EVENT_JSON_PYFMT_H
#define LB_EVENT_JSON_PYFMT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* A double as Python's repr (shortest digits that read back the same,
 * '1.5', '125000000.0', '1e+16', '3.3e-07'); NaN, Infinity, -Infinity. */
void json_put_pyfloat(struct buf *out, double d);
/* Bytes decoded as UTF-8 with errors replaced (U+FFFD per maximal bad
 * subsequence, Python's 'replace'), written as a quoted JSON string with
 * every non-ASCII character escaped (json.dumps' ensure_ascii). */
void json_put_pystr(struct buf *out, const uint8_t *s, size_t n);

#endif
