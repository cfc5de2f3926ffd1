/* ExaBGP's JSON API messages (reactor/api/response/json.py): the envelope,
 * the "neighbor" object, and one function per event.  The spacing is
 * ExaBGP's, including its irregular spots ("host" : ..., "router-id" ,),
 * because helper scripts match substrings of these lines. */
#include "event/json_int.h"
#include "event/utf8.h"
#include "wire/nlri.h"

#include <stdio.h>
#include <string.h>

static const char *json_version(const struct json_peer *p)
{
	if (p->api == JSON_API_V4)
		return "4.0.1";
	return p->version ? p->version : "6.0.0";
}

/* `{ "exabgp": ..., "type": "T", ` — the caller appends the content and
 * calls json_close. */
static void json_open_envelope(struct buf *out, const struct json_peer *p, const char *type,
                               bool counter, const struct json_raw *raw)
{
	buf_printf(out, "{ \"exabgp\": \"%s\", \"time\": %.6f, \"host\" : ", json_version(p), p->time);
	const char *host = p->host ? p->host : "localhost";
	json_put_string(out, host, strlen(host));
	buf_printf(out, ", \"pid\" : %ld, \"ppid\" : %ld, ", p->pid, p->ppid);
	if (counter)
		buf_printf(out, "\"counter\": %llu, ", (unsigned long long)p->counter);
	buf_printf(out, "\"type\": \"%s\", ", type);
	if (raw && raw->header) {
		buf_puts(out, "\"header\": \"");
		hex_encode(out, raw->header, BGP_HEADER_LEN);
		buf_puts(out, "\", ");
	}
	if (raw && raw->body && raw->body_len) {
		buf_puts(out, "\"body\": \"");
		hex_encode(out, raw->body, raw->body_len);
		buf_puts(out, "\", ");
	}
}

/* `"neighbor": { "address": ..., "asn": ..., "router-id": "R" , "direction": "in", ` */
static void json_neighbor_begin(struct buf *out, const struct json_peer *p, bool direction)
{
	buf_puts(out, "\"neighbor\": { \"address\": { \"local\": ");
	const char *l = p->local_addr ? p->local_addr : "", *r = p->peer_addr ? p->peer_addr : "";
	json_put_string(out, l, strlen(l));
	buf_puts(out, ", \"peer\": ");
	json_put_string(out, r, strlen(r));
	buf_printf(out, " }, \"asn\": { \"local\": %u, \"peer\": %u }", p->local_as, p->peer_as);
	if (p->router_id && *p->router_id)
		buf_printf(out, ", \"router-id\": \"%s\"", p->router_id);
	buf_puts(out, " ");
	if (direction && p->direction)
		buf_printf(out, ", \"direction\": \"%s\"", p->direction);
}

/* Content, then close neighbor and envelope. */
static void json_neighbor_end(struct buf *out)
{
	buf_puts(out, " } }\n");
}

static void json_begin(struct buf *out, const struct json_peer *p, const char *type,
                       const struct json_raw *raw, bool direction)
{
	json_open_envelope(out, p, type, true, raw);
	json_neighbor_begin(out, p, direction);
	buf_puts(out, ", ");
}

static void put_family(struct buf *out, uint16_t afi, uint8_t safi, char sep)
{
	const char *a = family_afi_name(afi), *s = family_safi_name(safi);
	if (a)
		buf_puts(out, a);
	else
		buf_printf(out, "%u", afi);
	buf_put_u8(out, (uint8_t)sep);
	if (s)
		buf_puts(out, s);
	else
		buf_printf(out, "%u", safi);
}

/* ---------------------------------------------------------------- OPEN */

static void cap_key(struct buf *out, bool *first, unsigned code)
{
	buf_printf(out, "%s\"%u\": ", *first ? "" : ", ", code);
	*first = false;
}

