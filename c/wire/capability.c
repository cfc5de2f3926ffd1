/* Capabilities (RFC 5492): decoding one capability TLV into struct
 * wire_caps, and encoding the capabilities of an OPEN in ExaBGP's order.
 * A malformed capability value is an OPEN Message Error with subcode 0
 * (Unspecific): RFC 5492 defines no subcode for it, and ExaBGP does the same. */
#include "wire/capability.h"

#include <string.h>

/* Copy a length-prefixed string (FQDN, software version) into dst. */
static int cap_string(struct wire_reader *r, char *dst, size_t dstsz)
{
	uint8_t n = wire_get_u8(r);
	const uint8_t *s = wire_get_bytes(r, n);
	if (!s)
		return -1;
	size_t k = n < dstsz - 1 ? n : dstsz - 1;
	memcpy(dst, s, k);
	dst[k] = '\0';
	return 0;
}

static void caps_add_unknown(struct wire_caps *c, uint8_t code, const uint8_t *v, uint8_t len)
{
	if ((size_t)c->unknown_len + 2 + len > sizeof c->unknown)
		return; /* kept for reporting only: silently bounded */
	c->unknown[c->unknown_len++] = code;
	c->unknown[c->unknown_len++] = len;
	memcpy(c->unknown + c->unknown_len, v, len);
	c->unknown_len += len;
}

