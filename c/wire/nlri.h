/* IP prefixes as NLRI (RFC 4271 section 4.3, RFC 4760, RFC 7911).
 * On the wire and in the RIB a unicast NLRI is <length in bits, ceil(len/8)
 * bytes>; the path identifier (ADD-PATH) is kept apart from the NLRI bytes. */
#ifndef LB_WIRE_NLRI_H
#define LB_WIRE_NLRI_H

#include "wire/family.h"

/* Largest NLRI the RIB stores (rib_route.len and nlri_ref.len are 16 bits):
 * unicast needs 17, EVPN/MUP 257, FlowSpec 4097 (RFC 8955 section 4.1:
 * 0xfnnn length), BGP-LS more.  Whether one fits an UPDATE depends on the
 * session's message size (4096, or 65535 with RFC 8654): the builder says. */
enum { NLRI_MAX_LEN = 65535 };

/* One NLRI of an UPDATE, pointing into the message. */
struct nlri_ref {
	fam_t fam;
	uint32_t path_id;         /* 0 when ADD-PATH is not negotiated */
	uint16_t len;
	const uint8_t *data;
};

/* Iterate over a packed NLRI field (classic NLRI, withdrawn routes, or the
 * NLRI of MP_REACH/MP_UNREACH).  The field was validated by the decoder, so
 * iteration cannot fail. */
struct nlri_iter {
	struct wire_reader r;
	fam_t fam;
	bool addpath;
};
void nlri_iter_init(struct nlri_iter *it, fam_t fam, bool addpath, const uint8_t *p, size_t n);
bool nlri_iter_next(struct nlri_iter *it, struct nlri_ref *out);

/* Check a whole NLRI field: every entry well-formed, lengths within the
 * family's limits, nothing overruns (RFC 7606 section 5.3).  Returns the
 * number of NLRI or -1 with e set. */
int nlri_field_check(fam_t fam, bool addpath, const uint8_t *p, size_t n, struct wire_error *e);
/* The same, and *at is the offset in p of the NLRI (of its path identifier
 * with ADD-PATH) the error in e is about, for the log (RFC 7606 section 5.3:
 * where parsing stopped; or the first NLRI with the strongest soft error). */
int nlri_field_check_at(fam_t fam, bool addpath, const uint8_t *p, size_t n, struct wire_error *e, size_t *at);

/* Is [nlri, nlri+len) exactly one well-formed NLRI of fam (path id excluded)?
 * Used for NLRI built outside C (configuration and API grammars). */
bool nlri_one_valid(fam_t fam, const uint8_t *nlri, size_t len);

/* IP prefix helpers shared by the unicast families and the configuration. */
int nlri_ip_len(const uint8_t *p, size_t left, unsigned max_bits, struct wire_error *e);
void nlri_ip_text(struct buf *out, const uint8_t *nlri, size_t len, unsigned bits);
/* Parse "10.0.0.0/24" or "2001:db8::/32" into NLRI bytes; host bits are
 * cleared.  Returns the NLRI length (1..17) and sets *fam, or -1. */
int nlri_ip_parse(const char *text, uint8_t out[17], fam_t *fam);

#endif
