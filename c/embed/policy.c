/* The policy engine: a lua_State of its own per configuration (JIT on, a
 * capped allocator, instrumented code), one lua_pcall per batch of routes.
 * See policy.h and ../shared/LUA.md section 7 for the design. */
#include "embed/policy.h"

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/log.h"
#include "embed/vm.h"

/* ----- limits ------------------------------------------------------------- */

/* Time budget of one batch (and of loading one block), and the memory cap
 * of the policy state.  Environment: LUNABGP_POLICY_BUDGET_MS (100),
 * LUNABGP_POLICY_MEMORY_MB (256).  BGP hold times can be 3 s: a batch must
 * never hold the loop for seconds. */
static double budget_s = 0.1;
static size_t memory_cap = 256u << 20;
/* Checks between two clock readings: ~1 ns each once compiled, so the
 * clock is read every ~10 us in a tight loop. */
enum { TICKS = 10000 };

static struct lb_policy_batch batch;
static struct lb_route_view views[POLICY_BATCH_MAX];
static struct lb_route_view *view_ptrs[POLICY_BATCH_MAX];
static double batch_started;
static struct policy_stats stats;

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct lb_policy_batch *lb_policy_batch_get(void)
{
	return &batch;
}

/* Slow path of the inserted budget checks (lunabgp/policy/instrument.lua):
 * 1 once the budget is spent, and from then on until C re-arms it. */
int lb_policy_tick(void)
{
	if (batch.over || now_mono() - batch_started > budget_s) {
		batch.over = 1;
		batch.ticks = 0;
		return 1;
	}
	batch.ticks = TICKS;
	return 0;
}

static void budget_arm(void)
{
	batch.ticks = TICKS;
	batch.over = 0;
	batch_started = now_mono();
}

int lb_policy_stamp(const char *path, double count)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "%.6f %.0f\n", now_mono(), count);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		return -1;
	return 0;
}

void lb_policy_print(const char *text)
{
	log_notice("policy: %s", text);
}

const char *lb_policy_family_name(int fam)
{
	return fam >= 0 && fam < FAM_MAX ? family_name((fam_t)fam) : NULL;
}

void policy_stats_get(struct policy_stats *out)
{
	*out = stats;
}

/* ----- the state ------------------------------------------------------------ */

struct policy_chain {
	struct policy *pol;
	struct policy_chain *next;
	int ref;                  /* the generated chain function */
	bool dflt_accept;
	bool disabled;            /* fail_limit consecutive failures: the default applies */
	unsigned fail_limit;      /* policy-failure-limit (0: never disable) */
	unsigned consecutive;     /* failed batches in a row */
	char *what;               /* "neighbor 10.0.0.1 import", for logs */
	char *names;              /* "f1 f2 f3": the chain as configured */
	char *last_error;         /* first line of the last failure's message */
	struct policy_chain_stats st;
	int nfn;
	struct policy_fn_stats *fn;   /* per function, in chain order */
};

struct policy {
	lua_State *L;
	lua_Alloc orig;
	void *orig_ud;
	size_t used;
	int module_ref;           /* lunabgp.policy */
	int run_ref, trace_ref;
	struct policy_chain *chains;
	uint64_t code_hash;       /* FNV-1a of every block's code (policy_chain_same) */
};

/* The memory cap (LUA.md 7.8): wraps LuaJIT's own allocator, which stays in
 * charge (close_state() frees its arena only when allocf is its own, so the
 * original is put back before lua_close).  A refused allocation becomes a
 * catchable "not enough memory" and the state stays usable after a GC. */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct policy *pol = ud;
	size_t old = ptr ? osize : 0;
	if (nsize > old && pol->used - old + nsize > memory_cap)
		return NULL;
	void *p = pol->orig(pol->orig_ud, ptr, osize, nsize);
	if (p || nsize == 0)
		pol->used = pol->used - (old < pol->used ? old : pol->used) + nsize;
	return p;
}

static void policy_free(void *arg)
{
	struct policy *pol = arg;
	if (!pol)
		return;
	for (struct policy_chain *c = pol->chains, *next; c; c = next) {
		next = c->next;
		for (int k = 0; k < c->nfn; k++)
			free(c->fn[k].name);
		free(c->fn);
		free(c->last_error);
		free(c->what);
		free(c->names);
		free(c);
	}
	if (pol->L) {
		lua_setallocf(pol->L, pol->orig, pol->orig_ud);
		lua_close(pol->L);
	}
	free(pol);
}