int wire_capability_decode(struct wire_caps *c, uint8_t code, const uint8_t *v, uint8_t len,
                           struct wire_error *e)
{
	struct wire_reader r;
	wire_reader_init(&r, v, len);
	c->present = true;
	switch (code) {
	case CAP_MULTIPROTOCOL: {
		/* RFC 4760 section 8: AFI(2) reserved(1) SAFI(1). */
		if (len != 4)
			goto bad;
		uint16_t afi = wire_get_u16(&r);
		wire_get_u8(&r);
		uint8_t safi = wire_get_u8(&r);
		fam_t f = family_lookup(afi, safi);
		bool known = f != FAM_NONE && f < FAM_MAX;
		bool seen = known && c->mp[f];
		for (unsigned i = 0; !known && i < c->mp_unknown_n; i++)
			seen |= c->mp_unknown[i].afi == afi && c->mp_unknown[i].safi == safi;
		if (!seen && c->mp_seq_n < sizeof c->mp_seq / sizeof c->mp_seq[0]) {
			c->mp_seq[c->mp_seq_n].afi = afi;
			c->mp_seq[c->mp_seq_n].safi = safi;
			c->mp_seq_n++;
		}
		if (known) {
			c->mp[f] = true;
		} else {
			for (unsigned i = 0; i < c->mp_unknown_n; i++)
				if (c->mp_unknown[i].afi == afi && c->mp_unknown[i].safi == safi)
					return 0;
			if (c->mp_unknown_n < 16) {
				c->mp_unknown[c->mp_unknown_n].afi = afi;
				c->mp_unknown[c->mp_unknown_n].safi = safi;
				c->mp_unknown_n++;
			}
		}
		return 0;
	}
	case CAP_ROUTE_REFRESH:
		c->route_refresh = true;
		return 0;
	case CAP_ROUTE_REFRESH_CISCO:
		c->route_refresh_cisco = true;
		return 0;
	case CAP_ENHANCED_ROUTE_REFRESH:
		c->enhanced_route_refresh = true;
		return 0;
	case CAP_AS4:
		/* RFC 6793 section 3: four octets. */
		if (len != 4)
			goto bad;
		c->as4 = true;
		c->as4_value = wire_get_u32(&r);
		return 0;
	case CAP_EXTENDED_MESSAGE:
		c->extended_message = true;
		return 0;
	case CAP_ADD_PATH:
		/* RFC 7911 section 4: AFI(2) SAFI(1) Send/Receive(1), repeated. */
		if (len % 4)
			goto bad;
		c->addpath_present = true;
		while (r.left) {
			uint16_t afi = wire_get_u16(&r);
			uint8_t safi = wire_get_u8(&r);
			uint8_t sr = wire_get_u8(&r);
			fam_t f = family_lookup(afi, safi);
			if (f != FAM_NONE && f < FAM_MAX)
				c->addpath[f] = sr & (ADDPATH_RECEIVE | ADDPATH_SEND);
		}
		return 0;
	case CAP_GRACEFUL_RESTART: {
		/* RFC 4724 section 3: flags(4 bits) time(12 bits), then
		 * AFI(2) SAFI(1) flags(1) per family. */
		if (len < 2 || (len - 2) % 4)
			goto bad;
		c->graceful_restart = true;
		uint16_t w = wire_get_u16(&r);
		c->gr_flags = (uint8_t)((w >> 8) & 0xf0);
		c->gr_time = w & 0x0fff;
		memset(c->gr_fam_flags, 0, sizeof c->gr_fam_flags);
		c->gr_seq_n = 0;
		while (r.left) {
			uint16_t afi = wire_get_u16(&r);
			uint8_t safi = wire_get_u8(&r);
			uint8_t fl = wire_get_u8(&r);
			fam_t f = family_lookup(afi, safi);
			if (f == FAM_NONE || f >= FAM_MAX)
				continue;
			if (!c->gr_fam_flags[f] && c->gr_seq_n < FAM_MAX)
				c->gr_seq[c->gr_seq_n++] = f;
			c->gr_fam_flags[f] = (uint8_t)((fl & 0x80) | 0x01);
		}
		return 0;
	}
	case CAP_EXTENDED_NEXTHOP:
		/* RFC 8950 section 3: AFI(2) SAFI(2) NH-AFI(2), repeated. */
		if (len % 6)
			goto bad;
		while (r.left) {
			uint16_t afi = wire_get_u16(&r);
			uint16_t safi = wire_get_u16(&r);
			uint16_t nh = wire_get_u16(&r);
			if (c->ext_nh_n < 16 && safi <= 0xff) {
				c->ext_nh[c->ext_nh_n].afi = afi;
				c->ext_nh[c->ext_nh_n].safi = (uint8_t)safi;
				c->ext_nh[c->ext_nh_n].nh_afi = nh;
				c->ext_nh_n++;
			}
		}
		return 0;
	case CAP_LINK_LOCAL_NEXTHOP:
		c->link_local_nexthop = true;
		return 0;
	case CAP_FQDN:
		if (cap_string(&r, c->hostname, sizeof c->hostname) < 0)
			goto bad;
		/* The domain name may be missing in old implementations. */
		if (r.left && cap_string(&r, c->domainname, sizeof c->domainname) < 0)
			goto bad;
		c->fqdn = true;
		return 0;
	case CAP_SOFTWARE_VERSION:
		if (cap_string(&r, c->software, sizeof c->software) < 0)
			goto bad;
		c->software_present = true;
		return 0;
	case CAP_ROLE:
		/* RFC 9234 section 4.1: one octet. */
		if (len != 1)
			goto bad;
		c->role_present = true;
		c->role = v[0];
		return 0;
	case CAP_OPERATIONAL:
		/* ExaBGP sends it empty and reads nothing of its value. */
		c->operational = true;
		return 0;
	default:
		caps_add_unknown(c, code, v, len);
		return 0;
	}
bad:
	wire_error_set(e, WIRE_SESSION_RESET, ERR_OPEN, 0, 0,
	               "OPEN: capability %u has a malformed value (length %u)", code, len);
	return -1;
}

/* Append one capability as its own optional parameter (type 2), as ExaBGP
 * does; `ext` selects the RFC 9072 two-octet parameter length. */
static void cap_put(struct buf *out, bool ext, uint8_t code, const uint8_t *v, size_t len)
{
	buf_put_u8(out, 2);
	if (ext)
		buf_put_u16(out, (uint16_t)(len + 2));
	else
		buf_put_u8(out, (uint8_t)(len + 2));
	buf_put_u8(out, code);
	buf_put_u8(out, (uint8_t)len);
	if (len)
		buf_put(out, v, len);
}

static void cap_put_family_list(struct buf *tmp, const struct wire_caps *c, const uint8_t *per_fam,
                                uint8_t mask_listed)
{
	(void)c;
	for (fam_t f = 0; f < FAM_MAX; f++) {
		const struct family_ops *ops = family_ops(f);
		if (!ops || !per_fam[f])
			continue;
		uint8_t b[4];
		put_be16(b, ops->afi);
		b[2] = ops->safi;
		b[3] = (uint8_t)(per_fam[f] & mask_listed);
		buf_put(tmp, b, 4);
	}
}

