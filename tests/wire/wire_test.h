/* Helpers shared by the wire tests: hex in, blobs by hand. */
#ifndef LB_TESTS_WIRE_TEST_H
#define LB_TESTS_WIRE_TEST_H

#include <stdlib.h>

#include "base/buf.h"
#include "base/hex.h"
#include "wire/attrs.h"
#include "wire/update.h"

/* Hex (colons and spaces ignored) into a fresh buffer; aborts on bad hex. */
static inline struct buf hexbuf(const char *s)
{
	struct buf b = BUF_INIT;
	if (hex_decode(&b, s) != 0) {
		fprintf(stderr, "bad hex in test: %s\n", s);
		abort();
	}
	return b;
}

/* Append a blob entry; flags -1 means the canonical flags of a known code. */
static inline void blob_add(struct buf *blob, int flags, uint8_t code, const char *hex)
{
	struct buf v = hexbuf(hex);
	if (flags < 0)
		flags = attrs_known_flags(code);
	buf_put_u8(blob, (uint8_t)flags);
	buf_put_u8(blob, code);
	buf_put_u16(blob, (uint16_t)v.len);
	if (v.len)
		buf_put(blob, v.data, v.len);
	buf_free(&v);
}

static inline struct wire_session_ctx test_session(bool ebgp, bool asn4)
{
	struct wire_session_ctx c;
	memset(&c, 0, sizeof c);
	c.asn4 = asn4;
	c.ebgp = ebgp;
	c.local_as = 65533;
	c.peer_as = ebgp ? 65000 : 65533;
	c.max_msg = BGP_MAX_MSG;
	c.fam[FAM_IPV4_UNICAST] = c.fam[FAM_IPV6_UNICAST] = true;
	return c;
}

static inline struct wire_encode_ctx test_encode(const struct wire_session_ctx *s)
{
	struct wire_encode_ctx e;
	memset(&e, 0, sizeof e);
	e.asn4 = s->asn4;
	e.ebgp = s->ebgp;
	e.local_as = s->local_as;
	e.add_local_pref = !s->ebgp;
	return e;
}

/* Print both sides (first 150 bytes) when they differ. */
static inline void hexdump_diff(const char *what, const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
	if (al == bl && memcmp(a, b, al) == 0)
		return;
	struct buf h = BUF_INIT;
	hex_encode(&h, a, al);
	fprintf(stderr, "%s\n   got: %.300s\n", what, buf_cstr(&h));
	buf_reset(&h);
	hex_encode(&h, b, bl);
	fprintf(stderr, "wanted: %.300s\n", buf_cstr(&h));
	buf_free(&h);
}

#endif
