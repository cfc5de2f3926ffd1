/* The route sink the configuration parser feeds (through the FFI, see
 * lua/lunabgp/csink.lua): static routes go straight into C route lists with
 * interned attributes, so 1M configured routes never become 1M Lua tables. */
#include "embed/config_sink.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rib/attrset.h"
#include "wire/attrs.h"

static struct route_list **lists;
static int nlists, caplists;
static char last_error[256];

/* Exported for LuaJIT's FFI (the executable is linked with -rdynamic). */
int lb_cfg_routes_new(void);
int lb_cfg_route_add(int handle, const char *family, const char *nlri, uint32_t path_id, const char *blob,
                     size_t bloblen, const char *watchdog, int withdraw);
const char *lb_cfg_error(void);
int lb_cfg_routes_reserve(int handle, size_t n);
int lb_cfg_route_add_raw(int handle, const char *family, const uint8_t *nlri, size_t len, uint32_t path_id,
                         const char *blob, size_t bloblen, const char *watchdog, int withdraw);
int lb_cfg_routes_add(int handle, const char *family, const char *src, size_t srclen,
                      const int32_t *starts, int n, uint32_t path_id, const char *blob, size_t bloblen);

int lb_cfg_routes_new(void)
{
	if (nlists == caplists) {
		caplists = caplists ? caplists * 2 : 16;
		lists = xrealloc(lists, (size_t)caplists * sizeof *lists);
	}
	struct route_list *l = xcalloc(1, sizeof *l);
	l->routes = rib_out_new();
	lists[nlists] = l;
	return nlists++;
}

const char *lb_cfg_error(void)
{
	return last_error;
}

/* Routes of one block usually share one blob: keep the last one interned. */
static struct attrset *last;

static struct attrset *intern_cached(const char *blob, size_t len)
{
	if (last && last->len == len && !memcmp(last->blob, blob, len))
		return last;
	if (!attrs_valid((const uint8_t *)blob, len))
		return NULL;
	if (last)
		attrset_unref(last);
	last = attrset_intern((const uint8_t *)blob, len);
	return last;
}


static struct route_list *list_of(int handle)
{
	if (handle < 0 || handle >= nlists || !lists[handle]) {
		snprintf(last_error, sizeof last_error, "internal: bad route list handle %d", handle);
		return NULL;
	}
	return lists[handle];
}

/* The family text repeats for every route: resolve it once. */
static fam_t family_cached(const char *family)
{
	static char last_family[32];
	static fam_t last_fam = FAM_NONE;
	if (last_fam != FAM_NONE && !strcmp(family, last_family))
		return last_fam;
	char want[32];
	snprintf(want, sizeof want, "%s", family);
	char *sp = strchr(want, ' ');
	fam_t declared = sp ? (*sp = 0, family_by_name(want, sp + 1)) : FAM_NONE;
	if (declared != FAM_NONE) {
		snprintf(last_family, sizeof last_family, "%s", family);
		last_fam = declared;
	} else {
		snprintf(last_error, sizeof last_error, "unsupported family '%s'", family);
	}
	return declared;
}

static int route_list_add(struct route_list *l, fam_t fam, const uint8_t *bytes, size_t n, uint32_t path_id,
                          struct attrset *a, const char *watchdog, int withdraw);

int lb_cfg_route_add(int handle, const char *family, const char *nlri, uint32_t path_id, const char *blob,
                     size_t bloblen, const char *watchdog, int withdraw)
{
	struct route_list *l = list_of(handle);
	if (!l)
		return -1;
	uint8_t bytes[17];
	fam_t fam;
	int n = nlri_ip_parse(nlri, bytes, &fam);
	if (n < 0) {
		snprintf(last_error, sizeof last_error, "invalid prefix '%s'", nlri);
		return -1;
	}
	fam_t declared = family_cached(family);
	if (declared == FAM_NONE)
		return -1;
	if (declared != fam) {
		snprintf(last_error, sizeof last_error, "prefix '%s' is not of family %s", nlri, family);
		return -1;
	}
	struct attrset *a = intern_cached(blob, bloblen);
	if (!a) {
		snprintf(last_error, sizeof last_error, "internal: malformed attribute blob for '%s'", nlri);
		return -1;
	}
	return route_list_add(l, fam, bytes, (size_t)n, path_id, a, watchdog, withdraw);
}

