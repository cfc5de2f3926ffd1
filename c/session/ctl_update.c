/* Received UPDATEs for event scripts' on("update") (docs/lua.md): one
 * compact text per UPDATE (format in session/control.h), built only while
 * some script subscribed (ctl_updates_wanted), and queued by the embed
 * layer for the scheduler: the receive path never runs Lua. */
#include <arpa/inet.h>
#include <string.h>

#include "base/buf.h"
#include "event/text.h"
#include "session/control.h"
#include "session/peer.h"
#include "wire/family.h"
#include "wire/nlri.h"
#include "wire/update.h"

bool ctl_updates_wanted;

/* The next hop as received: plain 4/16 bytes, 32 (global + link-local:
 * the global one), or VPN forms with an 8-byte RD first (RFC 4364 4.3.2). */
static void nh_text(struct buf *out, const uint8_t *nh, size_t len)
{
	char s[INET6_ADDRSTRLEN];
	if (len == 12 || len == 24 || len == 48) {
		nh += 8;
		len = len == 12 ? 4 : 16;
	} else if (len == 32) {
		len = 16;
	}
	if ((len == 4 && inet_ntop(AF_INET, nh, s, sizeof s)) || (len == 16 && inet_ntop(AF_INET6, nh, s, sizeof s)))
		buf_puts(out, s);
	else
		buf_puts(out, "-");
}

static void field(struct buf *out, char kind, const struct wire_nlri_field *f, const uint8_t *nh, size_t nhlen)
{
	const struct family_ops *ops = family_ops(f->fam);
	const char *name = family_name(f->fam);
	if (!ops || !ops->nlri_text || !name || !f->len)
		return;
	buf_put_u8(out, (uint8_t)kind);
	buf_put_u8(out, ' ');
	buf_puts(out, name);
	buf_put_u8(out, '\t');
	if (kind == 'a') {
		nh_text(out, nh, nhlen);
		buf_put_u8(out, '\t');
	}
	struct nlri_iter it;
	struct nlri_ref n;
	bool first = true;
	nlri_iter_init(&it, f->fam, f->addpath, f->data, f->len);
	while (nlri_iter_next(&it, &n)) {
		/* A tab between routes: the text of a VPN, EVPN, SR Policy...
		 * route has spaces in it ("10.0.0.0/24 label 1000 (16001) rd 1:1"). */
		if (!first)
			buf_put_u8(out, '\t');
		first = false;
		ops->nlri_text(out, n.data, n.len);
	}
	buf_put_u8(out, '\n');
}

void ctl_update_text(struct buf *out, const struct wire_update *u, const uint8_t *blob, size_t bloblen)
{
	if (u->eor) {
		const char *name = family_name(u->eor_fam);
		buf_printf(out, "e %s\n", name ? name : "unknown");
		return;
	}
	if (u->err.action >= WIRE_TREAT_AS_WITHDRAW) {
		/* RFC 7606 section 2: what the UPDATE did is a withdrawal. */
		field(out, 'w', &u->withdrawn, NULL, 0);
		field(out, 'w', &u->nlri, NULL, 0);
		if (u->has_mp_reach)
			field(out, 'w', &u->mp_reach, NULL, 0);
		if (u->has_mp_unreach)
			field(out, 'w', &u->mp_unreach, NULL, 0);
		return;
	}
	field(out, 'a', &u->nlri, u->nh, u->nh_len);
	if (u->has_mp_reach)
		field(out, 'a', &u->mp_reach, u->mp_nh, u->mp_nh_len);
	field(out, 'w', &u->withdrawn, NULL, 0);
	if (u->has_mp_unreach)
		field(out, 'w', &u->mp_unreach, NULL, 0);
	if (blob && bloblen && (u->nlri.len || (u->has_mp_reach && u->mp_reach.len))) {
		buf_puts(out, "t");
		text_attributes(out, blob, bloblen);
		buf_put_u8(out, '\n');
	}
}

void ctl_update_in(struct peer *p, const struct wire_update *u, const uint8_t *blob, size_t bloblen)
{
	struct buf b = BUF_INIT;
	ctl_update_text(&b, u, blob, bloblen);
	if (b.len)
		ctl_event_update(peer_name(p), (const char *)b.data, b.len);
	buf_free(&b);
}