void json_capabilities(struct buf *out, const struct wire_caps *c)
{
	bool first = true;
	buf_puts(out, "{ ");
	bool any_mp = c->mp_unknown_n > 0;
	for (fam_t f = 0; f < FAM_MAX; f++)
		any_mp |= c->mp[f];
	if (any_mp) {
		cap_key(out, &first, CAP_MULTIPROTOCOL);
		buf_puts(out, "{ \"name\": \"multiprotocol\", \"families\": [");
		bool n = false;
		for (fam_t f = 0; f < FAM_MAX; f++) {
			const struct family_ops *ops = family_ops(f);
			if (!c->mp[f] || !ops)
				continue;
			buf_puts(out, n ? ", \"" : " \"");
			put_family(out, ops->afi, ops->safi, '/');
			buf_puts(out, "\"");
			n = true;
		}
		for (unsigned i = 0; i < c->mp_unknown_n && i < 16; i++) {
			buf_puts(out, n ? ", \"" : " \"");
			put_family(out, c->mp_unknown[i].afi, c->mp_unknown[i].safi, '/');
			buf_puts(out, "\"");
			n = true;
		}
		buf_puts(out, " ] }");
	}
	if (c->route_refresh) {
		cap_key(out, &first, CAP_ROUTE_REFRESH);
		buf_puts(out, "{ \"name\": \"route-refresh\", \"variant\": \"RFC\" }");
	}
	if (c->ext_nh_n) {
		cap_key(out, &first, CAP_EXTENDED_NEXTHOP);
		buf_puts(out, "{ \"name\": \"nexthop\", \"conversion\": [");
		for (unsigned i = 0; i < c->ext_nh_n && i < 16; i++) {
			buf_puts(out, i ? ", \"" : " \"");
			put_family(out, c->ext_nh[i].afi, c->ext_nh[i].safi, '/');
			const char *nh = family_afi_name(c->ext_nh[i].nh_afi);
			if (nh)
				buf_printf(out, "/%s\"", nh);
			else
				buf_printf(out, "/%u\"", c->ext_nh[i].nh_afi);
		}
		buf_puts(out, " ] }");
	}
	if (c->extended_message) {
		cap_key(out, &first, CAP_EXTENDED_MESSAGE);
		buf_puts(out, "{ \"name\": \"extended-message\", \"size\": 65535 }");
	}
	if (c->role_present) {
		/* ExaBGP has no class for RFC 9234 roles: it shows them raw. */
		cap_key(out, &first, CAP_ROLE);
		buf_printf(out, "{ \"name\": \"unknown\", \"iana\": \"unknown\", \"value\": 9, \"raw\": \"%02X\" }",
		           c->role);
	}
	if (c->graceful_restart) {
		/* ExaBGP's labels, as it prints them: a family's forwarding bit
		 * shows as "restart", the restart-state bit as "forwarding". */
		cap_key(out, &first, CAP_GRACEFUL_RESTART);
		buf_printf(out, "{ \"name\": \"graceful restart\", \"time\": %u, \"address-family-flags\": { ",
		           c->gr_time);
		bool n = false;
		for (fam_t f = 0; f < FAM_MAX; f++) {
			const struct family_ops *ops = family_ops(f);
			if (!c->gr_fam_flags[f] || !ops)
				continue;
			buf_puts(out, n ? ", \"" : "\"");
			put_family(out, ops->afi, ops->safi, '/');
			buf_printf(out, "\": [%s ] ", (c->gr_fam_flags[f] & 0x80) ? " \"restart\"" : "");
			n = true;
		}
		buf_printf(out, "}, \"restart-flags\": [%s] }", (c->gr_flags & 0x80) ? " \"forwarding\" " : " ");
	}
	if (c->as4) {
		cap_key(out, &first, CAP_AS4);
		buf_printf(out, "{ \"name\": \"asn4\", \"asn4\": %u }", c->as4_value);
	}
	if (c->addpath_present) {
		static const char *const sr[] = { "disabled", "receive", "send", "send/receive" };
		cap_key(out, &first, CAP_ADD_PATH);
		buf_puts(out, "{ \"name\": \"addpath\"");
		for (fam_t f = 0; f < FAM_MAX; f++) {
			const struct family_ops *ops = family_ops(f);
			if (!c->addpath[f] || !ops)
				continue;
			buf_puts(out, ", \"");
			put_family(out, ops->afi, ops->safi, '/');
			buf_printf(out, "\": \"%s\"", sr[c->addpath[f] & 3]);
		}
		buf_puts(out, " }");
	}
	if (c->enhanced_route_refresh) {
		cap_key(out, &first, CAP_ENHANCED_ROUTE_REFRESH);
		buf_puts(out, "{ \"name\": \"enhanced-route-refresh\" }");
	}
	if (c->fqdn) {
		cap_key(out, &first, CAP_FQDN);
		buf_puts(out, "{ \"host-name\": ");
		json_put_string(out, c->hostname, strlen(c->hostname));
		buf_puts(out, ", \"domain-name\": ");
		json_put_string(out, c->domainname, strlen(c->domainname));
		buf_puts(out, " }");
	}
	if (c->software_present) {
		cap_key(out, &first, CAP_SOFTWARE_VERSION);
		buf_puts(out, "{ \"software\": ");
		json_put_string(out, c->software, strlen(c->software));
		buf_puts(out, " }");
	}
	if (c->link_local_nexthop) {
		cap_key(out, &first, CAP_LINK_LOCAL_NEXTHOP);
		buf_puts(out, "{ \"name\": \"link-local-nexthop\" }");
	}
	if (c->route_refresh_cisco) {
		cap_key(out, &first, CAP_ROUTE_REFRESH_CISCO);
		buf_puts(out, "{ \"name\": \"route-refresh\", \"variant\": \"Cisco\" }");
	}
	if (c->operational) {
		cap_key(out, &first, CAP_OPERATIONAL);
		buf_puts(out, "{ \"name\": \"operational\" }");
	}
	for (size_t off = 0; off + 2 <= c->unknown_len && off + 2 + c->unknown[off + 1] <= c->unknown_len;
	     off += 2 + (size_t)c->unknown[off + 1]) {
		uint8_t code = c->unknown[off];
		const char *iana = code >= 128 ? "reserved" : code >= 70 ? "unassigned" : "unknown";
		cap_key(out, &first, code);
		buf_printf(out, "{ \"name\": \"unknown\", \"iana\": \"%s\", \"value\": %u, \"raw\": \"", iana, code);
		hex_encode(out, c->unknown + off + 2, c->unknown[off + 1]);
		buf_puts(out, "\" }");
	}
	buf_puts(out, " }");
}

