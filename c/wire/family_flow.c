/* FlowSpec NLRI: IPv4/IPv6 (RFC 8955, RFC 8956) and their VPN forms (an RD
 * before the components, RFC 8955 section 8).  The RIB key is the NLRI as
 * received, length prefix included.
 *
 * Error handling (RFC 8955 section 4.2, RFC 7606 section 5.4): a length
 * prefix that overruns the field leaves nothing delimitable (the caller
 * disables the family); a delimited NLRI with a bad component (unknown or
 * out-of-order type, operator list running off the end, wrong value width,
 * reserved bits, length 0) is treat-as-withdraw, never a session reset.
 *
 * IPv6 prefixes follow ExaBGP's layout <len, offset, ceil(len/8) bytes>
 * (RFC 8956 sends only the bits after the offset; both agree for offset 0),
 * so that routes exchanged with ExaBGP keep their bytes. */
#include "wire/family_flow.h"
#include "wire/nlri.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

enum {
	FT_DST = 1, FT_SRC = 2, FT_PROTO = 3, FT_PORT = 4, FT_DPORT = 5, FT_SPORT = 6,
	FT_ICMP_TYPE = 7, FT_ICMP_CODE = 8, FT_TCP_FLAGS = 9, FT_PKT_LEN = 10, FT_DSCP = 11,
	FT_FRAGMENT = 12, FT_FLOW_LABEL = 13,
};

enum { OP_END = 0x80, OP_AND = 0x40, OP_LEN = 0x30 };

static bool binary_type(unsigned t)
{
	return t == FT_TCP_FLAGS || t == FT_FRAGMENT;
}

/* Value widths each type may use (RFC 8955 4.2.2, RFC 8956 3.x), as a mask
 * of 1 << log2(width). */
static unsigned widths(unsigned t)
{
	switch (t) {
	case FT_PORT: case FT_DPORT: case FT_SPORT: case FT_PKT_LEN: case FT_TCP_FLAGS:
		return 0x3;          /* 1 or 2 */
	case FT_FLOW_LABEL:
		return 0x7;          /* 1, 2 or 4 */
	case FT_FRAGMENT:
		return 0x3;          /* 1 (ExaBGP also reads 2) */
	default:
		return 0x1;          /* protocol, ICMP, DSCP: 1 */
	}
}

static const char *component_name(unsigned t, bool v6)
{
	switch (t) {
	case FT_DST: return v6 ? "destination-ipv6" : "destination-ipv4";
	case FT_SRC: return v6 ? "source-ipv6" : "source-ipv4";
	case FT_PROTO: return v6 ? "next-header" : "protocol";
	case FT_PORT: return "port";
	case FT_DPORT: return "destination-port";
	case FT_SPORT: return "source-port";
	case FT_ICMP_TYPE: return "icmp-type";
	case FT_ICMP_CODE: return "icmp-code";
	case FT_TCP_FLAGS: return "tcp-flags";
	case FT_PKT_LEN: return "packet-length";
	case FT_DSCP: return v6 ? "traffic-class" : "dscp";
	case FT_FRAGMENT: return "fragment";
	case FT_FLOW_LABEL: return "flow-label";
	default: return "unknown";
	}
}

/* Length prefix (RFC 8955 section 4.1): one octet below 240, else two with
 * 0xf in the high nibble.  Returns the header size or 0 when truncated. */
static size_t flow_header(const uint8_t *p, size_t left, size_t *body)
{
	if (left < 1)
		return 0;
	if ((p[0] & 0xf0) == 0xf0) {
		if (left < 2)
			return 0;
		*body = (size_t)(p[0] & 0x0f) << 8 | p[1];
		return 2;
	}
	*body = p[0];
	return 1;
}

static size_t prefix_size(const uint8_t *c, size_t left, bool v6)
{
	if (left < (v6 ? 2u : 1u))
		return 0;
	unsigned bits = c[0];
	return (v6 ? 2 : 1) + (bits + 7) / 8;
}

#define SOFT(...)                                                                         \
	do {                                                                              \
		wire_error_set(e, WIRE_TREAT_AS_WITHDRAW, ERR_UPDATE, ERR_UPDATE_OPTIONAL, \
		               ATTR_MP_REACH_NLRI, __VA_ARGS__);                          \
		return (int)total;                                                        \
	} while (0)

