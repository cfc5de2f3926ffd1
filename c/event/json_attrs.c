/* ExaBGP's JSON for path attributes (ExaBGP bgp/message/update/attribute/):
 * the "attribute" object of an UPDATE, keyed in type-code order. */
#include "event/json_int.h"
#include "event/utf8.h"
#include "wire/attrs.h"

#include <arpa/inet.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void json_put_string(struct buf *out, const char *s, size_t n)
{
	buf_put_u8(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		default:
			if (c < 0x20) {
				buf_printf(out, "\\u%04x", c);
			} else if (c < 0x80) {
				buf_put_u8(out, c);
			} else {
				/* Peer-chosen text (hostname, software version, names)
				 * need not be UTF-8: a valid sequence is copied, an
				 * invalid one becomes U+FFFD, so the line stays JSON. */
				uint32_t cp;
				size_t k = utf8_next((const uint8_t *)s + i, n - i, &cp);
				if (cp == 0xfffd && !(k == 3 && !memcmp(s + i, "\xef\xbf\xbd", 3)))
					buf_puts(out, "\\ufffd");
				else
					buf_put(out, s + i, k);
				i += k - 1;
			}
		}
	}
	buf_put_u8(out, '"');
}

void json_put_ipv4(struct buf *out, const uint8_t *p)
{
	buf_printf(out, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
}

void json_put_ip(struct buf *out, const uint8_t *p, size_t len)
{
	if (len == 4) {
		json_put_ipv4(out, p);
	} else if (len == 16) {
		char t[INET6_ADDRSTRLEN];
		inet_ntop(AF_INET6, p, t, sizeof t);
		buf_puts(out, t);
	}
}

/* Decimal of a big-endian unsigned integer of up to 64 bytes (ExaBGP
 * prints an extended community as the integer of its bytes, 64 or 160
 * bits, and some BGP-LS values as Python's int(hex, 16)). */
void json_put_bigdec(struct buf *out, const uint8_t *p, size_t n)
{
	uint8_t v[64];
	char digits[160];   /* 64 bytes: at most 155 decimal digits */
	size_t nd = 0;
	if (n > sizeof v)
		n = sizeof v;
	memcpy(v, p, n);
	for (;;) {
		bool zero = true;
		unsigned rem = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned cur = rem * 256 + v[i];
			v[i] = (uint8_t)(cur / 10);
			rem = cur % 10;
			if (v[i])
				zero = false;
		}
		digits[nd++] = (char)('0' + rem);
		if (zero || nd == sizeof digits)
			break;
	}
	while (nd)
		buf_put_u8(out, (uint8_t)digits[--nd]);
}

static float be_float(const uint8_t *p)
{
	uint32_t u = get_be32(p);
	float f;
	memcpy(&f, &u, sizeof f);
	return f;
}

/* The "string" of one extended community: ExaBGP's registered classes
 * (ExaBGP community/extended/), looked up, as ExaBGP does, by the type's low
 * nibble and the subtype; anything else is its hex. */
