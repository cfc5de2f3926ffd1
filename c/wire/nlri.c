/* IP prefix NLRI (RFC 4271 section 4.3, RFC 4760 section 5, RFC 7911) and
 * the IPv4/IPv6 unicast family operations. */
#include "wire/nlri.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 7606 section 5.3: a prefix longer than the address, or one whose bytes
 * overrun the field, makes the whole field unparsable: the caller decides
 * the action (session reset 3/10 for the classic fields). */
int nlri_ip_len(const uint8_t *p, size_t left, unsigned max_bits, struct wire_error *e)
{
	if (left < 1) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "NLRI: missing prefix length");
		return -1;
	}
	unsigned bits = p[0];
	if (bits > max_bits) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "NLRI: prefix length %u exceeds %u", bits, max_bits);
		return -1;
	}
	size_t n = 1 + (bits + 7) / 8;
	if (n > left) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "NLRI: prefix /%u overruns the field (%zu bytes left)", bits, left);
		return -1;
	}
	return (int)n;
}

void nlri_ip_text(struct buf *out, const uint8_t *nlri, size_t len, unsigned bits)
{
	uint8_t addr[16] = { 0 };
	size_t alen = bits / 8;
	size_t n = len > 0 ? len - 1 : 0;
	if (n > alen)
		n = alen;
	if (n)
		memcpy(addr, nlri + 1, n);
	char s[INET6_ADDRSTRLEN];
	inet_ntop(bits == 32 ? AF_INET : AF_INET6, addr, s, sizeof s);
	buf_printf(out, "%s/%u", s, len > 0 ? nlri[0] : 0);
}

int nlri_ip_parse(const char *text, uint8_t out[17], fam_t *fam)
{
	char tmp[INET6_ADDRSTRLEN + 8];
	size_t tl = strlen(text);
	if (tl >= sizeof tmp)
		return -1;
	memcpy(tmp, text, tl + 1);
	char *slash = strchr(tmp, '/');
	uint8_t addr[16];
	bool v6 = strchr(tmp, ':') != NULL;
	unsigned max = v6 ? 128 : 32;
	unsigned bits = max;
	if (slash) {
		*slash = 0;
		char *end;
		unsigned long b = strtoul(slash + 1, &end, 10);
		if (end == slash + 1 || *end || b > max)
			return -1;
		bits = (unsigned)b;
	}
	if (inet_pton(v6 ? AF_INET6 : AF_INET, tmp, addr) != 1)
		return -1;
	size_t n = (bits + 7) / 8;
	out[0] = (uint8_t)bits;
	memcpy(out + 1, addr, n);
	if (bits % 8)
		out[n] &= (uint8_t)(0xff << (8 - bits % 8));
	*fam = v6 ? FAM_IPV6_UNICAST : FAM_IPV4_UNICAST;
	return (int)(n + 1);
}

void nlri_iter_init(struct nlri_iter *it, fam_t fam, bool addpath, const uint8_t *p, size_t n)
{
	wire_reader_init(&it->r, p, n);
	it->fam = fam;
	it->addpath = addpath;
}

bool nlri_iter_next(struct nlri_iter *it, struct nlri_ref *out)
{
	const struct family_ops *ops = family_ops(it->fam);
	if (!ops || it->r.err || it->r.left == 0)
		return false;
	uint32_t pid = 0;
	if (it->addpath)
		pid = wire_get_u32(&it->r);
	if (it->r.err)
		return false;
	struct wire_error e;
	int n = ops->nlri_len(it->r.p, it->r.left, &e);
	if (n < 0) {
		it->r.err = true;
		return false;
	}
	out->fam = it->fam;
	out->path_id = pid;
	out->len = (uint16_t)n;
	out->data = wire_get_bytes(&it->r, (size_t)n);
	return true;
}

int nlri_field_check(fam_t fam, bool addpath, const uint8_t *p, size_t n, struct wire_error *e)
{
	return nlri_field_check_at(fam, addpath, p, n, e, NULL);
}

