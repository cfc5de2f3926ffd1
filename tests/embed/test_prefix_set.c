/* Prefix sets (c/embed/prefix_set.c): the entry forms (exact, le, ge, ge+le,
 * P+, P-, P{a,b}, Junos words), BIRD's semantics for lengths below the
 * prefix's, IPv4 and IPv6, errors, route handles of other families, and a
 * big set checked against a linear scan of its entries; probe sequences stay
 * short for masked keys. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "embed/policy_edit.h"
#include "embed/prefix_set.h"
#include "unit.h"
#include "wire/family.h"

static int has(struct lb_pset *s, const char *p)
{
	return lb_pset_contains(s, p);
}

/* A route handle of family fam for text prefix p. */
static int match_route(struct lb_pset *s, fam_t fam, const char *p)
{
	uint8_t addr[16] = { 0 }, nlri[17];
	char a[64];
	snprintf(a, sizeof a, "%s", p);
	char *sl = strchr(a, '/');
	*sl = 0;
	int len = atoi(sl + 1);
	inet_pton(strchr(a, ':') ? AF_INET6 : AF_INET, a, addr);
	nlri[0] = (uint8_t)len;
	memcpy(nlri + 1, addr, (size_t)(len + 7) / 8);
	struct lb_route_view v;
	memset(&v, 0, sizeof v);
	v.n.fam = fam;
	v.n.data = nlri;
	v.n.len = (uint16_t)(1 + (len + 7) / 8);
	v.valid = 1;
	return lb_pset_match(s, &v);
}

struct ent { uint32_t a; int p, lo, hi; };

