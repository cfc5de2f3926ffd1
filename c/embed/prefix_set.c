/* Prefix sets for policies (docs/lua.md, "Prefix sets"): lunabgp.prefix_set{}
 * builds one at load, set:match(r) / set:contains(text) test routes against
 * it through the FFI (declarations in policy_ffi.h).  No Lua here.
 *
 * An entry P/p{a,b} matches a route R/r when a <= r <= b and the first
 * min(p, r) bits of P and R agree: BIRD's prefix patterns, which also give
 * the Cisco/Junos forms (P = {p,p}, P le N = {p,N}, P ge N le M = {N,M},
 * P+ = orlonger, P- = {0,p}).
 *
 * Layout: per family, one hash table per entry length p, keyed by the
 * prefix masked to p, holding the set of route lengths r (a bit mask) that
 * the entries of that key accept.  An entry with a < p is stored as its
 * truncations P/r for r in [a, min(b, p-1)] (each accepting only r), so a
 * lookup is always "R masked to p, r in the mask".  A route is tested
 * against the lengths present (ascending, p <= r), skipping a length whose
 * union mask lacks r.  Lengths of at least 16 (IPv4) / 32 (IPv6) are
 * gated by a 64 Kibit filter on the route's first bits, so a route far
 * from every long entry costs only the probes of the short lengths (few
 * entries, small tables in cache), whatever the set's size; for IPv4 a
 * second bitmap of the /16 blocks any entry reaches turns most routes
 * away before any probe. */
#include "embed/prefix_set.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "embed/policy_edit.h"
#include "wire/family.h"

enum { PS_MAXLEN = 128 };

struct ps_slot {
	uint64_t hi, lo;          /* the key: prefix bits, left aligned, masked */
	uint64_t mask[3];         /* route lengths accepted (bit r); 0: free slot */
};

struct ps_len {
	uint64_t any[3];          /* union of the slots' masks */
	uint32_t cap, count;
	struct ps_slot *slots;
};

enum { PS_FILTER_BITS = 1 << 16 };

struct ps_fam {
	int maxlen;               /* 32 or 128 */
	int fbits;                /* 16 (IPv4), 32 (IPv6): the filter's prefix length */
	uint64_t filter[PS_FILTER_BITS / 64];  /* stored keys of length >= fbits, by their first fbits */
	uint64_t cover[PS_FILTER_BITS / 64];   /* IPv4: /16 blocks any stored key covers or is in */
	int nlens;
	uint8_t lens[PS_MAXLEN + 1];   /* entry lengths present, ascending */
	uint64_t any[3];
	struct ps_len len[PS_MAXLEN + 1];
};

struct lb_pset {
	struct ps_fam fam[2];     /* IPv4, IPv6 */
	uint32_t entries;         /* as given (not the stored truncations) */
};

static char err_text[160];

const char *lb_pset_error(void)
{
	return err_text;
}

struct lb_pset *lb_pset_new(void)
{
	struct lb_pset *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->fam[0].maxlen = 32;
	s->fam[0].fbits = 16;
	s->fam[1].maxlen = 128;
	s->fam[1].fbits = 32;
	return s;
}

void lb_pset_free(struct lb_pset *s)
{
	if (!s)
		return;
	for (int f = 0; f < 2; f++)
		for (int p = 0; p <= PS_MAXLEN; p++)
			free(s->fam[f].len[p].slots);
	free(s);
}

int lb_pset_size(const struct lb_pset *s)
{
	return (int)s->entries;
}

static inline bool bit_has(const uint64_t m[3], int r)
{
	return (m[r >> 6] >> (r & 63)) & 1;
}

static inline void mask_key(uint64_t *hi, uint64_t *lo, int p)
{
	if (p == 0) {
		*hi = *lo = 0;
	} else if (p < 64) {
		*hi &= ~0ULL << (64 - p);
		*lo = 0;
	} else if (p == 64) {
		*lo = 0;
	} else if (p < 128) {
		*lo &= ~0ULL << (128 - p);
	}
}

/* Keys are masked prefixes: their low bits are zero, so the hash must mix
 * high bits down (a plain multiply would send every /16 to one slot).  The
 * finalizer of MurmurHash3 (fmix64). */
static inline uint32_t key_hash(uint64_t hi, uint64_t lo)
{
	uint64_t h = hi ^ (lo * 0x9E3779B97F4A7C15ULL) ^ (lo >> 29);
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (uint32_t)h;
}