void json_open(struct buf *out, const struct json_peer *p, const struct wire_open *o,
               const struct json_raw *raw)
{
	json_begin(out, p, "open", raw, true);
	buf_printf(out, "\"open\": { \"version\": %u, \"asn\": %u, \"hold_time\": %u, \"router_id\": \"",
	           o->version, o->my_as, o->hold_time);
	uint8_t id[4];
	put_be32(id, o->bgp_id);
	json_put_ipv4(out, id);
	buf_puts(out, "\", \"capabilities\": ");
	json_capabilities(out, &o->caps);
	buf_puts(out, " }");
	json_neighbor_end(out);
}

/* -------------------------------------------------------- NOTIFICATION */

static bool printable(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 ? !(p[i] == '\t' || p[i] == '\n' || p[i] == '\r' || p[i] == 0x0b || p[i] == 0x0c)
		                : p[i] > 0x7e)
			return false;
	return true;
}

/* ExaBGP's reading of the data (Notification.data): the RFC 9003 text as
 * `Shutdown Communication: "..."`, printable data as is, else its hex. */
static void notification_text(struct buf *m, const struct wire_notification *n)
{
	bool shut = n->code == ERR_CEASE &&
	            (n->subcode == ERR_CEASE_ADMIN_SHUTDOWN || n->subcode == ERR_CEASE_ADMIN_RESET);
	if (!shut) {
		if (printable(n->data, n->data_len))
			buf_put(m, n->data, n->data_len);
		else
			hex_encode(m, n->data, n->data_len);
		return;
	}
	if (n->data_len == 0)
		return;
	size_t tl = n->data[0];
	if (tl == 0) {
		buf_puts(m, "empty Shutdown Communication.");
	} else if (!n->has_text) {
		buf_printf(m, "invalid Shutdown Communication (buffer underrun) length : %zu [", tl);
		hex_encode(m, n->data + 1, n->data_len - 1);
		buf_puts(m, "]");
	} else {
		buf_puts(m, "Shutdown Communication: \"");
		for (size_t i = 0; i < tl; i++) {
			char ch = n->text[i];
			buf_put_u8(m, (uint8_t)(ch == '\r' || ch == '\n' ? ' ' : ch));
		}
		buf_puts(m, "\"");
		if (n->data_len > tl + 1) {
			buf_puts(m, ", trailing data: ");
			hex_encode(m, n->data + 1 + tl, n->data_len - 1 - tl);
		}
	}
}

