/* Shared inside the text encoder (event/text.c, event/text_sr.c). */
#ifndef LB_EVENT_TEXT_INT_H
#define LB_EVENT_TEXT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* Peer-chosen text on one line, as ExaBGP's oneline(): UTF-8 read with
 * replacement, non-printable characters escaped as Python's repr(). */
void text_oneline(struct buf *out, const uint8_t *p, size_t n);
/* ` bgp-prefix-sid [ ... ]` and ` tunnel-encap tunnel-encap [...]`; false
 * (with part of the text appended: the caller cuts it) when ExaBGP's
 * classes would not print it, and the generic form is used. */
bool text_attr_prefix_sid(struct buf *out, const uint8_t *v, size_t len);
bool text_attr_tunnel_encap(struct buf *out, const uint8_t *v, size_t len);

#endif