static const struct ps_slot *ps_find(const struct ps_len *l, uint64_t hi, uint64_t lo)
{
	uint32_t m = l->cap - 1;
	for (uint32_t i = key_hash(hi, lo) & m;; i = (i + 1) & m) {
		const struct ps_slot *s = &l->slots[i];
		if (!(s->mask[0] | s->mask[1] | s->mask[2]))
			return NULL;
		if (s->hi == hi && s->lo == lo)
			return s;
	}
}

static bool ps_grow(struct ps_len *l)
{
	uint32_t ncap = l->cap ? l->cap * 2 : 8;
	struct ps_slot *ns = calloc(ncap, sizeof *ns);
	if (!ns)
		return false;
	for (uint32_t i = 0; i < l->cap; i++) {
		struct ps_slot *o = &l->slots[i];
		if (!(o->mask[0] | o->mask[1] | o->mask[2]))
			continue;
		uint32_t j = key_hash(o->hi, o->lo) & (ncap - 1);
		while (ns[j].mask[0] | ns[j].mask[1] | ns[j].mask[2])
			j = (j + 1) & (ncap - 1);
		ns[j] = *o;
	}
	free(l->slots);
	l->slots = ns;
	l->cap = ncap;
	return true;
}

/* The filter's bit for a key (or route) of length >= fbits: the first 16
 * bits themselves for IPv4, the first 32 hashed for IPv6.  Most routes
 * that match no long entry are turned away by this one bit (8 KiB per
 * family, in cache), before any hash table is probed. */
static inline uint32_t filter_bit(const struct ps_fam *f, uint64_t hi)
{
	if (f->fbits == 16)
		return (uint32_t)(hi >> 48);
	return (uint32_t)(((hi >> 32) * 0x9E3779B97F4A7C15ULL) >> 48);
}

/* Key hi/lo (masked to p) accepts route lengths lo_r..hi_r. */
static bool ps_insert(struct ps_fam *f, int p, uint64_t hi, uint64_t lo, int lo_r, int hi_r)
{
	struct ps_len *l = &f->len[p];
	if ((l->count + 1) * 2 > l->cap && !ps_grow(l))
		return false;
	uint32_t m = l->cap - 1, i = key_hash(hi, lo) & m;
	struct ps_slot *s;
	for (;; i = (i + 1) & m) {
		s = &l->slots[i];
		if (!(s->mask[0] | s->mask[1] | s->mask[2])) {
			s->hi = hi;
			s->lo = lo;
			l->count++;
			break;
		}
		if (s->hi == hi && s->lo == lo)
			break;
	}
	if (!(l->any[0] | l->any[1] | l->any[2])) {
		/* a new length: keep lens ascending */
		int k = f->nlens++;
		while (k > 0 && f->lens[k - 1] > p) {
			f->lens[k] = f->lens[k - 1];
			k--;
		}
		f->lens[k] = (uint8_t)p;
	}
	if (p >= f->fbits) {
		uint32_t fb = filter_bit(f, hi);
		f->filter[fb >> 6] |= 1ULL << (fb & 63);
	}
	if (f->fbits == 16) {
		/* the /16 blocks this key can match routes in (all of them when p < 16) */
		uint32_t first = (uint32_t)(hi >> 48), n = p >= 16 ? 1u : 1u << (16 - p);
		for (uint32_t b = first; b < first + n; b++) {
			if ((b & 63) == 0 && b + 64 <= first + n) {
				f->cover[b >> 6] = ~0ULL;
				b += 63;
			} else {
				f->cover[b >> 6] |= 1ULL << (b & 63);
			}
		}
	}
	for (int r = lo_r; r <= hi_r; r++) {
		s->mask[r >> 6] |= 1ULL << (r & 63);
		l->any[r >> 6] |= 1ULL << (r & 63);
		f->any[r >> 6] |= 1ULL << (r & 63);
	}
	return true;
}

/* Route R/r (key left aligned in hi/lo, bits past r arbitrary) in family f. */
static int ps_lookup(const struct ps_fam *f, uint64_t hi, uint64_t lo, int r)
{
	if (!bit_has(f->any, r))
		return 0;
	if (f->fbits == 16 && r >= 16 && !((f->cover[hi >> 54] >> ((hi >> 48) & 63)) & 1))
		return 0;     /* IPv4: no entry near this route's /16 */
	for (int k = 0; k < f->nlens; k++) {
		int p = f->lens[k];
		if (p > r)
			break;
		if (p >= f->fbits) {
			/* every longer entry too: one filter bit decides for all */
			uint32_t fb = filter_bit(f, hi);
			if (!((f->filter[fb >> 6] >> (fb & 63)) & 1))
				return 0;
		}
		const struct ps_len *l = &f->len[p];
		if (!bit_has(l->any, r))
			continue;
		uint64_t h = hi, o = lo;
		mask_key(&h, &o, p);
		const struct ps_slot *s = ps_find(l, h, o);
		if (s && bit_has(s->mask, r))
			return 1;
	}
	return 0;
}