void json_notification(struct buf *out, const struct json_peer *p, const struct wire_notification *n,
                       const struct json_raw *raw)
{
	struct buf m = BUF_INIT;
	notification_text(&m, n);
	json_begin(out, p, "notification", raw, true);
	buf_printf(out, "\"notification\": { \"code\": %u, \"subcode\": %u, \"data\": \"", n->code, n->subcode);
	hex_encode(out, m.data, m.len);
	buf_puts(out, "\", \"message\": ");
	json_put_string(out, (const char *)m.data, m.len);
	buf_puts(out, " } ");
	json_neighbor_end(out);
	buf_free(&m);
}

/* ------------------------------------------------ KEEPALIVE, REFRESH, state */

void json_keepalive(struct buf *out, const struct json_peer *p, const struct json_raw *raw)
{
	json_open_envelope(out, p, "keepalive", true, raw);
	json_neighbor_begin(out, p, true);
	json_neighbor_end(out);
}

void json_refresh(struct buf *out, const struct json_peer *p, const struct wire_route_refresh *rr,
                  const struct json_raw *raw)
{
	static const char *const sub[] = { "query", "begin", "end" };
	json_begin(out, p, "refresh", raw, true);
	buf_puts(out, "\"route-refresh\": { \"afi\": \"");
	const char *a = family_afi_name(rr->afi), *s = family_safi_name(rr->safi);
	if (a) buf_puts(out, a); else buf_printf(out, "%u", rr->afi);
	buf_puts(out, "\", \"safi\": \"");
	if (s) buf_puts(out, s); else buf_printf(out, "%u", rr->safi);
	if (rr->subtype < 3)
		buf_printf(out, "\", \"subtype\": \"%s\" }", sub[rr->subtype]);
	else
		buf_printf(out, "\", \"subtype\": \"%u\" }", rr->subtype);
	json_neighbor_end(out);
}

/* ---------------------------------------------------------- OPERATIONAL */

/* ExaBGP's str() of an AFI / SAFI it may not know. */
static void op_afi_safi(struct buf *out, const struct wire_operational *op)
{
	const char *a = family_afi_name(op->afi), *s = family_safi_name(op->safi);
	buf_puts(out, "\"afi\": \"");
	if (a) buf_puts(out, a);
	else if (!op->afi) buf_puts(out, "undefined");
	else buf_printf(out, "unknown-afi-0x%x", op->afi);
	buf_puts(out, "\", \"safi\": \"");
	if (s) buf_puts(out, s);
	else if (!op->safi) buf_puts(out, "undefined");
	else buf_printf(out, "unknown safi %u", op->safi);
	buf_put_u8(out, '"');
}

/* Text a peer chose as ExaBGP prints it: read as UTF-8 with replacement,
 * then Python's json.dumps (ASCII only: everything else as \uXXXX,
 * surrogate pairs above U+FFFF), so any bytes a peer sends give valid JSON.
 * (OPERATIONAL advisories, SR Policy names.) */