/* Any family: the NLRI already in wire form (built by the family's grammar
 * in Lua), checked here by the family's own decoder. */
int lb_cfg_route_add_raw(int handle, const char *family, const uint8_t *nlri, size_t len, uint32_t path_id,
                         const char *blob, size_t bloblen, const char *watchdog, int withdraw)
{
	struct route_list *l = list_of(handle);
	if (!l)
		return -1;
	fam_t fam = family_cached(family);
	if (fam == FAM_NONE)
		return -1;
	if (!nlri_one_valid(fam, nlri, len)) {
		snprintf(last_error, sizeof last_error, "malformed %s NLRI (%zu bytes)", family, len);
		return -1;
	}
	struct attrset *a = intern_cached(blob, bloblen);
	if (!a) {
		snprintf(last_error, sizeof last_error, "internal: malformed attribute blob for a %s route", family);
		return -1;
	}
	return route_list_add(l, fam, nlri, len, path_id, a, watchdog, withdraw);
}

static int route_list_add(struct route_list *l, fam_t fam, const uint8_t *bytes, size_t n, uint32_t path_id,
                          struct attrset *a, const char *watchdog, int withdraw)
{
	struct nlri_ref ref = { fam, path_id, (uint16_t)n, bytes };
	if (watchdog || withdraw) {
		/* Watchdog routes are announced/withdrawn by API commands; a route
		 * marked `withdraw` starts withdrawn. Kept for the API. */
		if (l->nwatch == l->capwatch) {
			l->capwatch = l->capwatch ? l->capwatch * 2 : 8;
			l->watch = xrealloc(l->watch, (size_t)l->capwatch * sizeof *l->watch);
		}
		struct watch_route *w = &l->watch[l->nwatch++];
		memset(w, 0, sizeof *w);
		w->fam = fam;
		w->path_id = path_id;
		w->len = (uint16_t)n;
		w->nlri = xmalloc(n ? n : 1);
		memcpy(w->nlri, bytes, n);
		w->attrs = attrset_ref(a);
		w->name = watchdog ? xstrdup(watchdog) : NULL;
		w->withdrawn = withdraw != 0;
		if (withdraw)
			return 0;
	}
	rib_out_announce(l->routes, &ref, a);
	l->count++;
	return 0;
}

/* "A.B.C.D" or "A.B.C.D/LEN" exactly (decimal octets without leading
 * zeros, as the configuration grammar spells them) -> NLRI bytes
 * [len][significant address bytes], host bits cleared.  Returns the byte
 * count or -1.  The text is not NUL-terminated: it is a slice of the
 * configuration source. */
static int v4_prefix_parse(const char *p, const char *end, uint8_t out[5])
{
	uint32_t addr = 0;
	for (int i = 0; i < 4; i++) {
		if (p == end || *p < '0' || *p > '9')
			return -1;
		unsigned v = (unsigned)(*p++ - '0');
		if (v == 0 && p != end && *p >= '0' && *p <= '9')
			return -1;                       /* leading zero */
		while (p != end && *p >= '0' && *p <= '9') {
			v = v * 10 + (unsigned)(*p++ - '0');
			if (v > 255)
				return -1;
		}
		addr = addr << 8 | v;
		if (i < 3) {
			if (p == end || *p != '.')
				return -1;
			p++;
		}
	}
	unsigned bits = 32;
	if (p != end) {
		if (*p++ != '/' || p == end || *p < '0' || *p > '9')
			return -1;
		bits = (unsigned)(*p++ - '0');
		if (p != end) {
			if (bits == 0 || *p < '0' || *p > '9')
				return -1;
			bits = bits * 10 + (unsigned)(*p++ - '0');
		}
		if (p != end || bits > 32)
			return -1;
	}
	if (bits < 32)
		addr &= bits ? ~(uint32_t)0 << (32 - bits) : 0;
	out[0] = (uint8_t)bits;
	out[1] = (uint8_t)(addr >> 24);
	out[2] = (uint8_t)(addr >> 16);
	out[3] = (uint8_t)(addr >> 8);
	out[4] = (uint8_t)addr;
	return 1 + (int)(bits + 7) / 8;
}