void json_ext_community_string(struct buf *s, const uint8_t *c)
{
	uint8_t type = c[0] & 0x0f, sub = c[1];
	switch (type << 8 | sub) {
	/* route target (RFC 4360 4) and RT-record (RFC 9015 3.2, ExaBGP's
	 * subclass of it that only renames the prefix) */
	case 0x0002: case 0x0013:
		buf_printf(s, "%s:%u:%u", sub == 0x13 ? "rtrecord" : "target", get_be16(c + 2), get_be32(c + 4));
		return;
	case 0x0102: case 0x0113:
		buf_printf(s, "%s:", sub == 0x13 ? "rtrecord" : "target");
		json_put_ipv4(s, c + 2);
		buf_printf(s, ":%u", get_be16(c + 6));
		return;
	case 0x0202: case 0x0213:
		buf_printf(s, "%s:%u:%u", sub == 0x13 ? "rtrecord" : "target", get_be32(c + 2), get_be16(c + 6));
		return;
	case 0x0003:
		buf_printf(s, "origin:%u:", get_be16(c + 2));
		json_put_ipv4(s, c + 4);
		return;
	case 0x0103:
		buf_puts(s, "origin:");
		json_put_ipv4(s, c + 2);
		buf_printf(s, ":%u", get_be16(c + 6));
		return;
	case 0x0203:
		buf_printf(s, "origin:%u:%u", get_be32(c + 2), get_be16(c + 6));
		return;
	/* FlowSpec actions (RFC 8955 7): ExaBGP keys them by the low nibble as
	 * every class, so 0x00/0x40/0xC0... 0x06 read as 0x80 0x06 does. */
	case 0x0006:
	case 0x000c: {
		/* the rate, a float, truncated to a whole number of any size as
		 * Python's '%d' does; the packet rate is floored at 0 first.  An
		 * infinite or NaN rate (ExaBGP raises on it) is shown as hex. */
		double r = be_float(c + 4);
		if (sub == 0x0c && r < 0)
			r = 0;
		if (isnan(r) || isinf(r))
			break;
		r = trunc(r) + 0.0; /* + 0.0: -0 prints as 0 */
		buf_printf(s, "rate-limit:%.0f%s", r, sub == 0x0c ? ":packets" : "");
		return;
	}
	case 0x0007: {
		bool sample = c[7] & 2, terminal = c[7] & 1;
		buf_printf(s, "action %s%s%s", sample ? "sample" : "", sample && terminal ? "-" : "",
		           terminal ? "terminal" : "");
		return;
	}
	case 0x0008:
		buf_printf(s, "redirect:%u:%u", get_be16(c + 2), get_be32(c + 4));
		return;
	/* 0x82 0x08 (redirect, 4-octet AS) stays hex: ExaBGP's class has no
	 * description of its own, so its JSON shows the bytes. */
	case 0x0009:
		buf_printf(s, "mark %u", c[7]);
		return;
	case 0x000a:
		buf_printf(s, "l2info:%u:%u:%u:%u", c[2], c[3], get_be16(c + 4), get_be16(c + 6));
		return;
	case 0x010c:
		buf_puts(s, (c[7] & 1) ? "copy-to-nexthop-ietf " : "redirect-to-nexthop-ietf ");
		json_put_ipv4(s, c + 2);
		if (c[7] & 1)
			buf_puts(s, " (with copy)");
		return;
	case 0x0800:
		buf_puts(s, (c[7] & 1) ? "copy-to-nexthop" : "redirect-to-nexthop");
		return;
	/* 0x40 0x04 (link bandwidth) stays hex: ExaBGP never loads its class. */
	case 0x030c:
		buf_printf(s, "encap:");
		switch (get_be16(c + 6)) {
		case 0: buf_puts(s, "Default"); break;
		case 1: buf_puts(s, "L2TPv3"); break;
		case 2: buf_puts(s, "GRE"); break;
		case 7: buf_puts(s, "IP-in-IP"); break;
		case 8: buf_puts(s, "VXLAN"); break;
		case 9: buf_puts(s, "NVGRE"); break;
		case 10: buf_puts(s, "MPLS"); break;
		case 11: buf_puts(s, "MPLS-in-GRE"); break;
		case 12: buf_puts(s, "VXLAN-GPE"); break;
		case 13: buf_puts(s, "MPLS-in-UDP"); break;
		default: buf_printf(s, "encap:UNKNOWN-%u", get_be16(c + 6));
		}
		return;
	case 0x0314:
		buf_printf(s, "consistentHashSortOrder:%u", get_be32(c + 2));
		return;
	case 0x0600:
		/* ExaBGP: sticky when the flags octet is exactly 1 */
		buf_printf(s, "mac-mobility:%u%s", get_be32(c + 4), c[2] == 1 ? ":sticky" : "");
		return;
	case 0x0c00:
		buf_printf(s, "mup:%u:%u", get_be16(c + 2), get_be32(c + 4));
		return;
	case 0x0702: {
		/* FlowSpec interface-set (draft-ietf-idr-flowspec-interfaceset):
		 * AS, then direction in the top 2 bits and a 14-bit group id. */
		static const char *const dir[] = { NULL, "input", "output", "input-output" };
		unsigned d = get_be16(c + 6) >> 14;
		if (dir[d])
			buf_printf(s, "interface-set:%s:%u:%u", dir[d], get_be32(c + 2), get_be16(c + 6) & 0x3fff);
		else
			buf_printf(s, "interface-set:%u:%u:%u", d, get_be32(c + 2), get_be16(c + 6) & 0x3fff);
		return;
	}
	default:
		break;
	}
	buf_puts(s, "0x");
	hex_encode(s, c, 8);
}

