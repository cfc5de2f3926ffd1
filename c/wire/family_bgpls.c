/* BGP-LS families (RFC 9552): AFI 16388, SAFI 71 (bgp-ls) and 72
 * (bgp-ls-vpn).  An NLRI is [type:2][length:2]([RD:8])[body]; types 1-4
 * (node, link, IPv4/IPv6 prefix) and 6 (SRv6 SID, RFC 9514) are checked
 * and rendered as ExaBGP does, other types are carried opaque
 * ({ "code", "parsed": false, "raw" }). */
#include "wire/bgpls.h"
#include "wire/family.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 9552 section 8.2.2: an NLRI that can be skipped (its length fits the
 * field) but whose contents are malformed is treat-as-withdraw: the length
 * is returned with e->action WIRE_TREAT_AS_WITHDRAW.  Only a length that
 * overruns the field, after which nothing can be found, returns -1 (the
 * field is unusable: AFI/SAFI disable).  ExaBGP resets the session for both. */
static int bgpls_len_common(const uint8_t *p, size_t left, bool vpn, struct wire_error *e)
{
	e->action = WIRE_OK;
	if (left < 4) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "BGP-LS NLRI: %zu octets cannot hold the type and length", left);
		return -1;
	}
	uint16_t type = get_be16(p), len = get_be16(p + 2);
	if ((size_t)len + 4 > left) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "BGP-LS NLRI type %u: length %u overruns the field (%zu octets left)", type,
		               len, left - 4);
		return -1;
	}
	const uint8_t *body = p + 4;
	size_t n = len;
	if (vpn && bgpls_nlri_known(type)) {
		if (n < 8) {
			wire_error_set(e, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
			               "BGP-LS VPN NLRI type %u: length %u shorter than the RD", type, len);
			return (int)len + 4;
		}
		body += 8;
		n -= 8;
	}
	size_t where;
	const char *pb = bgpls_nlri_problem(type, body, n, &where);
	if (pb)
		wire_error_set(e, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "BGP-LS NLRI type %u: %s at NLRI octet %zu", type, pb,
		               where + (size_t)(body - p));
	return (int)len + 4;
}

static int bgpls_len(const uint8_t *p, size_t left, struct wire_error *e)
{
	return bgpls_len_common(p, left, false, e);
}

static int bgpls_vpn_len(const uint8_t *p, size_t left, struct wire_error *e)
{
	return bgpls_len_common(p, left, true, e);
}