int main(void)
{
	struct lb_pset *s = lb_pset_new();
	CHECK_EQ_INT(lb_pset_add(s, "10.0.0.0/8"), 0);
	CHECK_EQ_INT(lb_pset_add(s, "192.0.2.0/24 le 32"), 0);
	CHECK_EQ_INT(lb_pset_add(s, "172.16.0.0/12 ge 16 le 20"), 0);
	CHECK_EQ_INT(lb_pset_add(s, "198.51.100.0/24+"), 0);
	CHECK_EQ_INT(lb_pset_add(s, "100.64.0.0/10{12,14}"), 0);
	CHECK_EQ_INT(lb_pset_add(s, "2001:db8::/32 ge 48 le 64"), 0);
	CHECK_EQ_INT(lb_pset_add(s, "  fc00::/7 orlonger "), 0);
	CHECK_EQ_INT(lb_pset_size(s), 7);

	CHECK_EQ_INT(has(s, "10.0.0.0/8"), 1);
	CHECK_EQ_INT(has(s, "10.0.0.0/9"), 0);       /* exact only */
	CHECK_EQ_INT(has(s, "11.0.0.0/8"), 0);
	CHECK_EQ_INT(has(s, "192.0.2.0/24"), 1);
	CHECK_EQ_INT(has(s, "192.0.2.128/25"), 1);
	CHECK_EQ_INT(has(s, "192.0.2.7/32"), 1);
	CHECK_EQ_INT(has(s, "192.0.0.0/16"), 0);     /* shorter than P */
	CHECK_EQ_INT(has(s, "172.16.0.0/12"), 0);
	CHECK_EQ_INT(has(s, "172.31.0.0/16"), 1);
	CHECK_EQ_INT(has(s, "172.20.16.0/20"), 1);
	CHECK_EQ_INT(has(s, "172.20.16.0/21"), 0);
	CHECK_EQ_INT(has(s, "172.32.0.0/16"), 0);
	CHECK_EQ_INT(has(s, "198.51.100.0/24"), 1);
	CHECK_EQ_INT(has(s, "198.51.100.1/32"), 1);
	CHECK_EQ_INT(has(s, "100.64.0.0/12"), 1);
	CHECK_EQ_INT(has(s, "100.128.0.0/14"), 0);   /* outside 100.64/10 */
	CHECK_EQ_INT(has(s, "100.124.0.0/14"), 1);
	CHECK_EQ_INT(has(s, "100.64.0.0/10"), 0);
	CHECK_EQ_INT(has(s, "100.64.0.0/15"), 0);
	CHECK_EQ_INT(has(s, "2001:db8:1::/48"), 1);
	CHECK_EQ_INT(has(s, "2001:db8:1:2::/64"), 1);
	CHECK_EQ_INT(has(s, "2001:db8::/32"), 0);
	CHECK_EQ_INT(has(s, "2001:db8:1:2::/65"), 0);
	CHECK_EQ_INT(has(s, "2001:db9::/48"), 0);
	CHECK_EQ_INT(has(s, "fd12:3456::/48"), 1);
	CHECK_EQ_INT(has(s, "fe80::/10"), 0);
	CHECK_EQ_INT(has(s, "10.0.0.0/99"), -1);
	CHECK_EQ_INT(has(s, "nonsense"), -1);
	/* an IPv4 entry never matches IPv6 and back */
	CHECK_EQ_INT(has(s, "::/8"), 0);

	/* route handles: unicast matches; other families and stale handles not */
	CHECK_EQ_INT(match_route(s, FAM_IPV4_UNICAST, "192.0.2.0/25"), 1);
	CHECK_EQ_INT(match_route(s, FAM_IPV4_UNICAST, "192.1.2.0/25"), 0);
	CHECK_EQ_INT(match_route(s, FAM_IPV6_UNICAST, "2001:db8:ab::/48"), 1);
	CHECK_EQ_INT(match_route(s, FAM_IPV4_MULTICAST, "192.0.2.0/25"), 0);

	/* errors: text for the configuration's message */
	const char *bad[] = { "10.0.0.1/8", "10.0.0.0/8 le 4", "10.0.0.0/33", "10.0.0.0/8 ge 4",
	                      "10.0.0.0/8 le 40", "10.0.0.0/8 foo", "x/8", "10.0.0.0/8{4", "" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		CHECK(lb_pset_add(s, bad[i]) != 0);
		CHECK(lb_pset_error()[0] != 0);
	}
	CHECK(strstr((lb_pset_add(s, "10.0.0.1/8"), lb_pset_error()), "host bits") != NULL);
	CHECK_EQ_INT(lb_pset_size(s), 7);
	lb_pset_free(s);

	/* P- and {a,b} below the prefix's length: the prefix's covering routes */
	s = lb_pset_new();
	CHECK_EQ_INT(lb_pset_add(s, "10.1.2.0/24-"), 0);
	CHECK_EQ_INT(lb_pset_add(s, "20.0.0.0/16{8,20}"), 0);
	CHECK_EQ_INT(has(s, "10.1.0.0/16"), 1);
	CHECK_EQ_INT(has(s, "0.0.0.0/0"), 1);
	CHECK_EQ_INT(has(s, "10.1.2.0/24"), 1);
	CHECK_EQ_INT(has(s, "10.1.2.0/25"), 0);
	CHECK_EQ_INT(has(s, "10.2.0.0/16"), 0);
	CHECK_EQ_INT(has(s, "20.0.0.0/8"), 1);
	CHECK_EQ_INT(has(s, "20.0.0.0/7"), 0);
	CHECK_EQ_INT(has(s, "20.0.16.0/20"), 1);
	CHECK_EQ_INT(has(s, "20.1.0.0/16"), 0);
	/* short entries reach many /16 blocks (the IPv4 block bitmap) */
	CHECK_EQ_INT(lb_pset_add(s, "224.0.0.0/3 le 32"), 0);
	CHECK_EQ_INT(lb_pset_add(s, "0.0.0.0/1 ge 24"), 0);
	CHECK_EQ_INT(has(s, "239.255.1.0/24"), 1);
	CHECK_EQ_INT(has(s, "255.255.255.255/32"), 1);
	CHECK_EQ_INT(has(s, "223.255.0.0/16"), 0);
	CHECK_EQ_INT(has(s, "127.255.255.0/24"), 1);
	CHECK_EQ_INT(has(s, "64.0.0.0/23"), 0);
	CHECK_EQ_INT(has(s, "128.0.0.0/24"), 0);
	CHECK_EQ_INT(lb_pset_add(s, "2001:db8::/32 prefix-length-range /40-/48"), 0);
	CHECK_EQ_INT(has(s, "2001:db8:ff00::/40"), 1);
	CHECK_EQ_INT(has(s, "2001:db8:ff00::/39"), 0);
	CHECK_EQ_INT(lb_pset_add(s, "2001:db8::/32 upto /36"), 0);
	CHECK_EQ_INT(has(s, "2001:db8:f000::/36"), 1);
	CHECK_EQ_INT(lb_pset_add(s, "::/0 longer"), 0);
	CHECK_EQ_INT(has(s, "::/0"), 0);
	CHECK_EQ_INT(has(s, "3000::/4"), 1);
	lb_pset_free(s);

	/* 5000 random entries against a linear scan, 20000 random routes */
	enum { NE = 5000, NR = 20000 };
	static struct ent e[NE];
	s = lb_pset_new();
	srand(7);
	for (int i = 0; i < NE; i++) {
		int p = 8 + rand() % 17;                      /* /8 .. /24 */
		uint32_t a = ((uint32_t)rand() << 16 ^ (uint32_t)rand()) & (0xffffffffu << (32 - p));
		a &= 0x3fffffffu | (0xffffffffu << (32 - p)); /* keep them dense */
		a = (a & 0x0fffffff) | 0x0a000000;            /* 10.x: overlapping */
		a &= 0xffffffffu << (32 - p);
		int lo = p + rand() % 3, hi = lo + rand() % 6;
		if (hi > 32)
			hi = 32;
		e[i] = (struct ent){ a, p, lo, hi };
		char t[64];
		struct in_addr ia = { htonl(a) };
		snprintf(t, sizeof t, "%s/%d ge %d le %d", inet_ntoa(ia), p, lo, hi);
		CHECK_EQ_INT(lb_pset_add(s, t), 0);
	}
	CHECK(lb_pset_max_probe(s) < 40);
	{
		/* 6000 prefixes of one length, low bits all zero (the bench's /16s) */
		struct lb_pset *t = lb_pset_new();
		char x[64];
		for (int i = 0; i < 6000; i++) {
			snprintf(x, sizeof x, "%d.%d.0.0/16", 20 + i / 250, i % 250);
			CHECK_EQ_INT(lb_pset_add(t, x), 0);
		}
		snprintf(x, sizeof x, "2001:db8::/32");
		for (int i = 0; i < 6000; i++) {
			snprintf(x, sizeof x, "2001:%x::/32", i);
			CHECK_EQ_INT(lb_pset_add(t, x), 0);
		}
		CHECK(lb_pset_max_probe(t) < 40);
		CHECK_EQ_INT(lb_pset_contains(t, "43.249.0.0/16"), 1);
		CHECK_EQ_INT(lb_pset_contains(t, "2001:10::/32"), 1);
		CHECK_EQ_INT(lb_pset_contains(t, "2001:10::/33"), 0);
		lb_pset_free(t);
	}
	int agree = 0, hits = 0;
	for (int k = 0; k < NR; k++) {
		int r = 8 + rand() % 25;
		const struct ent *x = &e[rand() % NE];
		uint32_t a = (x->a | ((uint32_t)rand() & (0xffffffffu >> x->p))) & (r ? 0xffffffffu << (32 - r) : 0);
		int want = 0;
		for (int i = 0; i < NE && !want; i++) {
			uint32_t m = e[i].p ? 0xffffffffu << (32 - e[i].p) : 0;
			if (r >= e[i].lo && r <= e[i].hi && r >= e[i].p && (a & m) == e[i].a)
				want = 1;
		}
		uint8_t b[4] = { a >> 24, a >> 16 & 0xff, a >> 8 & 0xff, a & 0xff };
		int got = lb_pset_match_raw(s, 0, b, r);
		agree += got == want;
		hits += got;
	}
	CHECK_EQ_INT(agree, NR);
	CHECK(hits > 100);
	lb_pset_free(s);
	return unit_done();
}