static void attr_ext_communities(struct buf *out, const uint8_t *v, size_t len)
{
	buf_puts(out, "[ ");
	struct buf s = BUF_INIT;
	for (size_t off = 0; off + 8 <= len; off += 8) {
		if (off)
			buf_puts(out, ", ");
		buf_puts(out, "{ \"value\": ");
		json_put_bigdec(out, v + off, 8);
		buf_puts(out, ", \"string\": ");
		buf_reset(&s);
		json_ext_community_string(&s, v + off);
		json_put_string(out, (const char *)s.data, s.len);
		/* the one class whose JSON says whether it is transitive (ExaBGP's InterfaceSet) */
		if ((v[off] & 0x0f) == 0x07 && v[off + 1] == 0x02)
			buf_puts(out, (v[off] & 0x40) ? ", \"transitive\": false" : ", \"transitive\": true");
		buf_puts(out, " }");
	}
	buf_free(&s);
	buf_puts(out, " ]");
}

static void attr_ipv6_ext_communities(struct buf *out, const uint8_t *v, size_t len)
{
	buf_puts(out, "[ ");
	for (size_t off = 0; off + 20 <= len; off += 20) {
		if (off)
			buf_puts(out, ", ");
		buf_puts(out, "{ \"value\": ");
		json_put_bigdec(out, v + off, 20);
		buf_puts(out, ", \"string\": \"");
		const uint8_t *c = v + off;
		/* FlowSpec redirect to an IPv6 next hop (draft-ietf-idr-flowspec-
		 * redirect-ip, 0x00 0x0C), copy flag in the last octet; ExaBGP keys
		 * it by the type's low nibble. Its 0x0B (redirect to VRF) class has
		 * no description, so ExaBGP shows that one's hex like the rest. */
		if ((c[0] & 0x0f) == 0 && c[1] == 0x0c) {
			buf_puts(out, (c[19] & 1) ? "copy-to-nexthop-ietf " : "redirect-to-nexthop-ietf ");
			json_put_ip(out, c + 2, 16);
			if (c[19] & 1)
				buf_puts(out, " (with copy)");
		} else {
			buf_puts(out, "0x");
			hex_encode(out, c, 20);
		}
		buf_puts(out, "\" }");
	}
	buf_puts(out, " ]");
}

static void attr_as_path(struct buf *out, const uint8_t *v, size_t len)
{
	static const char *const names[] = { "", "as-set", "as-sequence", "as-confed-sequence",
		"as-confed-set" };
	buf_puts(out, "{");
	size_t off = 0;
	unsigned seg = 0;
	while (off + 2 <= len) {
		uint8_t type = v[off], n = v[off + 1];
		off += 2;
		if (off + (size_t)n * 4 > len)
			break;
		buf_printf(out, "%s\"%u\": { \"element\": \"%s\", \"value\": [", seg ? ", " : " ", seg,
		           type >= 1 && type <= 4 ? names[type] : "unknown");
		for (unsigned i = 0; i < n; i++, off += 4)
			buf_printf(out, "%s%u", i ? ", " : " ", get_be32(v + off));
		buf_puts(out, n ? " ] }" : "] }");
		seg++;
	}
	buf_puts(out, " }");
}

/* BGP Prefix-SID (RFC 8669, RFC 9252): ExaBGP joins the members of its
 * TLVs in wire order: label index (type 1), originator SRGB (type 3), SRv6
 * L3/L2 services (5, 6, json_prefix_sid.c) and, for any other type,
 * "attribute-not-implemented-N": "0x<value>".  Returns false when a TLV
 * overruns or a known one does not parse (the generic form is shown). */
