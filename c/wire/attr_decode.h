/* Internal to the UPDATE decoder: value checks of single attributes
 * (RFC 7606 section 7) and the AS_PATH normalisation (RFC 6793). */
#ifndef LB_WIRE_ATTR_DECODE_H
#define LB_WIRE_ATTR_DECODE_H

#include "wire/wire.h"

/* The verdict on one attribute. */
struct attr_verdict {
	enum wire_action action;   /* WIRE_OK: keep it */
	uint8_t subcode;           /* UPDATE error subcode should it escalate */
	char why[96];
};

struct attr_check_ctx {
	bool asn4, ebgp;
};

const char *attr_name(uint8_t code);
/* Check a known attribute's value (flags already checked).  Sets v and
 * returns true when the attribute is kept. */
bool attr_check(uint8_t code, const uint8_t *val, size_t len, const struct attr_check_ctx *c,
                struct attr_verdict *v);
/* AS_PATH-shaped value with asz-byte ASNs: 0 when well-formed, else a
 * static description of the problem. */
const char *aspath_problem(const uint8_t *v, size_t len, unsigned asz, bool ebgp, bool allow_confed);
/* Number of ASes for path length purposes (RFC 4271 9.1.2.2: a set counts
 * one, confederation segments none). */
unsigned aspath_count(const uint8_t *v, size_t len, unsigned asz);
/* Append the canonical 4-octet AS_PATH value to out, from the received
 * AS_PATH (asz 2 or 4) and, for a 2-octet session, AS4_PATH (may be NULL):
 * RFC 6793 section 4.2.3. */
void aspath_normalise(struct buf *out, const uint8_t *path, size_t len, unsigned asz,
                      const uint8_t *as4, size_t as4len);

#endif
