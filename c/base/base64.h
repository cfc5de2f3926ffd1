#ifndef LB_BASE_BASE64_H
#define LB_BASE_BASE64_H

#include <stddef.h>
#include <stdint.h>

/* Decode base64 (RFC 4648 section 4 alphabet) strictly: no white space, no
 * character outside the alphabet, '=' only as the final padding (at most
 * two), and the padding a short last group needs ("YQ==", "YWI=").  A
 * complete last group may carry up to two '=' more, as Python's
 * b64decode(validate=True) accepts, so keys ExaBGP takes are taken.
 * Returns the decoded length, -1 for malformed text, -2 when the result
 * does not fit in cap bytes. */
long base64_decode(const char *s, size_t n, uint8_t *out, size_t cap);

#endif