static bool attr_prefix_sid(struct buf *out, const uint8_t *v, size_t len)
{
	struct buf t = BUF_INIT;
	bool first = true;
	size_t off = 0;
	while (off + 3 <= len) {
		uint8_t type = v[off];
		uint16_t l = get_be16(v + off + 1);
		const uint8_t *p = v + off + 3;
		if (off + 3 + l > len)
			goto fail;
		if (!first)
			buf_puts(&t, ", ");
		if (type == 1) {
			if (l != 7)
				goto fail;
			buf_printf(&t, "\"sr-label-index\": %u", get_be32(p + 3));
		} else if (type == 3) {
			if (l < 2 || (l - 2) % 6)
				goto fail;
			buf_puts(&t, "\"sr-srgbs\": [");
			for (size_t i = 2; i + 6 <= l; i += 6) {
				uint32_t base = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
				uint32_t range = (uint32_t)p[i + 3] << 16 | (uint32_t)p[i + 4] << 8 | p[i + 5];
				buf_printf(&t, "%s[%u, %u]", i > 2 ? ", " : "", base, range);
			}
			buf_puts(&t, "]");
		} else if (type == 5 || type == 6) {
			if (!json_prefix_sid_service(&t, type, p, l))
				goto fail;
		} else {
			buf_printf(&t, "\"attribute-not-implemented-%u\": \"0x", type);
			hex_encode(&t, p, l);
			buf_puts(&t, "\"");
		}
		first = false;
		off += 3 + (size_t)l;
	}
	if (off != len)
		goto fail;
	buf_puts(out, "{ ");
	buf_put(out, t.data, t.len);
	buf_puts(out, " }");
	buf_free(&t);
	return true;
fail:
	buf_free(&t);
	return false;
}

static void attr_generic(struct buf *out, const struct attr_entry *a)
{
	buf_printf(out, "\"attribute-0x%02X-0x%02X\": \"0x", a->code, a->flags);
	for (size_t i = 0; i < a->len; i++)
		buf_printf(out, "%02x", a->value[i]);
	buf_puts(out, "\"");
}

/* One attribute as `"name": value`; returns false when it prints nothing
 * (empty AS_PATH, NEXT_HOP, local pseudo-attributes). */