void json_put_peer_text(struct buf *out, const uint8_t *p, size_t n)
{
	buf_put_u8(out, '"');
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_next(p + i, n - i, &cp);
		switch (cp) {
		case '"': buf_puts(out, "\\\""); continue;
		case '\\': buf_puts(out, "\\\\"); continue;
		case '\n': buf_puts(out, "\\n"); continue;
		case '\r': buf_puts(out, "\\r"); continue;
		case '\t': buf_puts(out, "\\t"); continue;
		case '\b': buf_puts(out, "\\b"); continue;
		case '\f': buf_puts(out, "\\f"); continue;
		default: break;
		}
		if (cp >= 0x20 && cp < 0x7f)
			buf_put_u8(out, (uint8_t)cp);
		else if (cp < 0x10000)
			buf_printf(out, "\\u%04x", cp);
		else
			buf_printf(out, "\\u%04x\\u%04x", 0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
	}
	buf_put_u8(out, '"');
}

void json_operational(struct buf *out, const struct json_peer *p, const struct wire_operational *op,
                      const struct json_raw *raw)
{
	json_begin(out, p, "operational", raw, true);
	buf_puts(out, "\"operational\": { \"name\": \"");
	enum wire_op_category cat = wire_operational_category(op->type);
	if (cat == OP_CAT_UNKNOWN) {
		/* a type ExaBGP has no class for: its number and raw value */
		buf_printf(out, "unknown\", \"type\": \"operational-type-%u\", \"data\": \"0x", op->type);
		hex_encode(out, op->data, op->data_len);
		buf_puts(out, "\" }");
		json_neighbor_end(out);
		return;
	}
	buf_printf(out, "%s\", ", wire_operational_name(op->type));
	op_afi_safi(out, op);
	if (cat == OP_CAT_ADVISORY) {
		buf_puts(out, ", \"advisory\": ");
		json_put_peer_text(out, op->data, op->data_len);
	} else if (cat == OP_CAT_COUNTER) {
		buf_printf(out, ", \"router-id\": \"%u.%u.%u.%u\", \"sequence\": %u, \"counter\": %u",
		           op->router_id >> 24, (op->router_id >> 16) & 255, (op->router_id >> 8) & 255,
		           op->router_id & 255, op->sequence, op->counter);
	}
	/* a query shows name and family only, as ExaBGP's does */
	buf_puts(out, " }");
	json_neighbor_end(out);
}

void json_state(struct buf *out, const struct json_peer *p, const char *state, const char *reason)
{
	json_begin(out, p, "state", NULL, false);
	buf_puts(out, "\"state\": ");
	json_put_string(out, state, strlen(state));
	if (reason) {
		buf_puts(out, ", \"reason\": ");
		json_put_string(out, reason, strlen(reason));
	}
	json_neighbor_end(out);
}

void json_notice(struct buf *out, const struct json_peer *p, const char *what)
{
	json_open_envelope(out, p, "notification", false, NULL);
	buf_puts(out, "\"notification\": ");
	json_put_string(out, what, strlen(what));
	buf_puts(out, " }\n");
}

/* --------------------------------------------------------------- UPDATE */

/* The next hop as ExaBGP shows it: IPv4 or IPv6 global (a link-local
 * second address is not shown); VPN next hops lose their zero RD. */
static void nexthop_text(struct buf *out, const uint8_t *nh, size_t len)
{
	if (len == 12 || len == 24 || len == 48) {
		nh += 8;
		len = len == 12 ? 4 : 16;
	} else if (len == 32) {
		len = 16;
	}
	if (len == 4 || len == 16)
		json_put_ip(out, nh, len);
	else if (len == 0)
		buf_puts(out, "no-nexthop");   /* FlowSpec without next hop */
	else
		buf_puts(out, "null");
}

static void nlri_list(struct buf *out, const struct wire_nlri_field *f, const uint8_t *nh, size_t nhlen)
{
	const struct family_ops *ops = family_ops(f->fam);
	struct nlri_iter it;
	struct nlri_ref n;
	bool first = true;
	nlri_iter_init(&it, f->fam, f->addpath, f->data, f->len);
	buf_puts(out, "[ ");
	while (nlri_iter_next(&it, &n)) {
		buf_puts(out, first ? "{ " : ", { ");
		first = false;
		if (ops && ops->nlri_json_nh)
			ops->nlri_json_nh(out, n.data, n.len, nh, nhlen);
		else if (ops && ops->nlri_json)
			ops->nlri_json(out, n.data, n.len);
		if (f->addpath)
			buf_printf(out, ", \"path-information\": \"%u.%u.%u.%u\"", n.path_id >> 24,
			           (n.path_id >> 16) & 0xff, (n.path_id >> 8) & 0xff, n.path_id & 0xff);
		buf_puts(out, " }");
	}
	buf_puts(out, " ]");
}

