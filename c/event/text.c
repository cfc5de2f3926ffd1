/* ExaBGP's text API encoder (reactor/api/response/text.py and the __str__
 * of its message, attribute and capability classes).  Helpers written for
 * ExaBGP match substrings of these lines, so the words, spacing and the
 * "0x" + upper-case hex of ExaBGP's hexstring() are kept. */
#include "event/text.h"
#include "event/json_int.h"
#include "event/text_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/utf8.h"
#include "wire/attrs.h"
#include "wire/family.h"
#include "wire/nlri.h"

static void hexstring(struct buf *out, const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	buf_puts(out, "0x");
	uint8_t *w = buf_extend(out, n * 2);
	for (size_t i = 0; i < n; i++) {
		w[2 * i] = (uint8_t)hx[p[i] >> 4];
		w[2 * i + 1] = (uint8_t)hx[p[i] & 15];
	}
}

/* ` header 0x...` and ` body 0x...` (ExaBGP prints the header alone when
 * there is no body). */
static void header_body(struct buf *out, const struct text_raw *raw)
{
	if (!raw)
		return;
	if (raw->header) {
		buf_puts(out, " header ");
		hexstring(out, raw->header, 19);
	}
	if (raw->body && raw->body_len) {
		buf_puts(out, " body ");
		hexstring(out, raw->body, raw->body_len);
	}
}

/* ExaBGP's encoder returns each event ending in a newline and its writer
 * (reactor/api/processes.py) adds one more: a helper reads an empty line
 * after every text event (OPERATIONAL's string has no newline of its own,
 * so it is followed by none). */
static void event_end(struct buf *out)
{
	buf_puts(out, "\n\n");
}

void text_state(struct buf *out, const char *peer, const char *state, const char *reason)
{
	if (!strcmp(state, "down")) {
		buf_printf(out, "neighbor %s down - ", peer);
		if (reason)
			text_oneline(out, (const uint8_t *)reason, strlen(reason));
	} else {
		buf_printf(out, "neighbor %s %s", peer, state);
	}
	event_end(out);
}

void text_shutdown(struct buf *out, long pid, long ppid)
{
	buf_printf(out, "shutdown %ld %ld", pid, ppid);
	event_end(out);
}

/* A Cease with a Shutdown Communication (RFC 9003): ExaBGP's text event
 * shows, in hex, its reading of the data rather than the data (its
 * Notification.data): the message quoted, CR and LF as spaces, or why it
 * could not be read (over 128 octets, RFC 8203's limit, is "too large"). */
static void shutdown_communication(struct buf *out, const uint8_t *d, size_t n)
{
	size_t len = d[0];
	const uint8_t *p = d + 1;
	size_t left = n - 1;
	const char *bad = NULL;
	if (!len) {
		buf_puts(out, "empty Shutdown Communication.");
		return;
	}
	if (left < len)
		bad = "buffer underrun";
	else if (len > 128)
		bad = "too large";
	for (size_t i = 0; !bad && i < len;) {
		uint32_t cp;
		size_t k = utf8_next(p + i, len - i, &cp);
		if (cp == 0xfffd && !(k == 3 && p[i] == 0xef))
			bad = "invalid UTF-8";
		i += k;
	}
	if (bad) {
		buf_printf(out, "invalid Shutdown Communication (%s) length : %zu [", bad, len);
		hexstring(out, p, left);
		buf_puts(out, "]");
		return;
	}
	buf_puts(out, "Shutdown Communication: \"");
	for (size_t i = 0; i < len; i++)
		buf_put_u8(out, p[i] == '\r' || p[i] == '\n' ? ' ' : p[i]);
	buf_puts(out, "\"");
	if (left > len) {
		buf_puts(out, ", trailing data: ");
		hexstring(out, p + len, left - len);
	}
}

void text_notification(struct buf *out, const char *peer, const char *direction,
                       const struct wire_notification *n, const struct text_raw *raw)
{
	buf_printf(out, "neighbor %s %s notification code %u subcode %u data ", peer, direction, n->code, n->subcode);
	if (n->code == 6 && (n->subcode == 2 || n->subcode == 4) && n->data_len) {
		struct buf msg = BUF_INIT;
		shutdown_communication(&msg, n->data, n->data_len);
		hexstring(out, msg.data, msg.len);
		buf_free(&msg);
	} else {
		hexstring(out, n->data, n->data_len);
	}
	header_body(out, raw);
	event_end(out);
}

void text_keepalive(struct buf *out, const char *peer, const char *direction, const struct text_raw *raw)
{
	buf_printf(out, "neighbor %s %s keepalive", peer, direction);
	header_body(out, raw);
	event_end(out);
}

void text_packets(struct buf *out, const char *peer, const char *direction, unsigned category,
                  const struct text_raw *raw)
{
	buf_printf(out, "neighbor %s %s %u", peer, direction, category);
	header_body(out, raw);
	event_end(out);
}