static void put_ip(struct buf *out, const uint8_t *a, size_t n)
{
	char s[INET6_ADDRSTRLEN];
	if (n == 4)
		buf_printf(out, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	else if (n == 16 && inet_ntop(AF_INET6, a, s, sizeof s))
		buf_puts(out, s);
}

static void put_hex_lower(struct buf *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%02x", p[i]);
}

/* One Node Descriptors value as ExaBGP's list of objects. */
static void node_descs_json(struct buf *out, const uint8_t *v, size_t n, uint8_t proto)
{
	size_t off = 0;
	struct bgpls_tlv t;
	bool bad, first = true;
	while (bgpls_tlv_next(v, n, &off, &t, &bad)) {
		buf_puts(out, first ? "{ " : ", { ");
		first = false;
		switch (t.type) {
		case BGPLS_DESC_AS:
			if (t.len == 4)
				buf_printf(out, "\"autonomous-system\": %u", get_be32(t.v));
			break;
		case BGPLS_DESC_BGPLS_ID:
			if (t.len == 4)
				buf_printf(out, "\"bgp-ls-identifier\": \"%u\"", get_be32(t.v));
			break;
		case BGPLS_DESC_OSPF_AREA:
			buf_puts(out, "\"ospf-area-id\": \"");
			put_ip(out, t.v, t.len);
			buf_puts(out, "\"");
			break;
		case BGPLS_DESC_ROUTER:
			buf_puts(out, "\"router-id\": \"");
			if (proto == 1 || proto == 2) {
				/* IS-IS system id (and pseudonode), ExaBGP's hex */
				put_hex_lower(out, t.v, t.len);
				buf_puts(out, "\"");
				if (t.len == 7 && t.v[6])
					buf_printf(out, ", \"psn\": \"%u\"", t.v[6]);
			} else {
				put_ip(out, t.v, t.len >= 4 ? 4 : 0);
				buf_puts(out, "\"");
				if (t.len == 8) {   /* ExaBGP shows a 0.0.0.0 DR too */
					buf_puts(out, ", \"designated-router-id\": \"");
					put_ip(out, t.v + 4, 4);
					buf_puts(out, "\"");
				}
			}
			break;
		default:
			break;
		}
		buf_puts(out, " }");
	}
}

static void rd_json(struct buf *out, const uint8_t *rd)
{
	uint16_t t = get_be16(rd);
	buf_puts(out, ", \"rd\": \"");
	if (t == 0)
		buf_printf(out, "%u:%u", get_be16(rd + 2), get_be32(rd + 4));
	else if (t == 1)
		buf_printf(out, "%u.%u.%u.%u:%u", rd[2], rd[3], rd[4], rd[5], get_be16(rd + 6));
	else if (t == 2)
		buf_printf(out, "%u:%u", get_be32(rd + 2), get_be16(rd + 6));
	else {
		buf_puts(out, "0x");
		for (int i = 0; i < 8; i++)
			buf_printf(out, "%02X", rd[i]);
	}
	buf_puts(out, "\"");
}

static void link_json(struct buf *out, const uint8_t *b, size_t n, uint8_t proto)
{
	static const struct { uint16_t t; const char *key; } lists[] = {
		{ BGPLS_TLV_LOCAL_NODE, "local-node-descriptors" },
		{ BGPLS_TLV_REMOTE_NODE, "remote-node-descriptors" },
		{ BGPLS_TLV_IFACE4, "interface-addresses" },
		{ BGPLS_TLV_NEIGH4, "neighbor-addresses" },
		{ BGPLS_TLV_MT_ID, "multi-topology-ids" },
		{ BGPLS_TLV_LINK_ID, "link-identifiers" },
	};
	for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
		buf_printf(out, ", \"%s\": [ ", lists[k].key);
		size_t off = 9;
		struct bgpls_tlv t, last = { 0, 0, NULL };
		bool bad, first = true;
		while (bgpls_tlv_next(b, n, &off, &t, &bad)) {
			uint16_t ty = t.type;
			if (ty == BGPLS_TLV_IFACE6)
				ty = BGPLS_TLV_IFACE4;
			if (ty == BGPLS_TLV_NEIGH6)
				ty = BGPLS_TLV_NEIGH4;
			if (ty != lists[k].t)
				continue;
			switch (ty) {
			case BGPLS_TLV_LOCAL_NODE: case BGPLS_TLV_REMOTE_NODE:
				if (!first)
					buf_puts(out, ", ");
				node_descs_json(out, t.v, t.len, proto);
				if (t.len)
					first = false;
				break;
			case BGPLS_TLV_IFACE4: case BGPLS_TLV_NEIGH4:
				buf_puts(out, first ? "\"" : ", \"");
				put_ip(out, t.v, t.len);
				buf_puts(out, "\"");
				first = false;
				break;
			case BGPLS_TLV_MT_ID:
				if (t.len >= 2) {
					buf_printf(out, "%s%u", first ? "" : ", ", get_be16(t.v) & 0x0fff);
					first = false;
				}
				break;
			case BGPLS_TLV_LINK_ID:
				last = t;   /* ExaBGP keeps the last one */
				break;
			}
		}
		if (last.v && last.len >= 8)
			buf_printf(out, "{ \"link-local-id\": %u, \"link-remote-id\": %u }", get_be32(last.v),
			           get_be32(last.v + 4));
		buf_puts(out, " ]");
	}
}