int flow_nlri_check(const uint8_t *p, size_t left, bool v6, bool vpn, struct wire_error *e)
{
	size_t body = 0;
	size_t hdr = flow_header(p, left, &body);
	e->action = WIRE_OK;
	if (!hdr || hdr + body > left) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "flow NLRI: length %zu overruns the field (%zu bytes left)", body,
		               left > hdr ? left - hdr : 0);
		return -1;
	}
	size_t total = hdr + body;
	const uint8_t *c = p + hdr;
	size_t i = 0;
	if (body == 0)
		SOFT("flow NLRI: length 0 (no component) at offset 0");
	if (vpn) {
		if (body < 8)
			SOFT("flow-vpn NLRI: %zu bytes cannot hold the route distinguisher", body);
		i = 8;
		if (body == 8)
			SOFT("flow-vpn NLRI: no component after the route distinguisher");
	}
	unsigned last = 0;
	while (i < body) {
		size_t at = hdr + i;
		unsigned t = c[i++];
		if (t == 0 || t > (v6 ? FT_FLOW_LABEL : FT_FRAGMENT))
			SOFT("flow NLRI: unknown component type %u at offset %zu", t, at);
		if (t <= last)
			SOFT("flow NLRI: component type %u after %u (not increasing) at offset %zu", t,
			     last, at);
		last = t;
		if (t == FT_DST || t == FT_SRC) {
			size_t n = prefix_size(c + i, body - i, v6);
			if (!n || i + n > body)
				SOFT("flow NLRI: %s prefix overruns the NLRI at offset %zu",
				     component_name(t, v6), at);
			unsigned bits = c[i];
			if (bits > (v6 ? 128u : 32u))
				SOFT("flow NLRI: %s prefix length %u too long at offset %zu",
				     component_name(t, v6), bits, at + 1);
			if (v6 && c[i + 1] > bits)
				SOFT("flow NLRI: %s offset %u beyond length %u at offset %zu",
				     component_name(t, v6), c[i + 1], bits, at + 2);
			i += n;
			continue;
		}
		for (;;) {
			if (i >= body)
				SOFT("flow NLRI: %s operator list not terminated at offset %zu",
				     component_name(t, v6), hdr + i);
			size_t opat = hdr + i;
			uint8_t op = c[i++];
			unsigned lg = (op & OP_LEN) >> 4;
			size_t w = (size_t)1 << lg;
			if (binary_type(t) ? (op & 0x0c) : (op & 0x08))
				SOFT("flow NLRI: %s operator 0x%02x has reserved bits at offset %zu",
				     component_name(t, v6), op, opat);
			if (!(widths(t) & (1u << lg)))
				SOFT("flow NLRI: %s value of %zu bytes not allowed at offset %zu",
				     component_name(t, v6), w, opat);
			if (i + w > body)
				SOFT("flow NLRI: %s value overruns the NLRI at offset %zu",
				     component_name(t, v6), opat);
			i += w;
			if (op & OP_END)
				break;
		}
	}
	return (int)total;
}

#undef SOFT

/* ---- text and JSON ---- */

static const char *const tcp_names[] = { "fin", "syn", "rst", "push", "ack", "urg", "ece", "cwr", "ns" };
static const char *const frag_names[] = { "dont-fragment", "is-fragment", "first-fragment", "last-fragment" };

static const char *proto_name(uint64_t v)
{
	switch (v) {
	case 1: return "icmp";
	case 2: return "igmp";
	case 6: return "tcp";
	case 8: return "egp";
	case 17: return "udp";
	case 46: return "rsvp";
	case 47: return "gre";
	case 50: return "esp";
	case 51: return "ah";
	case 89: return "ospf";
	case 94: return "ipip";
	case 103: return "pim";
	case 132: return "sctp";
	default: return NULL;
	}
}

static const char *icmp_type_name(uint64_t v)
{
	switch (v) {
	case 0: return "echo-reply";
	case 3: return "unreachable";
	case 5: return "redirect";
	case 8: return "echo-request";
	case 9: return "router-advertisement";
	case 10: return "router-solicit";
	case 11: return "time-exceeded";
	case 12: return "parameter-problem";
	case 13: return "timestamp";
	case 14: return "timestamp-reply";
	case 40: return "photuris";
	case 41: return "experimental-mobility";
	case 42: return "extended-echo-request";
	case 43: return "extended-echo-reply";
	case 253: return "experimental-one";
	case 254: return "experimental-two";
	default: return NULL;
	}
}

/* Bit names joined by '+', low bit first; leftover bits: ExaBGP's label and the whole value. */
static void bits_text(struct buf *out, uint64_t v, const char *const *names, size_t n, const char *unknown)
{
	uint64_t rest = v;
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		uint64_t bit = (uint64_t)1 << i;
		if (rest & bit) {
			if (!first)
				buf_put_u8(out, '+');
			buf_puts(out, names[i]);
			rest &= ~bit;
			first = false;
		}
	}
	if (rest) {
		if (!first)
			buf_put_u8(out, '+');
		/* ExaBGP: the whole value, in decimal, after its label */
		buf_printf(out, "%s %" PRIu64, unknown, v);
	}
}

