/* Qualifiers shared by the L2VPN, MVPN and MUP families (family_evpn.c,
 * family_vpls.c, family_mvpn.c, family_mup.c): route distinguishers, MPLS
 * label stacks, ESIs and addresses rendered the way ExaBGP renders them. */
#ifndef LB_WIRE_FAMILY_FQ_H
#define LB_WIRE_FAMILY_FQ_H

#include "wire/family.h"

/* RFC 4364 section 4.2 RD, 8 bytes: "65000:1", "1.2.3.4:5", hex otherwise. */
void fq_rd_text(struct buf *out, const uint8_t *rd);
/* "\"rd\": \"65000:1\"" */
void fq_rd_json(struct buf *out, const uint8_t *rd);
/* An IPv4 (4 bytes) or IPv6 (16 bytes) address; other lengths as hex. */
void fq_ip_text(struct buf *out, const uint8_t *ip, size_t len);
/* ExaBGP's label list "\"label\": [ [100, 1601] ]" for n/3 label entries
 * (RFC 3032: label in the top 20 bits; the raw 24-bit value is shown when
 * not zero).  Nothing is written for n < 3. */
void fq_labels_json(struct buf *out, const uint8_t *p, size_t n);
/* Upper-case hex, no separators (ExaBGP's "raw"). */
void fq_hex(struct buf *out, const uint8_t *p, size_t n);
/* Parse "65000:1", "1.2.3.4:5" or "4200000000:5" (RFC 4364 types 0, 1, 2). */
bool fq_rd_parse(const char *s, uint8_t rd[8]);

#endif
