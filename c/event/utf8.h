/* Internal to c/event: reading text a peer chose (OPERATIONAL advisories)
 * that is not promised to be UTF-8, the way ExaBGP reads it: Python's
 * decode('utf-8', 'replace'), one U+FFFD per maximal invalid subpart. */
#ifndef LB_EVENT_UTF8_H
#define LB_EVENT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The code point starting at p (n > 0 bytes left) in *cp, U+FFFD for an
 * invalid sequence; returns the bytes it took (1..4, never more than n). */
size_t utf8_next(const uint8_t *p, size_t n, uint32_t *cp);

#endif