static void value_text(struct buf *out, unsigned t, uint64_t v)
{
	const char *name = NULL;
	if (t == FT_PROTO)
		name = proto_name(v);
	else if (t == FT_ICMP_TYPE)
		name = icmp_type_name(v);
	else if (t == FT_TCP_FLAGS)
		return bits_text(out, v, tcp_names, sizeof tcp_names / sizeof tcp_names[0], "unknown tcp flag type");
	else if (t == FT_FRAGMENT)
		return bits_text(out, v, frag_names, sizeof frag_names / sizeof frag_names[0], "unknown fragment type");
	if (name)
		buf_puts(out, name);
	else
		buf_printf(out, "%" PRIu64, v);
}

/* One operator/value pair as ExaBGP writes it: "&<300", "=tcp", "!=push". */
static void rule_text(struct buf *out, unsigned t, uint8_t op, uint64_t v)
{
	if (op & OP_AND)
		buf_put_u8(out, '&');
	if (binary_type(t)) {
		static const char *const b[] = { "", "=", "!", "!=" };
		buf_puts(out, b[op & 3]);
		value_text(out, t, v);
		return;
	}
	static const char *const n[] = { "false", "=", ">", ">=", "<", "<=", "!=", "true" };
	buf_puts(out, n[op & 7]);
	/* ExaBGP prints true/false alone unless AND-ed. */
	if (((op & 7) == 0 || (op & 7) == 7) && !(op & OP_AND))
		return;
	value_text(out, t, v);
}

static void prefix_text(struct buf *out, const uint8_t *c, size_t n, bool v6)
{
	if (!v6) {
		nlri_ip_text(out, c, n, 32);
		return;
	}
	uint8_t tmp[17] = { 0 };
	size_t nb = n > 2 ? n - 2 : 0;
	if (nb > 16)
		nb = 16;
	tmp[0] = c[0];
	memcpy(tmp + 1, c + 2, nb);
	nlri_ip_text(out, tmp, 1 + nb, 128);
	buf_printf(out, "/%u", c[1]);
}

static void rd_text(struct buf *out, const uint8_t *rd)
{
	switch (get_be16(rd)) {
	case 0:
		buf_printf(out, "%u:%u", get_be16(rd + 2), get_be32(rd + 4));
		break;
	case 1:
		buf_printf(out, "%u.%u.%u.%u:%u", rd[2], rd[3], rd[4], rd[5], get_be16(rd + 6));
		break;
	case 2:
		buf_printf(out, "%u:%u", get_be32(rd + 2), get_be16(rd + 6));
		break;
	default:
		buf_printf(out, "0x%02x%02x%02x%02x%02x%02x%02x%02x", rd[0], rd[1], rd[2], rd[3], rd[4],
		           rd[5], rd[6], rd[7]);
	}
}

/* Walk the components; for each rule call out the component (first rule),
 * the rule text and whether it is AND-ed to the previous one.  json or text
 * may be NULL. */
static void render(struct buf *json, struct buf *text, const uint8_t *nlri, size_t len, bool v6,
                   bool vpn)
{
	size_t body = 0;
	size_t hdr = flow_header(nlri, len, &body);
	if (!hdr)
		return;
	if (hdr + body > len)
		body = len - hdr;
	const uint8_t *c = nlri + hdr;
	size_t i = vpn ? 8 : 0;
	bool first_member = true;
	struct buf rule;
	buf_init(&rule);
	if (text)
		buf_puts(text, "flow");
	while (i < body) {
		unsigned t = c[i++];
		const char *name = component_name(t, v6);
		/* Collect the rules of this component: text form in `rule`,
		 * separated by NUL; an AND-ed one (not the first) starts with
		 * '&' (rule_text), which is how it joins the one before: no
		 * bit mask, a 4 KiB rule has more than 64 of them. */
		buf_reset(&rule);
		unsigned nrules = 0;
		if (t == FT_DST || t == FT_SRC) {
			size_t n = prefix_size(c + i, body - i, v6);
			if (!n || i + n > body)
				break;
			prefix_text(&rule, c + i, n, v6);
			buf_put_u8(&rule, 0);
			nrules = 1;
			i += n;
		} else {
			bool bad = false;
			for (;;) {
				if (i >= body) {
					bad = true;
					break;
				}
				uint8_t op = c[i++];
				size_t w = (size_t)1 << ((op & OP_LEN) >> 4);
				if (i + w > body) {
					bad = true;
					break;
				}
				uint64_t v = 0;
				for (size_t k = 0; k < w; k++)
					v = v << 8 | c[i + k];
				i += w;
				rule_text(&rule, t, op, v); /* a first rule AND-ed keeps its '&', as ExaBGP shows it */
				buf_put_u8(&rule, 0);
				nrules++;
				if (op & OP_END)
					break;
			}
			if (bad && !nrules)
				break;
		}
		/* JSON: AND-ed rules join the previous element. */
		if (json) {
			buf_puts(json, first_member ? "\"" : ", \"");
			first_member = false;
			buf_puts(json, name);
			buf_puts(json, "\": [ ");
			size_t off = 0;
			for (unsigned r = 0; r < nrules; r++) {
				const char *s = (const char *)rule.data + off;
				size_t sl = strlen(s);
				bool joined = r && s[0] == '&';
				if (!joined)
					buf_puts(json, r ? "\", \"" : "\"");
				buf_put(json, s, sl);
				off += sl + 1;
			}
			buf_puts(json, nrules ? "\" ]" : "]");
		}
		if (text) {
			buf_put_u8(text, ' ');
			buf_puts(text, name);
			buf_puts(text, nrules > 1 ? " [ " : " ");
			size_t off = 0;
			for (unsigned r = 0; r < nrules; r++) {
				const char *s = (const char *)rule.data + off;
				size_t sl = strlen(s);
				if (r && s[0] != '&')
					buf_put_u8(text, ' ');
				buf_put(text, s, sl);
				off += sl + 1;
			}
			if (nrules > 1)
				buf_puts(text, " ]");
		}
	}
	buf_free(&rule);
	if (vpn && body >= 8) {
		if (json) {
			buf_puts(json, first_member ? "\"rd\": \"" : ", \"rd\": \"");
			first_member = false;
			rd_text(json, c);
			buf_put_u8(json, '"');
		}
		if (text) {
			buf_puts(text, " rd ");
			rd_text(text, c);
		}
	}
	if (json && !first_member)
		buf_puts(json, ", ");
}