static void prefix_json(struct buf *out, const uint8_t *b, size_t n, uint8_t proto, bool v6)
{
	size_t off = 9;
	struct bgpls_tlv t;
	bool bad, first = true;
	const uint8_t *reach = NULL, *ospf = NULL;
	size_t reach_len = 0;
	buf_puts(out, ", \"node-descriptors\": [ ");
	while (bgpls_tlv_next(b, n, &off, &t, &bad)) {
		if (t.type == BGPLS_TLV_LOCAL_NODE) {
			if (!first)
				buf_puts(out, ", ");
			node_descs_json(out, t.v, t.len, proto);
			if (t.len)
				first = false;
		} else if (t.type == BGPLS_TLV_IP_REACH) {
			reach = t.v;
			reach_len = t.len;
		} else if (t.type == BGPLS_TLV_OSPF_ROUTE && t.len == 1) {
			ospf = t.v;
		}
	}
	buf_puts(out, " ]");
	if (reach && reach_len >= 1) {
		uint8_t a[16] = { 0 };
		size_t alen = v6 ? 16 : 4, k = reach_len - 1 < alen ? reach_len - 1 : alen;
		memcpy(a, reach + 1, k);
		struct buf p = BUF_INIT;
		put_ip(&p, a, alen);
		buf_printf(&p, "/%u", reach[0]);
		buf_printf(out, ", \"ip-reachability-tlv\": \"%s\", \"ip-reach-prefix\": \"%s\"", buf_cstr(&p),
		           buf_cstr(&p));
		buf_free(&p);
	}
	if (ospf)
		buf_printf(out, ", \"ospf-route-type\": %u", ospf[0]);
}

/* RFC 9514 section 6: Local Node Descriptors, then the SRv6 SID
 * descriptors as ExaBGP's object: "multi-topology-ids" (strings, always
 * there), "srv6-sid" (the last one wins) and "generic-tlv-N" lists for the
 * other TLVs, keys in order of first appearance. */
static void srv6_sid_json(struct buf *out, const uint8_t *b, size_t n, uint8_t proto)
{
	size_t off = 9, count = 0;
	struct bgpls_tlv t;
	bool bad;
	buf_puts(out, ", \"node-descriptors\": [ ");
	if (bgpls_tlv_next(b, n, &off, &t, &bad) && t.type == BGPLS_TLV_LOCAL_NODE)
		node_descs_json(out, t.v, t.len, proto);
	buf_puts(out, " ], \"srv6-sid-descriptors\": {\"multi-topology-ids\": [");
	size_t start = off;
	bool first = true;
	while (bgpls_tlv_next(b, n, &off, &t, &bad)) {
		if (t.type != BGPLS_TLV_MT_ID) {
			count++;
		} else if (t.len >= 2) {
			buf_printf(out, "%s\"%u\"", first ? "" : ", ", get_be16(t.v) & 0x0fff);
			first = false;
		}
	}
	buf_puts(out, "]");
	if (count) {
		struct bgpls_ref *refs = xmalloc(count * sizeof *refs);
		struct bgpls_group *g = xmalloc(count * sizeof *g);
		size_t k = 0;
		off = start;
		while (bgpls_tlv_next(b, n, &off, &t, &bad))
			if (t.type != BGPLS_TLV_MT_ID)
				refs[k++] = (struct bgpls_ref){ .key = t.type, .tlv = t.v - 4 };
		size_t ng = bgpls_group(refs, count, g);
		for (size_t i = 0; i < ng; i++) {
			uint32_t key = refs[g[i].start].key;
			if (key == BGPLS_TLV_SRV6_SID_INFO) {
				const uint8_t *h = refs[g[i].start + g[i].n - 1].tlv;
				buf_puts(out, ", \"srv6-sid\": \"");
				put_ip(out, h + 4, get_be16(h + 2));   /* 16 octets: bgpls_nlri_problem */
				buf_puts(out, "\"");
				continue;
			}
			buf_printf(out, ", \"generic-tlv-%u\": [", key);
			for (uint32_t j = 0; j < g[i].n; j++) {
				const uint8_t *h = refs[g[i].start + j].tlv;
				buf_puts(out, j ? ", \"0x" : "\"0x");
				for (size_t x = 0, l = get_be16(h + 2); x < l; x++)
					buf_printf(out, "%02X", h[4 + x]);
				buf_puts(out, "\"");
			}
			buf_puts(out, "]");
		}
		free(refs);
		free(g);
	}
	buf_puts(out, "}");
}