/* Any prefix text of the slice [p, end) (IPv6 or an unusual IPv4 form). */
static int slice_prefix_parse(const char *p, const char *end, uint8_t out[17], fam_t *fam)
{
	char tmp[INET6_ADDRSTRLEN + 8];
	size_t n = (size_t)(end - p);
	if (n >= sizeof tmp)
		return -1;
	memcpy(tmp, p, n);
	tmp[n] = 0;
	if (!memchr(tmp, '/', n))
		snprintf(tmp + n, sizeof tmp - n, "/%d", memchr(tmp, ':', n) ? 128 : 32);
	return nlri_ip_parse(tmp, out, fam);
}

int lb_cfg_routes_reserve(int handle, size_t n)
{
	struct route_list *l = list_of(handle);
	if (!l)
		return -1;
	rib_out_reserve(l->routes, rib_out_count(l->routes) + n);
	return 0;
}

/* Many plain routes of one family sharing attributes (no watchdog, not
 * withdrawn): prefix i is the text of src (srclen bytes) from offset
 * starts[i] to the first blank.  Returns how many were queued, from the
 * first; fewer than n means prefix number <return value> is invalid
 * (lb_cfg_error says why), -1 an internal error.  One call per few hundred
 * routes instead of one per route, and no Lua string per prefix. */
#define SINK_BATCH 256

int lb_cfg_routes_add(int handle, const char *family, const char *src, size_t srclen,
                      const int32_t *starts, int n, uint32_t path_id, const char *blob, size_t bloblen)
{
	struct route_list *l = list_of(handle);
	if (!l)
		return -1;
	fam_t declared = family_cached(family);
	if (declared == FAM_NONE)
		return -1;
	struct attrset *a = intern_cached(blob, bloblen);
	if (!a) {
		snprintf(last_error, sizeof last_error, "internal: malformed attribute blob");
		return -1;
	}
	uint8_t bytes[SINK_BATCH][17];
	struct nlri_ref refs[SINK_BATCH];
	int done = 0;
	while (done < n) {
		int m = 0, bad = -1;
		for (; m < SINK_BATCH && done + m < n; m++) {
			int32_t off = starts[done + m];
			if (off < 0 || (size_t)off >= srclen) {
				snprintf(last_error, sizeof last_error, "internal: prefix offset %d out of range", off);
				bad = m;
				break;
			}
			const char *p = src + off, *e = p, *stop = src + srclen;
			while (e < stop && *e != ' ' && *e != '\t' && e - p < 64)
				e++;
			fam_t fam = FAM_IPV4_UNICAST;
			int len = declared == FAM_IPV4_UNICAST ? v4_prefix_parse(p, e, bytes[m]) : -1;
			if (len < 0)
				len = slice_prefix_parse(p, e, bytes[m], &fam);
			if (len < 0 || fam != declared) {
				snprintf(last_error, sizeof last_error, len < 0 ? "invalid prefix '%.*s'"
				         : "prefix '%.*s' is not of family %s", (int)(e - p), p, family);
				bad = m;
				break;
			}
			refs[m] = (struct nlri_ref){ declared, path_id, (uint16_t)len, bytes[m] };
		}
		rib_out_announce_many(l->routes, refs, (size_t)m, a);
		l->count += (size_t)m;
		done += m;
		if (bad >= 0)
			break;
	}
	return done;
}

struct route_list *config_sink_take(int handle)
{
	if (handle < 0 || handle >= nlists)
		return NULL;
	struct route_list *l = lists[handle];
	lists[handle] = NULL;
	return l;
}

void route_list_free(struct route_list *l)
{
	if (!l)
		return;
	if (l->routes)
		rib_out_free(l->routes);
	for (int i = 0; i < l->nwatch; i++) {
		attrset_unref(l->watch[i].attrs);
		free(l->watch[i].name);
		free(l->watch[i].nlri);
	}
	free(l->watch);
	free(l);
}

static void copy_cb(const struct rib_route *r, void *arg)
{
	struct nlri_ref n = rib_route_nlri(r);
	rib_out_announce(arg, &n, r->attrs);
}

struct rib_out *config_sink_copy(int handle)
{
	if (handle < 0 || handle >= nlists || !lists[handle])
		return NULL;
	struct rib_out *o = rib_out_new();
	rib_out_walk(lists[handle]->routes, copy_cb, o);
	return o;
}

void config_sink_reset(void)
{
	if (last) {
		attrset_unref(last);
		last = NULL;
	}
	for (int i = 0; i < nlists; i++)
		route_list_free(lists[i]);
	free(lists);
	lists = NULL;
	nlists = caplists = 0;
}