static void put_family(struct buf *out, uint16_t afi, uint8_t safi, const char *sep)
{
	const char *a = family_afi_name(afi), *s = family_safi_name(safi);
	if (a) buf_puts(out, a); else buf_printf(out, "%u", afi);
	buf_puts(out, sep);
	if (s) buf_puts(out, s); else buf_printf(out, "%u", safi);
}

static void put_afi_safi(struct buf *out, uint16_t afi, uint8_t safi)
{
	const char *a = family_afi_name(afi), *s = family_safi_name(safi);
	if (a) buf_puts(out, a); else buf_printf(out, "unknown-afi-0x%x", afi);
	buf_put_u8(out, ' ');
	if (s) buf_puts(out, s); else buf_printf(out, "unknown safi %u", safi);
}

/* A capability ExaBGP has no class for (unknown.py): its range, then the
 * code's name from ExaBGP's table or `unknown capability 0x..`; the two
 * multisession codes and paths-limit, which ExaBGP does decode. */
static void capability_other(struct buf *out, uint8_t code, const uint8_t *v, size_t len)
{
	if (code == 68 || code == 131) {
		buf_puts(out, code == 68 ? "multisession (rfc) " : "multisession ");
		return;
	}
	if (code == 76 && len % 5 == 0) {
		buf_puts(out, "pathslimit(");
		for (size_t i = 0; i + 5 <= len; i += 5) {
			if (i)
				buf_puts(out, ", ");
			put_afi_safi(out, get_be16(v + i), v[i + 2]);
			buf_printf(out, " %u", get_be16(v + i + 3));
		}
		buf_puts(out, ")");
		return;
	}
	static const struct { uint8_t code; const char *name; } names[] = {
		{ 0, "reserved" }, { 3, "outbound-route-filtering" }, { 4, "multiple-routes" }, { 67, "dynamic-capability" },
	};
	buf_puts(out, code >= 128 ? "reserved " : code >= 70 ? "unassigned " : "unknown ");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].code == code) {
			buf_puts(out, names[i].name);
			return;
		}
	buf_printf(out, "unknown capability 0x%x", code);
}

/* The capabilities as ExaBGP's str(Capabilities): each capability's
 * __str__ in code order, ", " separated; text_open lower-cases it.  The
 * families inside multiprotocol and graceful restart are in the OPEN's
 * order (wire_caps.mp_seq, gr_seq), or our table's for an OPEN we built. */