void flow_nlri_text(struct buf *out, const uint8_t *nlri, size_t len, bool v6, bool vpn)
{
	render(NULL, out, nlri, len, v6, vpn);
}

static void json_common(struct buf *out, const uint8_t *nlri, size_t len, const uint8_t *nh,
                        size_t nhlen, bool v6, bool vpn)
{
	render(out, NULL, nlri, len, v6, vpn);
	/* API v4 shows the next hop inside the NLRI (ExaBGP's v4_json). */
	if (nh && nhlen) {
		const uint8_t *a = nh;
		size_t al = nhlen;
		if (al == 12 || al == 24) {
			a += 8;
			al -= 8;
		} else if (al == 32) {
			al = 16;
		}
		char s[INET6_ADDRSTRLEN];
		if ((al == 4 || al == 16) && inet_ntop(al == 4 ? AF_INET : AF_INET6, a, s, sizeof s))
			buf_printf(out, "\"next-hop\": \"%s\", ", s);
	}
	buf_puts(out, "\"string\": \"");
	render(NULL, out, nlri, len, v6, vpn);
	buf_put_u8(out, '"');
}

#define FLOW_FAMILY(id, V6, VPN, AFI_, SAFI_, NAME)                                           \
	static int id##_len(const uint8_t *p, size_t left, struct wire_error *e)             \
	{                                                                                     \
		return flow_nlri_check(p, left, V6, VPN, e);                                  \
	}                                                                                     \
	static void id##_text(struct buf *out, const uint8_t *nlri, size_t len)              \
	{                                                                                     \
		render(NULL, out, nlri, len, V6, VPN);                                        \
	}                                                                                     \
	static void id##_json(struct buf *out, const uint8_t *nlri, size_t len)              \
	{                                                                                     \
		json_common(out, nlri, len, NULL, 0, V6, VPN);                                \
	}                                                                                     \
	static void id##_json_nh(struct buf *out, const uint8_t *nlri, size_t len,           \
	                         const uint8_t *nh, size_t nhlen)                             \
	{                                                                                     \
		json_common(out, nlri, len, nh, nhlen, V6, VPN);                              \
	}                                                                                     \
	const struct family_ops family_##id = {                                               \
		.afi = AFI_, .safi = SAFI_, .name = NAME, .addr_bits = 0,                   \
		.nlri_len = id##_len, .nlri_json = id##_json, .nlri_text = id##_text,         \
		.nlri_json_nh = id##_json_nh,                                                 \
	};

FLOW_FAMILY(ipv4_flow, false, false, AFI_IPV4, SAFI_FLOW, "ipv4 flow")
FLOW_FAMILY(ipv6_flow, true, false, AFI_IPV6, SAFI_FLOW, "ipv6 flow")
FLOW_FAMILY(ipv4_flow_vpn, false, true, AFI_IPV4, SAFI_FLOW_VPN, "ipv4 flow-vpn")
FLOW_FAMILY(ipv6_flow_vpn, true, true, AFI_IPV6, SAFI_FLOW_VPN, "ipv6 flow-vpn")