static void load_key(const uint8_t *b, int nbytes, uint64_t *hi, uint64_t *lo)
{
	uint64_t h = 0, l = 0;
	if (nbytes > 16)
		nbytes = 16;
	for (int i = 0; i < nbytes && i < 8; i++)
		h |= (uint64_t)b[i] << (56 - 8 * i);
	for (int i = 8; i < nbytes; i++)
		l |= (uint64_t)b[i] << (56 - 8 * (i - 8));
	*hi = h;
	*lo = l;
}

int lb_pset_match_raw(const struct lb_pset *s, int v6, const uint8_t *addr, int plen)
{
	const struct ps_fam *f = &s->fam[v6 ? 1 : 0];
	if (plen < 0 || plen > f->maxlen)
		return 0;
	uint64_t hi, lo;
	load_key(addr, (plen + 7) / 8, &hi, &lo);
	return ps_lookup(f, hi, lo, plen);
}

/* Only unicast routes have a prefix to match (labeled, VPN and the rest
 * never match; see docs/lua.md).  -1: a handle used outside its batch. */
int lb_pset_match(const struct lb_pset *s, const struct lb_route_view *r)
{
	if (!r->valid)
		return -1;
	int v6;
	if (r->n.fam == FAM_IPV4_UNICAST)
		v6 = 0;
	else if (r->n.fam == FAM_IPV6_UNICAST)
		v6 = 1;
	else
		return 0;
	if (r->n.len < 1)
		return 0;
	int plen = r->n.data[0];
	int nbytes = (plen + 7) / 8;
	if (nbytes > r->n.len - 1)
		return 0;
	return lb_pset_match_raw(s, v6, r->n.data + 1, plen);
}

unsigned lb_pset_max_probe(const struct lb_pset *s)
{
	unsigned worst = 0;
	for (int f = 0; f < 2; f++)
		for (int p = 0; p <= PS_MAXLEN; p++) {
			const struct ps_len *l = &s->fam[f].len[p];
			for (uint32_t i = 0; i < l->cap; i++) {
				const struct ps_slot *x = &l->slots[i];
				if (!(x->mask[0] | x->mask[1] | x->mask[2]))
					continue;
				unsigned d = (i - (key_hash(x->hi, x->lo) & (l->cap - 1))) & (l->cap - 1);
				if (d + 1 > worst)
					worst = d + 1;
			}
		}
	return worst;
}

/* ----- entry text ------------------------------------------------------------ */

static bool fail(const char *fmt, const char *arg)
{
	snprintf(err_text, sizeof err_text, fmt, arg);
	return false;
}

/* "ADDR[/LEN]" -> family, bytes, length; host bits must be clear when strict. */
static bool parse_prefix(const char *text, size_t n, int *v6, uint8_t addr[16], int *plen, bool strict)
{
	char tmp[64];
	if (n == 0 || n >= sizeof tmp)
		return fail("'%s' is not a prefix", "");
	memcpy(tmp, text, n);
	tmp[n] = 0;
	char *slash = strchr(tmp, '/');
	int len = -1;
	if (slash) {
		*slash = 0;
		char *end;
		long v = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end || v < 0 || v > 128)
			return fail("bad prefix length in '%s'", text);
		len = (int)v;
	}
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, tmp, addr) == 1)
		*v6 = 0;
	else if (inet_pton(AF_INET6, tmp, addr) == 1)
		*v6 = 1;
	else
		return fail("'%s' is not an IPv4 or IPv6 address", tmp);
	int max = *v6 ? 128 : 32;
	if (len < 0)
		len = max;
	if (len > max)
		return fail("prefix length of '%s' too long for its family", text);
	for (int b = len; b < max; b++) {
		if (addr[b / 8] & (0x80 >> (b % 8))) {
			if (strict)
				return fail("host bits set in '%s' (the address must be the network's)", text);
			addr[b / 8] &= (uint8_t)~(0x80 >> (b % 8));
		}
	}
	*plen = len;
	return true;
}

static const char *skip_ws(const char *p)
{
	while (*p && isspace((unsigned char)*p))
		p++;
	return p;
}