static void json_common(struct buf *out, const uint8_t *nlri, size_t len, bool vpn, const uint8_t *nh,
                        size_t nhlen)
{
	if (len < 4)
		return;
	uint16_t type = get_be16(nlri);
	const uint8_t *b = nlri + 4, *rd = NULL;
	size_t n = len - 4;
	bool known = bgpls_nlri_known(type);
	if (known && vpn && n >= 8) {
		rd = b;
		b += 8;
		n -= 8;
	}
	if (!known || n < 9) {
		buf_printf(out, "\"code\": %u, \"parsed\": false, \"raw\": \"", type);
		for (size_t i = 0; i < len; i++)
			buf_printf(out, "%02X", nlri[i]);
		buf_puts(out, "\"");
		return;
	}
	static const char *const names[] = { "", "bgpls-node", "bgpls-link", "bgpls-prefix-v4",
		"bgpls-prefix-v6", "", "bgpls-srv6sid" };
	uint8_t proto = b[0];
	uint64_t domain = (uint64_t)get_be32(b + 1) << 32 | get_be32(b + 5);
	buf_printf(out, "\"ls-nlri-type\": \"%s\", \"l3-routing-topology\": %llu, \"protocol-id\": %u",
	           names[type], (unsigned long long)domain, proto);
	if (type == BGPLS_NLRI_SRV6_SID) {
		srv6_sid_json(out, b, n, proto);
		return;   /* ExaBGP shows neither its RD nor a next hop */
	} else if (type == BGPLS_NLRI_LINK) {
		link_json(out, b, n, proto);
	} else if (type == BGPLS_NLRI_NODE) {
		buf_puts(out, ", \"node-descriptors\": [ ");
		size_t off = 9;
		struct bgpls_tlv t;
		bool bad;
		if (bgpls_tlv_next(b, n, &off, &t, &bad) && t.type == BGPLS_TLV_LOCAL_NODE)
			node_descs_json(out, t.v, t.len, proto);
		buf_puts(out, " ]");
	} else {
		prefix_json(out, b, n, proto, type == BGPLS_NLRI_PREFIX6);
	}
	if (rd)
		rd_json(out, rd);
	/* API v4 (ExaBGP's v4_json): node and prefix NLRI carry the next hop. */
	if (type != BGPLS_NLRI_LINK && nh && (nhlen == 4 || nhlen == 16 || nhlen == 32)) {
		buf_puts(out, ", \"nexthop\": \"");
		put_ip(out, nh, nhlen == 4 ? 4 : 16);
		buf_puts(out, "\"");
	}
}

static void bgpls_json_nh(struct buf *out, const uint8_t *nlri, size_t len, const uint8_t *nh, size_t nhlen)
{
	json_common(out, nlri, len, false, nh, nhlen);
}

static void bgpls_vpn_json_nh(struct buf *out, const uint8_t *nlri, size_t len, const uint8_t *nh,
                              size_t nhlen)
{
	json_common(out, nlri, len, true, nh, nhlen);
}

static void bgpls_json(struct buf *out, const uint8_t *nlri, size_t len)
{
	json_common(out, nlri, len, false, NULL, 0);
}

static void bgpls_vpn_json(struct buf *out, const uint8_t *nlri, size_t len)
{
	json_common(out, nlri, len, true, NULL, 0);
}

/* ExaBGP's str(): bgp-ls:<short name>:0x<payload hex>. */
static void bgpls_text(struct buf *out, const uint8_t *nlri, size_t len)
{
	static const char *const names[] = { "unknown", "node", "link", "prefix_v4", "prefix_v6", "unknown",
		"srv6_sid" };
	uint16_t type = len >= 2 ? get_be16(nlri) : 0;
	buf_printf(out, "bgp-ls:%s:0x", type <= 6 ? names[type] : "unknown");
	if (len > 4)
		put_hex_lower(out, nlri + 4, len - 4);
}

const struct family_ops family_bgpls = {
	.afi = AFI_BGPLS, .safi = SAFI_BGPLS, .name = "bgp-ls bgp-ls",
	.nlri_len = bgpls_len, .nlri_json = bgpls_json, .nlri_text = bgpls_text,
	.nlri_json_nh = bgpls_json_nh,
};

const struct family_ops family_bgpls_vpn = {
	.afi = AFI_BGPLS, .safi = SAFI_BGPLS_VPN, .name = "bgp-ls bgp-ls-vpn",
	.nlri_len = bgpls_vpn_len, .nlri_json = bgpls_vpn_json, .nlri_text = bgpls_text,
	.nlri_json_nh = bgpls_vpn_json_nh,
};
