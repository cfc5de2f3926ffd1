/* Qualifiers shared by the L2VPN, MVPN and MUP families (family_fq.h). */
#include "wire/family_fq.h"
#include "base/hex.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

void fq_rd_text(struct buf *out, const uint8_t *rd)
{
	uint16_t type = get_be16(rd);
	switch (type) {
	case 0:
		buf_printf(out, "%u:%u", get_be16(rd + 2), get_be32(rd + 4));
		break;
	case 1:
		buf_printf(out, "%u.%u.%u.%u:%u", rd[2], rd[3], rd[4], rd[5], get_be16(rd + 6));
		break;
	case 2:
		buf_printf(out, "%u:%u", get_be32(rd + 2), get_be16(rd + 6));
		break;
	default:   /* ExaBGP's hexstring: "0x" and the 8 octets */
		buf_puts(out, "0x");
		fq_hex(out, rd, 8);
		break;
	}
}

void fq_rd_json(struct buf *out, const uint8_t *rd)
{
	buf_puts(out, "\"rd\": \"");
	fq_rd_text(out, rd);
	buf_put_u8(out, '"');
}

void fq_ip_text(struct buf *out, const uint8_t *ip, size_t len)
{
	char s[INET6_ADDRSTRLEN];
	if (len == 4 || len == 16) {
		inet_ntop(len == 4 ? AF_INET : AF_INET6, ip, s, sizeof s);
		buf_puts(out, s);
	} else {
		fq_hex(out, ip, len);
	}
}

void fq_labels_json(struct buf *out, const uint8_t *p, size_t n)
{
	if (n < 3)
		return;
	buf_puts(out, "\"label\": [ ");
	for (size_t i = 0; i + 3 <= n; i += 3) {
		uint32_t raw = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		buf_puts(out, i ? ", [" : "[");
		buf_printf(out, "%u", raw >> 4);
		if (raw)
			buf_printf(out, ", %u", raw);
		buf_put_u8(out, ']');
	}
	buf_puts(out, " ]");
}

void fq_hex(struct buf *out, const uint8_t *p, size_t n)
{
	hex_encode(out, p, n);
}

bool fq_rd_parse(const char *s, uint8_t rd[8])
{
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s || !colon[1])
		return false;
	char admin[64];
	size_t al = (size_t)(colon - s);
	if (al >= sizeof admin)
		return false;
	memcpy(admin, s, al);
	admin[al] = 0;
	char *end;
	unsigned long long num = strtoull(colon + 1, &end, 10);
	if (*end || colon[1] == '-')
		return false;
	struct in_addr a;
	if (strchr(admin, '.')) {
		if (inet_pton(AF_INET, admin, &a) != 1 || num > 0xffff)
			return false;
		put_be16(rd, 1);
		memcpy(rd + 2, &a, 4);
		put_be16(rd + 6, (uint16_t)num);
		return true;
	}
	unsigned long long asn = strtoull(admin, &end, 10);
	if (*end || admin[0] == '-')
		return false;
	if (asn <= 0xffff && num <= 0xffffffffULL) {
		put_be16(rd, 0);
		put_be16(rd + 2, (uint16_t)asn);
		put_be32(rd + 4, (uint32_t)num);
		return true;
	}
	if (asn <= 0xffffffffULL && num <= 0xffff) {
		put_be16(rd, 2);
		put_be32(rd + 2, (uint32_t)asn);
		put_be16(rd + 6, (uint16_t)num);
		return true;
	}
	return false;
}