static bool field_usable(const struct wire_nlri_field *f, bool present)
{
	return present && f->fam != FAM_NONE && family_ops(f->fam) && f->len > 0;
}

static void announce_family(struct buf *out, bool *first, const struct wire_nlri_field *f,
                            const uint8_t *nh, size_t nhlen, bool v4)
{
	buf_puts(out, *first ? "\"" : ", \"");
	*first = false;
	buf_puts(out, family_name(f->fam));
	buf_puts(out, "\": { \"");
	nexthop_text(out, nh, nhlen);
	buf_puts(out, "\": ");
	/* API v4 passes the next hop to the NLRI (ExaBGP's v4_json). */
	nlri_list(out, f, v4 ? nh : NULL, v4 ? nhlen : 0);
	buf_puts(out, " }");
}

static void withdraw_family(struct buf *out, bool *first, const struct wire_nlri_field *f)
{
	buf_puts(out, *first ? "\"" : ", \"");
	*first = false;
	buf_puts(out, family_name(f->fam));
	buf_puts(out, "\": ");
	nlri_list(out, f, NULL, 0);
}

void json_update(struct buf *out, const struct json_peer *p, const struct wire_session_ctx *ctx,
                 const struct wire_update *u, const uint8_t *blob, size_t bloblen,
                 const struct json_raw *raw)
{
	(void)ctx;
	json_begin(out, p, "update", raw, true);
	if (u->eor) {
		/* RFC 4724 section 2; ExaBGP reports it as a message of its own. */
		buf_puts(out, "\"message\": { \"eor\": { \"afi\" : \"");
		const char *a = family_afi_name(u->eor_afi), *s = family_safi_name(u->eor_safi);
		if (a) buf_puts(out, a); else buf_printf(out, "%u", u->eor_afi);
		buf_puts(out, "\", \"safi\" : \"");
		if (s) buf_puts(out, s); else buf_printf(out, "%u", u->eor_safi);
		buf_puts(out, "\" } }");
		json_neighbor_end(out);
		return;
	}
	bool ann_classic = field_usable(&u->nlri, true);
	bool ann_mp = field_usable(&u->mp_reach, u->has_mp_reach);
	bool wd_classic = field_usable(&u->withdrawn, true);
	bool wd_mp = field_usable(&u->mp_unreach, u->has_mp_unreach);

	buf_puts(out, "\"message\": { \"update\": { ");
	size_t mark = out->len;
	bool any = false;
	/* ExaBGP shows NEXT_HOP among the attributes when routes are withdrawn. */
	const uint8_t *nh = (wd_classic || wd_mp) && u->nh_len == 4 ? u->nh : NULL;
	if (bloblen || nh) {
		buf_puts(out, "\"attribute\": { ");
		size_t inner = out->len;
		json_attributes_members(out, blob, bloblen, nh, 4);
		if (out->len == inner) {
			out->len = mark;
		} else {
			buf_puts(out, " }");
			any = true;
		}
	}
	if (ann_classic || ann_mp) {
		buf_puts(out, any ? ", \"announce\": { " : "\"announce\": { ");
		bool first = true;
		if (ann_classic)
			announce_family(out, &first, &u->nlri, u->nh, u->nh_len, p->api == JSON_API_V4);
		if (ann_mp)
			announce_family(out, &first, &u->mp_reach, u->mp_nh, u->mp_nh_len, p->api == JSON_API_V4);
		buf_puts(out, " }");
		any = true;
	}
	if (wd_classic || wd_mp) {
		buf_puts(out, any ? ", \"withdraw\": { " : "\"withdraw\": { ");
		bool first = true;
		if (wd_classic)
			withdraw_family(out, &first, &u->withdrawn);
		if (wd_mp)
			withdraw_family(out, &first, &u->mp_unreach);
		buf_puts(out, " }");
	}
	buf_puts(out, " } }");
	json_neighbor_end(out);
}