static int traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
	return 1;
}

static void read_limits(void)
{
	const char *e = getenv("LUNABGP_POLICY_BUDGET_MS");
	if (e && atof(e) > 0)
		budget_s = atof(e) / 1000.0;
	e = getenv("LUNABGP_POLICY_MEMORY_MB");
	if (e && atof(e) > 0)
		memory_cap = (size_t)(atof(e) * 1048576.0);
}

static struct policy *policy_new(struct buf *errors)
{
	read_limits();
	struct policy *pol = xcalloc(1, sizeof *pol);
	lua_State *L = luaL_newstate();
	if (!L) {
		buf_printf(errors, "lunabgp: cannot create the policy Lua state\n");
		free(pol);
		return NULL;
	}
	pol->L = L;
	pol->orig = lua_getallocf(L, &pol->orig_ud);
	lua_setallocf(L, capped_alloc, pol);
	luaL_openlibs(L);
	const char *dir = vm_lua_dir();
	lua_getglobal(L, "package");
	lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;", dir, dir);
	lua_setfield(L, -2, "path");
	lua_pushstring(L, "");
	lua_setfield(L, -2, "cpath");     /* no C modules in the policy state */
	lua_pop(L, 1);
	lua_pushcfunction(L, traceback);
	pol->trace_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_getglobal(L, "require");
	lua_pushstring(L, "lunabgp.policy");
	if (lua_pcall(L, 1, 1, 0) != 0) {
		buf_printf(errors, "lunabgp: cannot load the policy runtime: %s\n", lua_tostring(L, -1));
		policy_free(pol);
		return NULL;
	}
	lua_getfield(L, -1, "init");
	lua_pushstring(L, LB_POLICY_CDEF);
	if (lua_pcall(L, 1, 0, 0) != 0) {
		buf_printf(errors, "lunabgp: policy runtime init failed: %s\n", lua_tostring(L, -1));
		policy_free(pol);
		return NULL;
	}
	lua_getfield(L, -1, "run");
	pol->run_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	pol->module_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return pol;
}

/* "file:12: msg" -> "file:12:1: msg" (the configuration's error format). */
static void add_error(struct buf *errors, const char *msg)
{
	const char *c1 = strchr(msg, ':');
	const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	bool has_line = c2 && c2 > c1 + 1 && strspn(c1 + 1, "0123456789") == (size_t)(c2 - c1 - 1);
	if (has_line && c2[1] == ' ')
		buf_printf(errors, "%.*s:1:%s\n", (int)(c2 - msg), msg, c2 + 1);
	else
		buf_printf(errors, "%s\n", msg);
}

static const char *tfield(lua_State *L, int idx, const char *key)
{
	lua_getfield(L, idx, key);
	const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	lua_pop(L, 1);
	return s;
}

/* Copy cfg.neighbors[i][key] (a list of names) into the policy state as a
 * table at the top of its stack; false when absent. */
static bool push_names(lua_State *cfgL, int nb, const char *key, lua_State *L)
{
	lua_getfield(cfgL, nb, key);
	if (!lua_istable(cfgL, -1)) {
		lua_pop(cfgL, 1);
		return false;
	}
	lua_newtable(L);
	int len = (int)lua_objlen(cfgL, -1);
	for (int k = 1; k <= len; k++) {
		lua_rawgeti(cfgL, -1, k);
		lua_pushstring(L, lua_tostring(cfgL, -1));
		lua_rawseti(L, -2, k);
		lua_pop(cfgL, 1);
	}
	lua_pop(cfgL, 1);
	return true;
}