static void capabilities_text(struct buf *out, const struct wire_caps *c)
{
	bool first = true;
#define SEP() do { if (!first) buf_puts(out, ", "); first = false; } while (0)
	for (unsigned code = 0; code < 256; code++) {
		switch (code) {
		case 1: {
			bool any_mp = c->mp_unknown_n > 0;
			for (fam_t f = 0; f < FAM_MAX; f++)
				any_mp |= c->mp[f];
			if (!any_mp)
				break;
			SEP();
			buf_puts(out, "multiprotocol(");
			bool n = false;
			for (unsigned i = 0; i < c->mp_seq_n && i < sizeof c->mp_seq / sizeof c->mp_seq[0]; i++) {
				if (n) buf_put_u8(out, ',');
				put_afi_safi(out, c->mp_seq[i].afi, c->mp_seq[i].safi);
				n = true;
			}
			for (fam_t f = 0; f < FAM_MAX && !c->mp_seq_n; f++) {
				const struct family_ops *ops = family_ops(f);
				if (!c->mp[f] || !ops)
					continue;
				if (n) buf_put_u8(out, ',');
				put_family(out, ops->afi, ops->safi, " ");
				n = true;
			}
			for (unsigned i = 0; i < c->mp_unknown_n && i < 16 && !c->mp_seq_n; i++) {
				if (n) buf_put_u8(out, ',');
				put_afi_safi(out, c->mp_unknown[i].afi, c->mp_unknown[i].safi);
				n = true;
			}
			buf_puts(out, ")");
			break;
		}
		case 2:
			/* ExaBGP's two route refresh codes share one object, named
			 * after the last seen: with both, the Cisco one (sent after). */
			if (c->route_refresh) { SEP(); buf_puts(out, c->route_refresh_cisco ? "cisco route refresh" : "route refresh"); }
			break;
		case 5:
			if (!c->ext_nh_n)
				break;
			SEP();
			buf_puts(out, "nexthop(");
			for (unsigned i = 0; i < c->ext_nh_n && i < 16; i++) {
				if (i) buf_put_u8(out, ',');
				put_family(out, c->ext_nh[i].afi, c->ext_nh[i].safi, " ");
				const char *nh = family_afi_name(c->ext_nh[i].nh_afi);
				if (nh) buf_printf(out, " %s", nh); else buf_printf(out, " %u", c->ext_nh[i].nh_afi);
			}
			buf_puts(out, ")");
			break;
		case 6:
			if (c->extended_message) { SEP(); buf_puts(out, "extended message(65535)"); }
			break;
		case 9:
			if (c->role_present) { SEP(); capability_other(out, 9, &c->role, 1); }
			break;
		case 64: {
			if (!c->graceful_restart)
				break;
			SEP();
			buf_printf(out, "graceful restart flags 0x%x time %u ", (c->gr_flags >> 4) & 0xf, c->gr_time);
			bool n = false;
			for (unsigned i = 0; i < FAM_MAX; i++) {
				/* in the OPEN's order when it was decoded, else ours */
				fam_t f = c->gr_seq_n ? (i < c->gr_seq_n ? c->gr_seq[i] : FAM_MAX) : (fam_t)i;
				const struct family_ops *ops = f < FAM_MAX ? family_ops(f) : NULL;
				if (!ops || !c->gr_fam_flags[f])
					continue;
				if (n) buf_put_u8(out, ' ');
				put_family(out, ops->afi, ops->safi, "/");
				buf_printf(out, "=0x%x", c->gr_fam_flags[f] & 0x80);   /* bit 0 is our "listed" */
				n = true;
			}
			break;
		}
		case 65:
			if (c->as4) { SEP(); buf_printf(out, "asn4(%u)", c->as4_value); }
			break;
		case 69: {
			static const char *const sr[] = { "disabled", "receive", "send", "send/receive" };
			if (!c->addpath_present)
				break;
			SEP();
			buf_puts(out, "addpath(");
			bool n = false;
			for (fam_t f = 0; f < FAM_MAX; f++) {
				const struct family_ops *ops = family_ops(f);
				if (!c->addpath[f] || !ops)
					continue;
				if (n) buf_put_u8(out, ',');
				buf_printf(out, "%s ", sr[c->addpath[f] & 3]);
				put_family(out, ops->afi, ops->safi, " ");
				n = true;
			}
			buf_puts(out, ")");
			break;
		}
		case 70:
			if (c->enhanced_route_refresh) { SEP(); buf_puts(out, "enhanced route refresh"); }
			break;
		case 73:
			if (c->fqdn) { SEP(); buf_printf(out, "hostname(%s %s)", c->hostname, c->domainname); }
			break;
		case 75:
			if (c->software_present) { SEP(); buf_printf(out, "software(%s)", c->software); }
			break;
		case 77:
			if (c->link_local_nexthop) { SEP(); buf_puts(out, "link-local nexthop"); }
			break;
		case 128:
			if (c->route_refresh_cisco) { SEP(); buf_puts(out, "cisco route refresh"); }
			break;
		case 185:
			if (c->operational) { SEP(); buf_puts(out, "operational"); }
			break;
		default:
			/* the first of this code among those kept opaque */
			for (size_t off = 0; off + 2 <= c->unknown_len && off + 2 + c->unknown[off + 1] <= c->unknown_len;
			     off += 2 + (size_t)c->unknown[off + 1]) {
				if (c->unknown[off] != code)
					continue;
				SEP();
				capability_other(out, (uint8_t)code, c->unknown + off + 2, c->unknown[off + 1]);
				break;
			}
			break;
		}
	}
#undef SEP
}

void text_open(struct buf *out, const char *peer, const char *direction, const struct wire_open *o,
               const struct text_raw *raw)
{
	buf_printf(out, "neighbor %s %s open version %u asn %u hold_time %u router_id %u.%u.%u.%u capabilities [",
	           peer, direction, o->version, o->my_as, o->hold_time, o->bgp_id >> 24, (o->bgp_id >> 16) & 255,
	           (o->bgp_id >> 8) & 255, o->bgp_id & 255);
	/* oneline(str(capabilities).lower()): the hostname and software
	 * version are the peer's text (ASCII letters lowered here) */
	struct buf caps = BUF_INIT;
	capabilities_text(&caps, &o->caps);
	for (size_t i = 0; i < caps.len; i++)
		if (caps.data[i] >= 'A' && caps.data[i] <= 'Z')
			caps.data[i] = (uint8_t)(caps.data[i] + 32);
	text_oneline(out, caps.data, caps.len);
	buf_free(&caps);
	buf_puts(out, "]");
	header_body(out, raw);
	event_end(out);
}

static void afi_safi_words(struct buf *out, uint16_t afi, uint8_t safi);

void text_refresh(struct buf *out, const char *peer, const char *direction, const struct wire_route_refresh *rr,
                  const struct text_raw *raw)
{
	static const char *const sub[] = { "query", "begin", "end" };
	buf_printf(out, "neighbor %s %s route-refresh", peer, direction);
	afi_safi_words(out, rr->afi, rr->safi);
	buf_printf(out, " %s", rr->subtype < 3 ? sub[rr->subtype] : "invalid");
	header_body(out, raw);
	event_end(out);
}

/* ----- OPERATIONAL -------------------------------------------------------- */

/* Text a peer chose, kept on one line as ExaBGP's oneline() keeps it: read
 * as UTF-8 with replacement, characters Python does not call printable
 * written as repr() writes them (\n, \x01, \u2028), the rest as is. */