/* ------------------------------------------------ packets, fsm (API only) */

/* receive { packets; } without parsed: the raw message, ExaBGP's
 * `"type": "<message>", ... "message": { "category": N, "header": ..., "body": ... }`. */
void json_packets(struct buf *out, const struct json_peer *p, unsigned category, const uint8_t *header,
                  const uint8_t *body, size_t body_len)
{
	static const char *const names[] = { "unknown", "open", "update", "notification", "keepalive", "refresh",
		"operational" };
	json_open_envelope(out, p, category < 7 ? names[category] : "unknown", true, NULL);
	json_neighbor_begin(out, p, true);
	buf_printf(out, ", \"message\": { \"category\": %u, \"header\": \"", category);
	if (header)
		hex_encode(out, header, BGP_HEADER_LEN);
	buf_puts(out, "\", \"body\": \"");
	hex_encode(out, body, body_len);
	buf_puts(out, "\" } ");
	json_neighbor_end(out);
}

/* api { fsm; }: every FSM state change, `"type": "fsm", ... "state": "ESTABLISHED"`. */
void json_fsm(struct buf *out, const struct json_peer *p, const char *state)
{
	json_begin(out, p, "fsm", NULL, false);
	buf_puts(out, "\"state\": ");
	json_put_string(out, state, strlen(state));
	json_neighbor_end(out);
}

/* ----------------------------------------------------- negotiated, signal */

static void fam_list(struct buf *out, const bool *set, const char *suffix_v4, const char *suffix_v6)
{
	bool first = true;
	buf_puts(out, "[ ");
	for (int f = 0; f < FAM_MAX; f++) {
		const char *name = set[f] ? family_name((fam_t)f) : NULL;
		if (!name)
			continue;
		buf_puts(out, first ? "\"" : ", \"");
		buf_puts(out, name);
		if (suffix_v4)
			buf_puts(out, strncmp(name, "ipv4", 4) ? suffix_v6 : suffix_v4);
		buf_put_u8(out, '"');
		first = false;
	}
	buf_puts(out, first ? "]" : " ]");
}

/* What the OPEN exchange settled (ExaBGP's Negotiated, reported to
 * `api { negotiated; }` once both OPENs are in, RFC 4271 section 4.2). */
void json_negotiated(struct buf *out, const struct json_peer *p, const struct wire_session_ctx *c)
{
	bool fams[FAM_MAX];
	for (int f = 0; f < FAM_MAX; f++)
		fams[f] = c->fam[f] && c->ext_nh[f];
	json_begin(out, p, "negotiated", NULL, false);
	buf_printf(out, "\"negotiated\": { \"message_size\": %zu, \"hold_time\": %u, \"asn4\": %s, "
	                "\"multisession\": false, \"operational\": %s, \"refresh\": \"%s\", \"families\": ",
	           c->max_msg, c->hold_time, c->asn4 ? "true" : "false", c->operational ? "true" : "false",
	           c->enhanced_route_refresh ? "enhanced" : c->route_refresh ? "normal" : "absent");
	fam_list(out, c->fam, NULL, NULL);
	buf_puts(out, ", \"nexthop\": ");
	fam_list(out, fams, " ipv6", " ipv4");
	for (int f = 0; f < FAM_MAX; f++)
		fams[f] = c->fam[f] && c->addpath_tx[f];
	buf_puts(out, ", \"add_path\": { \"send\": ");
	fam_list(out, fams, NULL, NULL);
	for (int f = 0; f < FAM_MAX; f++)
		fams[f] = c->fam[f] && c->addpath_rx[f];
	buf_puts(out, ", \"receive\": ");
	fam_list(out, fams, NULL, NULL);
	buf_puts(out, " } }");
	json_neighbor_end(out);
}

void json_signal(struct buf *out, const struct json_peer *p, int signum, const char *name)
{
	json_begin(out, p, "signal", NULL, false);
	buf_printf(out, "\"code\": \"%d\", \"name\": ", signum);
	json_put_string(out, name, strlen(name));
	json_neighbor_end(out);
}