/* A length: "24" or "/24". */
static bool parse_len(const char **pp, int *out)
{
	const char *p = skip_ws(*pp);
	if (*p == '/')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	long v = strtol(p, (char **)&p, 10);
	if (v < 0 || v > 128)
		return false;
	*out = (int)v;
	*pp = p;
	return true;
}

static bool word(const char **pp, const char *w)
{
	const char *p = skip_ws(*pp);
	size_t n = strlen(w);
	if (strncmp(p, w, n) != 0 || (p[n] && !isspace((unsigned char)p[n]) && p[n] != '/'))
		return false;
	*pp = p + n;
	return true;
}

/* ENTRY := PREFIX [ + | - | {a,b} ] [ exact | orlonger | longer | upto N |
 *          le N | ge N [le M] | prefix-length-range /a-/b ] */
int lb_pset_add(struct lb_pset *s, const char *text)
{
	err_text[0] = 0;
	const char *p = skip_ws(text);
	size_t n = strcspn(p, " \t\r\n+-{");
	/* IPv6 text has no '+', '{' or spaces; a '-' never occurs in an address */
	int v6, plen;
	uint8_t addr[16];
	if (!parse_prefix(p, n, &v6, addr, &plen, true))
		return -1;
	int max = v6 ? 128 : 32;
	int a = plen, b = plen;
	const char *q = p + n;
	bool op = false;
	if (*q == '+') {
		b = max, q++, op = true;
	} else if (*q == '-') {
		a = 0, q++, op = true;
	} else if (*q == '{') {
		q++;
		if (!parse_len(&q, &a) || *(q = skip_ws(q)) != ',' || (q++, !parse_len(&q, &b)) ||
		    *(q = skip_ws(q)) != '}')
			return fail("'%s': {a,b} expects two lengths", text), -1;
		q++;
		op = true;
	}
	if (!op) {
		int v;
		if (word(&q, "exact")) {
		} else if (word(&q, "orlonger")) {
			b = max;
		} else if (word(&q, "longer")) {
			a = plen + 1, b = max;
		} else if (word(&q, "upto")) {
			if (!parse_len(&q, &v))
				return fail("'%s': upto expects a length", text), -1;
			b = v;
		} else if (word(&q, "prefix-length-range")) {
			if (!parse_len(&q, &a) || *q != '-' || (q++, !parse_len(&q, &b)))
				return fail("'%s': prefix-length-range expects /a-/b", text), -1;
		} else if (word(&q, "ge")) {
			if (!parse_len(&q, &v))
				return fail("'%s': ge expects a length", text), -1;
			a = v, b = max;
			if (word(&q, "le")) {
				if (!parse_len(&q, &v))
					return fail("'%s': le expects a length", text), -1;
				b = v;
			}
		} else if (word(&q, "le")) {
			if (!parse_len(&q, &v))
				return fail("'%s': le expects a length", text), -1;
			b = v;
			if (word(&q, "ge")) {
				if (!parse_len(&q, &v))
					return fail("'%s': ge expects a length", text), -1;
				a = v;
			}
		}
	}
	if (*skip_ws(q))
		return fail("'%s': unexpected text after the prefix (P, P le N, P ge N le M, P+, P{a,b}, ...)",
		            text), -1;
	if (a > b || b > max || a < 0)
		return fail("'%s': empty or impossible length range", text), -1;
	if ((p[n] != '{' && p[n] != '-') && a < plen)
		return fail("'%s': ge must not be shorter than the prefix", text), -1;
	uint64_t hi, lo;
	load_key(addr, 16, &hi, &lo);
	struct ps_fam *f = &s->fam[v6];
	/* route lengths shorter than p: the truncations of P */
	for (int r = a; r <= b && r < plen; r++) {
		uint64_t h = hi, o = lo;
		mask_key(&h, &o, r);
		if (!ps_insert(f, r, h, o, r, r))
			return fail("%s", "out of memory"), -1;
	}
	if (b >= plen && !ps_insert(f, plen, hi, lo, a > plen ? a : plen, b))
		return fail("%s", "out of memory"), -1;
	s->entries++;
	return 0;
}

int lb_pset_contains(const struct lb_pset *s, const char *text)
{
	int v6, plen;
	uint8_t addr[16];
	err_text[0] = 0;
	if (!parse_prefix(text, strlen(text), &v6, addr, &plen, false))
		return -1;
	return lb_pset_match_raw(s, v6, addr, plen);
}
