/* The route sink the configuration parser feeds (through the FFI, see
 * lua/lunabgp/csink.lua): static routes go straight into C route lists with
 * interned attributes, so 1M configured routes never become 1M Lua tables. */
#include "embed/config_sink.h"

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


int lb_cfg_route_add(int handle, const char *family, const char *nlri, uint32_t path_id, const char *blob,
                     size_t bloblen, const char *watchdog, int withdraw)
{
	if (handle < 0 || handle >= nlists || !lists[handle]) {
		snprintf(last_error, sizeof last_error, "internal: bad route list handle %d", handle);
		return -1;
	}
	struct route_list *l = lists[handle];
	uint8_t bytes[17];
	fam_t fam;
	int n = nlri_ip_parse(nlri, bytes, &fam);
	if (n < 0) {
		snprintf(last_error, sizeof last_error, "invalid prefix '%s'", nlri);
		return -1;
	}
	/* The family text repeats for every route: resolve it once. */
	static char last_family[32];
	static fam_t last_fam = FAM_NONE;
	fam_t declared;
	if (last_fam != FAM_NONE && !strcmp(family, last_family)) {
		declared = last_fam;
	} else {
		char want[32];
		snprintf(want, sizeof want, "%s", family);
		char *sp = strchr(want, ' ');
		declared = sp ? (*sp = 0, family_by_name(want, sp + 1)) : FAM_NONE;
		if (declared != FAM_NONE) {
			snprintf(last_family, sizeof last_family, "%s", family);
			last_fam = declared;
		}
	}
	if (declared == FAM_NONE) {
		snprintf(last_error, sizeof last_error, "unsupported family '%s'", family);
		return -1;
	}
	if (declared != fam) {
		snprintf(last_error, sizeof last_error, "prefix '%s' is not of family %s", nlri, family);
		return -1;
	}
	struct attrset *a = intern_cached(blob, bloblen);
	if (!a) {
		snprintf(last_error, sizeof last_error, "internal: malformed attribute blob for '%s'", nlri);
		return -1;
	}
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
		w->len = (uint8_t)n;
		memcpy(w->nlri, bytes, (size_t)n);
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
