/* Internal to c/event: helpers shared by the JSON encoder's files. */
#ifndef LB_EVENT_JSON_INT_H
#define LB_EVENT_JSON_INT_H

#include "base/hex.h"
#include "event/json.h"

void json_put_string(struct buf *out, const char *s, size_t n);
/* ExaBGP's text of one extended community (8 octets): "target:65000:1",
 * "l2info:19:0:1500:111", hex for what it does not name; the JSON "string"
 * and the text API's extended-community both use it. */
void json_ext_community_string(struct buf *s, const uint8_t *c);
/* json_prefix_sid.c: one SRv6 service TLV of a Prefix-SID attribute */
bool json_prefix_sid_service(struct buf *out, uint8_t t, const uint8_t *p, size_t l);
/* json.c: bytes a peer chose, decoded as UTF-8 with replacement and
 * escaped to ASCII as Python's json.dumps does (always valid JSON) */
void json_put_peer_text(struct buf *out, const uint8_t *p, size_t n);
void json_put_ipv4(struct buf *out, const uint8_t *p);
void json_put_ip(struct buf *out, const uint8_t *p, size_t len);   /* 4 or 16 bytes */
/* A big-endian unsigned integer of up to 64 bytes, in decimal. */
void json_put_bigdec(struct buf *out, const uint8_t *p, size_t n);
/* The members of the attribute object (no braces); nh, when given, is
 * shown as "next-hop" in code order. */
void json_attributes_members(struct buf *out, const uint8_t *blob, size_t bloblen, const uint8_t *nh,
                             size_t nhlen);
/* Attributes rendered outside json_attrs.c (BGP-LS 29, tunnel encapsulation
 * 23, ...): json_attr_ext (json_attr_ext.c) lists them, one line each; the
 * function appends `"name": value` and returns false when it cannot render
 * the value (the generic form is printed instead, nothing half-written). */
struct json_attr_ext {
	uint8_t code;
	bool (*fn)(struct buf *out, const uint8_t *v, size_t len);
};
extern const struct json_attr_ext json_attr_ext[];   /* ends with fn == NULL */
/* The "capabilities" object of an OPEN. */
void json_capabilities(struct buf *out, const struct wire_caps *c);

#endif