void text_oneline(struct buf *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_next(p + i, n - i, &cp);
		bool control = cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0xad || (cp >= 0x200b && cp <= 0x200f) ||
		               cp == 0x2028 || cp == 0x2029 || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xfeff;
		if (!control) {
			if (cp == 0xfffd && !(k == 3 && p[i] == 0xef))
				buf_puts(out, "\xef\xbf\xbd");   /* the replacement of invalid bytes */
			else
				buf_put(out, p + i, k);
		} else if (cp == '\n') {
			buf_puts(out, "\\n");
		} else if (cp == '\r') {
			buf_puts(out, "\\r");
		} else if (cp == '\t') {
			buf_puts(out, "\\t");
		} else if (cp <= 0xff) {
			buf_printf(out, "\\x%02x", cp);
		} else {
			buf_printf(out, "\\u%04x", cp);
		}
		i += k;
	}
}

/* ` afi A safi S` with str() of ExaBGP's AFI and SAFI for unknown values. */
static void afi_safi_words(struct buf *out, uint16_t afi, uint8_t safi)
{
	const char *a = family_afi_name(afi), *s = family_safi_name(safi);
	buf_puts(out, " afi ");
	if (a) buf_puts(out, a);
	else if (!afi) buf_puts(out, "undefined");
	else buf_printf(out, "unknown-afi-0x%x", afi);
	buf_puts(out, " safi ");
	if (s) buf_puts(out, s);
	else if (!safi) buf_puts(out, "undefined");
	else buf_printf(out, "unknown safi %u", safi);
}

static void op_family(struct buf *out, const struct wire_operational *op)
{
	afi_safi_words(out, op->afi, op->safi);
}

void text_operational(struct buf *out, const char *peer, const char *direction,
                      const struct wire_operational *op, const struct text_raw *raw)
{
	buf_printf(out, "neighbor %s %s operational ", peer, direction);
	switch (wire_operational_category(op->type)) {
	case OP_CAT_ADVISORY:
		buf_puts(out, wire_operational_name(op->type));
		op_family(out, op);
		buf_puts(out, " advisory \"");
		text_oneline(out, op->data, op->data_len);
		buf_put_u8(out, '"');
		break;
	case OP_CAT_QUERY:
		buf_puts(out, wire_operational_name(op->type));
		op_family(out, op);
		break;
	case OP_CAT_COUNTER:
		buf_puts(out, wire_operational_name(op->type));
		op_family(out, op);
		buf_printf(out, " router-id %u.%u.%u.%u sequence %u counter %u", op->router_id >> 24,
		           (op->router_id >> 16) & 255, (op->router_id >> 8) & 255, op->router_id & 255, op->sequence,
		           op->counter);
		break;
	default:
		buf_printf(out, "unknown type operational-type-%u data ", op->type);
		hexstring(out, op->data, op->data_len);
		break;
	}
	header_body(out, raw);
	buf_put_u8(out, '\n');
}

/* ----- attributes ------------------------------------------------------- */