int nlri_field_check_at(fam_t fam, bool addpath, const uint8_t *p, size_t n, struct wire_error *e, size_t *at)
{
	const struct family_ops *ops = family_ops(fam);
	if (at)
		*at = 0;
	if (!ops) {
		wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
		               "NLRI: unknown family");
		return -1;
	}
	struct wire_reader r;
	wire_reader_init(&r, p, n);
	int count = 0;
	/* A delimited NLRI with bad contents: the field stays usable and the
	 * strongest such error (the first among equals) is returned in e:
	 * WIRE_TREAT_AS_WITHDRAW for a FlowSpec component (RFC 7606 section
	 * 5.4, RFC 8955 section 4.2), WIRE_ATTR_DISCARD for a typed route kept
	 * as raw bytes (EVPN, MVPN, MUP: that route only). */
	struct wire_error soft = { .action = WIRE_OK };
	size_t soft_at = 0;
	while (r.left > 0) {
		size_t here = n - r.left;
		if (addpath && r.left < 4) {
			wire_error_set(e, WIRE_SESSION_RESET, ERR_UPDATE, ERR_UPDATE_NETWORK, 0,
			               "NLRI: path identifier overruns the field (%zu octets left)", r.left);
			if (at)
				*at = here;
			return -1;
		}
		if (addpath)
			wire_get_u32(&r);
		e->action = WIRE_OK;
		int l = ops->nlri_len(r.p, r.left, e);
		if (l < 0) {
			if (at)
				*at = here;
			return -1;
		}
		if (e->action > soft.action) {
			soft = *e;
			soft_at = here;
		}
		wire_get_bytes(&r, (size_t)l);
		count++;
	}
	*e = soft;
	if (at)
		*at = soft_at;
	return count;
}

/* ---- IPv4 / IPv6 unicast ---- */

static int ipv4_len(const uint8_t *p, size_t left, struct wire_error *e)
{
	return nlri_ip_len(p, left, 32, e);
}

static int ipv6_len(const uint8_t *p, size_t left, struct wire_error *e)
{
	return nlri_ip_len(p, left, 128, e);
}

static void ipv4_text(struct buf *out, const uint8_t *nlri, size_t len)
{
	nlri_ip_text(out, nlri, len, 32);
}

static void ipv6_text(struct buf *out, const uint8_t *nlri, size_t len)
{
	nlri_ip_text(out, nlri, len, 128);
}

/* ExaBGP: "nlri": "10.0.0.0/24" (space after the colon). */
static void ipv4_json(struct buf *out, const uint8_t *nlri, size_t len)
{
	buf_puts(out, "\"nlri\": \"");
	nlri_ip_text(out, nlri, len, 32);
	buf_put_u8(out, '"');
}

static void ipv6_json(struct buf *out, const uint8_t *nlri, size_t len)
{
	buf_puts(out, "\"nlri\": \"");
	nlri_ip_text(out, nlri, len, 128);
	buf_put_u8(out, '"');
}

const struct family_ops family_ipv4_unicast = {
	.afi = AFI_IPV4, .safi = SAFI_UNICAST, .name = "ipv4 unicast", .addr_bits = 32,
	.nlri_len = ipv4_len, .nlri_json = ipv4_json, .nlri_text = ipv4_text,
};

const struct family_ops family_ipv6_unicast = {
	.afi = AFI_IPV6, .safi = SAFI_UNICAST, .name = "ipv6 unicast", .addr_bits = 128,
	.nlri_len = ipv6_len, .nlri_json = ipv6_json, .nlri_text = ipv6_text,
};

/* Multicast carries the unicast NLRI (RFC 4760 section 5): same functions. */
const struct family_ops family_ipv4_multicast = {
	.afi = AFI_IPV4, .safi = SAFI_MULTICAST, .name = "ipv4 multicast", .addr_bits = 32,
	.nlri_len = ipv4_len, .nlri_json = ipv4_json, .nlri_text = ipv4_text,
};

const struct family_ops family_ipv6_multicast = {
	.afi = AFI_IPV6, .safi = SAFI_MULTICAST, .name = "ipv6 multicast", .addr_bits = 128,
	.nlri_len = ipv6_len, .nlri_json = ipv6_json, .nlri_text = ipv6_text,
};

bool nlri_one_valid(fam_t fam, const uint8_t *nlri, size_t len)
{
	const struct family_ops *ops = family_ops(fam);
	struct wire_error e;
	if (!ops || !ops->nlri_len || !len || len > NLRI_MAX_LEN)
		return false;
	e.action = WIRE_OK;
	return ops->nlri_len(nlri, len, &e) == (int)len && e.action == WIRE_OK;
}