static bool attr_json(struct buf *out, const struct attr_entry *a)
{
	const uint8_t *v = a->value;
	size_t n = a->len;
	switch (a->code) {
	case ATTR_ORIGIN:
		if (n != 1) break;
		buf_printf(out, "\"origin\": \"%s\"",
		           v[0] == 0 ? "igp" : v[0] == 1 ? "egp" : v[0] == 2 ? "incomplete" : "invalid");
		return true;
	case ATTR_AS_PATH:
		if (n == 0)
			return false;
		buf_puts(out, "\"as-path\": ");
		attr_as_path(out, v, n);
		return true;
	case ATTR_NEXT_HOP:
		return false;
	case ATTR_MED:
		if (n != 4) break;
		buf_printf(out, "\"med\": %u", get_be32(v));
		return true;
	case ATTR_LOCAL_PREF:
		if (n != 4) break;
		buf_printf(out, "\"local-preference\": %u", get_be32(v));
		return true;
	case ATTR_ATOMIC_AGGREGATE:
		buf_puts(out, "\"atomic-aggregate\": true");
		return true;
	case ATTR_AGGREGATOR:
		if (n == 8) {
			buf_printf(out, "\"aggregator\": \"%u:", get_be32(v));
			json_put_ipv4(out, v + 4);
		} else if (n == 6) {
			buf_printf(out, "\"aggregator\": \"%u:", get_be16(v));
			json_put_ipv4(out, v + 2);
		} else {
			break;
		}
		buf_puts(out, "\"");
		return true;
	case ATTR_COMMUNITIES:
		if (n % 4) break;
		buf_puts(out, "\"community\": [ ");
		for (size_t i = 0; i < n; i += 4)
			buf_printf(out, "%s[ %u, %u ]", i ? ", " : "", get_be16(v + i), get_be16(v + i + 2));
		buf_puts(out, " ]");
		return true;
	case ATTR_ORIGINATOR_ID:
		if (n != 4) break;
		buf_puts(out, "\"originator-id\": \"");
		json_put_ipv4(out, v);
		buf_puts(out, "\"");
		return true;
	case ATTR_CLUSTER_LIST:
		if (n % 4) break;
		buf_puts(out, "\"cluster-list\": [ ");
		for (size_t i = 0; i < n; i += 4) {
			buf_puts(out, i ? ", \"" : "\"");
			json_put_ipv4(out, v + i);
			buf_puts(out, "\"");
		}
		buf_puts(out, " ]");
		return true;
	case ATTR_EXT_COMMUNITIES:
		if (n % 8) break;
		buf_puts(out, "\"extended-community\": ");
		attr_ext_communities(out, v, n);
		return true;
	case ATTR_IPV6_EXT_COMMUNITIES:
		if (n % 20) break;
		buf_puts(out, "\"extended-community-ipv6\": ");
		attr_ipv6_ext_communities(out, v, n);
		return true;
	case ATTR_AIGP:
		/* RFC 7311: TLV type 1, length 11, 8-octet metric; ExaBGP prints
		 * it as a hex string. */
		if (n < 11 || v[0] != 1 || get_be16(v + 1) != 11) break;
		buf_printf(out, "\"aigp\": \"0x%016llx\"",
		           (unsigned long long)get_be32(v + 3) << 32 | get_be32(v + 7));
		return true;
	case ATTR_PMSI_TUNNEL: {
		/* RFC 6514 5, as ExaBGP's PMSI repr: pmsi:TYPE:FLAGS:LABEL:TUNNEL,
		 * the type's name lower case without spaces, the raw label field
		 * in parentheses when its low 4 bits are set, an ingress
		 * replication endpoint of 4 octets dotted, "no tunnel" of none
		 * empty, any other identifier in hex. */
		static const char *const names[] = { "notunnel", "rsvp-tep2mplsp", "mldpp2mplsp", "pim-ssmtree",
		                                     "pim-smtree", "bidir-pimtree", "ingressreplication",
		                                     "mldpmp2mplsp" };
		if (n < 5) break;
		uint32_t raw = get_be32(v + 1) & 0xffffff, label = raw >> 4;
		buf_printf(out, "\"pmsi\": \"pmsi:%s:%u:", v[1] < 8 ? names[v[1]] : "unknown", v[0]);
		if (raw != label << 4)
			buf_printf(out, "%u(%u):", label, raw);
		else
			buf_printf(out, "%u:", label);
		if (v[1] == 6 && n == 9) {
			json_put_ipv4(out, v + 5);
		} else if (n > 5) {
			buf_puts(out, "0x");
			hex_encode(out, v + 5, n - 5);
		}
		buf_puts(out, "\"");
		return true;
	}
	case ATTR_LARGE_COMMUNITIES:
		if (n % 12) break;
		buf_puts(out, "\"large-community\": [ ");
		for (size_t i = 0; i < n; i += 12)
			buf_printf(out, "%s[ %u, %u , %u ]", i ? ", " : "", get_be32(v + i), get_be32(v + i + 4),
			           get_be32(v + i + 8));
		buf_puts(out, " ]");
		return true;
	case ATTR_PREFIX_SID: {
		size_t mark = out->len;
		buf_puts(out, "\"bgp-prefix-sid\": ");
		if (attr_prefix_sid(out, v, n))
			return true;
		out->len = mark;
	}
		/* fall through: SRv6 services are rendered by json_attr_ext */
	default:
		if (a->code >= 0xf0)
			return false;   /* local pseudo-attributes are never shown */
		for (const struct json_attr_ext *x = json_attr_ext; x->fn; x++) {
			if (x->code != a->code)
				continue;
			size_t mark = out->len;
			if (x->fn(out, v, n))
				return true;
			out->len = mark;
		}
		break;
	}
	attr_generic(out, a);
	return true;
}

void json_attributes_members(struct buf *out, const uint8_t *blob, size_t bloblen, const uint8_t *nh,
                             size_t nhlen)
{
	struct attr_iter it;
	struct attr_entry a;
	bool first = true, nh_done = nh == NULL;
	attr_iter_init(&it, blob, bloblen);
	for (;;) {
		bool more = attr_iter_next(&it, &a) && it.p <= it.end;
		/* ExaBGP adds NEXT_HOP, in code order, to the attributes of an
		 * UPDATE that withdraws routes (include_nexthop). */
		if (!nh_done && (!more || a.code > ATTR_NEXT_HOP)) {
			buf_puts(out, first ? "\"next-hop\": \"" : ", \"next-hop\": \"");
			json_put_ip(out, nh, nhlen);
			buf_puts(out, "\"");
			first = false;
			nh_done = true;
		}
		if (!more)
			break;
		size_t mark = out->len;
		if (!first)
			buf_puts(out, ", ");
		if (attr_json(out, &a))
			first = false;
		else
			out->len = mark;
	}
}

void json_attributes(struct buf *out, const uint8_t *blob, size_t bloblen)
{
	buf_puts(out, "{ ");
	json_attributes_members(out, blob, bloblen, NULL, 0);
	buf_puts(out, " }");
}