static void ipv4_text(struct buf *out, const uint8_t *p)
{
	buf_printf(out, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
}

static void community_text(struct buf *out, uint32_t c)
{
	switch (c) {
	case 0xFFFFFF01: buf_puts(out, "no-export"); return;
	case 0xFFFFFF02: buf_puts(out, "no-advertise"); return;
	case 0xFFFFFF03: buf_puts(out, "no-export-subconfed"); return;
	case 0xFFFFFF04: buf_puts(out, "nopeer"); return;
	default: buf_printf(out, "%u:%u", c >> 16, c & 0xffff);
	}
}

/* ExaBGP's ASPath.string() (5.0 on): each segment as HEAD ASNs TAIL, a
 * sequence `( 1 2 )`, a set `[ 3 4 ]`, confederation sequence and set
 * `{( 5 )}` and `{[ 6 ]}`, space separated, in wire order.  An empty
 * AS_PATH prints nothing (the caller leaves out " as-path"). */
static void as_path_text(struct buf *out, const uint8_t *v, size_t len)
{
	static const char *const head[] = { "[", "(", "{(", "{[" }, *const tail[] = { "]", ")", ")}", "]}" };
	size_t off = 0;
	bool first = true;
	while (off + 2 <= len) {
		uint8_t type = v[off], n = v[off + 1];
		off += 2;
		if (type < 1 || type > 4 || off + (size_t)n * 4 > len)
			break;
		buf_printf(out, "%s%s ", first ? "" : " ", head[type - 1]);
		for (unsigned i = 0; i < n; i++, off += 4)
			buf_printf(out, "%u ", get_be32(v + off));
		if (!n)
			buf_put_u8(out, ' ');
		buf_puts(out, tail[type - 1]);
		first = false;
	}
}

/* The configuration's AS_PATH words (ExaBGP 4's ASPath.string()), kept for
 * on("update"): `[ 1 2 3 ]`, a set as `( 4 5 ) ` inside. */
static void as_path_config_text(struct buf *out, const uint8_t *v, size_t len)
{
	struct buf seq = BUF_INIT, set = BUF_INIT, cseq = BUF_INIT, cset = BUF_INIT;
	size_t nseq = 0, nset = 0, ncseq = 0, ncset = 0;
	size_t off = 0;
	while (off + 2 <= len) {
		uint8_t type = v[off], n = v[off + 1];
		off += 2;
		if (off + (size_t)n * 4 > len)
			break;
		struct buf *b = type == 1 ? &set : type == 2 ? &seq : type == 3 ? &cseq : &cset;
		size_t *cnt = type == 1 ? &nset : type == 2 ? &nseq : type == 3 ? &ncseq : &ncset;
		for (unsigned i = 0; i < n; i++, off += 4) {
			buf_printf(b, "%s%u", *cnt ? " " : "", get_be32(v + off));
			(*cnt)++;
		}
	}
	struct { struct buf *s, *t; size_t ns, nt; } parts[2] = { { &seq, &set, nseq, nset }, { &cseq, &cset, ncseq, ncset } };
	for (int i = 0; i < 2; i++) {
		if (i == 1 && !ncseq && !ncset)
			break;
		struct buf *s = parts[i].s, *t = parts[i].t;
		buf_puts(out, "[ ");
		if (parts[i].ns)
			buf_put(out, s->data, s->len);
		if (parts[i].nt) {
			if (parts[i].ns)
				buf_put_u8(out, ' ');
			buf_puts(out, "( ");
			buf_put(out, t->data, t->len);
			buf_puts(out, " ) ");
			buf_puts(out, "]");
		} else {
			buf_puts(out, parts[i].ns ? " ]" : "]");
		}
	}
	buf_free(&seq);
	buf_free(&set);
	buf_free(&cseq);
	buf_free(&cset);
}

static void generic_text(struct buf *out, const struct attr_entry *a)
{
	buf_printf(out, " attribute [ 0x%02X 0x%02X ", a->code, a->flags);
	hexstring(out, a->value, a->len);
	buf_puts(out, " ]");
}

/* ----- the text event's forms (ExaBGP 5) -------------------------------- */

/* ExaBGP's Community.__repr__ names */
static void community_event_text(struct buf *out, const uint8_t *p)
{
	switch (get_be32(p)) {
	case 0xFFFFFF01: buf_puts(out, "no-export"); return;
	case 0xFFFFFF02: buf_puts(out, "no-advertise"); return;
	case 0xFFFFFF03: buf_puts(out, "no-export-subconfed"); return;
	case 0xFFFFFF04: buf_puts(out, "no-peer"); return;
	case 0xFFFF029A: buf_puts(out, "blackhole"); return;
	default: buf_printf(out, "%u:%u", get_be16(p), get_be16(p + 2));
	}
}

static void large_event_text(struct buf *out, const uint8_t *p)
{
	buf_printf(out, "%u:%u:%u", get_be32(p), get_be32(p + 4), get_be32(p + 8));
}

static void ext_event_text(struct buf *out, const uint8_t *p)
{
	json_ext_community_string(out, p);
}

/* An IPv6 extended community (RFC 5701): ExaBGP names only the
 * redirect-to-nexthop-ietf one (type x0/0x0C), the rest is hex. */
static void ext6_event_text(struct buf *out, const uint8_t *p)
{
	if ((p[0] & 0x0f) == 0 && p[1] == 0x0c) {
		bool copy = p[19] & 1;
		buf_puts(out, copy ? "copy-to-nexthop-ietf " : "redirect-to-nexthop-ietf ");
		json_put_ip(out, p + 2, 16);
		if (copy)
			buf_puts(out, " (with copy)");
		return;
	}
	hexstring(out, p, 20);
}

static const uint8_t *sort_base;
static size_t sort_width;

static int sort_cmp(const void *a, const void *b)
{
	return memcmp(sort_base + *(const size_t *)a * sort_width, sort_base + *(const size_t *)b * sort_width,
	              sort_width);
}

/* The community lists as ExaBGP prints them: sorted by their bytes, one
 * bare, several in `[ ]`, none not at all. */
static void sorted_list(struct buf *out, const char *name, const uint8_t *v, size_t n, size_t width,
                        void (*item)(struct buf *, const uint8_t *))
{
	size_t count = n / width;
	if (!count)
		return;
	size_t stack[64], *idx = count <= 64 ? stack : malloc(count * sizeof *idx);
	if (!idx)
		return;
	for (size_t i = 0; i < count; i++)
		idx[i] = i;
	sort_base = v;
	sort_width = width;
	qsort(idx, count, sizeof *idx, sort_cmp);
	buf_printf(out, " %s %s", name, count > 1 ? "[ " : "");
	for (size_t i = 0; i < count; i++) {
		if (i)
			buf_put_u8(out, ' ');
		item(out, v + idx[i] * width);
	}
	if (count > 1)
		buf_puts(out, " ]");
	if (idx != stack)
		free(idx);
}

/* PMSI tunnel (RFC 6514 5): `pmsi:TYPE:FLAGS:LABEL:TUNNEL`, the type name
 * without spaces, the label with its raw field in parentheses when the low
 * bits are set, ingress replication's IPv4 endpoint dotted, other tunnel
 * identifiers in hex.  False when too short to have a label. */
static bool pmsi_event_text(struct buf *out, const uint8_t *v, size_t n)
{
	static const char *const names[] = { "notunnel", "rsvp-tep2mplsp", "mldpp2mplsp", "pim-ssmtree",
	                                     "pim-smtree", "bidir-pimtree", "ingressreplication", "mldpmp2mplsp" };
	if (n < 5)
		return false;
	uint32_t raw = get_be32(v + 1) & 0xffffff, label = raw >> 4;
	buf_printf(out, " pmsi pmsi:%s:%u:", v[1] < 8 ? names[v[1]] : "unknown", v[0]);
	if (raw != label << 4)
		buf_printf(out, "%u(%u)", label, raw);
	else
		buf_printf(out, "%u", label);
	buf_put_u8(out, ':');
	if (v[1] == 6 && n == 9)
		ipv4_text(out, v + 5);
	else if (!(v[1] == 0 && n == 5) && n > 5)
		hexstring(out, v + 5, n - 5);
	return true;
}

/* AIGP (RFC 7311): ExaBGP walks every TLV and prints the first AIGP TLV's
 * metric as 0x + 16 hex digits. */
static bool aigp_event_text(struct buf *out, const uint8_t *v, size_t n)
{
	const uint8_t *metric = NULL;
	for (size_t off = 0; off < n;) {
		if (n - off < 3)
			return false;
		size_t l = get_be16(v + off + 1);
		if (l < 3 || n - off < l)
			return false;
		if (v[off] == 1) {
			if (l != 11)
				return false;
			if (!metric)
				metric = v + off + 3;
		}
		off += l;
	}
	if (!metric)
		return false;
	buf_printf(out, " aigp 0x%08x%08x", get_be32(metric), get_be32(metric + 4));
	return true;
}

/* Attribute codes ExaBGP decodes; any other is shown as a generic
 * attribute, its value in lower-case hex and, when transitive, the partial
 * bit set (collection.py passes unknown transitive attributes on as
 * partial, RFC 4271 5). */
static bool exabgp_knows(uint8_t code)
{
	return (code >= 1 && code <= 10) || (code >= 14 && code <= 18) || code == 22 || code == 23 || code == 25 ||
	       code == 26 || code == 29 || code == 32 || code == 40;
}

static void generic_event_text(struct buf *out, const struct attr_entry *a)
{
	uint8_t flags = a->flags & ~ATTR_FLAG_EXTENDED;
	if (flags & ATTR_FLAG_TRANSITIVE)
		flags |= ATTR_FLAG_PARTIAL;
	buf_printf(out, " attribute [ 0x%02X 0x%02X 0x", a->code, flags);
	for (size_t i = 0; i < a->len; i++)
		buf_printf(out, "%02x", a->value[i]);
	buf_puts(out, " ]");
}

/* The attributes of a text event, ExaBGP 5's forms; false for one the
 * shared code below prints. */
static bool attribute_event_text(struct buf *out, const struct attr_entry *a)
{
	const uint8_t *v = a->value;
	size_t n = a->len, mark = out->len;
	switch (a->code) {
	case ATTR_COMMUNITIES:
		if (n % 4)
			return false;
		sorted_list(out, "community", v, n, 4, community_event_text);
		return true;
	case ATTR_EXT_COMMUNITIES:
		if (n % 8)
			return false;
		sorted_list(out, "extended-community", v, n, 8, ext_event_text);
		return true;
	case ATTR_IPV6_EXT_COMMUNITIES:
		if (n % 20)
			return false;
		sorted_list(out, "extended-community-ipv6", v, n, 20, ext6_event_text);
		return true;
	case ATTR_LARGE_COMMUNITIES:
		if (n % 12)
			return false;
		sorted_list(out, "large-community", v, n, 12, large_event_text);
		return true;
	case ATTR_PMSI_TUNNEL:
		return pmsi_event_text(out, v, n);
	case ATTR_AIGP:
		return aigp_event_text(out, v, n);
	case ATTR_PREFIX_SID:
	case ATTR_TUNNEL_ENCAP:
		if (a->code == ATTR_PREFIX_SID ? text_attr_prefix_sid(out, v, n) : text_attr_tunnel_encap(out, v, n))
			return true;
		out->len = mark;
		return false;
	default:
		if (a->code >= 0xf0 || exabgp_knows(a->code))
			return false;
		generic_event_text(out, a);
		return true;
	}
}

/* event: the text event's forms (ExaBGP 5's AS_PATH, left out when empty);
 * otherwise the words of the configuration, for on("update"). */
static void attributes_text(struct buf *out, const uint8_t *blob, size_t bloblen, bool event)
{
	struct attr_iter it;
	struct attr_entry a;
	attr_iter_init(&it, blob, bloblen);
	while (attr_iter_next(&it, &a)) {
		const uint8_t *v = a.value;
		size_t n = a.len;
		if (event && attribute_event_text(out, &a))
			continue;
		switch (a.code) {
		case ATTR_NEXT_HOP:
			break;   /* shown with the NLRI */
		case ATTR_ORIGIN:
			if (n == 1)
				buf_printf(out, " origin %s", v[0] == 0 ? "igp" : v[0] == 1 ? "egp" : v[0] == 2 ? "incomplete" : "invalid");
			break;
		case ATTR_AS_PATH:
			if (!event) {
				buf_puts(out, " as-path ");
				as_path_config_text(out, v, n);
			} else if (n) {
				buf_puts(out, " as-path ");
				as_path_text(out, v, n);
			}
			break;
		case ATTR_MED:
			if (n == 4) buf_printf(out, " med %u", get_be32(v));
			break;
		case ATTR_LOCAL_PREF:
			if (n == 4) buf_printf(out, " local-preference %u", get_be32(v));
			break;
		case ATTR_ATOMIC_AGGREGATE:
			buf_puts(out, " atomic-aggregate");
			break;
		case ATTR_AGGREGATOR:
			if (n == 8) {
				buf_printf(out, " aggregator ( %u:", get_be32(v));
				ipv4_text(out, v + 4);
				buf_puts(out, " )");
			} else if (n == 6) {
				buf_printf(out, " aggregator ( %u:", get_be16(v));
				ipv4_text(out, v + 2);
				buf_puts(out, " )");
			}
			break;
		case ATTR_COMMUNITIES:
			buf_puts(out, " community ");
			if (n / 4 > 1) buf_puts(out, "[ ");
			for (size_t i = 0; i + 4 <= n; i += 4) {
				if (i) buf_put_u8(out, ' ');
				community_text(out, get_be32(v + i));
			}
			if (n / 4 > 1) buf_puts(out, " ]");
			break;
		case ATTR_EXT_COMMUNITIES:
			/* ExaBGP: " extended-community X" or "[ X Y ]" (collection.py's
			 * list presentation), each X the JSON's "string". */
			if (n < 8 || n % 8) {
				generic_text(out, &a);
				break;
			}
			buf_puts(out, n / 8 > 1 ? " extended-community [ " : " extended-community ");
			for (size_t i = 0; i + 8 <= n; i += 8) {
				if (i) buf_put_u8(out, ' ');
				json_ext_community_string(out, v + i);
			}
			if (n / 8 > 1) buf_puts(out, " ]");
			break;
		case ATTR_LARGE_COMMUNITIES:
			buf_puts(out, " large-community ");
			if (n / 12 > 1) buf_puts(out, "[ ");
			for (size_t i = 0; i + 12 <= n; i += 12)
				buf_printf(out, "%s%u:%u:%u", i ? " " : "", get_be32(v + i), get_be32(v + i + 4), get_be32(v + i + 8));
			if (n / 12 > 1) buf_puts(out, " ]");
			break;
		case ATTR_ORIGINATOR_ID:
			if (n == 4) {
				buf_puts(out, " originator-id ");
				ipv4_text(out, v);
			}
			break;
		case ATTR_CLUSTER_LIST:
			buf_puts(out, " cluster-list ");
			if (n / 4 != 1) buf_puts(out, "[ ");
			for (size_t i = 0; i + 4 <= n; i += 4) {
				if (i) buf_put_u8(out, ' ');
				ipv4_text(out, v + i);
			}
			if (n / 4 != 1) buf_puts(out, " ]");
			break;
		case ATTR_AIGP:
			if (n == 11 && v[0] == 1) {
				uint64_t x = (uint64_t)get_be32(v + 3) << 32 | get_be32(v + 7);
				buf_printf(out, " aigp %llu", (unsigned long long)x);
			} else {
				generic_text(out, &a);
			}
			break;
		default:
			if (a.code >= 0xf0)
				break;   /* local pseudo-attributes */
			generic_text(out, &a);
			break;
		}
	}
}

void text_attributes(struct buf *out, const uint8_t *blob, size_t bloblen)
{
	attributes_text(out, blob, bloblen, false);
}

/* ----- UPDATE ---------------------------------------------------------- */

static void nexthop_text(struct buf *out, const uint8_t *nh, size_t len)
{
	if (len == 12 || len == 24 || len == 48) {
		nh += 8;
		len = len == 12 ? 4 : 16;
	} else if (len == 32) {
		len = 16;
	}
	if (len == 4) {
		ipv4_text(out, nh);
	} else if (len == 16) {
		const struct family_ops *ops = family_ops(FAM_IPV6_UNICAST);
		uint8_t pfx[17];
		pfx[0] = 128;
		memcpy(pfx + 1, nh, 16);
		struct buf t = BUF_INIT;
		if (ops && ops->nlri_text)
			ops->nlri_text(&t, pfx, 17);
		/* "addr/128" -> "addr" */
		size_t l = t.len;
		while (l && t.data[l - 1] != '/')
			l--;
		buf_put(out, t.data, l ? l - 1 : t.len);
		buf_free(&t);
	} else {
		buf_puts(out, "no-nexthop");
	}
}

/* How ExaBGP's nlri.extensive() shows a route.  Only the unicast,
 * multicast, labeled, VPN, FlowSpec and VPLS classes have their own
 * extensive(); EVPN, MVPN, MUP, RTC, BGP-LS and SR Policy routes inherit
 * Family.extensive(), the bare family ("afi l2vpn safi evpn").  ADD-PATH's
 * path-information follows the prefix (INET.prefix()), before any label or
 * RD; FlowSpec and VPLS do not show it. */
enum nlri_form { NLRI_PREFIX, NLRI_OWN, NLRI_FAMILY };

static enum nlri_form nlri_form(fam_t f)
{
	switch (f) {
	case FAM_IPV4_UNICAST: case FAM_IPV6_UNICAST: case FAM_IPV4_MULTICAST: case FAM_IPV6_MULTICAST:
	case FAM_IPV4_NLRI_MPLS: case FAM_IPV6_NLRI_MPLS: case FAM_IPV4_MPLS_VPN: case FAM_IPV6_MPLS_VPN:
		return NLRI_PREFIX;
	case FAM_IPV4_FLOW: case FAM_IPV6_FLOW: case FAM_IPV4_FLOW_VPN: case FAM_IPV6_FLOW_VPN: case FAM_L2VPN_VPLS:
		return NLRI_OWN;
	default:
		return NLRI_FAMILY;
	}
}

static void nlri_extensive(struct buf *out, const struct family_ops *ops, const struct wire_nlri_field *f,
                           const struct nlri_ref *n)
{
	enum nlri_form form = nlri_form(f->fam);
	if (form == NLRI_FAMILY) {
		buf_puts(out, "afi ");
		put_family(out, ops->afi, ops->safi, " safi ");
		return;
	}
	if (form == NLRI_OWN || !f->addpath) {
		ops->nlri_text(out, n->data, n->len);
		return;
	}
	/* "P label L (raw) rd R": the path identifier goes after P. */
	size_t start = out->len;
	ops->nlri_text(out, n->data, n->len);
	size_t end = out->len, cut = start;
	while (cut < end && out->data[cut] != ' ')
		cut++;
	struct buf rest = BUF_INIT;
	buf_put(&rest, out->data + cut, end - cut);
	out->len = cut;
	buf_printf(out, " path-information %u.%u.%u.%u", n->path_id >> 24, (n->path_id >> 16) & 255,
	           (n->path_id >> 8) & 255, n->path_id & 255);
	buf_put(out, rest.data, rest.len);
	buf_free(&rest);
}

static void nlri_lines(struct buf *out, const struct buf *prefix, const char *what,
                       const struct wire_nlri_field *f, const uint8_t *nh, size_t nhlen,
                       const struct buf *attrs)
{
	const struct family_ops *ops = family_ops(f->fam);
	if (!ops || !ops->nlri_text || !f->len)
		return;
	struct nlri_iter it;
	struct nlri_ref n;
	nlri_iter_init(&it, f->fam, f->addpath, f->data, f->len);
	while (nlri_iter_next(&it, &n)) {
		buf_put(out, prefix->data, prefix->len);
		buf_puts(out, what);
		nlri_extensive(out, ops, f, &n);
		if (nh) {
			buf_puts(out, " next-hop ");
			nexthop_text(out, nh, nhlen);
		}
		if (attrs)
			buf_put(out, attrs->data, attrs->len);
		buf_put_u8(out, '\n');
	}
}

void text_update(struct buf *out, const char *peer, const char *direction, const struct wire_update *u,
                 const uint8_t *blob, size_t bloblen, const struct text_raw *raw)
{
	struct buf prefix = BUF_INIT, attrs = BUF_INIT;
	buf_printf(&prefix, "neighbor %s %s update", peer, direction);
	buf_put(out, prefix.data, prefix.len);
	buf_puts(out, " start\n");
	if (u->eor) {
		buf_put(out, prefix.data, prefix.len);
		buf_printf(out, " route eor %u/%u (", u->eor_afi, u->eor_safi);
		put_family(out, u->eor_afi, u->eor_safi, " ");
		buf_puts(out, ")\n");
	} else {
		attributes_text(&attrs, blob, bloblen, true);
		nlri_lines(out, &prefix, " announced ", &u->nlri, u->nh, u->nh_len, &attrs);
		if (u->has_mp_reach)
			nlri_lines(out, &prefix, " announced ", &u->mp_reach, u->mp_nh, u->mp_nh_len, &attrs);
		nlri_lines(out, &prefix, " withdrawn ", &u->withdrawn, NULL, 0, NULL);
		if (u->has_mp_unreach)
			nlri_lines(out, &prefix, " withdrawn ", &u->mp_unreach, NULL, 0, NULL);
	}
	if (raw && (raw->header || raw->body_len)) {
		header_body(out, raw);
		buf_put_u8(out, '\n');
	}
	buf_put(out, prefix.data, prefix.len);
	buf_puts(out, " end");
	event_end(out);
	buf_free(&prefix);
	buf_free(&attrs);
}