/* cfg.neighbors[i][key] joined with spaces (policies(), policy_chain_same). */
static char *chain_names(lua_State *cfgL, int nb, const char *key)
{
	struct buf b = BUF_INIT;
	lua_getfield(cfgL, nb, key);
	int len = lua_istable(cfgL, -1) ? (int)lua_objlen(cfgL, -1) : 0;
	for (int k = 1; k <= len; k++) {
		lua_rawgeti(cfgL, -1, k);
		if (k > 1)
			buf_put_u8(&b, ' ');
		buf_puts(&b, lua_tostring(cfgL, -1) ? lua_tostring(cfgL, -1) : "?");
		lua_pop(cfgL, 1);
	}
	lua_pop(cfgL, 1);
	char *s = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

/* A block's code into the engine's hash: its text, or its file's content. */
static uint64_t hash_block(uint64_t h, const char *code, const char *path)
{
	if (code)
		h = fnv(h, code, strlen(code) + 1);
	if (path) {
		FILE *f = fopen(path, "rb");
		char tmp[4096];
		size_t n;
		h = fnv(h, path, strlen(path) + 1);
		while (f && (n = fread(tmp, 1, sizeof tmp, f)) > 0)
			h = fnv(h, tmp, n);
		if (f)
			fclose(f);
	}
	return h;
}

static struct policy_chain *make_chain(struct policy *pol, lua_State *cfgL, int nb, const char *dir,
                                       const char *name, const char *file, int line, struct buf *errors)
{
	lua_State *L = pol->L;
	char key[32], dkey[32];
	snprintf(key, sizeof key, "%s", dir);
	snprintf(dkey, sizeof dkey, "%s_default", dir);
	lua_rawgeti(L, LUA_REGISTRYINDEX, pol->module_ref);
	lua_getfield(L, -1, "chain");
	if (!push_names(cfgL, nb, key, L)) {
		lua_pop(L, 2);
		return NULL;
	}
	if (lua_pcall(L, 1, 2, 0) != 0 || lua_isnil(L, -2)) {
		buf_printf(errors, "%s:%d:1: neighbor %s: %s: %s\n", file, line, name, dir,
		           lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
		lua_settop(L, 0);
		return NULL;
	}
	lua_pop(L, 1);
	struct policy_chain *ch = xcalloc(1, sizeof *ch);
	ch->ref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pop(L, 1);
	ch->pol = pol;
	ch->names = chain_names(cfgL, nb, key);
	lua_getfield(cfgL, nb, key);
	ch->nfn = (int)lua_objlen(cfgL, -1);
	ch->fn = xcalloc(ch->nfn ? (size_t)ch->nfn : 1, sizeof *ch->fn);
	for (int k = 0; k < ch->nfn; k++) {
		lua_rawgeti(cfgL, -1, k + 1);
		ch->fn[k].name = xstrdup(lua_tostring(cfgL, -1) ? lua_tostring(cfgL, -1) : "?");
		lua_pop(cfgL, 1);
	}
	lua_pop(cfgL, 1);
	lua_getfield(cfgL, nb, "policy_failure_limit");
	ch->fail_limit = lua_isnumber(cfgL, -1) ? (unsigned)lua_tointeger(cfgL, -1) : 0;
	lua_pop(cfgL, 1);
	const char *d = tfield(cfgL, nb, dkey);
	ch->dflt_accept = d && !strcmp(d, "accept");
	char what[256];
	snprintf(what, sizeof what, "neighbor %s %s", name, dir);
	ch->what = xstrdup(what);
	ch->next = pol->chains;
	pol->chains = ch;
	return ch;
}

bool policy_conf_load(lua_State *cfgL, struct conf *conf, struct buf *errors)
{
	int cfg = lua_gettop(cfgL);
	lua_getfield(cfgL, cfg, "scripts");
	int nscripts = lua_istable(cfgL, -1) ? (int)lua_objlen(cfgL, -1) : 0;
	lua_pop(cfgL, 1);
	bool any = nscripts > 0;
	lua_getfield(cfgL, cfg, "neighbors");
	int nn = lua_istable(cfgL, -1) ? (int)lua_objlen(cfgL, -1) : 0;
	for (int i = 1; i <= nn && !any; i++) {
		lua_rawgeti(cfgL, -1, i);
		lua_getfield(cfgL, -1, "import");
		lua_getfield(cfgL, -2, "export");
		any = !lua_isnil(cfgL, -1) || !lua_isnil(cfgL, -2);
		lua_pop(cfgL, 3);
	}
	lua_pop(cfgL, 1);
	if (!any)
		return true;
	struct policy *pol = policy_new(errors);
	if (!pol)
		return false;
	lua_State *L = pol->L;
	bool ok = true;
	lua_getfield(cfgL, cfg, "scripts");
	for (int i = 1; i <= nscripts; i++) {
		lua_rawgeti(cfgL, -1, i);
		int s = lua_gettop(cfgL);
		lua_rawgeti(L, LUA_REGISTRYINDEX, pol->module_ref);
		lua_getfield(L, -1, "load");
		lua_pushstring(L, tfield(cfgL, s, "kind"));
		lua_pushstring(L, tfield(cfgL, s, "name"));
		lua_pushstring(L, tfield(cfgL, s, "file"));
		lua_getfield(cfgL, s, "line");
		lua_pushinteger(L, lua_tointeger(cfgL, -1));
		lua_pop(cfgL, 1);
		lua_pushstring(L, tfield(cfgL, s, "code"));
		lua_pushstring(L, tfield(cfgL, s, "path"));
		pol->code_hash = hash_block(pol->code_hash, tfield(cfgL, s, "code"), tfield(cfgL, s, "path"));
		budget_arm();
		if (lua_pcall(L, 6, 1, 0) != 0 || !lua_isnil(L, -1)) {
			add_error(errors, lua_tostring(L, -1) ? lua_tostring(L, -1) : "policy load failed");
			ok = false;
		}
		lua_settop(L, 0);
		lua_pop(cfgL, 1);
	}
	lua_pop(cfgL, 1);
	lua_getfield(cfgL, cfg, "neighbors");
	for (int i = 1; ok && i <= nn && i <= conf->nneighbors; i++) {
		lua_rawgeti(cfgL, -1, i);
		int nb = lua_gettop(cfgL);
		struct neighbor_conf *n = conf->neighbors[i - 1];
		size_t before = errors->len;
		n->import = make_chain(pol, cfgL, nb, "import", n->name, n->file, n->line, errors);
		n->export = make_chain(pol, cfgL, nb, "export", n->name, n->file, n->line, errors);
		if (errors->len != before)
			ok = false;
		lua_pop(cfgL, 1);
	}
	lua_pop(cfgL, 1);
	lua_settop(cfgL, cfg);
	lua_gc(L, LUA_GCCOLLECT, 0);
	conf->policy = pol;
	conf->policy_free = policy_free;
	return ok;
}

bool policy_chain_same(const struct policy_chain *a, const struct policy_chain *b)
{
	if (!a || !b)
		return a == b;
	return a->dflt_accept == b->dflt_accept && !strcmp(a->names, b->names) &&
	       a->pol->code_hash == b->pol->code_hash;
}

const char *policy_chain_names(const struct policy_chain *ch, bool *dflt_accept)
{
	if (!ch)
		return NULL;
	if (dflt_accept)
		*dflt_accept = ch->dflt_accept;
	return ch->names;
}

/* ----- batches ----------------------------------------------------------------- */

/* The chain running now, for lb_policy_step (the generated chain function
 * calls it between its functions) and for blaming an error on a function. */
static struct policy_chain *cur_chain;
static int cur_fn = -1;
static double fn_started;
static uint8_t pre_nops[POLICY_BATCH_MAX];

/* Between the functions of a chain (lunabgp/policy/init.lua M.chain): a
 * batch passes each function in turn, so counting and timing cost a few
 * stores per route and one clock reading per function and batch.
 * k > 0: function k-1 is done: its accepts, rejects and edits are counted,
 * and the routes it decided leave batch.routes (compacted in place, so the
 * next function sees only undecided ones).  Then function k is started: it
 * returns the number of routes for it, 0 when the chain is done. */
int lb_policy_step(int k)
{
	struct policy_chain *ch = cur_chain;
	if (!ch)
		return 0;
	double t = now_mono();
	if (k > 0 && k - 1 < ch->nfn) {
		struct policy_fn_stats *f = &ch->fn[k - 1];
		f->time_s += t - fn_started;
		int32_t m = 0;
		for (int32_t i = 0; i < batch.n; i++) {
			struct lb_route_view *v = batch.routes[i];
			size_t idx = (size_t)(v - views);
			if (v->nops != pre_nops[idx]) {
				f->modified++;
				pre_nops[idx] = v->nops;
			}
			if (v->verdict == LB_VERDICT_ACCEPT)
				f->accepted++;
			else if (v->verdict == LB_VERDICT_REJECT)
				f->rejected++;
			else
				batch.routes[m++] = v;
		}
		batch.n = m;
	}
	if (k < 0 || k >= ch->nfn || batch.n == 0) {
		cur_fn = -1;
		return 0;
	}
	cur_fn = k;
	ch->fn[k].seen += (unsigned long long)batch.n;
	fn_started = t;
	return batch.n;
}

static void chain_failed(struct policy_chain *ch, const char *msg, size_t n)
{
	ch->st.failures++;
	ch->st.defaulted += n;
	if (cur_fn >= 0 && cur_fn < ch->nfn) {
		ch->fn[cur_fn].errors++;
		ch->fn[cur_fn].time_s += now_mono() - fn_started;
		if (batch.over)
			ch->fn[cur_fn].overruns++;
	}
	const char *nl = msg ? strchr(msg, '\n') : NULL;
	free(ch->last_error);
	size_t len = msg ? (nl ? (size_t)(nl - msg) : strlen(msg)) : 1;
	ch->last_error = xcalloc(1, len + 1);
	memcpy(ch->last_error, msg ? msg : "?", len);
	ch->consecutive++;
	if (ch->fail_limit && ch->consecutive >= ch->fail_limit && !ch->disabled) {
		ch->disabled = true;
		/* once: from now on no batch reaches Lua, so nothing more is logged */
		log_warn("%s: policy disabled after %u consecutive failures; %s applies to every route "
		         "until a reload or policy_enable() (last error: %s)",
		         ch->what, ch->consecutive, ch->dflt_accept ? "accept" : "reject", ch->last_error);
	}
}

void policy_chain_run(struct policy_chain *ch, const char *peer, struct policy_route *routes, size_t n)
{
	struct policy *pol = ch->pol;
	lua_State *L = pol->L;
	if (n > POLICY_BATCH_MAX)
		n = POLICY_BATCH_MAX;
	ch->st.batches++;
	ch->st.routes += n;
	if (ch->disabled) {
		ch->st.skipped += n;
		ch->st.defaulted += n;
		policy_batch_default(routes, n, ch->dflt_accept);
		if (ch->dflt_accept)
			ch->st.accepted += n;
		else
			ch->st.rejected += n;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		policy_view_init(&views[i], &routes[i]);
		view_ptrs[i] = &views[i];
		pre_nops[i] = 0;
	}
	batch.routes = view_ptrs;
	batch.n = (int32_t)n;
	stats.batches++;
	stats.routes += n;
	cur_chain = ch;
	cur_fn = -1;
	lua_rawgeti(L, LUA_REGISTRYINDEX, pol->trace_ref);
	lua_rawgeti(L, LUA_REGISTRYINDEX, pol->run_ref);
	lua_rawgeti(L, LUA_REGISTRYINDEX, ch->ref);
	lua_pushstring(L, peer);
	budget_arm();
	int rc = lua_pcall(L, 2, 0, -4);
	if (rc == 0) {
		ch->consecutive = 0;
		policy_batch_apply(views, routes, n);
		for (size_t i = 0; i < n; i++) {
			if (routes[i].accept)
				ch->st.accepted++;
			else
				ch->st.rejected++;
		}
	} else {
		stats.errors++;
		const char *msg = lua_tostring(L, -1);
		if (rc == LUA_ERRMEM)
			msg = "policy memory limit reached (not enough memory)";
		chain_failed(ch, msg, n);
		/* the message (file:line: what) on one line, the traceback at debug */
		const char *nl = msg ? strchr(msg, '\n') : NULL;
		log_err("%s: policy error, %s applies to %zu route(s): %.*s", ch->what,
		        ch->dflt_accept ? "accept" : "reject", n, msg ? (nl ? (int)(nl - msg) : (int)strlen(msg)) : 1,
		        msg ? msg : "?");
		if (nl)
			log_debug("%s", nl + 1);
		policy_batch_default(routes, n, ch->dflt_accept);
		if (ch->dflt_accept)
			ch->st.accepted += n;
		else
			ch->st.rejected += n;
		lua_gc(L, LUA_GCCOLLECT, 0);
	}
	lua_settop(L, 0);
	cur_chain = NULL;
	cur_fn = -1;
	/* Handles kept by policy code are dead from now on (LUA.md 7.2). */
	for (size_t i = 0; i < n; i++) {
		views[i].valid = 0;
		views[i].blob = NULL;
		views[i].n.len = 0;
	}
	batch.routes = view_ptrs;
	batch.n = 0;
}

bool policy_chain_info(const struct policy_chain *ch, struct policy_chain_info *out)
{
	if (!ch)
		return false;
	out->names = ch->names;
	out->dflt_accept = ch->dflt_accept;
	out->disabled = ch->disabled;
	out->fail_limit = ch->fail_limit;
	out->consecutive = ch->consecutive;
	out->last_error = ch->last_error;
	out->st = ch->st;
	out->nfn = ch->nfn;
	out->fn = ch->fn;
	return true;
}

bool policy_chain_enable(struct policy_chain *ch)
{
	if (!ch || !ch->disabled)
		return false;
	ch->disabled = false;
	ch->consecutive = 0;
	log_notice("%s: policy enabled again", ch->what);
	return true;
}
