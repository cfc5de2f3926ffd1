/* UPDATE messages (RFC 4271 section 4.3, RFC 4760, RFC 7911), decoded with the
 * error handling of RFC 7606, and built (packed) for sending. */
#ifndef LB_WIRE_UPDATE_H
#define LB_WIRE_UPDATE_H

#include "wire/attrs.h"
#include "wire/nlri.h"
#include "wire/open.h"

/* One NLRI field of an UPDATE: the classic IPv4 fields or MP_(UN)REACH's. */
struct wire_nlri_field {
	fam_t fam;               /* FAM_NONE for a family we do not know (skipped) */
	uint16_t afi;
	uint8_t safi;
	bool addpath;
	const uint8_t *data;     /* packed NLRI, points into the message */
	size_t len;
};

/* A decoded UPDATE.  Pointers refer to the message body given to the
 * decoder; the attributes are copied, normalised, into the caller's blob. */
struct wire_update {
	struct wire_nlri_field withdrawn;    /* classic IPv4 withdrawn routes */
	struct wire_nlri_field nlri;         /* classic IPv4 NLRI */
	struct wire_nlri_field mp_reach;     /* fam != FAM_NONE or len > 0 when present */
	struct wire_nlri_field mp_unreach;
	bool has_mp_reach, has_mp_unreach;
	/* Next hops as received: classic NEXT_HOP (4 bytes) and MP_REACH's
	 * (4, 16, 32, or 24/48 with an RD for VPN families: raw bytes). */
	uint8_t nh_len, mp_nh_len;
	uint8_t nh[4];
	uint8_t mp_nh[48];
	/* The attribute blob (wire/attrs.h) holds every attribute except the
	 * next hops: the receiver adds the right NEXT_HOP per NLRI field with
	 * attrs_set() before interning. */
	bool has_attrs;                      /* Total Path Attribute Length > 0 */
	bool eor;                            /* End-of-RIB (RFC 4724 section 2) */
	fam_t eor_fam;
	uint16_t eor_afi;
	uint8_t eor_safi;
	/* The decision (RFC 7606): action is the strongest error seen; e holds
	 * the NOTIFICATION for SESSION_RESET and a sentence for the log. */
	struct wire_error err;
	uint16_t discarded;                  /* attributes dropped (WIRE_ATTR_DISCARD) */
	const uint8_t *body;                 /* the body decoded (offsets in err.why) */
};

/* Decode an UPDATE body (after the 19-byte header).  Never reads outside
 * body[0..len).  Always returns with u->err.action set: WIRE_OK,
 * WIRE_ATTR_DISCARD, WIRE_TREAT_AS_WITHDRAW, WIRE_AFISAFI_DISABLE (fields
 * still filled so the caller can tell which family) or WIRE_SESSION_RESET
 * (the caller sends u->err's NOTIFICATION and must not use the rest).
 * blob is reset and receives the normalised attributes. */
void wire_update_decode(const uint8_t *body, size_t len, const struct wire_session_ctx *ctx,
                        struct wire_update *u, struct buf *blob);

/* Building UPDATEs: one builder fills as many NLRI as fit in one message of
 * ctx->max_msg bytes for one attribute set and family, ExaBGP's layout:
 * withdrawn | attributes in type order with MP_UNREACH first and MP_REACH
 * last | classic NLRI.  Usage:
 *     wire_update_builder_init(&b, out, ctx, enc);
 *     wire_update_begin_announce(&b, fam, blob, bloblen)  (or _withdraw(&b, fam))
 *     while (more) if (!wire_update_add(&b, &nlri)) { wire_update_end(&b); begin again; }
 *     wire_update_end(&b);
 * Each ended message is appended to out as a complete BGP message. */
struct wire_update_builder {
	struct buf *out;
	const struct wire_session_ctx *ctx;
	const struct wire_encode_ctx *enc;
	size_t msg_start;        /* offset of the message being built in out */
	size_t limit;            /* maximum message size */
	fam_t fam;
	bool withdraw;
	bool classic;            /* IPv4 unicast in the classic fields */
	bool open;               /* a message is being built */
	bool wd_attrs;           /* withdrawal carrying path attributes (after MP_UNREACH) */
	uint16_t count;          /* NLRI in the current message */
	size_t len_at;           /* where the length to patch is (withdrawn or MP attr len) */
	size_t mp_attr_at;       /* MP attribute header offset (extended length) */
	struct buf attrs;        /* encoded attributes of the current set (reused) */
};

void wire_update_builder_init(struct wire_update_builder *b, struct buf *out,
                              const struct wire_session_ctx *ctx, const struct wire_encode_ctx *enc);
void wire_update_builder_free(struct wire_update_builder *b);
/* Start an UPDATE that announces NLRI of fam with these attributes (blob
 * includes NEXT_HOP).  Returns false if the attributes alone do not fit. */
bool wire_update_begin_announce(struct wire_update_builder *b, fam_t fam, const uint8_t *blob, size_t len);
bool wire_update_begin_withdraw(struct wire_update_builder *b, fam_t fam);
/* A withdrawal that also carries path attributes (ExaBGP's form for every MP
 * family but unicast/multicast; wire_family_withdraw_attrs tells which). */
bool wire_update_begin_withdraw_attrs(struct wire_update_builder *b, fam_t fam, const uint8_t *blob, size_t len);
bool wire_family_withdraw_attrs(fam_t fam);
/* Add one NLRI; false when the message is full (nothing was added). */
bool wire_update_add(struct wire_update_builder *b, const struct nlri_ref *n);
/* Close the current message (a message with no NLRI is dropped). */
void wire_update_end(struct wire_update_builder *b);
/* End-of-RIB for a family: empty UPDATE for IPv4 unicast, else an empty
 * MP_UNREACH (RFC 4724 section 2). */
void wire_update_eor_encode(struct buf *out, fam_t fam);
void wire_update_eor_encode_afi(struct buf *out, uint16_t afi, uint8_t safi);

#endif