/* ExaBGP's order (Capabilities.new): multiprotocol (one parameter per
 * family), 4-octet AS, extended next hop, add-path, graceful restart,
 * route refresh + enhanced route refresh, operational, extended message, hostname,
 * software version, link-local next hop; then what ExaBGP has no
 * equivalent for (Cisco route refresh, role, opaque unknown ones). */
void wire_capabilities_encode(struct buf *out, const struct wire_caps *c, bool ext)
{
	uint8_t b[8];
	for (fam_t f = 0; f < FAM_MAX; f++) {
		const struct family_ops *ops = family_ops(f);
		if (!c->mp[f] || !ops)
			continue;
		put_be16(b, ops->afi);
		b[2] = 0;
		b[3] = ops->safi;
		cap_put(out, ext, CAP_MULTIPROTOCOL, b, 4);
	}
	for (unsigned i = 0; i < c->mp_unknown_n && i < 16; i++) {
		put_be16(b, c->mp_unknown[i].afi);
		b[2] = 0;
		b[3] = c->mp_unknown[i].safi;
		cap_put(out, ext, CAP_MULTIPROTOCOL, b, 4);
	}
	if (c->as4) {
		put_be32(b, c->as4_value);
		cap_put(out, ext, CAP_AS4, b, 4);
	}
	struct buf tmp = BUF_INIT;
	if (c->ext_nh_n) {
		for (unsigned i = 0; i < c->ext_nh_n && i < 16; i++) {
			uint8_t t[6];
			put_be16(t, c->ext_nh[i].afi);
			put_be16(t + 2, c->ext_nh[i].safi);
			put_be16(t + 4, c->ext_nh[i].nh_afi);
			buf_put(&tmp, t, 6);
		}
		cap_put(out, ext, CAP_EXTENDED_NEXTHOP, tmp.data, tmp.len);
	}
	if (c->addpath_present) {
		buf_reset(&tmp);
		cap_put_family_list(&tmp, c, c->addpath, 0x03);
		cap_put(out, ext, CAP_ADD_PATH, tmp.data, tmp.len);
	}
	if (c->graceful_restart) {
		buf_reset(&tmp);
		buf_put_u16(&tmp, (uint16_t)(((c->gr_flags & 0xf0) << 8) | (c->gr_time & 0x0fff)));
		cap_put_family_list(&tmp, c, c->gr_fam_flags, 0x80);
		cap_put(out, ext, CAP_GRACEFUL_RESTART, tmp.data, tmp.len);
	}
	if (c->route_refresh)
		cap_put(out, ext, CAP_ROUTE_REFRESH, NULL, 0);
	if (c->enhanced_route_refresh)
		cap_put(out, ext, CAP_ENHANCED_ROUTE_REFRESH, NULL, 0);
	if (c->operational)
		cap_put(out, ext, CAP_OPERATIONAL, NULL, 0);
	if (c->extended_message)
		cap_put(out, ext, CAP_EXTENDED_MESSAGE, NULL, 0);
	if (c->fqdn) {
		buf_reset(&tmp);
		size_t h = strnlen(c->hostname, 64), d = strnlen(c->domainname, 64);
		buf_put_u8(&tmp, (uint8_t)h);
		buf_put(&tmp, c->hostname, h);
		buf_put_u8(&tmp, (uint8_t)d);
		buf_put(&tmp, c->domainname, d);
		cap_put(out, ext, CAP_FQDN, tmp.data, tmp.len);
	}
	if (c->software_present) {
		buf_reset(&tmp);
		size_t n = strnlen(c->software, 64); /* draft: at most 64 octets */
		buf_put_u8(&tmp, (uint8_t)n);
		buf_put(&tmp, c->software, n);
		cap_put(out, ext, CAP_SOFTWARE_VERSION, tmp.data, tmp.len);
	}
	if (c->link_local_nexthop)
		cap_put(out, ext, CAP_LINK_LOCAL_NEXTHOP, NULL, 0);
	if (c->route_refresh_cisco)
		cap_put(out, ext, CAP_ROUTE_REFRESH_CISCO, NULL, 0);
	if (c->role_present)
		cap_put(out, ext, CAP_ROLE, &c->role, 1);
	for (size_t off = 0; off + 2 <= c->unknown_len && off + 2 + c->unknown[off + 1] <= c->unknown_len;
	     off += 2 + (size_t)c->unknown[off + 1])
		cap_put(out, ext, c->unknown[off], c->unknown + off + 2, c->unknown[off + 1]);
	buf_free(&tmp);
}
